#!/usr/bin/env bash
# System packages Bairn needs, installed through apt-get only when missing.
#
#   scripts/system-deps.sh          everything the test suite needs:
#                                     - PostgreSQL server binaries (initdb, pg_ctl): the suite starts
#                                       its own throw-away server (scripts/run-tests.sh);
#                                     - Chromium (/usr/bin/chromium) and a font set (Liberation,
#                                       which the PDF reports are also set in), driven by
#                                       Playwright for the browser tests (never a downloaded browser);
#                                     - Node.js and npm, which build the web assets;
#                                     - Pango (WeasyPrint draws the programme reviews' PDF with it) and
#                                       poppler-utils (pdftotext and pdftoppm read the PDFs back in
#                                       the report tests).
#   scripts/system-deps.sh --node   only Node.js and npm (what `make install` needs for the assets).
#
# Nothing is installed when everything is already there, so the check is cheap to repeat.
set -euo pipefail

only_node=0
[ "${1:-}" = "--node" ] && only_node=1

need=()
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ "$only_node" -eq 0 ]; then
  pg_bin=""
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_bin="$(pg_config --bindir)"
  fi
  if [ -z "$pg_bin" ]; then
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # Screenshots need real glyphs; Chromium's own dependencies bring no fonts.
  if ! fc-list 2>/dev/null | grep -qi "liberation"; then
    need+=(fonts-liberation)
  fi
  if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
    need+=(libpango-1.0-0 libpangoft2-1.0-0)
  fi
  command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    || need+=(poppler-utils)
fi

if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi

echo "Installing system packages: ${need[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "These system packages are missing: ${need[*]}. Install them (apt-get install" \
      "${need[*]}) as root, then run this again." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Installing the postgresql package must not start a system-wide server: the suite runs its own.
policy_added=0
if [[ " ${need[*]} " == *" postgresql "* ]] && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  policy_added=1
fi
status=0
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || status=$?
if [ "$policy_added" -eq 1 ]; then
  $sudo rm -f /usr/sbin/policy-rc.d
fi
exit "$status"
