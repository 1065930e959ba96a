#!/usr/bin/env bash
# System packages the test suite needs, installed through apt when missing.
# (PostgreSQL and Chromium arrive with the web application; nothing is required yet.)
set -euo pipefail
exit 0
