#!/usr/bin/env bash
# End-to-end test of the desktop app in a real window (issues 4 and 15), run by `make e2e`.
#
# The built app (build/bin/mahall) runs under Xvfb on a fresh temporary data folder, once with
# the system in English and once in Malayalam, and is driven through its accessibility tree
# (AT-SPI, e2e/drive.py): buttons are pressed by role and name, outcomes read from the `status`
# and `alert` regions, with the names from the frontend's catalogs in the language under test.
# The first-run wizard restores a sample backup through the real GTK open dialog, installs, and
# the main window must show the restored counts, where the data came from and the version the
# CLI reports; then "Create Backup" goes through the real GTK save dialog and the file is
# checked with `mahall_backup_restore verify`.
# In each language the wizard's other walks follow, each on a fresh, empty data folder
# (e2e/wizard_walks.py, its data from e2e/wizard_data.sh): an encrypted backup with a wrong
# password first, a cloud copy on versitygw (started here, stopped by cleanup), and a second
# start of the app that brings the first window forward.
# Screenshots of every step, in both languages, go to e2e/out/ (not committed).
#
# Needs: build/bin/{mahall,mahall_backup_restore,mahall_sample} (make e2e builds them), Xvfb,
# xdotool, ImageMagick's import, node (to read the CLI's JSON), dbus-run-session, at-spi2-core,
# Debian's /usr/bin/python3 with python3-pyatspi, openbox, xprop, versitygw.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/build/bin
APP=$BIN/mahall
CLI=$BIN/mahall_backup_restore
SAMPLE=$BIN/mahall_sample
OUT=$ROOT/e2e/out
TIMEOUT=${E2E_TIMEOUT:-120} # seconds any one step may take on a loaded machine

for f in "$APP" "$CLI" "$SAMPLE"; do
	[ -x "$f" ] || { echo "e2e: $f missing; run make e2e" >&2; exit 1; }
done
for c in Xvfb xdotool import display node dbus-run-session /usr/bin/python3 /usr/libexec/at-spi-bus-launcher openbox xprop; do
	command -v "$c" >/dev/null || { echo "e2e: $c missing; run make deps" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/mahall-e2e.XXXXXX)
XVFB_PID=
S3_PID=
step_no=0

cleanup() {
	local rc=$?
	[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null || true
	[ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null && wait "$S3_PID" 2>/dev/null || true
	if [ $rc -ne 0 ]; then
		echo "e2e: FAILED; screenshots and logs in $OUT, work folder kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit $rc
}
trap cleanup EXIT

log() { echo "e2e: $*"; }
fail() {
	echo "e2e: FAIL: $*" >&2
	shot "failure" || true
	exit 1
}

# A free display number: the first from 99 up with no X socket or lock file.
disp=99
while [ -e /tmp/.X11-unix/X$disp ] || [ -e /tmp/.X$disp-lock ]; do disp=$((disp + 1)); done
export DISPLAY=:$disp
# -noreset: without it Xvfb resets when its last client leaves (between two walks), and an app
# starting during the reset fails with "failed to init GTK".
Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp -noreset >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do
	[ -e /tmp/.X11-unix/X$disp ] && xdotool getmouselocation >/dev/null 2>&1 && break
	sleep 0.2
done
log "Xvfb on $DISPLAY"

shot() {
	step_no=$((step_no + 1))
	local name
	name=$(printf '%02d-%s.png' "$step_no" "$1")
	import -window root "$OUT/$name" 2>/dev/null || true
	log "screenshot $name"
}

json_field() { # json_field FILE JS-EXPRESSION-ON-j
	node -e "const j=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')); console.log($2)" "$1"
}

# --- the data: a sample folder and its backup, made with the real commands -------------------
log "sample data and backup"
"$SAMPLE" --out "$WORK/sample" --members 120 --size 4MB --seed 42 >"$OUT/sample.log" 2>&1 ||
	fail "mahall_sample failed: $(tail -3 "$OUT/sample.log")"
"$CLI" --data-dir "$WORK/sample" backup "$WORK/sample backup.zip" >"$OUT/cli-backup.log" 2>&1 ||
	fail "CLI backup failed: $(tail -3 "$OUT/cli-backup.log")"
"$CLI" inspect "$WORK/sample backup.zip" --json >"$WORK/inspect.json" ||
	fail "CLI inspect of the sample backup failed"
members=$(json_field "$WORK/inspect.json" 'j.tables.society_member')
houses=$(json_field "$WORK/inspect.json" 'j.tables.society_house')
photos=$(json_field "$WORK/inspect.json" 'j.media_files')
log "sample backup holds $members members, $houses houses, $photos media files"
[ "$members" -gt 0 ] && [ "$members" -lt 1000 ] || fail "unexpected member count '$members'"

# The wizard's other walks (e2e/wizard_walks.py) need an encrypted backup and a cloud copy.
source e2e/wizard_data.sh

# --- the app, once in each language -----------------------------------------------------------
export E2E_OUT=$OUT E2E_WORK=$WORK E2E_CLI=$CLI E2E_APP=$APP E2E_TIMEOUT=$TIMEOUT
export E2E_SAMPLE=$WORK/sample E2E_SAMPLE_ZIP="$WORK/sample backup.zip" E2E_MEMBERS=$members E2E_HOUSES=$houses
for run in "en C.UTF-8" "ml ml_IN.UTF-8"; do
	set -- $run
	# E2E_ONLY=ml runs one language (for looking into a failure).
	[ -z "${E2E_ONLY:-}" ] || [ "$E2E_ONLY" = "$1" ] || continue
	# Each walk on a fresh, empty data folder; E2E_WALKS="cloud" runs only that one.
	for walk in ${E2E_WALKS:-main encrypted cloud second}; do
		log "the window in $1 (LANG=$2): walk $walk"
		export E2E_WALK=$walk E2E_DATA=$WORK/data-$1-$walk
		dbus-run-session -- bash e2e/window.sh "$1" "$2" 2>&1 | grep -v 'Failed to set fd limit' ||
			fail "the $walk walk in $1 failed (e2e/out/$1-*)"
	done
done
log "PASS"
