"""/scenarios — the steering committee's planner: extra training places in the selected trades and
regions, quarter by quarter to 2030, up to three scenarios side by side, each one a link.

The link format is dashboard/planner.py's (s1 to s3). The filter bar gives the selection; each
scenario's editor gives its places (or a target coverage to solve for), start, pathway and the rates
it follows, observed by default. Every input change projects again, writes the scenarios back to the
address bar (after the filter bar's own writer, so neither drops the other's keys) and to the
language switch.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any, Mapping
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, Patch, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import audit, downloads, ids, planner
from dashboard.door import Context
from dashboard.figures.common import graph_config
from dashboard.figures.scenarios import coverage_chart, extra_graduates_chart
from dashboard.filters import PATHWAYS, Filters, parse_quarter, quarter_label
from dashboard.i18n import fmt_number, fmt_pct, fmt_quarter, t
from dashboard.layout import grid, page_shell
from dashboard.privacy import threshold
from dashboard.queries.common import regions as region_list
from dashboard.queries.common import trades as trade_list
from dashboard.requests import FILTER_INPUTS, filtered_callback, kept_layout, page_context
from dashboard.scenario_model import assumptions, describe_assumptions, describe_closing, describe_solution

PATH = "/scenarios"
dash.register_page(__name__, path=PATH, name="scenarios", order=2, title="Scénarios · Observatoire bioproduction")

PREFIX = "scenarios-"
TEXT = PREFIX + "text"  # pattern: {"type": TEXT, "slot": 0-2, "name": a ScenarioInput attribute}
CHOICE = PREFIX + "choice"  # pattern: {"type": CHOICE, "slot": ..., "name": "mode" | "target_year" | "start" | "pathway"}
NOTE = PREFIX + "note"  # pattern: {"type": NOTE, "slot": ..., "name": the TEXT field it is under}
RESULT = PREFIX + "result"  # pattern: {"type": RESULT, "slot": ...}
REMOVE = PREFIX + "remove"  # pattern: {"type": REMOVE, "slot": ...}
EDITOR = PREFIX + "editor"  # pattern: {"type": EDITOR, "slot": ...}
DOWNLOAD_BUTTON = PREFIX + "download-button"  # pattern: {"type": ..., "card": card id, "format": "csv" | "xlsx"}
EDITORS = PREFIX + "editors"
ADD = PREFIX + "add"
STATE = PREFIX + "state"  # the scenarios' query-string keys (planner.encode)
ADDRESS = PREFIX + "address"  # the whole search string the address bar takes
PROBLEMS = PREFIX + "problems"
COVERAGE = PREFIX + "coverage"
EXTRA = PREFIX + "extra"
TABLE = PREFIX + "table"
ASSUMPTIONS = PREFIX + "assumptions"
DOWNLOAD = PREFIX + "download"

RATE_FIELDS = ("completion", "job_readiness", "placement", "duration_months", "baseline_supply")
PERCENT_FIELDS = {"target_coverage", "completion", "job_readiness", "placement"}
TABLE_COLUMNS = ("extra_enrolments_starting", "extra_completions", "extra_job_ready_graduates", "extra_placed_6m",
                 "openings", "supply_baseline", "supply_with_scenario", "coverage_baseline", "coverage_with_scenario")

# The scenarios a card's data are asked for: the page's, while its download callback asks; else the
# request's own query string (a data URL: /data/scenarios-projection.csv?trade=QC&s1=e:60,q:2027Q1).
_PAGE_SCENARIOS: ContextVar[Mapping[str, str] | None] = ContextVar("page_scenarios", default=None)


def _requested_scenarios() -> Mapping[str, str]:
    import flask

    page = _PAGE_SCENARIOS.get()
    if page is not None:
        return page
    return planner.scenario_args(flask.request.args) if flask.has_request_context() else {}


# the ratios the planner computes (the files show them as percentages)
PERCENT_COLUMNS = ("completion_used", "job_readiness_used", "placement_used", "coverage_baseline",
                   "coverage_with_scenario", "completion", "job_readiness", "placement")
for _card in planner.CARDS:
    downloads.register(_card, lambda ctx, card=_card: planner.card_frame(card, ctx, _requested_scenarios()),
                       percent=PERCENT_COLUMNS)


# --- The editors ------------------------------------------------------------------------------

def _text_value(request: planner.ScenarioInput, name: str) -> str | None:
    value = getattr(request, name)
    if value is None:
        return None
    return planner.BY_ATTRIBUTE[name].write(value)


def _text_field(request: planner.ScenarioInput, name: str, lang: str) -> html.Div:
    field_id = {"type": TEXT, "slot": request.slot, "name": name}
    return html.Div([
        # Dash writes a pattern-matching id in the page as its JSON, keys sorted: the label points at that
        dbc.Label(t(f"scenarios.field.{name}", lang), html_for=json.dumps(field_id, sort_keys=True, separators=(",", ":")),
                  className="small mb-0"),
        dcc.Input(id=field_id, type="text", inputMode="decimal", debounce=True, value=_text_value(request, name),
                  className="form-control form-control-sm", autoComplete="off"),
        html.Div(id={"type": NOTE, "slot": request.slot, "name": name}, className="small text-muted scenario-note"),
    ], className="mb-2")


def _choice(name: str, component, lang: str) -> html.Div:
    return html.Div([dbc.Label(t(f"scenarios.field.{name}", lang), className="small mb-0"), component], className="mb-2")


def editor(ctx: Context, request: planner.ScenarioInput, span: planner.Horizon) -> dbc.Col:
    """One scenario's inputs and results, in a column of the editors' row."""
    lang, slot = ctx.lang, request.slot

    def choice_id(name: str) -> dict[str, Any]:
        return {"type": CHOICE, "slot": slot, "name": name}

    quarters = [{"value": quarter_label(quarter), "label": fmt_quarter(quarter, lang)} for quarter in span.quarters]
    pathways = [{"value": value, "label": t(f"pathway.{value}", lang)} for value in PATHWAYS]
    body = [
        dcc.RadioItems(id=choice_id("mode"), value="target" if request.solves else "places", inline=True,
                       options=[{"value": mode, "label": t(f"scenarios.mode.{mode}", lang)} for mode in ("places", "target")],
                       className="small mb-2", inputClassName="me-1", labelClassName="me-3"),
        _text_field(request, "extra", lang),
        dbc.Row([
            dbc.Col(_text_field(request, "target_coverage", lang), width=7),
            dbc.Col(_choice("target_year", dcc.Dropdown(
                id=choice_id("target_year"), options=[{"value": year, "label": str(year)} for year in span.years],
                value=request.target_year or span.last.year, clearable=False), lang), width=5),
        ], className="g-2"),
        _choice("start", dcc.Dropdown(id=choice_id("start"), options=quarters, clearable=False,
                                      value=quarter_label(request.start or span.first)), lang),
        _choice("pathway", dcc.Dropdown(id=choice_id("pathway"), options=pathways, value=request.pathway,
                                        placeholder=t("filter.all_f", lang)), lang),
        html.H3(t("scenarios.rates", lang), className="h6 mt-3"),
        *(_text_field(request, name, lang) for name in RATE_FIELDS),
        html.Hr(),
        html.Div(id={"type": RESULT, "slot": slot}, className="scenario-result"),
    ]
    header = html.Div([
        html.H2(t("scenarios.letter", lang, letter=request.letter), className="h6 mb-0 flex-grow-1"),
        dbc.Button(t("scenarios.remove", lang), id={"type": REMOVE, "slot": slot}, size="sm", color="secondary",
                   outline=True, title=t("scenarios.remove_title", lang)),
    ], className="d-flex align-items-center")
    return dbc.Col(dbc.Card([dbc.CardHeader(header), dbc.CardBody(body)], className="h-100"),
                   id={"type": EDITOR, "slot": slot}, lg=4, md=6, className="mb-3")


def _card(card_id: str, lang: str, *body, title: str) -> dbc.Card:
    """A block with its data's CSV and XLSX buttons; a callback of this page's own answers them, since the
    data depend on the scenarios of the page, not on the filter bar alone."""
    buttons = html.Div([
        dbc.Button(t(f"download.{file_format}", lang), size="sm", color="secondary", outline=True, className="ms-1",
                   title=t("download.title", lang), id={"type": DOWNLOAD_BUTTON, "card": card_id, "format": file_format})
        for file_format in downloads.FORMATS], className="text-end")
    return dbc.Card([
        dbc.CardHeader(html.Div([html.H2(title, className="h6 mb-0 flex-grow-1"), buttons],
                                className="d-flex align-items-center")),
        dbc.CardBody(list(body)),
    ], className="mb-3", id=f"card-{card_id}")


def _problem_text(problem: planner.Problem, lang: str) -> str:
    where = t("scenarios.problem.where", lang, letter=problem.letter) if problem.letter else ""
    # a scenario past s3 is left out whole; any other value falls back to its default
    sentence = "scenarios.problem_ignored" if problem.reason == "slot" else "scenarios.problem"
    return t(sentence, lang, where=where, name=problem.key, value=problem.value,
             reason=t(f"scenarios.problem.{problem.reason}", lang))


def problems_alert(problems, lang: str) -> dbc.Alert | None:
    if not problems:
        return None
    return dbc.Alert([html.Strong(t("scenarios.problems", lang)),
                      html.Ul([html.Li(_problem_text(problem, lang)) for problem in problems], className="mb-0")],
                     color="warning", className="small")


@kept_layout
def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    if ctx.info is None:
        return page_shell(ctx, PATH)
    title = html.H1(t("scenarios.title", lang), className="h3 mb-2")
    span = planner.horizon(ctx)
    if span is None:
        return page_shell(ctx, PATH, title, dbc.Alert(t("scenarios.no_horizon", lang), color="secondary"),
                          show_pathway=False)
    requests, problems = planner.parse_link(query_args, ctx.filters.pathway)
    checked = [planner.checked(request, span) for request in requests]
    requests = [request for request, _ in checked]
    problems += [problem for _, found in checked for problem in found]
    return page_shell(
        ctx, PATH,
        dcc.Store(id=STATE, data=planner.encode(requests)),
        dcc.Store(id=ADDRESS),
        dcc.Download(id=DOWNLOAD),
        title,
        html.P(t("scenarios.intro", lang), className="text-muted"),
        html.Div(problems_alert(problems, lang), id=PROBLEMS),
        dbc.Row([editor(ctx, request, span) for request in requests], id=EDITORS, className="g-3"),
        dbc.Button(t("scenarios.add", lang), id=ADD, color="primary", outline=True, size="sm", className="mb-3",
                   disabled=len(requests) >= planner.MAX_SCENARIOS),
        html.P(t("scenarios.how", lang), className="small text-muted"),
        _card(planner.PROJECTION_CARD, lang, dcc.Graph(id=COVERAGE, config=graph_config(lang)),
              dcc.Graph(id=EXTRA, config=graph_config(lang)), title=t("scenarios.chart.coverage", lang)),
        _card(planner.TABLE_CARD, lang, html.Div(id=TABLE), title=t("scenarios.table.title", lang)),
        _card(planner.INPUTS_CARD, lang, html.Div(id=ASSUMPTIONS), title=t("scenarios.assumptions.title", lang)),
        show_pathway=False,
    )


# --- Reading the editors ----------------------------------------------------------------------

def read_editors(texts: list, text_ids: list, choices: list, choice_ids: list
                 ) -> tuple[list[planner.ScenarioInput], dict[tuple[int, str], tuple[str, str]]]:
    """The scenarios the editors ask for, and the typed values that could not be read: (slot, field)
    -> (reason, value), the default being used instead."""
    values: dict[int, dict[str, Any]] = {}
    for value, field_id in zip(choices, choice_ids):
        values.setdefault(field_id["slot"], {})[field_id["name"]] = value
    unreadable: dict[tuple[int, str], tuple[str, str]] = {}
    for value, field_id in zip(texts, text_ids):
        slot, name = field_id["slot"], field_id["name"]
        values.setdefault(slot, {})
        if value in (None, "") or not str(value).strip():
            continue
        try:
            values[slot][name] = planner.BY_ATTRIBUTE[name].read(value)
        except planner.FieldError as error:
            unreadable[(slot, name)] = (error.reason, str(value))
    requests = []
    for slot, fields in sorted(values.items()):
        mode = fields.pop("mode", "places")
        start = parse_quarter(fields.pop("start", None))
        target_year = fields.pop("target_year", None)
        if mode == "target":
            fields.pop("extra", None)
            fields.setdefault("target_coverage", 1.0)
            fields["target_year"] = target_year
        else:
            fields.pop("target_coverage", None)
        requests.append(planner.ScenarioInput(slot, start=start, **fields))
    return requests, unreadable


# --- What the page shows of a plan ------------------------------------------------------------

def _rate_text(name: str, value: float) -> str:
    return planner.BY_ATTRIBUTE[name].write(value) + ("\u202f%" if name in PERCENT_FIELDS else "")


def note(outcome: planner.Outcome | None, name: str, unreadable: tuple[str, str] | None, lang: str) -> str | html.Span:
    """What a field's value is: observed (on how many), typed, withheld, or why a typed value was not used."""
    if unreadable:
        reason, value = unreadable
        prefix = t("scenarios.field_problem", lang, value=value, reason=t(f"scenarios.problem.{reason}", lang)) + " "
    else:
        prefix = ""
    if outcome is None or name not in outcome.used:
        return prefix
    used = outcome.used[name]
    if used.entered:
        return prefix + t("scenarios.entered", lang)
    if used.missing:  # the scenario waits for this value: said in the warning colour
        words = t("scenarios.withheld", lang, n=threshold()) if used.missing == planner.WITHHELD else t(
            "scenarios.unobserved", lang)
        return html.Span(prefix + words, className="text-danger")
    shown = (fmt_pct(used.value, lang) if name in PERCENT_FIELDS else
             fmt_number(used.value, lang, 1))
    return prefix + t(f"scenarios.observed.{name}", lang, value=shown, people=fmt_number(used.people, lang))


def placeholder(outcome: planner.Outcome | None, name: str, lang: str) -> str:
    """The value used when the field is empty, written as it would be typed."""
    if name == "extra":
        return planner.BY_ATTRIBUTE[name].write(planner.DEFAULT_EXTRA_ENROLMENTS_PER_YEAR)
    if name == "target_coverage":
        return "100"
    used = outcome.used.get(name) if outcome else None
    if used is None or used.value is None or used.entered:
        return ""
    # as one would type it, to one decimal, with the language's decimal sign (no grouping: it reads back)
    typed = planner.BY_ATTRIBUTE[name].write(round(used.value * planner.BY_ATTRIBUTE[name].scale, 1)
                                             / planner.BY_ATTRIBUTE[name].scale)
    return typed.replace(".", ",") if lang == "fr" else typed


def names_of(ctx: Context) -> dict[str, str]:
    """Codes as the page names them, for the assumptions' sentences."""
    names = {row["trade_code"]: row["label"] for row in trade_list(ctx).iter_rows(named=True)}
    names |= {row["region_code"]: row["label"] for row in region_list(ctx).iter_rows(named=True)}
    return names | {code: t(f"pathway.{code}", ctx.lang).lower() for code in PATHWAYS}


def result(outcome: planner.Outcome, span: planner.Horizon, lang: str) -> list:
    """A scenario's outcome in words: the solver's answer, when the gap closes with and without, the totals."""
    if outcome.missing:
        return [dbc.Alert(t("scenarios.result.missing", lang), color="warning", className="small mb-0")]
    lines = []
    if outcome.solution is not None:
        request = outcome.request
        lines.append(html.P(describe_solution(outcome.solution, outcome.scenario, target_coverage=request.target_coverage,
                                              target_year=request.target_year, lang=lang), className="fw-semibold"))
    projection = outcome.projection
    if projection is None:
        return lines
    last = projection.quarters[-1]
    lines += [
        html.P(describe_closing(projection, lang), className="fw-semibold mb-1 scenario-closes"),
        html.P(t("scenarios.result.without", lang, closing=describe_closing(projection, lang, with_scenario=False)),
               className="small mb-2"),
        html.P(t("scenarios.result.totals", lang, last=fmt_quarter(last.quarter_start, lang),
                 completions=fmt_number(projection.extra_completions, lang),
                 job_ready=fmt_number(projection.extra_job_ready_graduates, lang),
                 placed=fmt_number(projection.extra_placed_6m, lang)), className="small mb-1"),
        html.P(t("scenarios.result.coverage", lang, last=fmt_quarter(last.quarter_start, lang),
                 without=fmt_pct(last.coverage_baseline, lang), with_scenario=fmt_pct(last.coverage_with_scenario, lang)),
               className="small mb-0"),
    ]
    return lines


def assumptions_block(result_plan: planner.Plan, names: dict[str, str], lang: str) -> dbc.Row:
    columns = []
    for outcome in result_plan.outcomes:
        heading = html.H3(t("scenarios.letter", lang, letter=outcome.request.letter), className="h6")
        if outcome.projection is None:
            body = html.P(t("scenarios.result.missing", lang), className="small text-muted")
        else:
            body = html.Ul([html.Li(line) for line in describe_assumptions(
                assumptions(outcome.projection.scenario, outcome.baseline), lang, names)], className="small")
        columns.append(dbc.Col([heading, body], lg=4, md=6))
    return dbc.Row(columns, className="g-3")


def projection_grid(frame, lang: str):
    shown = frame.with_columns(frame["quarter_start"].map_elements(lambda quarter: fmt_quarter(quarter, lang),
                                                                   return_dtype=str).alias("quarter"))
    columns = [{"field": "scenario", "headerName": t("scenarios.col.scenario", lang), "pinned": "left", "width": 100},
               {"field": "quarter", "headerName": t("measure.quarter", lang), "pinned": "left", "width": 110}]
    columns += [{"field": name, "headerName": t(f"scenarios.col.{name}", lang),
                 "kind": "pct" if name.startswith("coverage") else "num1"} for name in TABLE_COLUMNS]
    return grid(TABLE + "-grid", shown, columns, lang, height=420)


# --- Callbacks --------------------------------------------------------------------------------

TEXTS = Input({"type": TEXT, "slot": ALL, "name": ALL}, "value")
TEXT_IDS = State({"type": TEXT, "slot": ALL, "name": ALL}, "id")
CHOICES = Input({"type": CHOICE, "slot": ALL, "name": ALL}, "value")
CHOICE_IDS = State({"type": CHOICE, "slot": ALL, "name": ALL}, "id")


@filtered_callback(
    Output({"type": RESULT, "slot": ALL}, "children"),
    Output({"type": NOTE, "slot": ALL, "name": ALL}, "children"),
    Output({"type": TEXT, "slot": ALL, "name": ALL}, "placeholder"),
    Output({"type": TEXT, "slot": ALL, "name": ALL}, "disabled"),
    Output({"type": REMOVE, "slot": ALL}, "disabled"),
    Output(ADD, "disabled"),
    Output(COVERAGE, "figure"),
    Output(EXTRA, "figure"),
    Output(TABLE, "children"),
    Output(ASSUMPTIONS, "children"),
    Output(STATE, "data"),
    TEXTS, TEXT_IDS, CHOICES, CHOICE_IDS,
)
def update(ctx: Context, texts, text_ids, choices, choice_ids):
    lang = ctx.lang
    requests, unreadable = read_editors(texts, text_ids, choices, choice_ids)
    span = planner.horizon(ctx)
    result_plan = planner.plan(ctx, requests) if span else None
    if result_plan is None:
        raise PreventUpdate
    by_slot = {outcome.request.slot: outcome for outcome in result_plan.outcomes}
    outputs = dash.ctx.outputs_list
    modes = {field_id["slot"]: value for value, field_id in zip(choices, choice_ids) if field_id["name"] == "mode"}
    frame = planner.projection_frame(result_plan)
    return (
        [result(by_slot[item["id"]["slot"]], span, lang) for item in outputs[0]],
        [note(by_slot.get(item["id"]["slot"]), item["id"]["name"], unreadable.get((item["id"]["slot"], item["id"]["name"])),
              lang) for item in outputs[1]],
        [placeholder(by_slot.get(item["id"]["slot"]), item["id"]["name"], lang) for item in outputs[2]],
        [(item["id"]["name"] == "extra") == (modes.get(item["id"]["slot"]) == "target")
         if item["id"]["name"] in ("extra", "target_coverage") else False for item in outputs[3]],
        [len(requests) <= 1 for _ in outputs[4]],
        len(requests) >= planner.MAX_SCENARIOS,
        coverage_chart(result_plan.history, frame, ctx.as_of, lang),
        extra_graduates_chart(frame, ctx.as_of, lang),
        projection_grid(frame, lang),
        assumptions_block(result_plan, names_of(ctx), lang),
        planner.encode(requests),
    )


@filtered_callback(
    Output(EDITORS, "children"),
    Input(ADD, "n_clicks"),
    Input({"type": REMOVE, "slot": ALL}, "n_clicks"),
    State({"type": EDITOR, "slot": ALL}, "id"),
    State(TEXTS.component_id, "value"), TEXT_IDS, State(CHOICES.component_id, "value"), CHOICE_IDS,
    filters_as=State,
    prevent_initial_call=True,
)
def add_or_remove(ctx: Context, _add, _removes, editor_ids, texts, text_ids, choices, choice_ids):
    """A new scenario starts as a copy of the last one, so that one change compares two options."""
    trigger = dash.ctx.triggered_id
    if not trigger or not dash.ctx.triggered[0]["value"]:
        raise PreventUpdate  # a remove button appearing with a new scenario, not a click
    slots = [editor_id["slot"] for editor_id in editor_ids]
    patch = Patch()
    if trigger == ADD:
        free = [slot for slot in range(planner.MAX_SCENARIOS) if slot not in slots]
        span = planner.horizon(ctx)
        if not free or span is None:
            raise PreventUpdate
        requests, _ = read_editors(texts, text_ids, choices, choice_ids)
        copied = planner.ScenarioInput(free[0]) if not requests else planner.ScenarioInput(
            free[0], **{name: getattr(requests[-1], name) for name in planner.BY_ATTRIBUTE})
        patch.append(editor(ctx, copied, span))
        return patch
    if len(slots) <= 1:
        raise PreventUpdate
    del patch[slots.index(trigger["slot"])]
    return patch


@callback(
    Output(ADDRESS, "data"),
    *FILTER_INPUTS,
    Input(ids.FILTER_SEARCH, "data"),  # after the filter bar's own writer, so this one has the last word
    Input(STATE, "data"),
    State(ids.LANG, "data"),
)
def address(trades, regions, quarter_from, quarter_to, pathway, _filter_search, scenarios, lang):
    """The page's address and its other language's, with the scenarios. Builds links only, asks the
    warehouse nothing (as the filter bar's writer in dashboard/layout.py); its one output lives on this
    page only, so that the filter bar of another page never calls it."""
    filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)

    def search(language: str) -> str:
        args = filters.query_args() | ({"lang": language} if language != "fr" else {}) | (scenarios or {})
        return "?" + urlencode(args, safe=",:")

    return {"search": search(lang), "other": PATH + search("en" if lang == "fr" else "fr")}


clientside_callback(
    """
    function(address) {
        if (!address) { return window.dash_clientside.no_update; }
        if (window.location.search !== address.search) {
            window.history.replaceState(window.history.state, "", window.location.pathname + address.search);
        }
        return address.other;
    }
    """,
    Output(ids.LANG_SWITCH, "href", allow_duplicate=True),
    Input(ADDRESS, "data"),
    prevent_initial_call=True,
)


@filtered_callback(
    Output(DOWNLOAD, "data"),
    Input({"type": DOWNLOAD_BUTTON, "card": ALL, "format": ALL}, "n_clicks"),
    State(STATE, "data"),
    filters_as=State,
    prevent_initial_call=True,
)
def download(ctx: Context, _clicks, scenarios):
    trigger = dash.ctx.triggered_id
    if not trigger or not dash.ctx.triggered[0]["value"]:
        raise PreventUpdate
    card_id = trigger["card"]
    page = _PAGE_SCENARIOS.set(scenarios or {})
    try:  # as the data URL answers: withheld cells in words, headers and formats of the language
        content, rows = downloads.card_file(card_id, ctx, trigger["format"])
    finally:
        _PAGE_SCENARIOS.reset(page)
    audit.record("export", ctx.viewer.label, {"card": card_id, "format": trigger["format"], "rows": rows,
                                              "filters": ctx.filters.query_args(), "scenarios": scenarios})
    return dcc.send_bytes(content, downloads.file_name(card_id, trigger["format"], ctx.lang))
