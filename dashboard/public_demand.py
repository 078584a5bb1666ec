"""The public-demand block: France Travail's BMO hiring projects beside the sector's reported openings, by
trade, for the latest survey year of the filters. /market shows the whole story; /gaps and /trade end
with this block (pages register its card under their own id, so each downloads what it shows).

Grid columns of BMO measures show "masqué" for a count whose cells were all published masked, and
"(provisoire)" beside openings of a year employers have not finished reporting."""

from __future__ import annotations

import json

from dash import html

from dashboard.door import Context
from dashboard.figures import market as market_figures
from dashboard.i18n import t
from dashboard.layout import grid
from dashboard.queries import market as market_queries


def _masked_formatter(field: str, masked_field: str, lang: str, percent: bool = False) -> dict:
    number = f"fmtPercent(params.value, '{lang}', 1)" if percent else f"fmtNumber(params.value, '{lang}', 0)"
    masked = json.dumps(t("market.masked", lang))
    return {"function": f"(params.value == null && params.data && params.data.{masked_field} > 0) ? {masked} "
                        f": {number}"}


def _openings_formatter(lang: str) -> dict:
    provisional = json.dumps(f" ({t('provisional.mark', lang)})")
    return {"function": f"fmtNumber(params.value, '{lang}', 0) + ((params.data && "
                        f"params.data.reported_openings_provisional && params.value != null) ? {provisional} : '')"}


def measure_column(field: str, label_key: str, lang: str, masked_field: str | None = None, percent: bool = False,
                   **extra) -> dict:
    """A grid column of a BMO count or rate (masked when its cells were) or of reported openings. Its kind is
    none of layout.grid's formats, so the grid keeps this formatter even for a column the door protects."""
    formatter = (_openings_formatter(lang) if field == "reported_openings"
                 else _masked_formatter(field, masked_field, lang, percent))
    return {"field": field, "headerName": t(label_key, lang), "kind": "bmo", "valueFormatter": formatter,
            "type": "rightAligned", "minWidth": 110, **extra}


def target_columns(lang: str) -> list[dict]:
    return [
        {"field": "target_label", "headerName": t("measure.trade", lang), "flex": 3, "minWidth": 220},
        {"field": "bmo_codes", "headerName": t("measure.bmo_codes", lang), "minWidth": 110},
        measure_column("met", "measure.bmo_projects", lang, "masked_met_cells", sort="desc"),
        measure_column("difficulty_rate", "measure.difficulty_rate", lang, "masked_xmet_cells", percent=True),
        measure_column("reported_openings", "measure.reported_openings", lang),
    ]


def block_body(ctx: Context, grid_id: str) -> list:
    """The year shown, the table by trade or family, and a link to /market (the page keeps the filters)."""
    lang = ctx.lang
    rows = market_queries.by_target(ctx)
    year = market_queries.shown_year(ctx)
    provisional = bool(rows.height and rows["reported_openings_provisional"].any())
    sentences = market_figures.year_sentences(year, [], provisional, lang)
    body = [html.P(t("market.block.intro", lang), className="small text-muted mb-1"),
            html.P(" ".join(sentences), className="small mb-2")]
    if rows.height:
        body.append(grid(grid_id, rows, target_columns(lang), lang))
    body.append(html.A(t("market.block.link", lang), href="/market" + ctx.filters.to_search(lang),
                       className="small d-inline-block mt-2"))
    return body
