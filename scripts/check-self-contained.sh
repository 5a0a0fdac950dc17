#!/usr/bin/env bash
# Fails when a tracked file refers to something outside the checkout: a folder beside the
# repository (the old sibling "shared" folder) or an absolute path under a machine's own
# top-level folders (work, home, root, Users, mnt, media). A fresh clone must test on its own.
# System paths (/usr/, /etc/, /tmp/, /dev/, /proc/ ...) and URL paths are not matched: the
# path must start a word (not follow a letter, digit, '.', '/', ':' or '-').
# bench/results holds recorded runs, kept as they were printed.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\.\./shared|(^|[^A-Za-z0-9_.:/~-])/(work|home|root|Users|mnt|media)/'
status=0
git grep -nIE "$pattern" -- . ':!bench/results' >&2 || status=$?
case "$status" in
  0) echo "check-self-contained: the lines above refer to paths outside the repository" >&2
     exit 1 ;;
  1) echo "check-self-contained: no tracked file refers outside the repository" ;;
  *) echo "check-self-contained: git grep failed (status $status); is this a git checkout?" >&2
     exit 2 ;;
esac
