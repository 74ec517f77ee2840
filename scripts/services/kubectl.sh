#!/usr/bin/env bash
# Prints the path of a kubectl for hub's fidelity test of its Kubernetes API stand-in
# (tests/fake-kube). Uses the kubectl on PATH when there is one; otherwise downloads Debian's
# kubernetes-client package once into a cache folder and unpacks it there (no root needed).
# Exits 3 when no kubectl can be had, so the test can say why it skipped.
set -euo pipefail
if command -v kubectl >/dev/null 2>&1; then
  command -v kubectl
  exit 0
fi
cache="${XDG_CACHE_HOME:-$HOME/.cache}/backstage-hub-test-services"
dir="$cache/kubernetes-client"
bin="$dir/root/usr/bin/kubectl"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "kubectl.sh: no kubectl on PATH and no apt-get to fetch one" >&2; exit 3; }
mkdir -p "$cache"
exec 9>"$cache/kubernetes-client.lock"
flock 9
if [ ! -x "$bin" ]; then
  echo "kubectl.sh: downloading Debian's kubernetes-client into $dir (once)" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && apt-get download kubernetes-client >&2) || { echo "kubectl.sh: apt-get download kubernetes-client failed" >&2; exit 3; }
  dpkg-deb -x "$dir.tmp"/kubernetes-client_*.deb "$dir.tmp/root"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
[ -x "$bin" ] || { echo "kubectl.sh: the package held no usr/bin/kubectl" >&2; exit 3; }
echo "$bin"
