"""Checks between tables: every code that points to another table must be found there.

The course joins its tables (enrolment to schools by ``school_id``, schools to districts
by ``district_code`` …). When one table names schools that the register does not have,
each table can be valid on its own while the join silently drops rows: an indicator is
then computed on a fraction of the pupils. These are the foreign keys of the Table
Schemas, read from the course's schema and from the folder's own ``datapackage.json``
(so a country can declare more), in the Frictionless form::

    "foreignKeys": [{"fields": ["school_id"],
                     "reference": {"resource": "schools", "fields": ["school_id"]}}]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from emiskit.data.problems import EXAMPLES_PER_RULE, Problem
from emiskit.data.row_checks import KeyTally
from emiskit.data.schema import TABLES, TABLES_BY_NAME


@dataclass(frozen=True)
class Link:
    """Every (non-empty) ``fields`` of ``table`` must appear as ``ref_fields`` of ``ref_table``."""

    table: str
    fields: tuple[str, ...]
    ref_table: str
    ref_fields: tuple[str, ...]

    def rule(self) -> str:
        here = ", ".join(self.fields)
        there = ", ".join(self.ref_fields)
        same = "" if here == there else f" (as {there})"
        return (f"every {here} in {self.table}.csv must be in {self.ref_table}.csv{same}")


@dataclass
class LinkResult:
    """What one check between tables found."""

    link: Link
    checked: bool
    rows: int = 0
    orphan_rows: int = 0
    orphan_keys: int = 0
    examples: list[tuple[int, str, int]] = field(default_factory=list)  # row, key, rows
    note: str = ""
    missing: list[str] = field(default_factory=list)  # every orphan key


    @property
    def ok(self) -> bool:
        return not self.checked or self.orphan_rows == 0


def _descriptor_links(folder: Path) -> tuple[list[Link], str]:
    path = folder / "datapackage.json"
    if not path.is_file():
        return [], ""
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        links = []
        for resource in package.get("resources", []):
            name = resource.get("name")
            for fk in (resource.get("schema") or {}).get("foreignKeys", []) or []:
                fields = fk["fields"]
                ref = fk["reference"]
                ref_fields = ref["fields"]
                fields = [fields] if isinstance(fields, str) else fields
                ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
                links.append(Link(name, tuple(fields), ref.get("resource") or name,
                                  tuple(ref_fields)))
        return links, ""
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        return [], (f"The folder's datapackage.json could not be read ({err}); only the "
                    "course's own checks between tables were run.")


def links_for(folder: Path) -> tuple[list[Link], str]:
    """The course schema's foreign keys, plus those the folder's descriptor declares."""
    links = [Link(t.name, fk.fields, fk.resource, fk.reference)
             for t in TABLES for fk in t.foreign_keys]
    extra, note = _descriptor_links(folder)
    for link in extra:
        if link not in links and link.table in TABLES_BY_NAME \
                and link.ref_table in TABLES_BY_NAME:
            links.append(link)
    return links, note


def tallies_for(links: list[Link]) -> dict[tuple[str, tuple[str, ...]], KeyTally]:
    """One tally per (table, columns) that a link reads, shared between links."""
    out: dict[tuple[str, tuple[str, ...]], KeyTally] = {}
    for link in links:
        for table, columns in ((link.table, link.fields), (link.ref_table, link.ref_fields)):
            out.setdefault((table, columns), KeyTally(columns))
    return out


def check_link(link: Link, tallies: dict[tuple[str, tuple[str, ...]], KeyTally],
               present: set[str]) -> LinkResult:
    """Compare the codes of ``link.table`` with those of ``link.ref_table``."""
    for name in (link.table, link.ref_table):
        if name not in present:
            return LinkResult(link, False, note=f"not checked: there is no {name}.csv")
    here = tallies[(link.table, link.fields)]
    there = tallies[(link.ref_table, link.ref_fields)]
    for name, tally in ((link.table, here), (link.ref_table, there)):
        if not tally.readable:
            return LinkResult(link, False, note=f"not checked: {name}.csv lacks a column "
                              f"({', '.join(tally.columns)}) or could not be read")
    counts = here.counts
    orphans = counts[~counts.index.isin(there.counts.index)].sort_values("first")
    result = LinkResult(link, True, rows=int(counts["rows"].sum()),
                        orphan_rows=int(orphans["rows"].sum()), orphan_keys=len(orphans))
    result.missing = [str(k) for k in orphans.index]
    result.examples = [(int(r.first), str(k).replace("\x1f", ", "), int(r.rows))
                       for k, r in orphans.head(EXAMPLES_PER_RULE).iterrows()]
    return result


def link_problem(result: LinkResult) -> Problem:
    """The problem to add to the referring table's report (a summary of the orphans)."""
    link = result.link
    cols = ", ".join(link.fields)
    share = 100 * result.orphan_rows / result.rows if result.rows else 0
    examples = "; ".join(f'row {row}: "{key}"' + (f" ({n:,} rows)" if n > 1 else "")
                         for row, key, n in result.examples)
    more = result.orphan_keys - len(result.examples)
    message = (
        f"{result.orphan_rows:,} of {result.rows:,} rows ({share:.1f}%) have a {cols} that "
        f"is not in {link.ref_table}.csv: {result.orphan_keys:,} different "
        f"{'value' if result.orphan_keys == 1 else 'values'}. Rule: {link.rule()}. "
        f"First {'example' if len(result.examples) == 1 else 'examples'}: {examples}"
        + (f"; and {more:,} more values." if more > 0 else ".")
    )
    hint = (f"The course joins {link.table} to {link.ref_table} on {cols}: these rows would "
            f"be left out of every indicator. Add the missing entries to "
            f"{link.ref_table}.csv, or correct the codes in {link.table}.csv (look for "
            "codes that lost a leading zero, or that come from another year's register).")
    return Problem(message, hint, None, cols, None, "foreign-key")
