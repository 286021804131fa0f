#!/bin/sh
# Runs a test inside a private D-Bus session with gnome-keyring's Secret Service, unlocked with a
# throw-away password. The keyring lives in the test's own XDG_DATA_HOME (set by ctest), never the user's.
# The test starts only once the unlocked daemon owns org.freedesktop.secrets: otherwise the bus may
# activate a second, locked daemon for the test's first call (seen on a loaded machine).
set -eu
exec dbus-run-session -- sh -c '
    mkdir -p "${XDG_DATA_HOME:-$HOME/.local/share}"
    printf "%s" schemadesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "with-secret-service: the Secret Service did not start" >&2; exit 1; }
        sleep 0.1
    done
    exec "$@"' sh "$@"
