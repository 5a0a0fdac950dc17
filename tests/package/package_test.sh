#!/usr/bin/env bash
# The Debian package of the build under test: its control data, its files, the extracted
# binary running, and the systemd unit passing systemd-analyze verify where systemd exists.
# Usage: package_test.sh BUILD_DIR
set -euo pipefail
build="$1"
work="$(mktemp -d /tmp/megatron-package-XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# gzip: the test wants a package, not the smallest one.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" \
  -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail cpack; }
deb="$(ls "$work"/megatron_*.deb)"

info="$(dpkg-deb --info "$deb")"
grep -q "Package: megatron" <<<"$info" || fail "no Package field"
grep -Eq "Depends:.*adduser" <<<"$info" || fail "adduser missing from Depends"
grep -Eq "Depends:.*libsqlite3" <<<"$info" || fail "shared-library dependencies not computed"
grep -q "postinst" <<<"$info" || fail "no postinst"
grep -q "conffiles" <<<"$info" || fail "no conffiles"

contents="$(dpkg-deb --contents "$deb")"
for f in ./usr/bin/megatron ./lib/systemd/system/megatron.service ./etc/megatron/megatron.env; do
  grep -q " $f\$" <<<"$contents" || fail "$f not in the package"
done

dpkg-deb -x "$deb" "$work/root"
version="$("$work/root/usr/bin/megatron" version)"
[[ "$version" == megatron\ * ]] || fail "extracted binary printed '$version'"

unit="$work/root/lib/systemd/system/megatron.service"
for want in "User=megatron" "EnvironmentFile=/etc/megatron/megatron.env" "StateDirectory=megatron" \
            "NoNewPrivileges=yes" "ProtectSystem=strict" "ExecStart=/usr/bin/megatron serve"; do
  grep -qx "$want" "$unit" || fail "unit lacks $want"
done
if command -v systemd-analyze >/dev/null; then
  # verify resolves ExecStart against the real /usr/bin; point it at the extracted binary.
  sed "s|^ExecStart=/usr/bin/megatron|ExecStart=$work/root/usr/bin/megatron|" "$unit" \
    >"$work/megatron.service"
  out="$(systemd-analyze verify "$work/megatron.service" 2>&1)" || { echo "$out"; fail "systemd-analyze verify"; }
  if grep -i "megatron.service" <<<"$out"; then fail "systemd-analyze verify warned"; fi
  echo "systemd-analyze verify: clean"
else
  echo "systemd-analyze not installed: unit file checked by field only"
fi
echo "package ok: $(basename "$deb")"
