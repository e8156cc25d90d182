"""Survey answers on ordered scales (how often, how much you agree): the shares behind the
charts, and the charts, for the notebook *Who uses evidence?*.

Answers are given as a mapping from answer code to label, **in the order of the scale**
(``{"never": "Never", …, "weekly": "Weekly"}``); shares are computed over those who
answered each question. Chart titles, axes, legends, tooltips and menus go through the
message catalogue (:func:`emiskit.i18n.t`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from emiskit.charts import PALETTE
from emiskit.i18n import t

# Light to dark blue, for a scale with no middle (never … weekly).
FREQUENCY_COLOURS: list[str] = ["#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]
# Colour-blind-safe: vermillion and orange for disagree, grey, sky blue and blue for agree.
AGREEMENT_COLOURS: list[str] = [PALETTE[3], PALETTE[1], "#BBBBBB", PALETTE[5], PALETTE[0]]


def share_of(answers: pd.Series, chosen: Sequence[str]) -> float:
    """Percent of those who answered (skipped answers left out) who gave one of ``chosen``."""
    answered = answers.dropna()
    return 100 * answered.isin(list(chosen)).mean()


def frequency_shares(survey: pd.DataFrame, items: Mapping[str, str],
                     answers: Mapping[str, str], roles: Mapping[str, str]) -> pd.DataFrame:
    """Count the answers to ``items`` (column -> label) by country, role and answer, for
    each country and for all countries together, as percentages of those who answered.

    One row per country, role, item and answer, with ``n``, ``answered``, ``percent``,
    the labels (``answer_label``, ``source_label``, ``role_label``) and the answer's
    ``step`` on the scale.
    """
    long = survey.melt(
        id_vars=["country", "role"], value_vars=list(items), var_name="source",
        value_name="answer",
    ).dropna(subset=["answer"])
    counts = long.groupby(["country", "role", "source", "answer"], observed=True).size()
    counts = counts.rename("n").reset_index()
    everyone = counts.groupby(["role", "source", "answer"], observed=True)["n"].sum()
    everyone = everyone.reset_index().assign(country=t("likert.all_countries"))
    frequency = pd.concat([everyone, counts], ignore_index=True)
    frequency["answered"] = frequency.groupby(["country", "role", "source"])["n"].transform(
        "sum")
    frequency["percent"] = (100 * frequency["n"] / frequency["answered"]).round(1)
    frequency["answer_label"] = frequency["answer"].map(answers)
    frequency["step"] = frequency["answer"].map({a: i for i, a in enumerate(answers)})
    frequency["source_label"] = frequency["source"].map(items)
    frequency["role_label"] = frequency["role"].map(roles)
    return frequency.drop(columns=["answer", "source", "role"])


def frequency_chart(frequency: pd.DataFrame, sources: Sequence[str], roles: Sequence[str],
                    answers: Sequence[str]) -> alt.FacetChart:
    """One panel per source: a 100% stacked bar per role, answers light to dark in the
    order of the scale, and a menu for the country (from :func:`frequency_shares`)."""
    countries = list(dict.fromkeys(frequency["country"]))  # all countries first
    country = alt.param(
        name="country", value=countries[0],
        bind=alt.binding_select(options=countries, name=t("likert.bind.country")),
    )
    how_often = t("likert.how_often")
    return (
        alt.Chart(frequency)
        .transform_filter(alt.datum.country == country)
        .mark_bar()
        .encode(
            x=alt.X("sum(percent):Q", stack="normalize", title=t("likert.axis.share"),
                    axis=alt.Axis(format="%")),
            y=alt.Y("role_label:N", sort=list(roles), title=None),
            color=alt.Color("answer_label:N", sort=list(answers), title=how_often,
                            scale=alt.Scale(domain=list(answers), range=FREQUENCY_COLOURS),
                            legend=alt.Legend(orient="bottom", direction="horizontal")),
            order=alt.Order("step:Q"),
            tooltip=[
                alt.Tooltip("role_label:N", title=t("likert.role")),
                alt.Tooltip("answer_label:N", title=how_often),
                alt.Tooltip("sum(percent):Q", title=t("likert.percent"), format=".1f"),
                alt.Tooltip("sum(n):Q", title=t("likert.respondents")),
                alt.Tooltip("max(answered):Q", title=t("likert.answered")),
            ],
        )
        .properties(width=200, height=110)
        .facet(facet=alt.Facet("source_label:N", title=None, sort=list(sources)), columns=2)
        .add_params(country)
        .properties(title=t("likert.frequency.title"),
                    description=t("likert.frequency.description"))
    )


def naive_chart(counts: pd.DataFrame) -> alt.Chart:
    """The chart *not* to draw: counts of ``answer`` by ``statement`` (column ``n``),
    stacked, in alphabetical order, with unrelated colours."""
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("n:Q", title=t("likert.count")),
        y=alt.Y("statement:N", title=None),
        color=alt.Color("answer:N", title=t("likert.answer")),
    ).properties(
        width=380, height=180, title=t("likert.naive.title"),
        description=t("likert.naive.description"),
    )


def segments(frame: pd.DataFrame, items: Mapping[str, str], by: str,
             answers: Mapping[str, str]) -> pd.DataFrame:
    """One row per group, statement and answer, with the bar's start and end (percent).

    ``answers`` runs from the strongest disagreement to the strongest agreement, with an
    odd number of answers: the middle one is neutral and is split across zero.
    """
    order = list(answers)
    middle = len(order) // 2
    below, neutral, above = order[:middle], order[middle], order[middle + 1:]
    long = frame.melt(id_vars=[by], value_vars=list(items), var_name="item",
                      value_name="answer").dropna(subset=["answer"])
    table = (long.groupby([by, "item", "answer"], observed=True).size()
             .unstack("answer", fill_value=0).reindex(columns=order, fill_value=0))
    answered = table.sum(axis=1)
    percent = table.div(answered, axis=0) * 100
    # Left end of each bar: everything that disagrees, plus half of the neutral answers.
    left = -(sum(percent[a] for a in below) + percent[neutral] / 2)
    # Each answer starts where the previous one ends.
    ends = percent.cumsum(axis=1).add(left, axis=0)
    starts = ends - percent
    rows = pd.DataFrame({
        "percent": percent.stack(),
        "start": starts.stack(),
        "end": ends.stack(),
    }).reset_index()
    rows["answered"] = rows.set_index([by, "item"]).index.map(answered)
    agree = sum(percent[a] for a in above).rename("agree_total")
    rows = rows.merge(agree.reset_index(), on=[by, "item"])
    rows["statement"] = rows["item"].map(items)
    rows["label"] = rows["statement"] + " (n = " + rows["answered"].map("{:,}".format) + ")"
    rows["answer_label"] = rows["answer"].map(answers)
    rows["step"] = rows["answer"].map({a: i for i, a in enumerate(order)})
    return rows.round({"percent": 1, "start": 2, "end": 2, "agree_total": 1})


def diverging_chart(segments: pd.DataFrame, roles: Sequence[str], answers: Sequence[str],
                    start: str) -> alt.LayerChart:
    """Diverging stacked bars from :func:`segments` (column ``role`` holding ``roles``),
    disagreement left of zero, agreement right, with a menu for the role (``start`` first).
    """
    role = alt.param(
        name="role", value=start,
        bind=alt.binding_select(options=list(roles), name=t("likert.bind.role")),
    )
    bars = (
        alt.Chart(segments)
        .transform_filter(alt.datum.role == role)
        .mark_bar()
        .encode(
            x=alt.X("start:Q", scale=alt.Scale(domain=[-100, 100]),
                    title=t("likert.axis.diverging"),
                    axis=alt.Axis(labelExpr="abs(datum.value) + '%'",
                                  values=[-100, -50, 0, 50, 100])),
            x2="end:Q",
            y=alt.Y("label:N", title=None,
                    sort=alt.EncodingSortField("agree_total", order="descending"),
                    axis=alt.Axis(labelLimit=360)),
            color=alt.Color("answer_label:N", title=None, sort=list(answers),
                            scale=alt.Scale(domain=list(answers), range=AGREEMENT_COLOURS),
                            legend=alt.Legend(orient="bottom", direction="horizontal",
                                              columns=3, labelFontSize=11)),
            order=alt.Order("step:Q"),
            tooltip=[
                alt.Tooltip("statement:N", title=t("likert.statement")),
                alt.Tooltip("answer_label:N", title=t("likert.answer")),
                alt.Tooltip("percent:Q", title=t("likert.percent"), format=".1f"),
                alt.Tooltip("answered:Q", title=t("likert.answered"), format=","),
                alt.Tooltip("agree_total:Q", title=t("likert.agree_total"), format=".1f"),
            ],
        )
    )
    centre = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black").encode(x="x:Q")
    return (
        alt.layer(bars, centre)
        .add_params(role)
        .properties(width=300, height=230, title=t("likert.diverging.title"),
                    description=t("likert.diverging.description", start=start.lower()))
    )
