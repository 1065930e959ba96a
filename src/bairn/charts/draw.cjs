// Bairn's chart renderer: Vega-Lite specs in, SVG out, for bairn.charts.render (one Node.js
// process per Python process, kept running). Vega and Vega-Lite are the bundles vendored by
// scripts/build-assets.sh; nothing is fetched.
//
// Protocol, one JSON document per line:
//   start  -> {"ready": {"vega": "6.2.0", "vega-lite": "6.4.3"}}    (or {"error": "..."})
//   {"spec": {...}}  -> {"svg": "<svg ...>", "again": false}  or  {"error": "..."}
//   ("again": drawn from the kept parse of a chart of the same shape, below)
//
// Vega lays a chart out around its text, so it must measure strings in the chart's font. In a
// browser it asks a canvas; here it asks Liberation Sans's advance widths and kerning
// (data/liberation-sans.json), as vl-convert does with the font itself.
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const vm = require("vm");

const HERE = __dirname;
const VENDOR = path.join(HERE, "vendor");

function reply(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function textWidth() {
  const metrics = JSON.parse(fs.readFileSync(path.join(HERE, "data", "liberation-sans.json")));
  const perEm = metrics.units_per_em;
  const faces = {};
  for (const [weight, widths] of Object.entries(metrics.faces)) {
    const advances = new Map();
    for (const [code, advance] of Object.entries(widths)) advances.set(Number(code), advance);
    const kerning = new Map(Object.entries(metrics.kerning[weight] || {}));
    // A character the font lacks is drawn by a fallback font: count it as wide as an "n".
    faces[weight] = { advances, kerning, missing: advances.get(0x6e) };
  }
  const BOLD = /^(bold|bolder|[6-9]00)$/;
  // SVG text shows a run of spaces as one space and none at either end (xml:space="default"):
  // measure what is shown.
  const SPACES = /[ \t\n\r]+/g;
  const ENDS = /^ | $/g;
  return function width(item, line) {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11; // Vega's default size
    // (String.trim would also take a no-break space off the ends, which SVG keeps.)
    const text = line == null ? "" : String(line).replace(SPACES, " ").replace(ENDS, "");
    if (size <= 0 || !text) return 0;
    const face = BOLD.test(String(item.fontWeight)) ? faces.bold : faces.regular;
    let units = 0;
    let previous = "";
    for (const char of text) {
      const advance = face.advances.get(char.codePointAt(0));
      units += advance === undefined ? face.missing : advance;
      units += face.kerning.get(previous + char) || 0;
      previous = char;
    }
    const measured = (units * size) / perEm;
    // Text longer than its limit is cut (with an ellipsis) to fit; it takes the limit's room.
    return item.limit > 0 ? Math.min(measured, item.limit) : measured;
  };
}

function loadVega() {
  for (const bundle of ["vega.min.js", "vega-lite.min.js"]) {
    const file = path.join(VENDOR, bundle);
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
  globalThis.vega.textMetrics.width = textWidth();
  return { vega: globalThis.vega, vegaLite: globalThis.vegaLite };
}

// A chart whose data comes in named datasets (Vega-Lite's top-level `datasets`) is compiled and
// parsed once for its shape: the next chart that differs only in those datasets, its title or
// its description (the same funnel plot with another area marked; the same SPC chart for another
// area) starts a new view from the kept parse, with its own data and title. Each chart still
// gets a fresh view, so its SVG is what a fresh compile draws, byte for byte (a view kept and
// given new data would order some items by history, e.g. axis ticks; tests/charts).
const KEPT = 64;
const TITLE = "bairn_title"; // the signal a kept chart's title is drawn from

function variable(spec) {
  if (!spec.datasets || typeof spec.datasets !== "object" || spec.params) return null;
  const title = spec.title;
  let text = null;
  let drawn = title;
  if (typeof title === "string" && title) {
    text = title;
    drawn = { text: { expr: TITLE } };
  } else if (title && typeof title === "object" && typeof title.text === "string" && title.text) {
    text = title.text;
    drawn = { ...title, text: { expr: TITLE } };
  }
  const empty = Object.fromEntries(Object.keys(spec.datasets).map((name) => [name, []]));
  const shape = { ...spec, title: drawn, description: null, datasets: empty };
  if (text !== null) shape.params = [{ name: TITLE, value: "" }];
  return { shape, key: JSON.stringify(shape), text };
}

function parsedFor(vega, vegaLite, varying, parsed) {
  let runtime = parsed.get(varying.key);
  const again = runtime !== undefined;
  if (again) {
    parsed.delete(varying.key); // most recently used last
  } else {
    runtime = vega.parse(vegaLite.compile(varying.shape).spec);
    if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value);
  }
  parsed.set(varying.key, runtime);
  return { runtime, again };
}

async function draw(vega, vegaLite, spec, parsed) {
  const varying = variable(spec);
  let runtime;
  let again = false;
  if (varying === null) {
    runtime = vega.parse(vegaLite.compile(spec).spec);
  } else {
    ({ runtime, again } = parsedFor(vega, vegaLite, varying, parsed));
  }
  const view = new vega.View(runtime, { renderer: "none", logLevel: vega.Error });
  try {
    if (varying !== null) {
      for (const [name, values] of Object.entries(spec.datasets)) view.data(name, values);
      if (varying.text !== null) view.signal(TITLE, varying.text);
    }
    await view.runAsync();
    vega.resetSVGDefIds(); // each chart numbers its clip paths from 1, whatever came before
    return { svg: await view.toSVG(), again };
  } finally {
    view.finalize();
  }
}

function firstLine(error) {
  return String((error && error.message) || error).split("\n")[0];
}

function main() {
  let vega, vegaLite;
  try {
    ({ vega, vegaLite } = loadVega());
  } catch (error) {
    reply({ error: `the Vega bundles could not be loaded (${firstLine(error)})` });
    process.exit(1);
  }
  reply({ ready: { vega: vega.version, "vega-lite": vegaLite.version } });
  const parsed = new Map(); // Vega's parse of each chart shape drawn lately
  // One request at a time, in order: the Python side waits for each answer.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    queue = queue.then(async () => {
      try {
        const { spec } = JSON.parse(line);
        reply(await draw(vega, vegaLite, spec, parsed));
      } catch (error) {
        reply({ error: firstLine(error) });
      }
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
}

main();
