"""Charts and dashboards the notebooks draw in one line, so that participants read what a
chart shows rather than forty lines of Altair.

Every title, axis, legend, tooltip and slider label goes through the message catalogue
(:func:`emiskit.i18n.t`), so the charts speak the course's language (``EMISKIT_LANG=es``).

One section per notebook: the toolkit (*Reading an evidence toolkit*:
:func:`toolkit_scatter`, :func:`value_for_money_chart`, :func:`package_summary`,
:func:`package_chooser`, :func:`toolkit_dashboard`), *From question to evidence*,
assessment results, learning loss, programme evaluation, the monitoring framework, early
warning, positive deviance, data quality and joining sectors. Each function's docstring
names the columns its table must have. Survey charts on ordered scales are in
:mod:`emiskit.likert`.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from emiskit.charts import PALETTE
from emiskit.i18n import t

_GREY = "#C4C4C4"


def _js(text: str) -> str:
    """``text`` as a single-quoted Vega expression string."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def toolkit_scatter(toolkit: pd.DataFrame) -> alt.Chart:
    """Impact against cost, point size and colour for evidence strength, with a slider
    that fades strands whose evidence is weaker than the chosen level."""
    points = toolkit[["strand", "impact_months", "effect_size", "cost_rating",
                      "evidence_strength", "studies_total", "studies_in_region"]].copy()
    # Spread the points of one cost band a little (by row number) so none hides another.
    points["cost_spread"] = points["cost_rating"] + (points.index * 7 % 5 - 2) * 0.08
    min_strength = alt.param(
        name="min_strength", value=0,
        bind=alt.binding_range(min=0, max=5, step=1, name=t("toolkit.bind.min_strength")),
    )
    evidence = t("toolkit.evidence")
    return alt.Chart(points).mark_circle(stroke="black", strokeWidth=0.5).encode(
        x=alt.X("cost_spread:Q", title=t("toolkit.axis.cost_rating"),
                scale=alt.Scale(domain=[0.5, 5.5]), axis=alt.Axis(values=[1, 2, 3, 4, 5])),
        y=alt.Y("impact_months:Q", title=t("toolkit.axis.impact")),
        size=alt.Size("evidence_strength:Q", title=evidence,
                      scale=alt.Scale(domain=[0, 5], range=[30, 500])),
        color=alt.Color("evidence_strength:Q", title=evidence,
                        scale=alt.Scale(scheme="blues", domain=[0, 5])),
        opacity=alt.condition(alt.datum.evidence_strength >= min_strength,
                              alt.value(0.9), alt.value(0.08)),
        tooltip=[
            alt.Tooltip("strand:N", title=t("toolkit.strand")),
            alt.Tooltip("impact_months:Q", title=t("toolkit.months")),
            alt.Tooltip("effect_size:Q", title=t("toolkit.effect_size")),
            alt.Tooltip("cost_rating:Q", title=t("toolkit.cost_rating")),
            alt.Tooltip("evidence_strength:Q", title=evidence),
            alt.Tooltip("studies_in_region:Q", title=t("toolkit.studies_in_region")),
        ],
    ).add_params(min_strength).properties(
        width=460, height=300,
        title=t("toolkit.scatter.title", n=len(points)),
        description=t("toolkit.scatter.description", n=len(points)),
    )


def value_for_money_chart(costed: pd.DataFrame) -> alt.Chart:
    """Strands with a positive impact, ranked by months of progress per US$100."""
    ranked = costed[costed["impact_months"] > 0]
    return alt.Chart(ranked).mark_bar().encode(
        x=alt.X("months_per_100:Q", title=t("toolkit.axis.months_per_100")),
        y=alt.Y("strand:N", sort="-x", title=None),
        color=alt.Color("evidence_strength:O", title=t("toolkit.evidence"),
                        scale=alt.Scale(scheme="blues")),
        tooltip=[
            alt.Tooltip("strand:N", title=t("toolkit.strand")),
            alt.Tooltip("impact_months:Q", title=t("toolkit.months")),
            alt.Tooltip("cost_per_pupil:Q", title=t("toolkit.cost_per_pupil"), format=","),
            alt.Tooltip("months_per_100:Q", title=t("toolkit.months_per_100")),
            alt.Tooltip("evidence_strength:Q", title=t("toolkit.evidence")),
        ],
    ).properties(
        width=360, height=380,
        title=t("toolkit.value.title"),
        description=t("toolkit.value.description", n=len(ranked)),
    )


def package_summary(costed: pd.DataFrame, strands: Iterable[str], budget: int) -> pd.DataFrame:
    """The chosen strands, best impact first, and a last line with the package's totals:
    best single impact, total cost, weakest evidence, studies in the region."""
    chosen = costed[costed["strand"].isin(list(strands))]
    lines = chosen[["strand", "impact_months", "cost_per_pupil", "evidence_strength",
                    "studies_in_region"]].sort_values("impact_months", ascending=False)
    total = pd.DataFrame([{
        "strand": "Package",
        "impact_months": chosen["impact_months"].max() if len(chosen) else 0,
        "cost_per_pupil": chosen["cost_per_pupil"].sum(),
        "evidence_strength": chosen["evidence_strength"].min() if len(chosen) else 0,
        "studies_in_region": chosen["studies_in_region"].sum(),
    }])
    return pd.concat([lines, total], ignore_index=True)


def package_message(costed: pd.DataFrame, strands: Iterable[str], budget: int) -> str:
    """One paragraph on a package: its cost against the budget, best impact, weakest
    evidence, and a warning when several strands' months are added up."""
    summary = package_summary(costed, strands, budget)
    package = summary.iloc[-1]
    months = summary["impact_months"].iloc[:-1]
    if len(months) == 0:
        return t("toolkit.package.empty")
    cost = package["cost_per_pupil"]
    fit = (t("toolkit.package.fits", left=f"{budget - cost:,}") if cost <= budget
           else t("toolkit.package.over", over=f"{cost - budget:,}"))
    text = t("toolkit.package.message", n=len(months), cost=f"{cost:,}", fit=fit,
             best=package["impact_months"], weakest=package["evidence_strength"])
    if len(months) > 1:
        text += t("toolkit.package.no_sum", total=months.sum())
    return text


def package_html(costed: pd.DataFrame, strands: Iterable[str], budget: int) -> str:
    """:func:`package_message` above the :func:`package_summary` table, as HTML."""
    strands = list(strands)
    table = package_summary(costed, strands, budget).rename(columns={
        "strand": t("toolkit.strand"), "impact_months": t("toolkit.months"),
        "cost_per_pupil": t("toolkit.cost_per_pupil"), "evidence_strength": t("toolkit.evidence"),
        "studies_in_region": t("toolkit.col.studies_in_region"),
    })
    return (f"<p>{package_message(costed, strands, budget)}</p>"
            + table.to_html(index=False, border=0))


def package_chooser(costed: pd.DataFrame, start: Iterable[str] = (), budget: int = 300) -> None:
    """Display a budget slider, a box per strand and the package's summary, which
    follows the boxes and the slider (in a running notebook)."""
    start = list(start)
    budget_slider = widgets.IntSlider(
        value=budget, min=0, max=2000, step=20, description=t("toolkit.bind.budget").strip(),
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
    )
    boxes = [widgets.Checkbox(value=s in start, description=s, indent=False,
                              layout=widgets.Layout(width="auto"))
             for s in costed.sort_values("impact_months", ascending=False)["strand"]]
    display(widgets.VBox([
        budget_slider,
        widgets.GridBox(boxes, layout=widgets.Layout(
            grid_template_columns="repeat(2, minmax(0, 1fr))")),
    ]))
    result = display(HTML(package_html(costed, start, budget_slider.value)), display_id=True)

    def refresh(_change: object = None) -> None:
        chosen = [box.description for box in boxes if box.value]
        result.update(HTML(package_html(costed, chosen, budget_slider.value)))

    for control in (budget_slider, *boxes):
        control.observe(refresh, names="value")


def toolkit_dashboard(costed: pd.DataFrame, budget: int = 300) -> alt.VConcatChart:
    """Choose a package under a budget in the browser, with no Python behind it.

    Three aligned panels (impact, cost, evidence) list the strands; clicking a strand's
    impact bar adds it to the package; a bar compares the package's cost with a budget
    slider, and three lines of text sum the package up. A second slider fades strands
    with weaker evidence.
    """
    budget_param = alt.param(
        name="budget", value=budget,
        bind=alt.binding_range(min=0, max=2000, step=20, name=t("toolkit.bind.budget")),
    )
    accept = alt.param(
        name="accept", value=0,
        bind=alt.binding_range(min=0, max=5, step=1, name=t("toolkit.bind.accept")),
    )
    package = alt.selection_point(name="package", fields=["strand"], toggle="true",
                                  empty=False)
    by_impact = alt.EncodingSortField(field="impact_months", order="descending")
    tooltip = [
        alt.Tooltip("strand:N", title=t("toolkit.strand")),
        alt.Tooltip("impact_months:Q", title=t("toolkit.months")),
        alt.Tooltip("cost_per_pupil:Q", title=t("toolkit.cost_per_pupil"), format=","),
        alt.Tooltip("evidence_strength:Q", title=t("toolkit.evidence")),
        alt.Tooltip("studies_in_region:Q", title=t("toolkit.studies_in_region")),
    ]
    base = alt.Chart(costed).encode(
        color=alt.condition(package, alt.value(PALETTE[0]), alt.value(_GREY)),
        opacity=alt.condition(alt.datum.evidence_strength >= accept, alt.value(1.0),
                              alt.value(0.25)),
        tooltip=tooltip,
    )
    impact_panel = base.mark_bar().encode(
        y=alt.Y("strand:N", sort=by_impact, title=None, axis=alt.Axis(labelLimit=230)),
        x=alt.X("impact_months:Q", title=t("toolkit.axis.months_of_progress")),
    ).add_params(package).properties(width=150, height=440,
                                     title=t("toolkit.panel.impact"))
    cost_panel = base.mark_bar().encode(
        y=alt.Y("strand:N", sort=by_impact, axis=None),
        x=alt.X("cost_per_pupil:Q", title=t("toolkit.axis.cost_per_year")),
    ).properties(width=120, height=440, title=t("toolkit.panel.cost"))
    evidence_panel = base.mark_bar().encode(
        y=alt.Y("strand:N", sort=by_impact, axis=None),
        x=alt.X("evidence_strength:Q", title=t("toolkit.axis.strength"),
                scale=alt.Scale(domain=[0, 5])),
    ).properties(width=80, height=440, title=t("toolkit.panel.evidence"))

    chosen = alt.Chart(costed).transform_filter(package).transform_aggregate(
        total="sum(cost_per_pupil)", best="max(impact_months)", added="sum(impact_months)",
        weakest="min(evidence_strength)", strands="count()",
    )
    cost_bar = chosen.mark_bar(height=24).encode(
        x=alt.X("total:Q", title=t("toolkit.axis.package_cost"),
                scale=alt.Scale(domain=[0, 4000])),
        color=alt.condition("datum.total > budget", alt.value(PALETTE[3]),
                            alt.value(PALETTE[2])),
        tooltip=[alt.Tooltip("total:Q", title=t("toolkit.package_cost"), format=",")],
    )
    budget_line = alt.Chart(pd.DataFrame({"start": [0]})).transform_calculate(
        limit="budget").mark_rule(color="black", strokeWidth=3).encode(x="limit:Q")
    totals = alt.layer(cost_bar, budget_line).properties(
        width=440, height=34, title=t("toolkit.panel.package"))
    lines = chosen.transform_calculate(
        line1=(f"datum.strands + {_js(t('toolkit.line.strands'))} "
               f"+ format(datum.total, ',') + {_js(t('toolkit.line.per_pupil'))} "
               f"+ (datum.total > budget ? {_js(t('toolkit.line.over'))} "
               f": {_js(t('toolkit.line.within'))})"),
        line2=(f"{_js(t('toolkit.line.best'))} + datum.best "
               f"+ {_js(t('toolkit.line.weakest'))} + datum.weakest "
               f"+ {_js(t('toolkit.line.of_5'))}"),
        line3=(f"datum.strands > 1 ? {_js(t('toolkit.line.sum'))} + datum.added "
               f"+ {_js(t('toolkit.line.no_sum'))} : ''"),
    ).transform_fold(["line1", "line2", "line3"], as_=["which", "text"])
    summary_text = lines.mark_text(align="left", fontSize=13).encode(
        x=alt.value(0), y=alt.Y("which:N", axis=None), text="text:N",
    ).properties(width=440, height=60)
    hint = alt.Chart(pd.DataFrame({"text": [t("toolkit.hint")]})).mark_text(
        align="left", fontSize=12, color="#555555",
    ).encode(x=alt.value(0), y=alt.value(0), text="text:N").properties(width=440, height=8)

    return alt.vconcat(
        alt.hconcat(impact_panel, cost_panel, evidence_panel, spacing=6),
        totals, hint, summary_text,
    ).add_params(budget_param, accept).properties(
        title=t("toolkit.dashboard.title"),
        description=t("toolkit.dashboard.description", n=len(costed)),
    )


def tutoring_answers_chart(estimates: pd.DataFrame, research: float) -> alt.LayerChart:
    """The three answers to "does tutoring work?" (notebook *From question to evidence*)
    beside the toolkit's average for small-group tutoring, as horizontal bars.

    ``estimates`` has the columns ``comparison`` and ``effect_size`` (one row per answer,
    from our data); ``research`` is the toolkit's effect size.
    """
    ours, elsewhere = t("answers.source.ours"), t("answers.source.research")
    toolkit_line = pd.DataFrame({"comparison": [t("answers.toolkit_line")],
                                 "effect_size": [research]})
    picture = pd.concat([estimates[["comparison", "effect_size"]], toolkit_line],
                        ignore_index=True)
    picture["source"] = [ours] * len(estimates) + [elsewhere]
    bars = alt.Chart(picture).mark_bar().encode(
        x=alt.X("effect_size:Q", title=t("answers.axis.effect"),
                scale=alt.Scale(domain=[-0.7, 0.5])),
        y=alt.Y("comparison:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
        color=alt.Color("source:N", title=None,
                        scale=alt.Scale(range=[PALETTE[0], PALETTE[1]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("comparison:N", title=t("answers.estimate")),
                 alt.Tooltip("effect_size:Q", title=t("toolkit.effect_size"))],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black").encode(x="x:Q")
    return alt.layer(bars, zero).properties(
        width=260, height=160,
        title=t("answers.title"),
        description=t("answers.description"),
    )


def _options(frame: pd.DataFrame, column: str, first: object = None) -> list:
    """The values of ``column`` for a menu: sorted, with ``first`` (if given) first."""
    values = sorted(frame[column].drop_duplicates().tolist())
    return [first, *(v for v in values if v != first)] if first in values else values


def score_histogram(histogram: pd.DataFrame, grade: int = 6,
                    subject: str = "reading") -> alt.Chart:
    """Overlapping histograms of scale scores by year, with menus for grade and subject.

    ``histogram`` has one row per year (text), grade, subject and 20-point ``bin``, with
    the number of ``pupils``.
    """
    pick_grade = alt.param(name="grade", value=grade, bind=alt.binding_select(
        options=_options(histogram, "grade"), name=t("assessment.bind.grade")))
    pick_subject = alt.param(name="subject", value=subject, bind=alt.binding_select(
        options=_options(histogram, "subject", first=subject), name=t("assessment.bind.subject")))
    return alt.Chart(histogram).mark_area(opacity=0.5, interpolate="step").encode(
        x=alt.X("bin:Q", title=t("assessment.axis.score")),
        y=alt.Y("pupils:Q", title=t("assessment.axis.pupils_per_bin"), stack=None),
        color=alt.Color("year:N", title=t("assessment.year"),
                        scale=alt.Scale(range=[PALETTE[0], PALETTE[3]])),
        tooltip=[alt.Tooltip("year:N", title=t("assessment.year")),
                 alt.Tooltip("bin:Q", title=t("assessment.from_score")),
                 alt.Tooltip("pupils:Q", title=t("assessment.pupils"))],
    ).transform_filter(
        (alt.datum.grade == pick_grade) & (alt.datum.subject == pick_subject)
    ).add_params(pick_grade, pick_subject).properties(
        width=520, height=230,
        title=alt.Title(t("assessment.histogram.title"), subtitle=t("assessment.subtitle")),
        description=t("assessment.histogram.description"),
    )


def district_dot_plot(district_shares: pd.DataFrame, grade: int = 6,
                      subject: str = "reading", year: int = 2022) -> alt.Chart:
    """The share of pupils below the minimum in each district, coloured by region and
    sorted from highest to lowest, with menus for grade, subject and year.

    ``district_shares`` has one row per grade, subject, year, ``region_name`` and
    ``district_name``, with ``share`` (percent) and ``pupils``.
    """
    p_grade = alt.param(name="g", value=grade, bind=alt.binding_select(
        options=_options(district_shares, "grade"), name=t("assessment.bind.grade")))
    p_subject = alt.param(name="s", value=subject, bind=alt.binding_select(
        options=_options(district_shares, "subject", first=subject),
        name=t("assessment.bind.subject")))
    p_year = alt.param(name="y", value=year, bind=alt.binding_select(
        options=_options(district_shares, "year"), name=t("assessment.bind.year")))
    below = t("assessment.axis.below_minimum")
    return alt.Chart(district_shares).mark_point(filled=True, size=90).encode(
        x=alt.X("share:Q", title=below, scale=alt.Scale(domain=[20, 100])),
        y=alt.Y("district_name:N", title=None, sort="-x"),
        color=alt.Color("region_name:N", title=t("assessment.region"),
                        legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("district_name:N", title=t("assessment.district")),
                 alt.Tooltip("region_name:N", title=t("assessment.region")),
                 alt.Tooltip("share:Q", title=below),
                 alt.Tooltip("pupils:Q", title=t("assessment.pupils"))],
    ).transform_filter(
        (alt.datum.grade == p_grade) & (alt.datum.subject == p_subject)
        & (alt.datum.year == p_year)
    ).add_params(p_grade, p_subject, p_year).properties(
        width=420, height=alt.Step(18),
        title=alt.Title(t("assessment.districts.title"), subtitle=t("assessment.subtitle")),
        description=t("assessment.districts.description",
                      n=district_shares["district_name"].nunique()),
    )


def performance_levels_chart(levels: pd.DataFrame) -> alt.Chart:
    """Stacked bars of the share of pupils at each performance level (I–IV) by year, one
    panel per grade (rows) and subject (columns).

    ``levels`` has the text columns ``year``, ``grade``, ``subject``, ``level`` and the
    percent ``share``.
    """
    order = ["I", "II", "III", "IV"]
    return alt.Chart(levels).mark_bar().encode(
        x=alt.X("share:Q", title=t("loss.axis.pupils_percent"), stack="zero"),
        y=alt.Y("year:N", title=None),
        color=alt.Color("level:N", title=t("loss.level"), sort=order,
                        scale=alt.Scale(domain=order, range=[PALETTE[3], PALETTE[1],
                                                             PALETTE[5], PALETTE[0]])),
        order=alt.Order("level:N"),
        row=alt.Row("grade:N", title=None),
        column=alt.Column("subject:N", title=None),
        tooltip=[alt.Tooltip("grade:N", title=t("loss.grade")),
                 alt.Tooltip("subject:N", title=t("loss.subject")),
                 alt.Tooltip("year:N", title=t("assessment.year")),
                 alt.Tooltip("level:N", title=t("loss.level")),
                 alt.Tooltip("share:Q", title=t("loss.axis.pupils_percent"))],
    ).properties(
        width=260, height=60,
        title=alt.Title(t("loss.levels.title"), subtitle=t("assessment.subtitle")),
        description=t("loss.levels.description"),
    )


def three_pictures_of_a_loss(national: pd.DataFrame, losses: pd.DataFrame) -> alt.HConcatChart:
    """The same learning loss drawn three ways: bars on a cut axis (misleading), dots on
    an honest axis, and the loss in standard deviations from zero.

    ``national`` has ``year`` (text) and the average ``score``; ``losses`` has a
    ``panel`` name (grade and subject) and ``loss (SD)``.
    """
    # clip=True cuts the bars at the bottom of the axis, as many press charts do.
    misleading = alt.Chart(national).mark_bar(color=PALETTE[3], clip=True).encode(
        x=alt.X("year:N", title=None),
        y=alt.Y("score:Q", title=t("loss.axis.average"),
                scale=alt.Scale(domain=[650, 705], zero=False)),
    ).properties(width=120, height=220, title=t("loss.misleading.title"))
    honest = alt.Chart(national).mark_point(filled=True, size=120, color=PALETTE[0]).encode(
        x=alt.X("year:N", title=None),
        y=alt.Y("score:Q", title=t("loss.axis.average_honest"),
                scale=alt.Scale(domain=[500, 900])),
    ).properties(width=120, height=220, title=t("loss.honest.title"))
    loss_bar = alt.Chart(losses).mark_bar(color=PALETTE[3]).encode(
        x=alt.X("loss (SD):Q", title=t("loss.axis.loss_sd"), scale=alt.Scale(domain=[-1, 0])),
        y=alt.Y("panel:N", title=None),
    ).properties(width=150, height=120, title=t("loss.from_zero.title"))
    return alt.hconcat(misleading, honest, loss_bar).properties(
        title=alt.Title(t("loss.three.title"), subtitle=t("assessment.subtitle")),
        description=t("loss.three.description"),
    )


def school_start_strip(schools_2019: pd.DataFrame, arms: list[str]) -> alt.Chart:
    """One tick per school at its 2019 mean score, one row per programme arm (in the
    order of ``arms``). ``schools_2019`` has ``school_id``, ``arm`` and ``score_2019``."""
    start = t("evaluation.axis.score_2019")
    return alt.Chart(schools_2019).mark_tick(thickness=2, size=18).encode(
        x=alt.X("score_2019:Q", title=start, scale=alt.Scale(zero=False)),
        y=alt.Y("arm:N", title=None, sort=list(arms)),
        color=alt.Color("arm:N", legend=None),
        tooltip=[alt.Tooltip("school_id:N", title=t("evaluation.school")),
                 alt.Tooltip("arm:N", title=t("evaluation.arm")),
                 alt.Tooltip("score_2019:Q", title=start)],
    ).properties(
        width=460, height=alt.Step(36),
        title=alt.Title(t("evaluation.strip.title"), subtitle=t("evaluation.strip.subtitle")),
        description=t("evaluation.strip.description"),
    )


def regression_to_mean_chart(points: pd.DataFrame, line: pd.DataFrame) -> alt.LayerChart:
    """Each school's change from 2019 to 2022 against its 2019 score, coloured by
    ``group``, with the dashed trend ``line`` (``score_2019``, ``change``) of the schools
    without the programme."""
    start, change = t("evaluation.axis.score_2019"), t("evaluation.axis.change")
    scatter = alt.Chart(points).mark_circle(size=30, opacity=0.6).encode(
        x=alt.X("score_2019:Q", title=start, scale=alt.Scale(zero=False)),
        y=alt.Y("change:Q", title=change),
        color=alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=[PALETTE[0], PALETTE[3]])),
        tooltip=[alt.Tooltip("school_id:N", title=t("evaluation.school")),
                 alt.Tooltip("group:N", title=t("evaluation.group")),
                 alt.Tooltip("score_2019:Q", title=start),
                 alt.Tooltip("change:Q", title=change)],
    )
    trend = alt.Chart(line).mark_line(color="black", strokeDash=[5, 3]).encode(
        x="score_2019:Q", y="change:Q")
    return (scatter + trend).properties(
        width=480, height=300,
        title=alt.Title(t("evaluation.rtm.title"), subtitle=t("evaluation.rtm.subtitle")),
        description=t("evaluation.rtm.description"),
    )


def gain_scenarios_chart(long: pd.DataFrame, gain: int = 20,
                         pilot_gain: int = 20) -> alt.LayerChart:
    """What an average gain per pupil would do to two indicators: one line per
    ``indicator`` (``percent`` against ``gain``), a slider that labels both values at
    the chosen gain, and a dashed line at the pilot's gain."""
    pick = alt.param(name="gain", value=gain, bind=alt.binding_range(
        min=0, max=50, step=5, name=t("monitoring.bind.gain")))
    colours = alt.Scale(range=[PALETTE[3], PALETTE[0]])
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("gain:Q", title=t("monitoring.axis.gain")),
        y=alt.Y("percent:Q", title=t("loss.axis.pupils_percent"),
                scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("indicator:N", title=None, scale=colours),
        tooltip=[alt.Tooltip("indicator:N", title=t("monitoring.indicator")),
                 alt.Tooltip("gain:Q", title=t("monitoring.axis.gain")),
                 alt.Tooltip("percent:Q", title=t("loss.axis.pupils_percent"))],
    )
    chosen = alt.Chart(long).mark_text(align="left", dx=6, dy=-8, fontWeight="bold").encode(
        x="gain:Q", y="percent:Q", text=alt.Text("percent:Q", format=".1f"),
        color=alt.Color("indicator:N", legend=None, scale=colours),
    ).transform_filter(alt.datum.gain == pick)
    pilot = alt.Chart(pd.DataFrame({"gain": [pilot_gain]})).mark_rule(
        color="#999999", strokeDash=[4, 3]).encode(x="gain:Q")
    return alt.layer(pilot, lines, chosen).add_params(pick).properties(
        width=460, height=260,
        title=alt.Title(t("monitoring.gain.title"), subtitle=t("monitoring.gain.subtitle")),
        description=t("monitoring.gain.description", pilot=pilot_gain),
    )


def precision_recall_chart(curve: pd.DataFrame, year: int, cut: int = 30) -> alt.LayerChart:
    """Precision and recall of an early-warning model against the share of pupils
    flagged (highest risk first), with a slider that marks a cut-off and labels both.

    ``curve`` has ``flagged`` (percent), ``measure`` and ``percent``.
    """
    pick = alt.param(name="cut", value=cut, bind=alt.binding_range(
        min=1, max=100, step=1, name=t("warning.bind.cut")))
    lines = alt.Chart(curve).mark_line().encode(
        x=alt.X("flagged:Q", title=t("warning.axis.flagged")),
        y=alt.Y("percent:Q", title=t("likert.percent")),
        color=alt.Color("measure:N", title=None),
        tooltip=[alt.Tooltip("flagged:Q", title=t("warning.flagged")),
                 alt.Tooltip("measure:N", title=t("warning.measure")),
                 alt.Tooltip("percent:Q", title=t("likert.percent"))],
    )
    rule = alt.Chart(curve).mark_rule(color="#000000", strokeDash=[4, 3]).encode(
        x="flagged:Q").transform_filter(alt.datum.flagged == pick)
    points = lines.mark_point(filled=True, size=60).transform_filter(alt.datum.flagged == pick)
    labels = lines.mark_text(align="left", dx=6, dy=-6).encode(
        text=alt.Text("percent:Q", format=".1f")).transform_filter(alt.datum.flagged == pick)
    return (lines + rule + points + labels).add_params(pick).properties(
        width=420, height=260, title=t("warning.curve.title", year=year),
        description=t("warning.curve.description"),
    )


def funnel_chart(funnel: pd.DataFrame, band: pd.DataFrame, year: int) -> alt.LayerChart:
    """A funnel chart of schools: actual minus expected score against the number of
    tests (log scale), with dashed limits at two standard errors.

    ``funnel`` has ``school_id``, ``school_name``, ``tests``, ``residual`` and ``status``
    (``"clearly above expectation"`` or ``"other"``); ``band`` has ``tests``, ``upper``
    and ``lower``.
    """
    residual = t("deviance.axis.residual")
    points = alt.Chart(funnel).mark_circle(size=30, opacity=0.7).encode(
        x=alt.X("tests:Q", title=t("deviance.axis.tests"), scale=alt.Scale(type="log")),
        y=alt.Y("residual:Q", title=residual),
        color=alt.Color("status:N", title=None,
                        scale=alt.Scale(domain=["clearly above expectation", "other"],
                                        range=[PALETTE[0], "#b0b0b0"])),
        tooltip=[alt.Tooltip("school_id:N", title=t("evaluation.school")),
                 alt.Tooltip("school_name:N", title=t("deviance.school_name")),
                 alt.Tooltip("tests:Q", title=t("deviance.tests")),
                 alt.Tooltip("residual:Q", title=residual)],
    )
    limits = alt.Chart(band).transform_fold(["upper", "lower"], as_=["side", "limit"]).mark_line(
        color="#000000", strokeDash=[4, 3]).encode(x="tests:Q", y="limit:Q", detail="side:N")
    return (points + limits).properties(
        width=420, height=280, title=t("deviance.funnel.title", year=year),
        description=t("deviance.funnel.description"),
    )


def ger_comparison_chart(chart_data: pd.DataFrame) -> alt.Chart:
    """Two dots per district: the published primary GER and another version of it.

    ``chart_data`` has ``district_name``, ``version`` and ``ger``.
    """
    ger = t("quality_chart.axis.ger")
    return alt.Chart(chart_data, title=t("quality_chart.title")).mark_point(
        filled=True, size=70).encode(
        x=alt.X("ger:Q", title=ger, scale=alt.Scale(zero=False)),
        y=alt.Y("district_name:N", title=None, sort=alt.EncodingSortField("ger", op="min")),
        color=alt.Color("version:N", title=None),
        shape=alt.Shape("version:N", title=None),
        tooltip=[alt.Tooltip("district_name:N", title=t("assessment.district")),
                 alt.Tooltip("version:N", title=t("quality_chart.version")),
                 alt.Tooltip("ger:Q", title=ger)],
    ).properties(
        width=380, height=alt.Step(16),
        description=t("quality_chart.description",
                      n=chart_data["district_name"].nunique()),
    )


def poverty_outcomes_chart(long: pd.DataFrame, outcomes: list[str], start: str,
                           year: int) -> alt.Chart:
    """Districts by poverty rate and an education outcome chosen in a menu (one of
    ``outcomes``, ``start`` first shown); circle size for primary pupils, colour for the
    share of Indigenous-language households.

    ``long`` has ``district_name``, ``poverty_rate``, ``indigenous_language_share``,
    ``primary_pupils``, ``outcome`` and ``value``.
    """
    outcome = alt.param(name="outcome", value=start, bind=alt.binding_select(
        options=list(outcomes), name=t("sectors.bind.outcome")))
    poverty, indigenous = t("sectors.axis.poverty"), t("sectors.indigenous")
    return alt.Chart(long, title=t("sectors.outcomes.title", year=year)).mark_circle(
        opacity=0.8).encode(
        x=alt.X("poverty_rate:Q", title=poverty),
        y=alt.Y("value:Q", title=t("sectors.axis.outcome"), scale=alt.Scale(zero=False)),
        size=alt.Size("primary_pupils:Q", title=t("sectors.primary_pupils")),
        color=alt.Color("indigenous_language_share:Q", title=indigenous,
                        scale=alt.Scale(scheme="viridis")),
        tooltip=[alt.Tooltip("district_name:N", title=t("assessment.district")),
                 alt.Tooltip("poverty_rate:Q", title=poverty),
                 alt.Tooltip("indigenous_language_share:Q", title=indigenous),
                 alt.Tooltip("outcome:N", title=t("sectors.outcome")),
                 alt.Tooltip("value:Q", title=t("sectors.axis.outcome"))],
    ).add_params(outcome).transform_filter(alt.datum.outcome == outcome).properties(
        width=420, height=280,
        description=t("sectors.outcomes.description", n=long["district_name"].nunique()),
    )


def allocation_chart(per_1000: pd.DataFrame, rules: list[str], start: str) -> alt.Chart:
    """Tutoring groups per 1,000 primary pupils in each district (poorest at the top)
    under the allocation rule chosen in a menu (one of ``rules``, ``start`` first shown).

    ``per_1000`` has ``district_name``, ``poverty_rate``, ``rule``, ``groups`` and
    ``groups per 1,000 pupils``.
    """
    rule = alt.param(name="rule", value=start, bind=alt.binding_select(
        options=list(rules), name=t("sectors.bind.rule")))
    rate = "groups per 1,000 pupils"
    poverty = t("sectors.poverty_rate")
    return alt.Chart(per_1000, title=t("sectors.allocation.title")).mark_bar().encode(
        x=alt.X(f"{rate}:Q", title=t("sectors.axis.per_1000"),
                scale=alt.Scale(domain=[0, float(per_1000[rate].max())])),
        y=alt.Y("district_name:N", title=t("sectors.axis.district_poorest"),
                sort=alt.EncodingSortField("poverty_rate", order="descending")),
        color=alt.Color("poverty_rate:Q", title=poverty, scale=alt.Scale(scheme="viridis")),
        tooltip=[alt.Tooltip("district_name:N", title=t("assessment.district")),
                 alt.Tooltip("rule:N", title=t("sectors.rule")),
                 alt.Tooltip("groups:Q", title=t("sectors.groups")),
                 alt.Tooltip(f"{rate}:Q", title=t("sectors.axis.per_1000")),
                 alt.Tooltip("poverty_rate:Q", title=poverty)],
    ).add_params(rule).transform_filter(alt.datum.rule == rule).properties(
        width=360, height=alt.Step(16), description=t("sectors.allocation.description"),
    )
