"""Statistical confidentiality: small learner counts, and whatever they can be derived from, never
leave the server for the steering and hr roles.

Which columns count learners is data, not a list in Python: the marts tag their columns in their
``COMMENT ON`` text (read from the warehouse's dictionary), and derived measures name their inputs:

- ``[learner count]``: a count of learners (or of their enrolments or assessments);
- ``[learner count: a + b + c]``: a learner count that is the total of the parts named;
- ``[ratio of a, b]``: a ratio built on a and b (a percentage for people);
- ``[follows a]``: any other measure built on a (a gap, a mean score).

The door (dashboard/door.py) applies ``protect`` to every answer for a protected viewer, with the
columns that identify its rows (``by``). The rules, in docs/privacy.md:

1. primary: a learner count below the threshold (5) is withheld ("< 5");
2. complementary: where a total and all but one of its parts would be shown, a second cell is
   withheld ("s"), the smallest one, so that no withheld count is a difference of shown ones.
   Within a row for the totals the tags name (enrolled = in progress + completed + withdrawn);
   across the rows of an answer for each of its dimensions (the cells of one trade across
   regions add up to the trade's total, which the page shows too);
3. derived: a ratio, gap or mean built on a withheld count is withheld ("s").

A withheld cell is null in the frame, and its companion column ``<column>__protected`` says why
("small" or "secret"); screens, figures and files show the words of ``cell_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import polars as pl

PROTECTED = "__protected"  # suffix of a column's companion: null, "small" or "secret" for each row
SMALL, SECRET = "small", "secret"

_TAG = re.compile(r"\[(learner count|ratio of|follows)(?:\s*:\s*|\s+)?([^\]]*)\]")


class ProtectionError(RuntimeError):
    """An answer the rules cannot protect (a ratio without its counts, a total without its parts):
    a fault of the query, never shown to a person as data."""


@dataclass(frozen=True)
class Rules:
    """The protection tags of every column of the warehouse, by column name."""

    counts: frozenset[str]
    totals: dict[str, tuple[str, ...]]               # a learner count -> the parts it is the sum of
    follows: dict[str, tuple[tuple[str, ...], ...]]  # a derived measure -> the inputs of each mart's version
    ratios: frozenset[str]
    documented: frozenset[str]                       # every column name the dictionary knows
    fractions: frozenset[str] = frozenset()          # ratios 0..1 of any kind, read as percentages

    @classmethod
    def from_comments(cls, columns: Iterable[tuple[str, str, str | None]]) -> Rules:
        """Rules from (table, column, comment) triples.

        A derived measure may be built on other counts in another mart (mean_score follows
        assessed_learners in mart_skill_gap, assessments in mart_skill_by_method): each version's
        inputs are kept. A column that is a count in one mart and derived in another is an error.
        """
        kinds: dict[str, tuple[str, str]] = {}
        totals: dict[str, tuple[str, ...]] = {}
        follows: dict[str, list[tuple[str, ...]]] = {}
        documented, fractions = set(), set()
        for table, column, comment in columns:
            documented.add(column)
            if "between 0 and 1" in (comment or "") or "a ratio" in (comment or ""):
                fractions.add(column)
            found = _TAG.search(comment or "")
            if not found:
                continue
            kind = found.group(1)
            names = tuple(name.strip() for name in re.split(r"[+,]", found.group(2)) if name.strip())
            if column in kinds and kinds[column][0] != kind:
                raise ProtectionError(f"{table}.{column} is tagged [{kind}] but {kinds[column][1]}.{column} "
                                      f"[{kinds[column][0]}]: a column name means one kind of thing in every mart")
            kinds[column] = (kind, table)
            if kind == "learner count":
                if names and totals.get(column, names) != names:
                    raise ProtectionError(f"{table}.{column} is the total of {names} here, {totals[column]} elsewhere")
                if names:
                    totals[column] = names
            elif names not in follows.setdefault(column, []):
                follows[column].append(names)
        return cls(
            counts=frozenset(name for name, (kind, _) in kinds.items() if kind == "learner count"),
            totals=totals,
            follows={name: tuple(versions) for name, versions in follows.items()},
            ratios=frozenset(name for name, (kind, _) in kinds.items() if kind == "ratio of"),
            documented=frozenset(documented),
            fractions=frozenset(fractions | {name for name, (kind, _) in kinds.items() if kind == "ratio of"}),
        )

    def protectable(self, column: str) -> bool:
        return column in self.counts or column in self.follows

    def protected_inputs(self, column: str, present: Iterable[str] | None = None) -> list[str]:
        """The protectable columns a derived measure is built on: of the version whose inputs are all
        ``present`` when given (the first such), else of every version."""
        versions = [[name for name in inputs if self.protectable(name)] for inputs in self.follows.get(column, ())]
        if present is not None:
            present = set(present)
            complete = [inputs for inputs in versions if set(inputs) <= present]
            return complete[0] if complete else []
        return sorted({name for inputs in versions for name in inputs})


def companion(column: str) -> str:
    return column + PROTECTED


def protect(frame: pl.DataFrame, rules: Rules, by: Sequence[str], threshold: int,
            summed_over: Sequence[str] | None = None, nested_in: Sequence[str] = ()) -> pl.DataFrame:
    """The frame with its withheld cells set to null, and a companion column per protectable column.

    ``by`` are the columns that identify the rows; ``summed_over`` those of them along which the
    cells add up to a total shown elsewhere (default: all), the dimensions complementary
    suppression works along. Cells of different skills never add up (an enrolment short on two
    skills counts under each), so a question by skill says so. ``nested_in`` names columns that
    group the rows into totals shown elsewhere (programmes into their modality: /training shows
    both), so that no group has a single withheld cell either."""
    counts = [name for name in frame.columns if name in rules.counts]
    derived = [name for name in frame.columns if name in rules.follows]
    if not counts and not derived:
        return frame
    _check_complete(frame, rules, counts, derived)
    values = {name: frame[name].to_list() for name in counts}
    state: dict[str, list[str | None]] = {
        name: [SMALL if value is not None and value < threshold else None for value in values[name]]
        for name in counts
    }
    groupings = _groupings(frame, by, summed_over, nested_in)
    changed = True
    while changed:
        changed = _complete_totals(rules, counts, values, state, frame.height)
        changed = _complete_groups(counts, values, state, groupings) or changed
    for name in _in_dependency_order(derived, rules, frame.columns):
        inputs = [state[source] for source in rules.protected_inputs(name, frame.columns)]
        state[name] = [SECRET if any(flags[row] for flags in inputs) else None for row in range(frame.height)]
    return frame.with_columns(
        *(pl.when(pl.Series(flags).is_null()).then(pl.col(name)).otherwise(None).alias(name)
          for name, flags in state.items()),
        *(pl.Series(companion(name), flags, dtype=pl.String) for name, flags in state.items()),
    )


def _check_complete(frame: pl.DataFrame, rules: Rules, counts: list[str], derived: list[str]) -> None:
    """A derived measure travels with the counts it is built on, and a total with its parts or none
    but at most one of them missing: otherwise a withheld count could be derived from what is shown
    without the rules seeing it."""
    for name in derived:
        versions = rules.follows[name]
        if not any(set(rules.protected_inputs(name, inputs)) <= set(frame.columns) and
                   all(source in frame.columns for source in inputs if rules.protectable(source))
                   for inputs in versions):
            needed = " or ".join(", ".join(inputs) for inputs in versions)
            raise ProtectionError(f"{name} is built on {needed}: select them too, so that the protection of "
                                  f"small counts can see them")
    for total, parts in rules.totals.items():
        absent = [name for name in (total, *parts) if name not in frame.columns]
        # a missing total is harmless: it is below the threshold only when every part is
        if len(absent) == 1 and absent[0] != total:
            raise ProtectionError(f"{total} = {' + '.join(parts)}: select all of them, or two parts fewer, "
                                  f"since the missing {absent[0]} is the difference of the others")


def _smallest_unwithheld(candidates: Iterable[tuple[str, int]], values: dict[str, list[Any]],
                         state: dict[str, list[str | None]]) -> tuple[str, int] | None:
    shown = [(values[name][row], name, row) for name, row in candidates
             if state[name][row] is None and values[name][row] is not None]
    if not shown:
        return None
    _, name, row = min(shown, key=lambda item: item[0])
    return name, row


def _complete_totals(rules: Rules, counts: list[str], values, state, height: int) -> bool:
    changed = False
    for total, parts in rules.totals.items():
        family = [name for name in (*parts, total) if name in counts]  # a part rather than the total, on a tie
        if len(family) < 2:
            continue
        for row in range(height):
            if sum(1 for name in family if state[name][row]) == 1:
                partner = _smallest_unwithheld(((name, row) for name in family), values, state)
                if partner:
                    state[partner[0]][partner[1]] = SECRET
                    changed = True
    return changed


def _groupings(frame: pl.DataFrame, by: Sequence[str], summed_over: Sequence[str] | None,
               nested_in: Sequence[str]) -> list[list[tuple]]:
    """Each way the rows add up to totals shown elsewhere, as each row's group: along each summed
    dimension, the rows that share every other key; within each nesting column, the rows that share
    its value."""
    keys = [frame[name].to_list() for name in by]
    groupings = [[tuple(key[row] for position, key in enumerate(keys) if position != dimension)
                  for row in range(frame.height)]
                 for dimension, name in enumerate(by) if summed_over is None or name in summed_over]
    groupings += [[(value,) for value in frame[name].to_list()] for name in nested_in]
    return groupings


def _complete_groups(counts: list[str], values, state, groupings: list[list[tuple]]) -> bool:
    """In every group of rows that adds up to a shown total, never exactly one withheld cell."""
    changed = False
    for grouping in groupings:
        groups: dict[tuple, list[int]] = {}
        for row, group in enumerate(grouping):
            groups.setdefault(group, []).append(row)
        for rows in groups.values():
            if len(rows) < 2:
                continue
            for name in counts:
                if sum(1 for row in rows if state[name][row]) == 1:
                    partner = _smallest_unwithheld(((name, row) for row in rows), values, state)
                    if partner:
                        state[name][partner[1]] = SECRET
                        changed = True
    return changed


def _in_dependency_order(derived: list[str], rules: Rules, present: Sequence[str]) -> list[str]:
    ordered: list[str] = []
    pending = list(derived)
    while pending:
        ready = [name for name in pending if not set(rules.protected_inputs(name, present)) & set(pending)]
        if not ready:
            raise ProtectionError(f"derived measures {pending} follow each other in a circle")
        ordered += ready
        pending = [name for name in pending if name not in ready]
    return ordered


# --- what people see ---------------------------------------------------------------------------

def withheld(frame: pl.DataFrame, column: str) -> list[str | None]:
    """The reason each row's cell is withheld (small, secret) or None, for a column of an answer."""
    name = companion(column)
    return frame[name].to_list() if name in frame.columns else [None] * frame.height


def visible_columns(frame: pl.DataFrame) -> list[str]:
    """The frame's columns without the companions."""
    return [name for name in frame.columns if not name.endswith(PROTECTED)]


def keep(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """The named columns of an answer, with their companions (once protection has seen the rest)."""
    return frame.select(*columns, *(companion(name) for name in columns if companion(name) in frame.columns))
