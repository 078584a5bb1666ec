"""The steering committee's report: a dated, paginated A4 PDF of the month, for one Context.

    summary = build_report(ctx, Path("rapport.pdf"))     # workforce report, or GET /report.pdf?trade=QC&lang=en

Its numbers are the screens': ``report_content`` asks the same query functions through the door with
the same Context (filters, language, viewer: the protection of small counts is the viewer's role's),
and draws the screens' own figures. The figures become SVG with kaleido (plotly's exporter, driving
the system's Chromium), the page is HTML laid out by dashboard/templates/report.html (Jinja2) and
Chromium prints it to PDF (headless, --print-to-pdf; CSS page margin boxes number the pages).

Sections: the goal (the official straight line and the statistical forecast with its backtest), the
largest shortages, the skills that block job-readiness, training outcomes, public BMO demand when
a BMO survey is loaded (/market's question), what changed since the previous month (hiring by month; coverage,
counted by quarter, over the last four complete quarters against the four before), then sources,
data date and the protection rule applied.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import flask
import plotly.graph_objects as go
import polars as pl
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from dashboard import audit
from dashboard.access import Viewer, current_viewer
from dashboard.door import Context, context
from dashboard.figures.gaps import demand_supply_bars
from dashboard.figures.goal import (BACKTEST_COLUMNS, backtest_chart, backtest_rows, fan_chart, forecast_sentence,
                                    goal_curve, goal_sentence)
from dashboard.figures.training import funnel
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, fmt_month, fmt_number, fmt_pct, fmt_quarter, language, t
from dashboard.planner import last_complete_quarter
from dashboard.privacy import shown, threshold
from dashboard.queries import gaps as gaps_queries
from dashboard.queries import goal as goal_queries
from dashboard.queries import report as report_queries
from dashboard.queries import skills as skills_queries
from dashboard.queries import training as training_queries
from dashboard.queries.common import regions, trades
from dashboard.scenario_model import add_quarters
from warehouse import settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_WIDTH_PX = 680  # A4 less 15 mm margins each side, at CSS's 96 pixels an inch
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TOP_ROWS = 10
MOVES = 5
# One report at a time per process: each one starts Chromium twice, on a 2-core server.
_BUILDING = threading.Lock()


class ReportError(RuntimeError):
    """The PDF could not be made (no Chromium, a browser that failed): what to do, in words."""


@dataclass(frozen=True)
class Chart:
    key: str  # names the chart in the document (tests find its caption by it)
    figure: go.Figure
    source: str  # the tables it reads


@dataclass
class ReportContent:
    """Everything the document shows, formatted as the screens format it, and the raw answers behind it."""

    lang: str
    as_of: date
    generated_on: date
    filters: dict[str, str]
    protection: str
    headline: dict[str, str]  # the overview's KPI values
    goal_sentence: str
    on_track: bool
    forecast_sentence: str
    backtests: list[dict[str, str]]
    shortages: list[dict[str, str]]
    blocking: list[dict[str, str]]
    training: dict[str, str]
    public_demand: list[dict[str, str]] | None  # None: no BMO survey loaded for the selection
    hiring_moves: list[dict[str, str]]
    coverage_moves: list[dict[str, str]]
    periods: dict[str, str]
    charts: list[Chart] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)


def _selection_words(ctx: Context) -> dict[str, str]:
    filters, lang = ctx.filters, ctx.lang
    trade_names = dict(trades(ctx).iter_rows()) if filters.trades else {}
    region_names = dict(regions(ctx).iter_rows()) if filters.regions else {}
    words = {
        t("filter.trade", lang): ", ".join(trade_names.get(code, code) for code in filters.trades) or t("filter.all", lang),
        t("filter.region", lang): ", ".join(region_names.get(code, code) for code in filters.regions)
        or t("filter.all_f", lang),
    }
    if filters.quarter_from or filters.quarter_to:
        words[t("report.period", lang)] = f"{fmt_quarter(filters.quarter_from, lang)} – {fmt_quarter(filters.quarter_to, lang)}"
    if filters.pathway:
        words[t("filter.pathway", lang)] = t(f"pathway.{filters.pathway}", lang)
    return words


def protection_rule(viewer: Viewer, lang: str) -> str:
    """The confidentiality rule the document's figures follow, for the viewer's role."""
    if viewer.protected:
        return t("report.protection.protected", lang, role=t(f"role.{viewer.role}", lang), n=threshold())
    return t("report.protection.unprotected", lang, role=t(f"role.{viewer.role}", lang))


def _coverage_moves(ctx: Context) -> tuple[list[dict[str, Any]], tuple[date, date, date, date] | None]:
    """Coverage by trade over the last four complete quarters against the four quarters before the last
    one (/gaps' question for each period); the largest moves first, withheld ones left out."""
    if ctx.as_of is None:
        return [], None
    last = last_complete_quarter(ctx.as_of)
    now = (add_quarters(last, -3), last)
    before = (add_quarters(last, -4), add_quarters(last, -1))

    def by_trade(first: date, final: date) -> dict[str, dict[str, Any]]:
        window = ctx.with_filters(Filters(trades=ctx.filters.trades, regions=ctx.filters.regions,
                                          quarter_from=first, quarter_to=final))
        return {row["trade_code"]: row for row in gaps_queries.gap_by_trade(window).iter_rows(named=True)}

    current, previous = by_trade(*now), by_trade(*before)
    moves = [{"trade_label": row["trade_label"], "before": previous[code]["coverage"], "now": row["coverage"],
              "move": row["coverage"] - previous[code]["coverage"]}
             for code, row in current.items()
             if code in previous and row["coverage"] is not None and previous[code]["coverage"] is not None]
    moves.sort(key=lambda move: (-abs(move["move"]), move["trade_label"]))
    return moves[:MOVES], (*now, *before)


def report_content(ctx: Context, today: date | None = None) -> ReportContent:
    """The document's figures and words for the context: the screens' questions, asked the same way."""
    lang = ctx.lang
    if ctx.as_of is None:
        raise ReportError(t("banner.no_warehouse", lang))
    goal = goal_queries.goal(ctx)
    target = goal["target_jobs"]
    forecast = goal_queries.goal_forecast(ctx)
    summary = goal_queries.forecast_summary(ctx)
    path = goal_queries.goal_path(ctx)
    band = goal_queries.forecast_band(ctx)
    backtests = goal_queries.forecast_backtest(ctx)
    backtest_paths = goal_queries.forecast_backtest_path(ctx)
    shortages = goal_queries.largest_shortages(ctx)
    by_trade = gaps_queries.gap_by_trade(ctx)
    blocking = skills_queries.blocking_skills(ctx).head(TOP_ROWS)
    headline = goal_queries.training_headline(ctx)
    totals = training_queries.funnel_totals(ctx)
    months = report_queries.latest_hiring_months(ctx)
    hiring = report_queries.hiring_moves(ctx, *months).head(MOVES) if months else pl.DataFrame()
    coverage, windows = _coverage_moves(ctx)
    public = report_queries.public_demand(ctx)
    as_of = ctx.as_of

    def signed(value: float, decimals: int = 0) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + fmt_number(abs(value), lang, decimals)

    kpis = {}
    if forecast is not None:
        kpis = {
            "jobs": fmt_number(forecast["jobs_created_cumulative"], lang),
            "target": fmt_number(target, lang),
            "path_share": fmt_pct(forecast["share_of_target_path"], lang),
            "run_rate": fmt_number(forecast["run_rate_12m"], lang),
            "required": fmt_number(forecast["required_run_rate"], lang),
            "projected": fmt_number(forecast["projected_at_end"], lang),
            "goal_month": fmt_month(forecast["projected_goal_month"], lang) if forecast["projected_goal_month"]
            else t("overview.kpi.goal_month_never", lang),
            "probability": fmt_pct(summary["probability_reaching_target"], lang) if summary and
            summary["probability_reaching_target"] is not None else "–",
        }
    charts = [
        Chart("goal-curve", goal_curve(path, target, as_of, lang), "mart_goal_path, mart_goal_forecast"),
        Chart("goal-fan", fan_chart(band, target, as_of, lang), "mart_goal_forecast_band, mart_goal_path"),
        Chart("goal-backtest", backtest_chart(backtest_paths, backtests, as_of, lang),
              "mart_goal_forecast_backtest, mart_goal_forecast_backtest_path"),
        Chart("gaps-by-trade", demand_supply_bars(by_trade, "trade_label", t("gaps.by_trade.title", lang), as_of, lang),
              "mart_talent_gap"),
        Chart("training-funnel", funnel(totals, as_of, lang), "mart_training_pathway"),
    ]
    return ReportContent(
        lang=lang, as_of=as_of, generated_on=today or date.today(), filters=_selection_words(ctx),
        protection=protection_rule(ctx.viewer, lang), headline=kpis,
        goal_sentence=goal_sentence(forecast, target, lang) if forecast else "",
        on_track=bool(forecast and forecast["on_track"]),
        forecast_sentence=forecast_sentence(summary, lang), backtests=backtest_rows(backtests, lang),
        shortages=[{"trade": row["trade_en" if lang == "en" else "trade_fr"], "region": row["region_name"],
                    "demand": fmt_number(row["demand"], lang), "supply": shown(row, "supply", lang, "count"),
                    "gap": shown(row, "gap", lang), "coverage": shown(row, "coverage", lang, "pct")}
                   for row in shortages.iter_rows(named=True)],
        blocking=[{"trade": row["trade_label"], "skill": row["skill_label"],
                   "blocked": shown(row, "blocked_enrolments", lang, "count"),
                   "sole": shown(row, "sole_blocker_enrolments", lang, "count"),
                   "share": shown(row, "blocked_share", lang, "pct")} for row in blocking.iter_rows(named=True)],
        training={"enrolled": shown(headline, "enrolled", lang, "count"),
                  "graduates": shown(headline, "graduates", lang, "count"),
                  "job_ready_rate": shown(headline, "job_ready_rate", lang, "pct"),
                  "placement_rate_6m": shown(headline, "placement_rate_6m", lang, "pct")},
        public_demand=None if public.is_empty() else [
            {"trade": row["target_label"], "year": str(row["year"]), "met": fmt_number(row["met"], lang),
             "xmet": fmt_number(row["xmet"], lang), "difficulty_rate": fmt_pct(row["difficulty_rate"], lang)}
            for row in public.head(TOP_ROWS).iter_rows(named=True)],
        hiring_moves=[{"trade": row["trade_label"],
                       **{flow: f"{fmt_number(row[flow], lang)} ({signed(row[flow] - row[flow + '_previous'])})"
                          for flow in report_queries.FLOWS}} for row in hiring.iter_rows(named=True)],
        coverage_moves=[{"trade": move["trade_label"], "before": fmt_pct(move["before"], lang),
                         "now": fmt_pct(move["now"], lang), "move": t("report.points", lang, n=signed(move["move"] * 100, 1))}
                        for move in coverage],
        periods={
            "hiring": t("report.changes.hiring_period", lang, latest=fmt_month(months[0], lang),
                        previous=fmt_month(months[1], lang)) if months else "",
            "coverage": t("report.changes.coverage_period", lang, now=f"{fmt_quarter(windows[0], lang)} – "
                          f"{fmt_quarter(windows[1], lang)}", before=f"{fmt_quarter(windows[2], lang)} – "
                          f"{fmt_quarter(windows[3], lang)}") if windows else "",
        },
        charts=charts,
        answers={"forecast": forecast, "summary": summary, "shortages": shortages, "blocking": blocking,
                 "headline": headline, "hiring": hiring},
    )


# --- Rendering ----------------------------------------------------------------------------------

def chromium_path() -> str:
    """The Chromium the report prints with: the chromium setting, else the first one on the PATH."""
    configured = settings.get("chromium")
    found = configured or next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if not found or not Path(found).exists():
        raise ReportError("The report needs Chromium and none was found: install it (Debian: apt-get install "
                          "chromium; `make test` does) or point WORKFORCE_CHROMIUM at its executable.")
    return found


def figures_as_svg(charts: list[Chart], browser: str) -> dict[str, Markup]:
    """Each chart as inline SVG, through one kaleido session (one Chromium for every chart)."""
    import kaleido

    async def render() -> list[bytes]:
        # no MathJax: its default is a CDN, and there is no network at run time
        async with kaleido.Kaleido(n=1, mathjax=False, timeout=60, path=browser) as exporter:
            return [await exporter.calc_fig(chart.figure, opts={
                "format": "svg", "width": PAGE_WIDTH_PX, "height": chart.figure.layout.height or 400})
                for chart in charts]

    images = asyncio.run(render())
    return {chart.key: Markup(image.decode("utf-8").split("?>", 1)[-1]) for chart, image in zip(charts, images)}


def render_html(content: ReportContent, svgs: dict[str, Markup]) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    lang = content.lang
    return environment.get_template("report.html").render(
        c=content, svgs=svgs, t=lambda key, **values: t(key, lang, **values), lang=lang,
        as_of=fmt_date(content.as_of, lang), generated=fmt_date(content.generated_on, lang),
        month=fmt_month(content.as_of.replace(day=1), lang), backtest_columns=BACKTEST_COLUMNS)


def print_pdf(html_text: str, out: Path, browser: str) -> None:
    """Chromium's headless print-to-PDF of the page: A4 and margins come from the page's CSS (@page)."""
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        target = Path(folder) / "report.pdf"
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                   "--no-pdf-header-footer", f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={target}", page.as_uri()]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium ({browser}) took more than 2 minutes to print the report.") from None
        if finished.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            raise ReportError(f"Chromium ({browser}) could not print the report (exit {finished.returncode}): "
                              f"{finished.stderr.strip()[-500:]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), out)


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    bytes: int
    seconds: float
    content: ReportContent


def build_report(ctx: Context, out: Path, today: date | None = None) -> ReportSummary:
    """The PDF for the context at ``out``; ReportError when it cannot be made."""
    started = time.perf_counter()
    with _BUILDING:
        content = report_content(ctx, today)
        browser = chromium_path()
        print_pdf(render_html(content, figures_as_svg(content.charts, browser)), out, browser)
    return ReportSummary(out, out.stat().st_size, time.perf_counter() - started, content)


# --- The button's address -----------------------------------------------------------------------

def _report_pdf():
    viewer = current_viewer()
    lang = language(flask.request.args.get("lang"))
    ctx = context(Filters.from_query(flask.request.args), lang, viewer)
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        out = Path(folder) / "rapport.pdf"
        try:
            summary = build_report(ctx, out)
        except ReportError as error:
            return flask.Response(str(error), status=503, mimetype="text/plain")
        payload = out.read_bytes()
    audit.record("export", viewer.label, {"card": "report", "format": "pdf", "filters": ctx.filters.query_args(),
                                          "lang": lang, "bytes": len(payload), "seconds": round(summary.seconds, 2)},
                 flask.request.headers.get("X-Forwarded-For", flask.request.remote_addr))
    name = f"rapport-{ctx.as_of.isoformat()}.pdf" if lang == "fr" else f"report-{ctx.as_of.isoformat()}.pdf"
    # inline: the browser's own viewer opens it, to read or print; its name is kept for "save as"
    return flask.Response(payload, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})


def install(server: flask.Flask) -> None:
    """GET /report.pdf?trade=...&region=...&from=...&to=...&lang=...: under the app's sign-in (the fence of
    dashboard/auth.py covers every path) and the viewer's protection, like the screens."""
    server.add_url_rule("/report.pdf", "report_pdf", _report_pdf)
