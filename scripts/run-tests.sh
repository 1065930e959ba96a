#!/usr/bin/env bash
# Run the whole suite. Services the tests need are started here and stopped on exit.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artefacts
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests; Bairn treats that as a failure." >&2
  exit 1
fi
exit "$status"
