#!/usr/bin/env bash
# Runs a Glue test with moto's server at hand: moto[server] (pinned below) is installed from PyPI on
# first use into a venv in the environment's cache (${SCHEMADESK_GLUE_CACHE:-$HOME/.cache/schemadesk-glue};
# inside the Debian 13 root $HOME is the environment's own home, kept between runs), and the test gets
# the venv's python as SD_MOTO_PYTHON. Without python3's venv or PyPI it exits 77 (ctest: skipped) and
# says why.
#   tests/glue/with-moto.sh PROGRAM [ARGS...]      (or --prepare: only install)
set -euo pipefail

version=5.2.5
cache=${SCHEMADESK_GLUE_CACHE:-$HOME/.cache/schemadesk-glue}
venv=$cache/moto-$version

say() { printf 'with-moto: %s\n' "$*" >&2; }
skip() {
    say "skipped: $*"
    exit 77
}

ensure_venv() {
    [ -f "$venv/.ready" ] && return 0
    command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
    rm -rf "$venv"
    mkdir -p "$cache"
    python3 -m venv "$venv" >/dev/null 2>&1 ||
        skip "python3 cannot create a venv here (Debian: install python3-venv, listed in packaging/debian-packages.txt)"
    # Inside the Debian 13 root, the host's CA bundle (bound by packaging/schemadesk-env) is the one
    # that trusts the way to PyPI.
    if [ -f /opt/host-ca-certificates.crt ]; then
        export PIP_CERT=/opt/host-ca-certificates.crt SSL_CERT_FILE=/opt/host-ca-certificates.crt
        export REQUESTS_CA_BUNDLE=/opt/host-ca-certificates.crt
    fi
    say "installing moto[server]==$version from PyPI (once) into $venv"
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$version" >&2; then
        rm -rf "$venv"
        skip "pip could not install moto[server]==$version (no network to PyPI?)"
    fi
    touch "$venv/.ready"
}
ensure_venv
[ "${1:-}" = --prepare ] && exit 0
export SD_MOTO_PYTHON=$venv/bin/python
exec "$@"
