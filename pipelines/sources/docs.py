"""docs/data-contract.md, generated from the sources' models and the plausibility settings.

The hand-written prose is ``data-contract.template.md`` beside this module; in it
``{{ source: NAME }}`` becomes that source's table (column, French aliases, kind, rule) and
natural key, and ``{{ plausibility }}`` the bounds with their settings' defaults. A test keeps
the file in step: ``python -m pipelines.sources.docs`` rewrites it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.sources.contract import Column, Source
from pipelines.sources.kinds import Limits
from pipelines.sources.registry import sources
from warehouse import settings

TEMPLATE = Path(__file__).with_name("data-contract.template.md")
DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "data-contract.md"
_PLACEHOLDER = re.compile(r"\{\{\s*(source:\s*(\w+)|plausibility)\s*\}\}")


def contract_markdown() -> str:
    """The data contract as markdown, with the settings' defaults (never the environment's values)."""
    limits = Limits()
    by_name = sources()

    def expand(match: re.Match) -> str:
        if match[2]:
            return source_markdown(by_name[match[2]], limits)
        return plausibility_markdown(limits)

    return _PLACEHOLDER.sub(expand, TEMPLATE.read_text(encoding="utf-8"))


def source_markdown(source: Source, limits: Limits) -> str:
    checks = source.model.to_schema().columns
    lines = [f"### {source.name} — {source.description}", "| column | alias (fr) | type | rule |", "|---|---|---|---|"]
    for column in source.columns:
        described = [check.description for check in checks[column.name].checks if check.description]
        rule = "; ".join(part for part in (_presence(column), column.kind.rule(limits), column.description,
                                           *described) if part)
        lines.append(f"| {column.name} | {' / '.join(column.aliases)} | {column.kind.type_name} | {rule} |")
    lines += ["", f"Natural key: ({', '.join(source.natural_key)})."]
    return "\n".join(lines)


def _presence(column: Column) -> str:
    if not column.required:
        return "optional"
    return "required, may be empty" if column.nullable else "required"


def plausibility_markdown(limits: Limits) -> str:
    def setting(name: str) -> str:
        return f"`{settings.env_var(name)}`"

    return "\n".join([
        f"- Dates and months: from {limits.earliest_date.isoformat()}, the start of the programme window "
        f"({setting('earliest_date')}). Start dates, assessment dates and hiring dates are never in the future, "
        "months never after the current month, and an enrolment that has ended (completed or withdrawn) never "
        f"ends in the future; a planned end date (an enrolment in progress) at most {limits.planned_end_years} "
        f"years after today ({setting('planned_end_years')}). So `as_of`, the latest date loaded, is never "
        "later than that: an enrolment ending 2099-12-31 and a month of 1900 are rejected rows.",
        f"- Counts: whole numbers from 0 to {limits.count_max:,} in one row ({setting('count_max')}); a number "
        "too large for the warehouse's integers (`99999999999999999999`) is rejected as such, never the file.",
        f"- Identifiers and codes: at most {limits.id_max_chars} characters ({setting('id_max_chars')}); "
        f"labels at most {limits.text_max_chars} ({setting('text_max_chars')}).",
        f"- Rejected values listed per file: at most {limits.rejected_rows_cap:,} "
        f"({setting('rejected_rows_cap')}), then one summary row.",
    ])


if __name__ == "__main__":
    DOCUMENT.write_text(contract_markdown(), encoding="utf-8")
    print(f"Wrote {DOCUMENT}")
