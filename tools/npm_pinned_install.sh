#!/usr/bin/env bash
# Installs the npm packages pinned by DIR/package-lock.json into DIR/node_modules from the npm
# registry (`npm ci`), unless that lock file is already installed there. Idempotent and safe to
# run from two shells at once. tools/s3rver, tools/playwright and tools/puppeteer install
# through it.
#   tools/npm_pinned_install.sh DIR
set -euo pipefail
here="$(cd "${1:?usage: npm_pinned_install.sh DIR}" && pwd)"
stamp="$here/node_modules/.megatron-installed-lock"
exec 9>"$here/.install.lock"
flock 9
cmp -s "$here/package-lock.json" "$stamp" 2>/dev/null && exit 0
command -v npm >/dev/null || { echo "npm is missing: run scripts/install-deps.sh" >&2; exit 1; }
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
cp "$here/package-lock.json" "$stamp"
