#!/usr/bin/env bash
# The `peers` tests' fixture: Apicurio Registry 3.3.3, a Confluent-compatible registry that nobody here
# wrote, run on loopback.
#
#   apicurio-fixture.sh start STATE_DIR   fetch once (Maven Central, into the environment's cache), start
#                                         on a free port, wait until it answers; writes STATE_DIR/url
#   apicurio-fixture.sh stop STATE_DIR    stop what `start` started
#
# The distribution is io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all, fetched with
# `mvn dependency:copy` into ${SCHEMADESK_PEERS_CACHE:-$HOME/.cache/schemadesk-peers} (inside the
# environment's Debian 13 root $HOME is the environment's own home, so the copy is kept between runs;
# packaging/schemadesk-env fetches it on the host when the root has no Maven). It needs Java 21 or
# newer: $SCHEMADESK_JAVA, `java` on PATH, or a JDK under /usr/lib/jvm or /opt/host-jvm (the host's
# JDKs, bound there by packaging/schemadesk-env). Without Java or the distribution, `start` exits 77
# (ctest: skipped) and says why; the tests then skip too.
set -euo pipefail

version=3.3.3
artifact=io.apicurio:apicurio-registry-app:$version:tar.gz:all
cache=${SCHEMADESK_PEERS_CACHE:-$HOME/.cache/schemadesk-peers}
dist=$cache/apicurio-registry-app-$version

say() { printf 'apicurio-fixture: %s\n' "$*" >&2; }
skip() {
    say "skipped: $*"
    exit 77
}

java_major() { # the feature version a java binary reports, e.g. 21
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

find_java() {
    local candidate major
    for candidate in "${SCHEMADESK_JAVA:-}" "$(command -v java 2>/dev/null || true)" \
        /usr/lib/jvm/*/bin/java /opt/host-jvm/*/bin/java; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

fetch() {
    [ -f "$dist/quarkus-run.jar" ] && return 0
    command -v mvn >/dev/null 2>&1 ||
        skip "Apicurio $version is not in $cache and Maven is not installed here to fetch it"
    mkdir -p "$cache"
    say "fetching $artifact (once) into $cache"
    mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$cache" >&2
    local tmp=$dist.partial
    rm -rf "$tmp" && mkdir -p "$tmp"
    tar xzf "$cache/apicurio-registry-app-$version-all.tar.gz" -C "$tmp"
    rm -f "$cache/apicurio-registry-app-$version-all.tar.gz"
    mv "$tmp" "$dist"
}

http_status() { # GET http://127.0.0.1:PORT/PATH → status code, with bash's /dev/tcp (no curl needed)
    local port=$1 path=$2 line
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
    read -r -t 5 line <&3 || line=
    exec 3<&- 3>&-
    echo "$line" | awk '{ print $2 }'
}

start() {
    local state=$1
    mkdir -p "$state"
    rm -f "$state/url"
    local java
    java=$(find_java) || skip "no Java 21 or newer (Apicurio $version needs it)"
    fetch
    # Port 0: Quarkus picks a free port and logs it ("Listening on: http://127.0.0.1:PORT").
    (
        cd "$dist"
        exec "$java" -Xmx512m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 \
            -Dquarkus.management.enabled=false -Dquarkus.log.console.color=false -jar quarkus-run.jar
    ) >"$state/apicurio.log" 2>&1 &
    echo $! >"$state/pid"
    local port="" waited=0
    while [ $waited -lt 180 ]; do
        kill -0 "$(cat "$state/pid")" 2>/dev/null || {
            tail -n 20 "$state/apicurio.log" >&2
            say "Apicurio exited while starting"
            exit 1
        }
        [ -n "$port" ] || port=$(sed -n 's|.*Listening on: http://127\.0\.0\.1:\([0-9]*\).*|\1|p' \
            "$state/apicurio.log" | head -n 1)
        if [ -n "$port" ] && [ "$(http_status "$port" /apis/ccompat/v7/subjects)" = 200 ]; then
            echo "http://127.0.0.1:$port/apis/ccompat/v7" >"$state/url"
            say "Apicurio $version ($java) answers at $(cat "$state/url") after ${waited} s"
            return 0
        fi
        sleep 1
        waited=$((waited + 1))
    done
    say "Apicurio did not answer within 180 s"
    stop "$state"
    exit 1
}

stop() {
    local state=$1 pid
    [ -f "$state/pid" ] || return 0
    pid=$(cat "$state/pid")
    rm -f "$state/pid" "$state/url"
    kill "$pid" 2>/dev/null || return 0
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 30 ]; do
        sleep 1
        waited=$((waited + 1))
    done
    kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
start) start "${2:?state directory}" ;;
stop) stop "${2:?state directory}" ;;
*)
    say "usage: $0 start|stop STATE_DIR"
    exit 2
    ;;
esac
