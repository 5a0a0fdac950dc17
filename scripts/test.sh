#!/usr/bin/env bash
# Set-up command 2: install what is missing, build, start real PostgreSQL and Redis on loopback,
# and run the whole test suite with ctest. The suite runs on the sanitizer build (ASan + UBSan);
# MEGATRON_TEST_FLAVOURS="release sanitize" runs it on both.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/install-deps.sh"

services="$(mktemp -d /tmp/megatron-services-XXXXXX)"
trap '"$here/scripts/test-services.sh" stop "$services"' EXIT
"$here/scripts/test-services.sh" start "$services"
# shellcheck disable=SC1091
source "$services/env"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for flavour in ${MEGATRON_TEST_FLAVOURS:-sanitize}; do
  "$here/scripts/build.sh" "$flavour"
  echo "== tests on the $flavour build =="
  (cd "$here/build/$flavour" && ctest --output-on-failure -j "$(nproc)" --timeout 600) || status=$?
done
exit $status
