#!/usr/bin/env bash
# Installs the Debian 12 packages Megatron needs to build, run and test. Idempotent: when
# everything is present it only checks, quietly.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libcurl4-openssl-dev libssl-dev libsqlite3-dev libpq-dev libhiredis-dev libre2-dev
  libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev prometheus-cpp-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  postgresql redis-server sqlite3 wrk procps iproute2 curl universal-ctags
  python3-prometheus-client
  chromium firefox-esr fonts-dejavu-core fonts-noto-color-emoji
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js runs the S3-compatible test server. Debian's nodejs + npm only when no node is there
# at all (an installed Node.js of another origin brings its own npm and conflicts with Debian's).
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests' automation libraries, each pinned by its package-lock.json, neither
# downloading a browser: playwright-core (tools/playwright) drives the chromium above,
# puppeteer-core (tools/puppeteer) the firefox-esr above over WebDriver BiDi. Not fatal: without
# one only its browser test fails.
"$(cd "$(dirname "$0")/.." && pwd)/tools/playwright/install.sh" ||
  echo "install-deps: playwright-core could not be installed" >&2
"$(cd "$(dirname "$0")/.." && pwd)/tools/puppeteer/install.sh" ||
  echo "install-deps: puppeteer-core could not be installed" >&2

# The S3-compatible test server, the version pinned by tools/s3rver/package-lock.json. Not
# fatal: without it only the S3 tests fail (test-services.sh tries the install again).
"$(cd "$(dirname "$0")/.." && pwd)/tools/s3rver/install.sh" ||
  echo "install-deps: the S3-compatible test server could not be installed" >&2
