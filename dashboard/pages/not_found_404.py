"""The page of an address no page answers: inside the shell, with the navigation, in the page's language,
and the list of pages the viewer may open. Dash shows this module (its name, ``not_found_404``, is
Dash's convention) in place of its bare "404 - Page not found".

Dash hands a page's layout the query string but not the address, so the language switch is a link
relative to the address ("?lang=en"): it opens the same unknown address in the other language.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import t
from dashboard.layout import NAV_ACTIONS, NAV_KEYS, NAV_PAGES, demo_banner, navbar, sign_in_banner
from dashboard.requests import page_context

dash.register_page(__name__, path="/404", title="Page introuvable · Observatoire bioproduction")

NOT_FOUND = "not-found"
PAGE_LIST = "not-found-pages"


def switch_href(ctx) -> str:
    """The current address in the other language, the filters of its query string kept."""
    other = "en" if ctx.lang == "fr" else "fr"
    return "?" + urlencode({**ctx.filters.query_args(), "lang": other}, safe=",")


def page_links(ctx) -> html.Ul:
    """Each page the viewer may open, named as in the navigation, with what it shows."""
    search = ctx.filters.to_search(ctx.lang)
    registered = {page["path"] for page in dash.page_registry.values()}
    items = [
        html.Li([html.A(t(NAV_KEYS[path], ctx.lang), href=f"{path}{search}", className="fw-semibold"),
                 " — ", t(f"not_found.about.{NAV_KEYS[path].removeprefix('nav.')}", ctx.lang)], className="mb-1")
        for path in NAV_PAGES if path in registered and ctx.viewer.may(NAV_ACTIONS.get(path, "dashboards"))
    ]
    return html.Ul(items, id=PAGE_LIST, className="mb-0")


def layout(lang: str | None = None, **query_args):
    ctx = page_context(lang, query_args)
    lang = ctx.lang
    return html.Div([
        navbar("", ctx, switch_href=switch_href(ctx)),
        dbc.Container([
            sign_in_banner(ctx),
            demo_banner(ctx.info, lang),
            dbc.Card(dbc.CardBody([
                html.H1(t("not_found.title", lang), className="h3 mb-2"),
                html.P(t("not_found.text", lang), className="mb-3"),
                html.H2(t("not_found.pages", lang), className="h6"),
                page_links(ctx),
            ]), id=NOT_FOUND, className="mb-3"),
        ], fluid=True, className="pb-5"),
    ], lang=lang)
