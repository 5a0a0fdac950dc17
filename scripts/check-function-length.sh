#!/usr/bin/env bash
# Fails when a function in src/ is longer than 80 lines (universal-ctags finds where each
# function starts and ends). The only exceptions are declarative tables (routes, CLI
# definitions), listed in docs/architecture.md as `src/<file>:<function>` under
# "Long functions"; the test suite runs this (ctest: function_length).
#   scripts/check-function-length.sh [max-lines]
set -euo pipefail
cd "$(dirname "$0")/.."
max="${1:-80}"
if ! ctags --version 2>/dev/null | grep -q "Universal Ctags"; then
  echo "check-function-length: universal-ctags is missing (scripts/install-deps.sh installs it)" >&2
  exit 2
fi
# The allowed exceptions: `src/...:name` entries of the "Long functions" section.
allowed=$(sed -n '/^## Long functions/,/^## /p' docs/architecture.md |
          grep -o '`src/[^`]*:[A-Za-z_0-9]*`' | tr -d '`' || true)
too_long=$(find src -name '*.cpp' -o -name '*.hpp' | sort |
  xargs ctags -f - --languages=C++ --kinds-C++=f --fields=+ne --extras=-q --output-format=u-ctags |
  awk -F'\t' -v max="$max" '{
      start = ""; end = "";
      for (i = 4; i <= NF; i++) {
        if ($i ~ /^line:/) start = substr($i, 6);
        if ($i ~ /^end:/) end = substr($i, 5);
      }
      if (start != "" && end != "" && end - start + 1 > max)
        printf "%s:%s %d lines (line %s)\n", $2, $1, end - start + 1, start;
    }')
status=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  name="${line%% *}"
  if grep -qxF "$name" <<<"$allowed"; then continue; fi
  echo "too long: $line (split it, or name it in docs/architecture.md if it is a table)" >&2
  status=1
done <<<"$too_long"
[ $status -eq 0 ] && echo "check-function-length: no function in src/ is longer than $max lines"
exit $status
