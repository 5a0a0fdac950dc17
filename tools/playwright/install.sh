#!/usr/bin/env bash
# Installs the pinned browser-automation library playwright-core (package-lock.json) into
# tools/playwright/node_modules from the npm registry. It downloads no browser: the tests drive
# Debian's chromium. Idempotent and safe to run from two shells at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../npm_pinned_install.sh" "$here"
