"""Component ids shared by the shell and every page (page-specific ids live in each page, prefixed)."""

URL = "url"
LANG = "page-lang"
FILTER_TRADE = "filter-trade"
FILTER_REGION = "filter-region"
FILTER_FROM = "filter-from"
FILTER_TO = "filter-to"
FILTER_PATHWAY = "filter-pathway"
FILTER_RESET = "filter-reset"
FILTER_SEARCH = "filter-search"
LANG_SWITCH = "lang-switch"
NAV_LINK = "nav-link"  # pattern-matching: {"type": NAV_LINK, "page": path}
DOWNLOAD_BUTTON = "download-button"  # pattern-matching: {"type": ..., "card": card_id, "format": "csv"|"xlsx"}
DOWNLOAD = "download"

FILTER_INPUTS = (FILTER_TRADE, FILTER_REGION, FILTER_FROM, FILTER_TO, FILTER_PATHWAY)
