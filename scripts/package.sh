#!/usr/bin/env bash
# Builds the release flavour and the Debian package: build/release/megatron_<version>_<arch>.deb
# (binary, systemd unit, example env file; see packaging/ and README "Install as a service").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release megatron
(cd build/release && cpack -G DEB >/dev/null)
ls build/release/megatron_*.deb
