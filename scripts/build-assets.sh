#!/usr/bin/env bash
# Build the vendored assets from package-lock.json: the Scottish Government Design System (CSS,
# JavaScript, icons) and htmx, copied into the Django static folder
# src/bairn/web/core/static/vendor/, and the Vega and Vega-Lite bundles that draw the charts on
# the server (src/bairn/charts/draw.cjs) into src/bairn/charts/vendor/ (both git-ignored).
# axe-core stays in node_modules for the browser tests. Run by `make install` /
# `make install-dev`; nothing is fetched when Bairn runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to build the web assets: run scripts/system-deps.sh --node (or install Node.js)." >&2
  exit 1
fi

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

out=src/bairn/web/core/static/vendor
sgds=node_modules/@scottish-government/design-system/dist
find "$out" -mindepth 1 ! -name .gitignore -delete 2>/dev/null || true
mkdir -p "$out/sgds/css" "$out/sgds/scripts" "$out/sgds/images/icons" "$out/htmx"
cp "$sgds/css/design-system.min.css" "$sgds/css/design-system.min.css.map" "$out/sgds/css/"
cp "$sgds/scripts/design-system.js" "$out/sgds/scripts/"
cp "$sgds/images/icons/icons.stack.svg" "$out/sgds/images/icons/"
cp node_modules/@scottish-government/design-system/LICENSE.txt "$out/sgds/LICENSE.txt"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/htmx.org/LICENSE "$out/htmx/LICENSE.txt"
node -e 'const v = (p) => require(p + "/package.json").version;
  console.log(JSON.stringify({"@scottish-government/design-system": v("@scottish-government/design-system"), "htmx.org": v("htmx.org")}))' \
  > "$out/versions.json"

charts=src/bairn/charts/vendor
find "$charts" -mindepth 1 ! -name .gitignore -delete 2>/dev/null || true
mkdir -p "$charts"
cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js "$charts/"
cp node_modules/vega/LICENSE "$charts/LICENSE-vega.txt"
cp node_modules/vega-lite/LICENSE "$charts/LICENSE-vega-lite.txt"

touch "$out/.built"
echo "Web assets built into $out; chart renderer's Vega into $charts." >&2
