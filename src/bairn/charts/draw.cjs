// Bairn's chart renderer: Vega-Lite specs in, SVG out, for bairn.charts.render (one Node.js
// process per Python process, kept running). Vega and Vega-Lite are the bundles vendored by
// scripts/build-assets.sh; nothing is fetched.
//
// Protocol, one JSON document per line:
//   start  -> {"ready": {"vega": "6.2.0", "vega-lite": "6.4.3"}}    (or {"error": "..."})
//   {"spec": {...}}  -> {"svg": "<svg ...>"}  or  {"error": "..."}
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

async function draw(vega, vegaLite, spec) {
  vega.resetSVGDefIds(); // each chart numbers its clip paths from 1, whatever came before
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
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
  // One request at a time, in order: the Python side waits for each answer.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    queue = queue.then(async () => {
      try {
        const { spec } = JSON.parse(line);
        reply({ svg: await draw(vega, vegaLite, spec) });
      } catch (error) {
        reply({ error: firstLine(error) });
      }
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
}

main();
