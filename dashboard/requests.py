"""How a request becomes a Context, and the one way to write a filtered callback.

    @filtered_callback(Output(TREND, "figure"))
    def update_trend(ctx):
        return gaps_figures.gap_trend_chart(gaps_queries.gap_trend(ctx), ctx.as_of, ctx.lang)

The decorator registers the callback with the filter bar's five values and the page's language
as its first dependencies, then hands the function one ``Context`` (filters, language, the
signed-in viewer, the warehouse's data date, read once for the request), followed by the values
of any other Input or State it was given. A view of the filters (filters as Inputs) is a function
of them, the published warehouse and the viewer's role: its answer is kept until the next publish
(``_view``), so fifty people opening the same view cost one figure.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any, Callable

from dash import Input, Output, State, callback
from plotly.io.json import to_json_plotly

from dashboard import ids
from dashboard.access import current_viewer
from dashboard.door import Context, Sized, context, kept
from dashboard.filters import Filters
from dashboard.i18n import language
from warehouse.connect import WarehouseMissing, WarehouseUnreadable

FILTER_INPUTS = [Input(name, "value") for name in ids.FILTER_INPUTS]
FILTER_STATES = [State(name, "value") for name in ids.FILTER_INPUTS]


def request_context(filters: Filters, lang: str | None) -> Context:
    """The context of the request being served: its filters and language, and who is signed in."""
    return context(filters, language(lang), current_viewer())


def _unavailable(outputs: list[Output], lang: str):
    """What each output shows when the warehouse cannot be read: a figure or a block that says so."""
    import dash
    import dash_bootstrap_components as dbc

    from dashboard.figures.common import empty_figure
    from dashboard.i18n import t

    words = t("banner.unavailable", lang)
    answers = [empty_figure(words, lang) if output.component_property == "figure"
               else dbc.Alert(words, color="warning") if output.component_property == "children"
               else dash.no_update for output in outputs]
    return answers[0] if len(answers) == 1 else answers


def page_context(lang: str | None, query_args: dict[str, Any]) -> Context:
    """The context of a page's layout: the filters of its address (a shared link restores the view)."""
    return request_context(Filters.from_query(query_args), lang)


def filtered_callback(*dependencies: Output | Input | State, filters_as: type = Input,
                      **callback_options: Any) -> Callable:
    """Register ``function(ctx, *other_values)`` as a callback of the filter bar (see the module)."""
    outputs = [dependency for dependency in dependencies if isinstance(dependency, Output)]
    others = [dependency for dependency in dependencies if not isinstance(dependency, Output)]
    filter_dependencies = FILTER_INPUTS if filters_as is Input else FILTER_STATES

    def register(function: Callable) -> Callable:
        @functools.wraps(function)
        def with_context(trades, regions, quarter_from, quarter_to, pathway, lang, *values):
            filters = Filters.from_controls(trades, regions, quarter_from, quarter_to, pathway)
            try:
                ctx = request_context(filters, lang)
                if filters_as is not Input:  # an action (a download button), not a view of the filters
                    return function(ctx, *values)
                return _view(function, ctx, values)
            except (WarehouseMissing, WarehouseUnreadable):
                # the file went away or was damaged after the page was served: say so in each output
                return _unavailable(outputs, language(lang))

        callback(*outputs, *filter_dependencies, State(ids.LANG, "data"), *others, **callback_options)(with_context)
        return function

    return register


PARSED_JSON_BYTES = 5  # bytes of Python lists and dicts per character of the JSON they are read from (measured)


def _kept_json(key: tuple, build: Callable[[], Any]) -> Any:
    """What ``build`` returns, kept until the next publish (door.kept) as the JSON Dash sends, read back
    as plain lists and dicts: every request, the one that builds it too, gets those, which Dash writes
    in a millisecond or less, where writing the components again would cost as much as the first time
    (each component and figure walked in Python). They are never changed once kept: Dash only reads
    what a callback returns."""
    def written() -> Sized:
        text = to_json_plotly(build())
        return Sized(json.loads(text), PARSED_JSON_BYTES * len(text))

    return kept(key, written).value


def _view(function: Callable, ctx: Context, values: tuple) -> Any:
    """What a view callback shows, computed once per publish for each set of filters, language, other
    inputs and role (with the employer of an hr viewer): the same request from anyone of that role gets
    the same answer, so the figure is built and written as JSON once, not for every person who opens
    the page. The role's checks run inside the function, so a kept answer is the role's own."""
    key = (function.__module__, function.__qualname__, ctx.filters, ctx.lang, json.dumps(values, default=str),
           ctx.viewer.role, ctx.viewer.employer, date.today())  # today: "loaded yesterday" changes at midnight
    return _kept_json(key, lambda: function(ctx, *values))


def kept_layout(function: Callable) -> Callable:
    """A page's layout kept until the next publish, like a view (``_view``): for each language, address
    arguments and viewer (the navigation names who is signed in) the page is built once per publish and
    day, then served as the same JSON. Not for a page that shows what changes between publishes (the
    audit log) or runs what it is asked (the SQL console)."""

    @functools.wraps(function)
    def layout(lang: str | None = None, **query_args: Any) -> Any:
        viewer = current_viewer()
        key = ("layout", function.__module__, language(lang), json.dumps(sorted(query_args.items()), default=str),
               viewer.name, viewer.role, viewer.employer, date.today())
        return _kept_json(key, lambda: function(lang, **query_args))

    return layout
