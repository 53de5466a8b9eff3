"""Accessibility checks for browser tests: axe-core (Deque's rules engine, the npm package
pinned in scripts/install-axe.sh) injected into the page under test.

    from tests.a11y import assert_no_serious_violations
    assert_no_serious_violations(page)
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent.parent / ".browser-tools/node_modules/axe-core/axe.min.js"
SERIOUS = ("serious", "critical")

_RUN_AXE = """async (selector) => {
  const context = selector ? { include: [selector] } : document;
  const result = await axe.run(context, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def axe_violations(page, selector: str | None = None) -> list[dict]:
    """Return axe-core's violations on ``page`` (within ``selector`` if given), each with
    ``id``, ``impact``, ``help`` and up to five failing ``nodes``."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} not found: run `make browser` (scripts/install-axe.sh)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN_AXE, selector)


def assert_no_serious_violations(page, selector: str | None = None) -> None:
    """Fail listing every serious or critical axe-core violation on ``page``."""
    serious = [v for v in axe_violations(page, selector) if v["impact"] in SERIOUS]
    assert not serious, "axe-core: " + "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in serious
    )
