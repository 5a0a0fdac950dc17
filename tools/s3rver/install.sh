#!/usr/bin/env bash
# Installs the pinned S3-compatible test server (package-lock.json) into tools/s3rver/node_modules
# from the npm registry. Idempotent and safe to run from two shells at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../npm_pinned_install.sh" "$here"
