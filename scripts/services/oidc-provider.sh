#!/usr/bin/env bash
# Starts a real OpenID Provider (npm `oidc-provider`, pinned in oidc-provider/package.json and its
# lockfile) on 127.0.0.1 for hub's sign-in tests: installs it once into a cache folder, then runs
# oidc-provider/server.mjs (see its header for the arguments, the output and the test hooks).
# Runs until SIGTERM/SIGINT, or until stdin closes with --exit-on-stdin-eof.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null || { echo "oidc-provider.sh: node (>= 20) is required" >&2; exit 2; }
command -v npm >/dev/null || { echo "oidc-provider.sh: npm is required" >&2; exit 2; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/backstage-hub-test-services"
key="$(cat "$here/oidc-provider/package.json" "$here/oidc-provider/package-lock.json" | sha256sum | cut -c1-16)"
dir="$cache/oidc-provider-$key"
mkdir -p "$cache"
# One installer at a time: tests start several providers in parallel.
exec 9>"$cache/oidc-provider.lock"
flock 9
if [ ! -f "$dir/.installed" ]; then
  echo "oidc-provider.sh: installing oidc-provider into $dir (once, a few seconds)" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  cp "$here/oidc-provider/package.json" "$here/oidc-provider/package-lock.json" "$dir.tmp/"
  for try in 1 2 3; do
    (cd "$dir.tmp" && npm ci --no-audit --no-fund --loglevel=error >&2) && break
    [ "$try" = 3 ] && exit 1
    sleep 5
  done
  touch "$dir.tmp/.installed"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
# server.mjs must sit beside node_modules so that `import 'oidc-provider'` resolves.
cp "$here/oidc-provider/server.mjs" "$dir/server.mjs.$$" && mv "$dir/server.mjs.$$" "$dir/server.mjs"
exec 9>&-
# oidc-provider warns about the in-memory store and Node versions on every start; keep the rest.
exec node --no-warnings "$dir/server.mjs" "$@" 2> >(grep -v '^oidc-provider WARNING' >&2)
