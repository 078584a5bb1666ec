"""The filter bar's state: trades, regions, period (quarters) and pathway, as it lives in the URL.

`/gaps?trade=QC,USP&region=84&from=2025Q1&to=2026Q2&pathway=initial&lang=en` is a
view someone can share: every page's layout parses its query string with
`Filters.from_query`, and the filter bar writes `Filters.to_query` back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Mapping
from urllib.parse import parse_qs, urlencode

PATHWAYS = ("initial", "continuing", "apprenticeship")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$")


def parse_quarter(text: str | None) -> date | None:
    """'2025Q1' -> 2025-01-01; anything else -> None (an unreadable link falls back to 'all')."""
    match = _QUARTER.match(str(text or "").strip())
    if not match or not 1 <= int(match.group(1)) <= 9999:  # 0000Q1 is no date: a shared link's typo
        return None
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


def quarter_label(value: date | None) -> str | None:
    return None if value is None else f"{value.year}Q{(value.month - 1) // 3 + 1}"


def quarter_end(value: date) -> date:
    """The first day of the quarter's last month (months are stored as their first day)."""
    return date(value.year, value.month + 2, 1)


def _codes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return tuple(sorted({str(item).strip() for item in items if str(item).strip()}))


@dataclass(frozen=True)
class Filters:
    trades: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    quarter_from: date | None = None
    quarter_to: date | None = None
    pathway: str | None = None

    @classmethod
    def from_query(cls, args: Mapping[str, Any]) -> "Filters":
        pathway = args.get("pathway")
        return cls(
            trades=_codes(args.get("trade")),
            regions=_codes(args.get("region")),
            quarter_from=parse_quarter(args.get("from")),
            quarter_to=parse_quarter(args.get("to")),
            pathway=pathway if pathway in PATHWAYS else None,
        )

    @classmethod
    def from_search(cls, search: str | None) -> "Filters":
        parsed = parse_qs((search or "").lstrip("?"))
        return cls.from_query({key: values[-1] for key, values in parsed.items()})

    @classmethod
    def from_controls(cls, trades, regions, quarter_from, quarter_to, pathway) -> "Filters":
        return cls.from_query({"trade": trades, "region": regions, "from": quarter_from,
                               "to": quarter_to, "pathway": pathway})

    def with_trades(self, *trades: str) -> "Filters":
        return replace(self, trades=_codes(list(trades)))

    def query_args(self) -> dict[str, str]:
        args = {
            "trade": ",".join(self.trades),
            "region": ",".join(self.regions),
            "from": quarter_label(self.quarter_from) or "",
            "to": quarter_label(self.quarter_to) or "",
            "pathway": self.pathway or "",
        }
        return {key: value for key, value in args.items() if value}

    def to_search(self, lang: str | None = None) -> str:
        args = self.query_args()
        if lang and lang != "fr":
            args["lang"] = lang
        return f"?{urlencode(args, safe=',')}" if args else ""
