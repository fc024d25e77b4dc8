"""Accessibility checks in a real page: axe-core run inside Chromium, and a walk of the Tab order.

- `axe_violations(page)`: injects the vendored axe-core (omotenashi/testing/vendor/) and runs
  the WCAG 2.0/2.1/2.2 A and AA rules plus axe's best practices over the whole page; returns
  the violations (an empty list when the page passes). Colour contrast is computed on the
  page as rendered, so it covers the real stylesheet.
- `tab_walk(page)`: presses Tab from the top of the page and records every stop: what it is,
  whether it is visible on screen, and whether a focus indicator is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core over the page as it is now; its violations (rule, impact, nodes)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                               resultTypes: ["violations"]});
            return {violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "),
                                          summary: n.failureSummary}))}))};
        }""",
        AXE_TAGS,
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list of violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:6]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


@dataclass(frozen=True)
class TabStop:
    description: str  # tag#id.class "text", enough to find it
    in_viewport: bool  # scrolled into view and not clipped away (a skip link shows itself)
    indicator: bool  # an outline or box-shadow is drawn around it while focused
    order: int  # position of the element in document order


_STOP_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const all = Array.from(document.querySelectorAll("*"));
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  const label = el.innerText || el.value || el.getAttribute("aria-label") || "";
  const text = label.trim().slice(0, 40);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  const classes = typeof el.className === "string" && el.className.trim()
    ? "." + el.className.trim().split(/\\s+/).join(".") : "";
  return {
    description: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes +
      (text ? ' "' + text + '"' : ""),
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
      r.top < window.innerHeight && r.left < window.innerWidth,
    indicator: outline || shadow,
    order: all.indexOf(el),
  };
}"""


def tab_walk(page: Page, *, limit: int = 80) -> list[TabStop]:
    """Tab from the top of the document until focus leaves it or comes round; every stop."""
    # Let the browser run the page's `autofocus` first: Chromium applies it at a rendering
    # step after load, so on a busy machine it could land after the reset below and move
    # the starting point to the autofocused field (two frames: the step has run).
    page.wait_for_load_state("load")
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    # Start from the top, as on arrival: focusing the body moves the sequential navigation
    # starting point there (a mere blur() would leave it after an autofocused field).
    page.evaluate("""() => {
        window.scrollTo(0, 0);
        document.body.setAttribute("tabindex", "-1");
        document.body.focus();
        document.body.removeAttribute("tabindex");
    }""")
    stops: list[TabStop] = []
    seen: set[int] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(_STOP_JS)
        if info is None or info["order"] in seen:
            break
        seen.add(info["order"])
        stops.append(
            TabStop(info["description"], info["inViewport"], info["indicator"], info["order"])
        )
    return stops
