#!/usr/bin/env bash
# Runs real MkDocs with Backstage's techdocs-core plugin for hub's tests.
#
#   mkdocs.sh install            install the pinned packages (mkdocs/requirements.txt) once
#   mkdocs.sh nav SITE_DIR       build SITE_DIR (mkdocs.yml plus docs/) as `techdocs-cli generate
#                                --no-docker` does and print MkDocs' navigation as JSON (nav.py)
#
# The packages go into a virtual environment under
# ${XDG_CACHE_HOME:-~/.cache}/backstage-hub-test-services/mkdocs-<hash of requirements.txt>
# (about 170 MB; the first install takes a few seconds to a minute). Needs python3 with venv.
# Exits 2 when python3 or its venv module is missing, so tests can tell "cannot install" apart.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v python3 >/dev/null || { echo "mkdocs.sh: python3 is required" >&2; exit 2; }
python3 -c 'import venv, ensurepip' 2>/dev/null || { echo "mkdocs.sh: python3's venv module is required (apt-get install python3-venv)" >&2; exit 2; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/backstage-hub-test-services"
key="$(sha256sum "$here/mkdocs/requirements.txt" | cut -c1-16)"
venv="$cache/mkdocs-$key"
mkdir -p "$cache"
exec 9>"$cache/mkdocs.lock"
flock 9
if [ ! -f "$venv/.installed" ]; then
  echo "mkdocs.sh: installing MkDocs and techdocs-core into $venv (once)" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  for try in 1 2; do
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/mkdocs/requirements.txt" >&2 && break
    [ "$try" = 2 ] && exit 1
    sleep 10
  done
  touch "$venv/.installed"
fi
exec 9>&-

case "${1:-}" in
  install) ;;
  nav)
    site="$(cd "${2:?usage: mkdocs.sh nav SITE_DIR}" && pwd)"
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
    # NO_MKDOCS_2_WARNING silences mkdocs-material's banner about MkDocs 2.0.
    NO_MKDOCS_2_WARNING=1 "$venv/bin/python" "$here/mkdocs/nav.py" "$site" "$out"
    ;;
  *) echo "usage: mkdocs.sh install | nav SITE_DIR" >&2; exit 2 ;;
esac
