// Draws one step of a cnnlib scene (see cnnlib/plot/scenes.py) as SVG inside `root`.
// Shared by the live widget (cnnlib.widgets) and the exported animation (cnnlib.animate),
// so both show exactly the picture matplotlib draws for the slides.
function cnnlibDrawScene(root, scene, step) {
  const NS = "http://www.w3.org/2000/svg";
  // Layout in cell units, computed in Python (plot/scenes.py): the title band is
  // already in the panels' y, the caption band at the bottom of scene.height.
  const TITLE_LINE = 0.8, CAPTION_LINE = 0.7;
  const width = Math.max(scene.width, 6) + 0.2, height = scene.height;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `-0.1 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.style.width = "100%";
  svg.style.maxWidth = `${Math.round(width * 44)}px`;
  svg.style.maxHeight = "72vh";       // big settings still fit a projector's screen
  svg.style.fontFamily = "DejaVu Sans, Verdana, sans-serif";
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.appendChild(el);
    return el;
  };
  const defs = add("defs", {});
  const pattern = document.createElementNS(NS, "pattern");
  for (const [k, v] of Object.entries({id: "cnnlib-hatch", width: 0.25, height: 0.25,
       patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"})) pattern.setAttribute(k, v);
  const stroke = document.createElementNS(NS, "line");
  for (const [k, v] of Object.entries({x1: 0, y1: 0, x2: 0, y2: 0.25, stroke: "#b0b0b0",
       "stroke-width": 0.05})) stroke.setAttribute(k, v);
  pattern.appendChild(stroke);
  defs.appendChild(pattern);

  const current = scene.steps.length ? scene.steps[step] : {caption: "", cells: [], marks: []};
  const cells = scene.panels.map((p) => p.cells.map((c) => c.slice()));
  for (const [p, r, c, text, colour] of current.cells) {
    const cell = cells[p][r * scene.panels[p].cols + c];
    cell[0] = text;
    cell[1] = colour;
  }
  const lines = (parent, text, x, y, step) => text.split("\n").forEach((line, i) => {
    const span = document.createElementNS(NS, "tspan");
    span.setAttribute("x", x);
    span.setAttribute("y", y + i * step);
    span.textContent = line;
    parent.appendChild(span);
  });
  lines(add("text", {"font-size": 0.5, "text-anchor": "middle"}), scene.title,
        width / 2 - 0.1, 0.75, TITLE_LINE);
  scene.panels.forEach((panel, p) => {
    const ox = panel.x, oy = panel.y;
    add("text", {x: ox, y: oy - 0.25, "font-size": 0.45}, panel.title);
    cells[p].forEach(([text, colour, style], i) => {
      const x = ox + (i % panel.cols), y = oy + Math.floor(i / panel.cols);
      add("rect", {x, y, width: 1, height: 1, fill: colour, stroke: "#9e9e9e",
                   "stroke-width": 0.03});
      if (style === "pad") add("rect", {x, y, width: 1, height: 1, fill: "url(#cnnlib-hatch)"});
      add("text", {x: x + 0.5, y: y + 0.66, "font-size": 0.45, "text-anchor": "middle",
                   fill: style ? "#5f6368" : "#000", "font-style": style ? "italic" : "normal"},
          text);
    });
  });
  for (const [p, r, c, colour] of current.marks) {
    const panel = scene.panels[p];
    add("rect", {x: panel.x + c + 0.07, y: panel.y + r + 0.07, width: 0.86,
                 height: 0.86, fill: "none", stroke: colour, "stroke-width": 0.1});
  }
  const captionTop = height - CAPTION_LINE * (scene.caption_lines || 1) - 0.15;
  lines(add("text", {"font-size": 0.45}), current.caption, 0, captionTop + 0.5, CAPTION_LINE);
  root.replaceChildren(svg);
}
