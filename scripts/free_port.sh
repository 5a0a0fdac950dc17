# shellcheck shell=bash
# free_port: a loopback port nobody listens on, below the kernel's ephemeral range (32768 and
# up by default): there an outgoing connection of the tests or the load could take it before
# the server binds (a CI run lost PostgreSQL to "Address already in use" that way).
# Sourced by scripts/test-services.sh and bench/lib.sh.
free_port() {
  local p
  while :; do
    p=$(( (RANDOM % 12000) + 20000 ))
    ss -ltn | awk '{print $4}' | grep -q ":$p\$" || { echo "$p"; return; }
  done
}
