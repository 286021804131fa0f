#!/usr/bin/env bash
# Property-based API testing of schemadesk-sandbox with Schemathesis, driven by Confluent's OpenAPI
# spec of the Schema Registry (shared/reference/sr-openapi.yaml beside the checkout, never copied in).
#
#   tests/api/schemathesis.sh [--sandbox PATH] [--work DIR] [--max-examples N] [--max-time SECONDS]
#                             [--seed N] [--profile cp8|cp7] [-- EXTRA st run OPTIONS]
#
# ctest's `api_schemathesis` runs a bounded pass (a few examples per operation, every phase: examples,
# coverage, fuzzing — positive and negative — and stateful). A long pass, e.g. half an hour:
#   packaging/schemadesk-env run tests/api/schemathesis.sh --max-examples 500 --max-time 1800
#
# Schemathesis (pinned below) is installed on first use into a venv in the environment's cache
# (${SCHEMADESK_API_CACHE:-$HOME/.cache/schemadesk-api}; inside the Debian 13 root $HOME is the
# environment's own home, kept between runs). Without the spec, python3's venv or PyPI the script exits
# 77 (ctest: skipped) and says why. It starts the sandbox on a free loopback port, lets
# prepare_schemathesis.py derive the spec and the config (links, valid values offered next to generated
# ones, and the deviations of schemathesis-deviations.yaml), runs `st run`, and stops the sandbox. Exit 0: no 5xx and every answer
# valid against the spec or listed as a deviation.
set -euo pipefail

version=4.32.5
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
spec=$repo/../shared/reference/sr-openapi.yaml
cache=${SCHEMADESK_API_CACHE:-$HOME/.cache/schemadesk-api}
venv=$cache/schemathesis-$version

sandbox=$repo/build/dev/bin/schemadesk-sandbox
work=$repo/build/dev/tests/api/schemathesis
max_examples=8
max_time=
seed=20261202
profile=cp8
extra=()
while [ $# -gt 0 ]; do
    case $1 in
    --sandbox) sandbox=$2 && shift 2 ;;
    --work) work=$2 && shift 2 ;;
    --max-examples) max_examples=$2 && shift 2 ;;
    --max-time) max_time=$2 && shift 2 ;;
    --seed) seed=$2 && shift 2 ;;
    --profile) profile=$2 && shift 2 ;;
    --) shift && extra=("$@") && break ;;
    *) echo "usage: see the head of $0" >&2 && exit 2 ;;
    esac
done

say() { printf 'schemathesis: %s\n' "$*" >&2; }
skip() {
    say "skipped: $*"
    exit 77
}

[ -f "$spec" ] || skip "no OpenAPI spec at $spec (shared/reference/ beside the checkout)"
[ -x "$sandbox" ] || {
    say "no sandbox program at $sandbox (build the schemadesk-sandbox target)"
    exit 1
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
    say "installing schemathesis==$version from PyPI (once) into $venv"
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2; then
        rm -rf "$venv"
        skip "pip could not install schemathesis==$version (no network to PyPI?)"
    fi
    touch "$venv/.ready"
}
ensure_venv

mkdir -p "$work"
work=$(cd "$work" && pwd)
rm -rf "$work/report"
sandbox_pid=
stop_sandbox() {
    [ -n "$sandbox_pid" ] || return 0
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
    sandbox_pid=
}
trap stop_sandbox EXIT

# A fresh registry in memory on a free port; its first stdout line says where.
rm -f "$work/sandbox.out" "$work/sandbox.err"
"$sandbox" --port 0 --profile "$profile" >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
url=
for _ in $(seq 1 100); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/sandbox.out" 2>/dev/null | head -n 1 || true)
    [ -n "$url" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$url" ] || {
    cat "$work/sandbox.err" >&2
    say "the sandbox did not start"
    exit 1
}

"$venv/bin/python" "$here/prepare_schemathesis.py" "$spec" "$here/schemathesis-deviations.yaml" "$work"

args=(--config-file "$work/schemathesis.toml" run "$work/sr-openapi.yaml" --url "$url"
    --max-examples "$max_examples" --seed "$seed" --continue-on-failure --request-timeout 10
    --report junit --report-dir "$work/report"
    --suppress-health-check filter_too_much) # DELETE /contexts/{context}: most generated names are filtered
[ -z "$max_time" ] || args+=(--max-time "$max_time")
say "schemathesis $version against $url (sandbox --profile $profile), $max_examples examples per operation${max_time:+, for $max_time s}"
start=$(date +%s)
status=0
# From the work directory: Schemathesis keeps its example database (.schemathesis/) in the current one.
(cd "$work" && NO_COLOR=1 "$venv/bin/st" --no-color "${args[@]}" "${extra[@]}") || status=$?
stop_sandbox
say "finished in $(($(date +%s) - start)) s with exit code $status; reports in $work/report"
if grep -q -i 'segmentation\|ASSERT\|terminate called\|AddressSanitizer\|runtime error' "$work/sandbox.err"; then
    tail -n 20 "$work/sandbox.err" >&2
    say "the sandbox crashed or asserted"
    exit 1
fi
exit $status
