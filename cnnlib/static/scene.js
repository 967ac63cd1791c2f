// Draws one step of a cnnlib scene (see cnnlib/plot/scenes.py) as SVG inside `root`.
// Shared by the live widget (cnnlib.widgets) and the exported animation (cnnlib.animate),
// so both show exactly the picture matplotlib draws for the slides.
// cnnlibSpoken and cnnlibTables give the same step as words and as tables, for screen
// readers (a live region) and for anyone who wants the numbers one by one.

// One key scheme for every player of a scene (the live explorer and the site's animation):
// what steps, by how much, and the words that say so to a screen reader.
const CNNLIB_STEP_KEYS = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1};
const CNNLIB_KEYS_HELP = "Keys on the picture: left and right arrows or Page Up and Page " +
  "Down step, Home and End go to the first and last step, Space plays and pauses.";

// Layout in cell units, computed in Python (plot/scenes.py): the title band is already
// in the panels' y, the caption band at the bottom of scene.height.
const CNNLIB_TITLE_LINE = 0.8, CNNLIB_CAPTION_LINE = 0.72;

// DejaVu Sans advance widths (em) of what cells hold, to keep every number inside its cell.
function cnnlibTextWidth(text, size) {
  let em = 0;
  for (const ch of text) em += /[0-9]/.test(ch) ? 0.636 : ch === "." ? 0.318 : ch === "-" ? 0.361 : 0.6;
  return em * size;
}

// The cells of every panel at `step`: [text, fill, style] each, and the step's marks.
function cnnlibCells(scene, step) {
  const current = scene.steps.length ? scene.steps[step] : {caption: "", cells: [], marks: []};
  const cells = scene.panels.map((p) => p.cells.map((c) => c.slice()));
  for (const [p, r, c, text, colour] of current.cells) {
    const cell = cells[p][r * scene.panels[p].cols + c];
    cell[0] = text;
    cell[1] = colour;
  }
  return {current, cells};
}

function cnnlibDrawScene(root, scene, step) {
  const NS = "http://www.w3.org/2000/svg";
  const fonts = scene.fonts || {number: 0.45, text: 0.45};
  const ink = scene.text || {cell: "#000", styled: "#202124", halo: "#fff"};
  const width = Math.max(scene.width, 6) + 0.2, height = scene.height;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `-0.1 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  const count = Math.max(scene.steps.length, 1);
  svg.setAttribute("aria-label", `${scene.title.replace(/\n/g, " ")}: picture of step ${step + 1} of ${count}`);
  svg.style.width = "100%";
  // Cells of at most 44 px, and small enough that the picture stays within 490 px of height
  // (a 1280x720 projector); scenes.FIT_HEIGHT keeps them at 29 px or more there.
  svg.style.maxWidth = `${Math.round(width * Math.min(44, 490 / height))}px`;
  svg.style.maxHeight = "calc(100vh - 190px)";   // a small window: smaller, never cut
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
  for (const [k, v] of Object.entries({x1: 0, y1: 0, x2: 0, y2: 0.25, stroke: "#d0d0d0",
       "stroke-width": 0.05})) stroke.setAttribute(k, v);
  pattern.appendChild(stroke);
  defs.appendChild(pattern);

  const {current, cells} = cnnlibCells(scene, step);
  const lines = (parent, text, x, y, step) => text.split("\n").forEach((line, i) => {
    const span = document.createElementNS(NS, "tspan");
    span.setAttribute("x", x);
    span.setAttribute("y", y + i * step);
    span.textContent = line;
    parent.appendChild(span);
  });
  lines(add("text", {"font-size": fonts.text, "text-anchor": "middle", class: "scene-title"}),
        scene.title, width / 2 - 0.1, 0.75, CNNLIB_TITLE_LINE);
  scene.panels.forEach((panel, p) => {
    const ox = panel.x, oy = panel.y;
    add("text", {x: ox, y: oy - 0.25, "font-size": fonts.text, class: "panel-title"}, panel.title);
    cells[p].forEach(([text, colour, style], i) => {
      const x = ox + (i % panel.cols), y = oy + Math.floor(i / panel.cols);
      add("rect", {x, y, width: 1, height: 1, fill: colour, stroke: "#9e9e9e",
                   "stroke-width": 0.03});
      if (style === "pad") add("rect", {x, y, width: 1, height: 1, fill: "url(#cnnlib-hatch)"});
      const attrs = {x: x + 0.5, y: y + 0.5 + 0.36 * fonts.number, "font-size": fonts.number,
                     "text-anchor": "middle", class: "cell-text",
                     fill: style ? ink.styled : ink.cell, "font-style": style ? "italic" : "normal"};
      if (cnnlibTextWidth(text, fonts.number) > 0.88) {   // squeeze, never overflow the cell
        attrs.textLength = 0.88;
        attrs.lengthAdjust = "spacingAndGlyphs";
      }
      add("text", attrs, text);
    });
  });
  // Each outline twice: a white halo (>= 3:1 on any fill), then its colour, dashed for
  // "read", solid for "written", dotted for the winner: never colour alone.
  const DASHES = {dashed: "0.22 0.12", dotted: "0.06 0.1", solid: "none"};
  for (const [p, r, c, colour] of current.marks) {
    const panel = scene.panels[p];
    const box = {x: panel.x + c + 0.07, y: panel.y + r + 0.07, width: 0.86, height: 0.86,
                 fill: "none"};
    const dash = (scene.dashes || {})[colour] || "solid";
    add("rect", {...box, stroke: ink.halo, "stroke-width": 0.2});
    add("rect", {...box, stroke: colour, "stroke-width": 0.1, "stroke-dasharray": DASHES[dash],
                 "stroke-linecap": dash === "dotted" ? "round" : "butt"});
  }
  const captionTop = height - CNNLIB_CAPTION_LINE * (scene.caption_lines || 1) - 0.15;
  lines(add("text", {"font-size": fonts.text, class: "caption"}), current.caption, 0,
        captionTop + 0.5, CNNLIB_CAPTION_LINE);
  root.replaceChildren(svg);
}

// The step's caption as one sentence to be read aloud: "step 3 of 9: y[0, 2] = ...".
function cnnlibSpoken(scene, step) {
  if (!scene.steps.length) return scene.title.replace(/\n/g, " ");
  return scene.steps[step].caption.replace(/\n/g, " ")
    .replace(/^step (\d+)\/(\d+)/, "step $1 of $2").replace(/-(?=\d|\.)/g, "−");
}

// Every panel at `step` as an HTML table (row and column numbers as headers); a cell that
// the step outlines says so in words ("read", "written", "winner"), not by colour.
function cnnlibTables(scene, step) {
  const {current, cells} = cnnlibCells(scene, step);
  const words = scene.legend || {};
  const marked = new Map();
  for (const [p, r, c, colour] of current.marks) {
    const key = `${p},${r},${c}`;
    marked.set(key, [...(marked.get(key) || []), words[colour] || "marked"]);
  }
  const box = document.createElement("div");
  scene.panels.forEach((panel, p) => {
    const table = document.createElement("table");
    table.className = "cnnlib-grid";
    const caption = document.createElement("caption");
    caption.textContent = panel.title;
    table.appendChild(caption);
    const head = table.insertRow();
    head.appendChild(document.createElement("td"));
    for (let c = 0; c < panel.cols; c++) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = `column ${c}`;
      head.appendChild(th);
    }
    for (let r = 0; r < panel.rows; r++) {
      const row = table.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = `row ${r}`;
      row.appendChild(th);
      for (let c = 0; c < panel.cols; c++) {
        const [text, , style] = cells[p][r * panel.cols + c];
        const notes = [...(style === "pad" ? ["padding"] : style === "unread" ? ["never read"] : []),
                       ...(marked.get(`${p},${r},${c}`) || [])];
        row.insertCell().textContent = (text || "empty") + (notes.length ? ` (${notes.join(", ")})` : "");
      }
    }
    box.appendChild(table);
  });
  return box;
}
