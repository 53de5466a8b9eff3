"""Character-level differences that read well for Chinese.

Chinese has no spaces, so word diffs are useless; a raw character diff is noisy (one changed
character between two identical ones splits a run). We diff characters with difflib and then
merge tiny equal islands into the surrounding change so the result reads as whole phrases.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

Operation = Literal["equal", "insert", "delete"]

# Equal stretches this short between two changes are folded into the change (read as a phrase).
_ISLAND = 1


@dataclass(frozen=True)
class DiffRun:
    operation: Operation
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    runs: list[DiffRun]


def char_diff(old: str, new: str) -> list[DiffRun]:
    """Return runs that turn ``old`` into ``new``: joining the equal+delete runs gives ``old``,
    joining the equal+insert runs gives ``new``. Adjacent runs never share an operation, and a
    replacement is a delete run followed by an insert run."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[tuple[str, str, str]] = []  # (kind, old_text, new_text)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("equal", old[i1:i2], new[j1:j2]))
        else:
            raw.append(("change", old[i1:i2], new[j1:j2]))
    merged = _fold_islands(raw)
    runs: list[DiffRun] = []
    for kind, old_text, new_text in merged:
        if kind == "equal":
            _append(runs, "equal", old_text)
        else:
            _append(runs, "delete", old_text)
            _append(runs, "insert", new_text)
    return runs


def _fold_islands(raw: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Merge short equal stretches sandwiched between changes into one change."""
    result: list[tuple[str, str, str]] = []
    for index, (kind, old_text, new_text) in enumerate(raw):
        between_changes = 0 < index < len(raw) - 1 and len(old_text) <= _ISLAND
        if kind == "equal" and between_changes and old_text.strip():
            kind = "change"
        if kind == "change" and result and result[-1][0] == "change":
            _, previous_old, previous_new = result.pop()
            old_text, new_text = previous_old + old_text, previous_new + new_text
        result.append((kind, old_text, new_text))
    return result


def _append(runs: list[DiffRun], operation: Operation, text: str) -> None:
    if not text:
        return
    if runs and runs[-1].operation == operation:
        runs[-1] = DiffRun(operation, runs[-1].text + text)
    else:
        runs.append(DiffRun(operation, text))


def field_changes(
    old: dict, new: dict, labels: dict[str, str], *, whole: frozenset[str] = frozenset()
) -> list[FieldChange]:
    """Return one ``FieldChange`` per field in ``labels`` whose value differs between the two
    dicts (values compared as text), in the order of ``labels``. Fields in ``whole`` are
    shown as the old value deleted and the new one inserted, not diffed character by
    character."""
    changes = []
    for field, label in labels.items():
        before = "" if old.get(field) is None else str(old.get(field))
        after = "" if new.get(field) is None else str(new.get(field))
        if before == after:
            continue
        if field in whole:
            runs = [DiffRun("delete", before)] if before else []
            runs += [DiffRun("insert", after)] if after else []
        else:
            runs = char_diff(before, after)
        changes.append(FieldChange(field, label, before, after, runs))
    return changes


@dataclass(frozen=True)
class DiffRow:
    """One row of a compact diff: an unchanged ``context`` paragraph, a ``changed``
    paragraph (or group of paragraphs), or a ``gap`` of ``skipped`` unchanged paragraphs.
    ``change`` numbers the change a changed row belongs to, from 1 across the whole diff;
    ``first`` marks the first row of that change (where its anchor goes)."""

    kind: Literal["context", "changed", "gap"]
    runs: tuple[DiffRun, ...] = ()
    change: int = 0
    first: bool = False
    skipped: int = 0


@dataclass(frozen=True)
class DiffSection:
    label: str
    rows: tuple[DiffRow, ...]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def paragraph_rows(old: str, new: str, *, context: int = 1, first_change: int = 1) -> list[DiffRow]:
    """Return the rows showing how ``old`` became ``new`` paragraph by paragraph: each run of
    changed paragraphs is one change (character diff inside), with ``context`` unchanged
    paragraphs either side; longer unchanged stretches become one gap row. Changes are
    numbered from ``first_change``."""
    before, after = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    full: list[DiffRow] = []
    number = first_change
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            full.extend(DiffRow("context", (DiffRun("equal", p),)) for p in before[i1:i2])
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs = zip(before[i1:i2], after[j1:j2], strict=True)
            runs_list = [tuple(char_diff(a, b)) for a, b in pairs]
        else:
            runs_list = [tuple(char_diff("\n".join(before[i1:i2]), "\n".join(after[j1:j2])))]
        for index, runs in enumerate(runs_list):
            full.append(DiffRow("changed", runs, change=number, first=index == 0))
        number += 1
    near = {
        index + offset
        for index, row in enumerate(full)
        if row.kind == "changed"
        for offset in range(-context, context + 1)
    }
    rows: list[DiffRow] = []
    for index, row in enumerate(full):
        if row.kind == "changed" or index in near:
            rows.append(row)
        elif rows and rows[-1].kind == "gap":
            rows[-1] = DiffRow("gap", skipped=rows[-1].skipped + 1)
        else:
            rows.append(DiffRow("gap", skipped=1))
    return rows


def compact_sections(
    changes: list[FieldChange], *, context: int = 1
) -> tuple[list[DiffSection], int]:
    """Return one section per changed field, showing only what changed (paragraph rows with
    ``context`` for multi-paragraph texts, the whole value for short fields), and the number
    of changes, numbered across all sections."""
    sections: list[DiffSection] = []
    number = 1
    for change in changes:
        if len(_paragraphs(change.old)) > 1 or len(_paragraphs(change.new)) > 1:
            rows = paragraph_rows(change.old, change.new, context=context, first_change=number)
        else:
            rows = [DiffRow("changed", tuple(change.runs), change=number, first=True)]
        number = max([number - 1, *(row.change for row in rows)]) + 1
        sections.append(DiffSection(change.label, tuple(rows)))
    return sections, number - 1
