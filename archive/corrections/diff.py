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
