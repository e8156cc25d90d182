"""The toolkit's charts and dashboard (emiskit.dashboards): encodings, titles in English
and Spanish, no CDN address, and the package summary the notebook reads."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from emiskit import dashboards, datasets, i18n

COST_PER_PUPIL = {1: 40, 2: 140, 3: 450, 4: 950, 5: 1600}


@pytest.fixture(autouse=True)
def _english():
    with i18n.using("en"):
        yield


@pytest.fixture(scope="module")
def toolkit() -> pd.DataFrame:
    return datasets.load("toolkit")


@pytest.fixture(scope="module")
def costed(toolkit: pd.DataFrame) -> pd.DataFrame:
    costed = toolkit[["strand", "impact_months", "cost_rating", "evidence_strength",
                      "studies_in_region"]].copy()
    costed["cost_per_pupil"] = costed["cost_rating"].map(COST_PER_PUPIL)
    costed["months_per_100"] = (100 * costed["impact_months"]
                                / costed["cost_per_pupil"]).round(2)
    return costed


def _text(chart) -> str:
    spec = chart.to_dict()
    spec.pop("$schema")  # names the Vega-Lite version; nothing is fetched from it
    return json.dumps(spec, ensure_ascii=False)


def test_scatter_encodings_and_titles(toolkit: pd.DataFrame) -> None:
    spec = dashboards.toolkit_scatter(toolkit).to_dict()
    enc = spec["encoding"]
    assert enc["x"]["field"] == "cost_spread"
    assert enc["y"] == {"field": "impact_months", "type": "quantitative",
                        "title": "Impact (months of additional progress)"}
    assert enc["size"]["field"] == enc["color"]["field"] == "evidence_strength"
    assert [tip["title"] for tip in enc["tooltip"]][:2] == ["Strand", "Months"]
    assert spec["title"] == (f"Impact, cost and strength of evidence of {len(toolkit)} "
                             "strands (illustrative)")
    assert spec["params"][0]["bind"]["name"] == "Show evidence strength at least "


def test_value_for_money_counts_only_strands_that_help(costed: pd.DataFrame) -> None:
    spec = dashboards.value_for_money_chart(costed).to_dict()
    helping = int((costed["impact_months"] > 0).sum())
    assert f"ranking {helping} strands" in spec["description"]
    assert spec["encoding"]["x"]["title"] == (
        "Months of additional progress per US$100 per pupil")


def test_dashboard_panels_sliders_and_selection(costed: pd.DataFrame) -> None:
    spec = dashboards.toolkit_dashboard(costed).to_dict()
    panels = spec["vconcat"][0]["hconcat"]
    assert [p["title"] for p in panels] == ["Impact", "Cost", "Evidence"]
    assert [p["encoding"]["x"]["field"] for p in panels] == [
        "impact_months", "cost_per_pupil", "evidence_strength"]
    binds = {p["name"]: p["bind"]["name"] for p in spec["params"] if "bind" in p}
    assert binds == {"budget": "Budget per pupil (US$) ", "accept": "Fade evidence below "}
    assert spec["title"].startswith("Choose a package of interventions")
    assert "OVER the budget" in _text(dashboards.toolkit_dashboard(costed))


@pytest.mark.parametrize("make", ["toolkit_scatter", "value_for_money_chart",
                                  "toolkit_dashboard"])
def test_charts_speak_spanish_and_fetch_nothing(make: str, toolkit, costed,
                                                monkeypatch) -> None:
    table = toolkit if make == "toolkit_scatter" else costed
    english = _text(getattr(dashboards, make)(table))
    monkeypatch.setenv("EMISKIT_LANG", "es")
    monkeypatch.setattr(i18n, "_current", None)
    spanish = _text(getattr(dashboards, make)(table))
    assert "Evidencia (0–5)" in spanish
    assert "Evidence (0–5)" in english and "Evidence (0–5)" not in spanish
    for text in (english, spanish):
        assert "http" not in text and "cdn" not in text.lower()


def test_spanish_dashboard_expressions_stay_valid(costed: pd.DataFrame) -> None:
    with i18n.using("es"):
        spec = dashboards.toolkit_dashboard(costed).to_dict()
    calc = next(tr for tr in spec["vconcat"][-1]["transform"] if "calculate" in tr)
    assert "'SUPERA el presupuesto'" in json.dumps(spec, ensure_ascii=False)
    assert calc["calculate"].count("'") % 2 == 0


def test_js_strings_escape_quotes() -> None:
    assert dashboards._js("l'école") == "'l\\'école'"


def test_package_summary_totals(costed: pd.DataFrame) -> None:
    strands = ["Reading comprehension strategies", "Structured pedagogy"]
    summary = dashboards.package_summary(costed, strands, 300)
    chosen = costed[costed["strand"].isin(strands)]
    assert list(summary["strand"]) == [*chosen.sort_values(
        "impact_months", ascending=False)["strand"], "Package"]
    last = summary.iloc[-1]
    assert last["cost_per_pupil"] == chosen["cost_per_pupil"].sum()
    assert last["impact_months"] == chosen["impact_months"].max()
    assert last["evidence_strength"] == chosen["evidence_strength"].min()


def test_package_message(costed: pd.DataFrame) -> None:
    assert dashboards.package_message(costed, [], 300) == "Tick at least one strand."
    one = dashboards.package_message(costed, ["One-to-one tutoring"], 300)
    assert "over the budget" in one and "Adding up" not in one
    two = dashboards.package_message(
        costed, ["Reading comprehension strategies", "Structured pedagogy"], 300)
    assert "fits the budget" in two and "Adding up the months" in two
    with i18n.using("es"):
        assert "presupuesto" in dashboards.package_message(costed, ["Feedback"], 300)
    assert "<table" in dashboards.package_html(costed, ["Feedback"], 300)


def test_tutoring_answers_chart() -> None:
    estimates = pd.DataFrame({"comparison": ["A", "B", "C"], "effect_size": [-0.6, 0.4, 0.2]})
    spec = dashboards.tutoring_answers_chart(estimates, research=0.31).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["x"]["title"] == "Estimated effect (standard deviations)"
    rows = next(iter(spec["datasets"].values()))
    assert [r["source"] for r in rows] == ["Our data"] * 3 + ["Research elsewhere"]
    assert rows[-1]["comparison"] == "Toolkit: small-group tutoring (research elsewhere)"
    with i18n.using("es"):
        spanish = _text(dashboards.tutoring_answers_chart(estimates, research=0.31))
    assert "Efecto estimado (desviaciones estándar)" in spanish and "Nuestros datos" in spanish


@pytest.fixture(scope="module")
def district_shares() -> pd.DataFrame:
    rows = [{"grade": g, "subject": s, "year": y, "region_name": "North",
             "district_name": d, "share": 50.0, "pupils": 100}
            for g in (3, 6) for s in ("reading", "mathematics") for y in (2019, 2022)
            for d in ("Alto", "Bajo")]
    return pd.DataFrame(rows)


def test_district_dot_plot_menus_and_titles(district_shares: pd.DataFrame) -> None:
    spec = dashboards.district_dot_plot(district_shares).to_dict()
    menus = {p["name"]: (p["value"], p["bind"]["options"], p["bind"]["name"])
             for p in spec["params"]}
    assert menus == {"g": (6, [3, 6], "Grade "),
                     "s": ("reading", ["reading", "mathematics"], "Subject "),
                     "y": (2022, [2019, 2022], "Year ")}
    assert spec["encoding"]["x"]["title"] == "Pupils below the minimum level (%)"
    assert [tip["title"] for tip in spec["encoding"]["tooltip"]] == [
        "District", "Region", "Pupils below the minimum level (%)", "Pupils"]
    assert "each of the 2 districts" in spec["description"]
    with i18n.using("es"):
        spanish = _text(dashboards.district_dot_plot(district_shares))
    assert "Estudiantes por debajo del nivel mínimo (%)" in spanish and "Año " in spanish


def test_score_histogram(district_shares: pd.DataFrame) -> None:
    histogram = pd.DataFrame({"year": ["2019", "2022"], "grade": [6, 6],
                              "subject": ["reading", "mathematics"], "bin": [400, 420],
                              "pupils": [10, 12]})
    spec = dashboards.score_histogram(histogram).to_dict()
    assert spec["encoding"]["x"]["title"] == "Scale score"
    assert spec["title"]["subtitle"] == "Valdoria (fictional data)"
    with i18n.using("es"):
        spanish = _text(dashboards.score_histogram(histogram))
    assert "Puntaje en la escala" in spanish and "cdn" not in spanish.lower()


def test_learning_loss_charts() -> None:
    levels = pd.DataFrame({"year": ["2019", "2022"], "grade": ["Grade 3"] * 2,
                           "subject": ["reading"] * 2, "level": ["I", "II"],
                           "share": [40.0, 60.0]})
    spec = dashboards.performance_levels_chart(levels).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["I", "II", "III", "IV"]
    assert spec["title"]["text"] == "Pupils by performance level, 2019 and 2022"
    national = pd.DataFrame({"year": ["2019", "2022"], "score": [700.0, 660.0]})
    losses = pd.DataFrame({"panel": ["Grade 3 reading"], "loss (SD)": [-0.4]})
    spec = dashboards.three_pictures_of_a_loss(national, losses).to_dict()
    assert [panel["title"] for panel in spec["hconcat"]] == [
        "A collapse?", "Honestly", "The loss, from zero"]
    assert spec["hconcat"][0]["encoding"]["y"]["scale"]["domain"] == [650, 705]
    with i18n.using("es"):
        spanish = _text(dashboards.three_pictures_of_a_loss(national, losses))
    assert "¿Un derrumbe?" in spanish and "Puntaje promedio" in spanish


def test_programme_evaluation_charts() -> None:
    schools = pd.DataFrame({"school_id": ["a", "b"], "arm": ["targeted", "pilot_control"],
                            "score_2019": [600.0, 700.0]})
    spec = dashboards.school_start_strip(schools, ["targeted", "pilot_control"]).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["targeted", "pilot_control"]
    assert spec["title"]["text"] == "Where each school started"
    points = pd.DataFrame({"school_id": ["a"], "group": ["no programme"],
                           "score_2019": [600.0], "change": [-30.0]})
    line = pd.DataFrame({"score_2019": [540, 820], "change": [-20.0, -60.0]})
    spec = dashboards.regression_to_mean_chart(points, line).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Change 2019 → 2022 (points)"
    assert spec["layer"][1]["mark"]["strokeDash"] == [5, 3]
    with i18n.using("es"):
        spanish = _text(dashboards.regression_to_mean_chart(points, line))
    assert "Cambio 2019 → 2022 (puntos)" in spanish


def test_gain_scenarios_chart() -> None:
    long = pd.DataFrame({"gain": [0, 20], "indicator": ["below minimum (%)"] * 2,
                         "percent": [85.0, 80.0]})
    spec = dashboards.gain_scenarios_chart(long).to_dict()
    assert spec["params"][0]["bind"]["name"] == "Gain in points "
    assert spec["layer"][1]["encoding"]["x"]["title"] == "Average gain per pupil (points)"
    assert spec["description"].endswith("a dashed line marks 20 points.")
    with i18n.using("es"):
        assert "Ganancia en puntos " in _text(dashboards.gain_scenarios_chart(long))


def test_precision_recall_chart() -> None:
    curve = pd.DataFrame({"flagged": [10.0, 10.0], "measure": ["precision", "recall"],
                          "percent": [40.0, 20.0]})
    spec = dashboards.precision_recall_chart(curve, year=2023).to_dict()
    assert spec["title"] == "Precision and recall of the model, pupils of 2023"
    assert spec["params"][0]["bind"]["name"] == "Pupils flagged (%): "
    assert spec["layer"][0]["encoding"]["x"]["title"] == (
        "Share of pupils flagged, highest risk first (%)")
    with i18n.using("es"):
        spanish = _text(dashboards.precision_recall_chart(curve, year=2023))
    assert "Precisión y exhaustividad del modelo, estudiantes de 2023" in spanish


def test_funnel_chart() -> None:
    funnel = pd.DataFrame({"school_id": ["a"], "school_name": ["A"], "tests": [40],
                           "residual": [12.5], "status": ["clearly above expectation"]})
    band = pd.DataFrame({"tests": [5, 10], "upper": [80.0, 56.6], "lower": [-80.0, -56.6]})
    spec = dashboards.funnel_chart(funnel, band, year=2022).to_dict()
    assert spec["title"] == "Schools above and below expectation, 2022"
    assert spec["layer"][0]["encoding"]["x"]["scale"] == {"type": "log"}
    with i18n.using("es"):
        spanish = _text(dashboards.funnel_chart(funnel, band, year=2022))
    assert "Puntaje observado menos esperado (puntos)" in spanish


def test_ger_comparison_chart() -> None:
    data = pd.DataFrame({"district_name": ["A", "A"], "version": ["published", "typed"],
                         "ger": [101.0, 87.5]})
    spec = dashboards.ger_comparison_chart(data).to_dict()
    assert spec["encoding"]["x"]["title"] == "Gross enrolment ratio, primary (%)"
    assert "each of the 1 districts" in spec["description"]
    with i18n.using("es"):
        assert "Tasa bruta de matrícula, primaria (%)" in _text(
            dashboards.ger_comparison_chart(data))


def test_joining_sectors_charts() -> None:
    long = pd.DataFrame({"district_name": ["A"], "poverty_rate": [40.0],
                         "indigenous_language_share": [10.0], "primary_pupils": [900],
                         "outcome": ["Learning poverty (%)"], "value": [55.0]})
    spec = dashboards.poverty_outcomes_chart(long, ["Learning poverty (%)"],
                                             "Learning poverty (%)", 2022).to_dict()
    assert spec["title"] == "Poverty and education outcomes by district, 2022"
    assert spec["params"][0]["bind"]["name"] == "Outcome: "
    per_1000 = pd.DataFrame({"district_name": ["A"], "poverty_rate": [40.0],
                             "rule": ["per pupil"], "groups": [3.0],
                             "groups per 1,000 pupils": [3.33]})
    spec = dashboards.allocation_chart(per_1000, ["per pupil"], "per pupil").to_dict()
    assert spec["encoding"]["y"]["title"] == "District (poorest at the top)"
    with i18n.using("es"):
        spanish = _text(dashboards.allocation_chart(per_1000, ["per pupil"], "per pupil"))
    assert "Distrito (el más pobre arriba)" in spanish and "Regla: " in spanish
