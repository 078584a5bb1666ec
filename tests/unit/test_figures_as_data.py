"""Figures written as data (dashboard.figures.common.figure) are what plotly would write: validating them
with plotly changes nothing in their JSON, and the provisional band is what plotly's add_vrect draws."""

from __future__ import annotations

import json
from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl
import pytest
from plotly.io.json import to_json_plotly

from dashboard.figures.common import (HALF_PERIOD_DAYS, MUTED, PROVISIONAL_BAND, empty_figure, figure,
                                      provisional_marks)
from dashboard.figures.goal import backtest_chart, fan_chart, goal_curve
from dashboard.figures.quality import reasons
from dashboard.i18n import t

MONTHS = [date(2026, month, 1) for month in range(1, 7)]
PATH = pl.DataFrame({
    "month": MONTHS,
    "target_cumulative": [83.3, 166.7, 250.0, 333.3, 416.7, 500.0],
    "jobs_created_cumulative": [80, 170, None, 300, 390, 420],
    "projected_cumulative": [None, None, None, None, 390.0, 480.0],
    "is_provisional": [False, False, False, False, False, True],
})
BAND = pl.DataFrame({
    "month": MONTHS,
    "target_cumulative": [83.3, 166.7, 250.0, 333.3, 416.7, 500.0],
    "jobs_created_cumulative": [80, 170, 250, None, None, None],
    "jobs_created_cumulative_p10": [None, None, None, 300.0, 350.0, 390.0],
    "jobs_created_cumulative_p50": [None, None, None, 330.0, 410.0, 490.0],
    "jobs_created_cumulative_p90": [None, None, None, 360.0, 470.0, 590.0],
})
PATHS = pl.DataFrame({"backtest_months": [12, 12, 24, 24], "month": MONTHS[:2] * 2,
                      "actual_cumulative": [1.0, 2.0] * 2, "jobs_created_cumulative_p10": [0.5, 1.0] * 2,
                      "jobs_created_cumulative_p50": [1.0, 2.0] * 2, "jobs_created_cumulative_p90": [1.5, 3.0] * 2})
BACKTESTS = pl.DataFrame({"backtest_months": [12, 24], "origin_month": [date(2025, 1, 1), date(2024, 1, 1)]})
REJECTIONS = pl.DataFrame({"source": ["hiring", "assessments", "hiring", None],
                           "column_name": ["month", "score", "region_code", None],
                           "reason": ["month is not a month", "score is above 100", "unknown region", "unreadable"],
                           "rejected": [120, 40, 3, 1]})


def written(fig: go.Figure) -> dict:
    return json.loads(to_json_plotly(fig))


def validated(fig: go.Figure) -> dict:
    """The figure as plotly writes it once every property of it has been validated."""
    return json.loads(to_json_plotly(go.Figure(fig.to_plotly_json())))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("build", [
    lambda lang: goal_curve(PATH, 500, date(2026, 6, 10), lang),
    lambda lang: fan_chart(BAND, 500, date(2026, 3, 31), lang),
    lambda lang: backtest_chart(PATHS, BACKTESTS, date(2026, 3, 31), lang),
    lambda lang: reasons(REJECTIONS, date(2026, 3, 31), lang),
    lambda lang: empty_figure("Rien", lang),
], ids=["goal_curve", "fan_chart", "backtest_chart", "reasons", "empty_figure"])
def test_plotly_would_write_the_same_figure(build, lang):
    fig = build(lang)
    assert fig.data or fig.layout.annotations  # something is drawn
    assert written(fig) == validated(fig)


def test_the_check_catches_what_plotly_would_refuse():
    with pytest.raises(ValueError, match="colour"):
        validated(figure([{"type": "scatter", "x": [1], "y": [2], "colour": "red"}], {}))


def test_the_provisional_band_is_what_add_vrect_draws():
    flags = [False] * 5 + [True]
    shapes, annotations = provisional_marks(MONTHS, flags, "fr")
    drawn = go.Figure()
    half = timedelta(days=HALF_PERIOD_DAYS["month"])
    drawn.add_vrect(x0=MONTHS[5] - half, x1=MONTHS[5] + half, fillcolor=PROVISIONAL_BAND, line_width=0,
                    layer="below", annotation_text=t("provisional.mark", "fr"), annotation_position="top left",
                    annotation_font={"size": 11, "color": MUTED})
    ours = written(figure([], {"shapes": shapes, "annotations": annotations}))["layout"]
    theirs = written(drawn)["layout"]
    assert (ours["shapes"], ours["annotations"]) == (theirs["shapes"], theirs["annotations"])
    assert ours["shapes"][0]["x0"] == "2026-05-17" and ours["annotations"][0]["text"] == "provisoire"
    assert provisional_marks(MONTHS, [False] * 6, "fr") == ([], [])


# --- every chart the pages draw, as the browser receives it ---------------------------------------

PAGES = ("/", "/gaps", "/skills", "/skills?trade=QC", "/training", "/hiring", "/quality", "/trade?trade=QC",
         "/market", "/scenarios")


@pytest.fixture(scope="module")
def pages_client(tmp_path_factory):
    from app import create_app
    from dashboard import door
    from pipelines.runs import bootstrap_demo

    db_path = tmp_path_factory.mktemp("figures") / "workforce.duckdb"
    bootstrap_demo(db_path, scale=0.1, until=date(2026, 10, 1))  # October 2026 reported provisional
    patch = pytest.MonkeyPatch()
    patch.setenv("WORKFORCE_DB", str(db_path))
    patch.delenv("WORKFORCE_USERS", raising=False)
    door.clear_cache()
    yield create_app().server.test_client()
    patch.undo()
    door.clear_cache()


def figures_in(value) -> list[dict]:
    if isinstance(value, dict):
        if isinstance(value.get("data"), list) and isinstance(value.get("layout"), dict):
            return [value]
        return [found for item in value.values() for found in figures_in(item)]
    if isinstance(value, list):
        return [found for item in value for found in figures_in(item)]
    return []


def test_every_chart_of_every_page_is_what_plotly_would_write(pages_client):
    from bench.dash_client import open_page

    dependencies = pages_client.get("/_dash-dependencies").get_json()
    drawn = []

    def post(payload: dict) -> dict:
        answer = pages_client.post("/_dash-update-component", data=json.dumps(payload),
                                   content_type="application/json")
        assert answer.status_code in (200, 204), answer.get_data(as_text=True)[:300]
        found = answer.get_json() if answer.status_code == 200 else {}
        drawn.extend(figures_in(found))
        return found

    for page in PAGES:
        for lang in ("fr", "en"):
            _, payloads = open_page(dependencies, f"{page}{'&' if '?' in page else '?'}lang={lang}", post)
            for payload in payloads:
                post(payload)
    assert len(drawn) >= 40
    assert any(shape.get("type") == "rect" for fig in drawn for shape in fig["layout"].get("shapes", []))
    for fig in drawn:
        again = json.loads(to_json_plotly(go.Figure(fig)))
        assert again == fig, [(key, fig["layout"].get(key), again["layout"].get(key))
                              for key in fig["layout"].keys() | again["layout"].keys()
                              if fig["layout"].get(key) != again["layout"].get(key)]
