#!/usr/bin/env bash
# One walk of the app in one language, inside its own D-Bus session (run by e2e/run.sh as
# `dbus-run-session -- bash e2e/window.sh LANG LOCALE`): the accessibility bus, the app on a
# fresh data folder with the system language LOCALE, and drive.py pressing its buttons by name.
set -euo pipefail
lang=$1 locale=$2
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$E2E_OUT/$lang-atspi.log" 2>&1 &
ATSPI_PID=$!
APP_PID=
cleanup() {
	if [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; then
		# A GTK dialog left open (after a failure) keeps the app from quitting on SIGTERM.
		for _ in $(seq 20); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$APP_PID" 2>/dev/null || true
	fi
	kill "$ATSPI_PID" 2>/dev/null || true
}
trap cleanup EXIT
export NO_AT_BRIDGE=0 GTK_MODULES=gail:atk-bridge
# The language the system is set to; the app reads LC_ALL, LC_MESSAGES, LANG (backend/language).
# E2E_WALK (run.sh) picks the walk: main is drive.py's, the others are e2e/wizard_walks.py's.
walk=${E2E_WALK:-main}
log=$E2E_OUT/$lang-app.log driver=drive.py
if [ "$walk" != main ]; then
	log=$E2E_OUT/$lang-$walk-app.log driver=wizard_walks.py
fi
if [ "$walk" = second ]; then
	# Bringing a window forward is a window manager's work (Xvfb has none): openbox, so that
	# minimising, covering and the active window mean what they mean on a desktop.
	openbox --sm-disable >"$E2E_OUT/$lang-openbox.log" 2>&1 &
	WM_PID=$!
	trap 'cleanup; kill "$WM_PID" 2>/dev/null || true' EXIT
	for _ in $(seq 50); do xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q window && break; sleep 0.2; done
fi
export E2E_LOCALE=$locale
LANG=$locale LC_ALL= LC_MESSAGES= LANGUAGE= MAHALL_DATA_DIR=$E2E_DATA "$E2E_APP" >"$log" 2>&1 &
APP_PID=$!
E2E_APP_PID=$APP_PID /usr/bin/python3 "$(dirname "$0")/$driver" "$lang"
