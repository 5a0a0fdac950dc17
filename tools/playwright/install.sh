#!/usr/bin/env bash
# Installs the pinned browser-automation library playwright-core (package-lock.json) into
# tools/playwright/node_modules from the npm registry. It downloads no browser: the tests drive
# Debian's chromium. Idempotent and safe to run from two shells at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$here/node_modules/.megatron-installed-lock"
exec 9>"$here/.install.lock"
flock 9
cmp -s "$here/package-lock.json" "$stamp" 2>/dev/null && exit 0
command -v npm >/dev/null || { echo "npm is missing: run scripts/install-deps.sh" >&2; exit 1; }
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
cp "$here/package-lock.json" "$stamp"
