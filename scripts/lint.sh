#!/usr/bin/env bash
# Style checks: clang-format (must be clean) and clang-tidy (the repo's .clang-tidy) over the
# project's own sources. Slow (clang-tidy parses Boost for every file), so not part of the test
# command; run it before a commit that touches many files.
#   scripts/lint.sh            format check + clang-tidy on every file
#   scripts/lint.sh --format   format check only
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tools/*.cpp' 'tools/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp')
status=0
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "clang-format: run clang-format -i on the files above" >&2
  status=1
fi
[ "${1:-}" = "--format" ] && exit $status
[ -f build/sanitize/compile_commands.json ] || scripts/build.sh sanitize
mapfile -t sources < <(printf '%s\n' "${files[@]}" | grep -E '^(src|tools)/.*\.cpp$')
if ! clang-tidy -p build/sanitize --quiet "${sources[@]}" 2>/dev/null | grep -E "warning:|error:"; then
  echo "clang-tidy: clean"
else
  status=1
fi
exit $status
