#!/usr/bin/env bash
# Installs the pinned browser-automation library puppeteer-core (package-lock.json) into
# tools/puppeteer/node_modules from the npm registry. It downloads no browser: the Firefox
# browser test drives Debian's firefox-esr over WebDriver BiDi. Idempotent and safe to run from
# two shells at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../npm_pinned_install.sh" "$here"
