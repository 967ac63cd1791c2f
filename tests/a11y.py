"""axe-core (bundled by axe-playwright-python) for the accessibility tests: WCAG 2.0 and 2.1,
levels A and AA, and a check that every picture has a text alternative."""

import pytest

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PLACEHOLDER = "No description has been provided for this image"   # nbconvert's stand-in

# Every img, svg and canvas with no text alternative: no (or nbconvert's placeholder) alt,
# an svg without a name that is not hidden or inside a named image, a canvas without a name.
UNNAMED_PICTURES = """(root) => {
  const scope = root ? document.querySelectorAll(root) : [document.body];
  const named = (e) => (e.getAttribute("aria-label") || "").trim() ||
    e.getAttribute("aria-labelledby") || (e.querySelector(":scope > title") || {}).textContent;
  const hidden = (e) => e.closest("[aria-hidden=true]");
  const out = [];
  for (const box of scope) {
    for (const e of box.querySelectorAll("img, svg, canvas")) {
      if (hidden(e)) continue;
      if (e.tagName === "IMG") {
        const alt = e.getAttribute("alt");
        if (alt === null || (alt.trim() === "" && e.getAttribute("role") !== "presentation")
            || alt.startsWith("No description")) out.push("img " + (alt || "(no alt)"));
      } else if (e.tagName.toLowerCase() === "svg") {
        if (!named(e) && !e.parentElement.closest("svg, [role=img]")) out.push("svg");
      } else if (!named(e)) {
        out.push("canvas");
      }
    }
  }
  return out;
}"""


def axe_violations(page, include=None):
    """axe's WCAG A/AA violations on the page (or inside the CSS selectors `include`), as
    ["rule-id: n nodes (first target)", ...]."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                     reason="pip install axe-playwright-python")
    context = {"include": [[selector] for selector in include]} if include else None
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    result = axe_module.Axe().run(page, context=context, options=options)
    return [f"{v['id']}: {len(v['nodes'])} nodes ({v['nodes'][0]['target']}) {v['help']}"
            for v in result.response["violations"]]


def unnamed_pictures(page, root=None):
    return page.evaluate(UNNAMED_PICTURES, root)
