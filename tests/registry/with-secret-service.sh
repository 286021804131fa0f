#!/bin/sh
# Runs a test inside a private D-Bus session with gnome-keyring's Secret Service, unlocked with a
# throw-away password. The keyring lives in the test's own XDG_DATA_HOME (set by ctest), never the user's.
set -eu
exec dbus-run-session -- sh -c '
    mkdir -p "${XDG_DATA_HOME:-$HOME/.local/share}"
    printf "%s" schemadesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    exec "$@"' sh "$@"
