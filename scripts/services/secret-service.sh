#!/usr/bin/env bash
# A private Secret Service for hub's keyring tests: gnome-keyring-daemon on its own D-Bus session
# bus, with an unlocked default collection. Its bus socket and keyring files live in a new temp
# folder that is removed on exit; the user's own keyrings and session bus are never touched.
#
#   secret-service.sh [--exit-on-stdin-eof]   prints DBUS_SESSION_BUS_ADDRESS=..., SECRET_SERVICE_PID=...,
#                                             READY, then runs until SIGTERM/SIGINT (or stdin closes)
#   secret-service.sh -- CMD [ARGS...]        runs CMD on that bus and exits with its status
#
# Needs the Debian packages dbus and gnome-keyring (scripts/test installs them when missing).
set -euo pipefail
for tool in dbus-daemon dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null ||
    { echo "secret-service.sh: $tool is missing (apt-get install dbus gnome-keyring)" >&2; exit 2; }
done
watch_stdin=0
[ "${1:-}" = "--exit-on-stdin-eof" ] && { watch_stdin=1; shift; }
[ "${1:-}" = "--" ] && shift

tmp="$(mktemp -d -t backstage-hub-secret-service.XXXXXX)"
mkdir -m 700 "$tmp/runtime" "$tmp/data" "$tmp/config"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# gnome-keyring keeps its files under XDG_DATA_HOME and its control socket under XDG_RUNTIME_DIR.
export XDG_RUNTIME_DIR="$tmp/runtime" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
dbus-daemon --session --nofork --nopidfile --address="unix:path=$tmp/runtime/bus" \
  --print-address=3 3>"$tmp/address" 2>/dev/null &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$tmp/address" ] && break; sleep 0.05; done
[ -s "$tmp/address" ] || { echo "secret-service.sh: dbus-daemon did not start" >&2; exit 1; }
export DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$tmp/address")"

# --unlock reads a password on stdin and creates (or unlocks) the login keyring, which is the
# default collection that keyring clients write to.
printf 'backstage-hub-test' |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$tmp/keyring.log" 2>&1 &
pids+=($!)
keyring_pid=$!
bus() { dbus-send --session --print-reply "$@" 2>/dev/null; }
ready=0
for _ in $(seq 1 200); do
  # Ask only once our daemon owns the name: asking earlier would make the bus start a second,
  # locked gnome-keyring by D-Bus activation.
  if bus --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
       string:org.freedesktop.secrets | grep -q 'boolean true' &&
     bus --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default \
       org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked |
       grep -q 'boolean false'; then
    ready=1
    break
  fi
  sleep 0.05
done
[ "$ready" = 1 ] || { echo "secret-service.sh: gnome-keyring did not come up:" >&2; cat "$tmp/keyring.log" >&2; exit 1; }

if [ $# -gt 0 ]; then
  set +e
  "$@"
  exit $?
fi
echo "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"
echo "SECRET_SERVICE_PID=$$"
echo READY
if [ "$watch_stdin" = 1 ]; then
  # Ends when the test that started us goes away, even if it could not signal.
  cat >/dev/null || true
  exit 0
fi
while kill -0 "$keyring_pid" 2>/dev/null; do sleep 1 & wait $!; done
echo "secret-service.sh: gnome-keyring-daemon exited" >&2
exit 1
