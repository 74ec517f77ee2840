#!/usr/bin/env bash
# Starts a real Backstage catalog backend for hub's tests: installs the pinned npm packages
# once into a cache folder, then runs server.js (see its header for arguments and output).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null || { echo "backstage-catalog.sh: node is required" >&2; exit 2; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/backstage-hub-test-services"
key="$(cat "$here/backstage-catalog/package.json" "$here/backstage-catalog/package-lock.json" | sha256sum | cut -c1-16)"
dir="$cache/backstage-catalog-$key"
# node-gyp compiles better-sqlite3 and would otherwise download Node's headers, which a machine
# without a route to Node's download site cannot do: use the headers the system's Node installed.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
mkdir -p "$cache"
exec 9>"$cache/backstage-catalog.lock"
flock 9
if [ ! -f "$dir/.installed" ]; then
  echo "backstage-catalog.sh: installing Backstage's catalog backend into $dir (once, about a minute)" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  cp "$here/backstage-catalog/package.json" "$here/backstage-catalog/package-lock.json" "$dir.tmp/"
  for try in 1 2; do
    (cd "$dir.tmp" && npm ci --no-audit --no-fund --loglevel=error >&2) && break
    [ "$try" = 2 ] && exit 1
    sleep 10
  done
  touch "$dir.tmp/.installed"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
cp "$here/backstage-catalog/server.js" "$dir/server.js"
exec 9>&-
export NODE_ENV="${NODE_ENV:-production}"
exec node --no-warnings "$dir/server.js" "$@"
