#!/usr/bin/env bash
# Set-up command 1: install what is missing, build in release mode, run `megatron serve` on the
# embedded default (SQLite file megatron.db in the current directory, no Redis, port 8002).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" release megatron
exec "$here/build/release/src/cli/megatron" serve "$@"
