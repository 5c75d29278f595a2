#!/usr/bin/env bash
# End-to-end test of the desktop app in a real window (issue 4), run by `make e2e`.
#
# The built app (build/bin/mahall) runs under Xvfb on a fresh temporary data folder and is
# driven the way a person drives it, with the keyboard (xdotool): the first-run wizard restores
# a sample backup through the real GTK open dialog, installs, and the main window must show the
# restored counts; then "Create Backup" goes through the real GTK save dialog and the file is
# checked with `mahall_backup_restore verify`.
#
# What the window shows is read the way a person could copy it: Ctrl+A, Ctrl+C in the window,
# then the X clipboard (xclip). No OCR, no test-only hook in the app, no second browser.
# Screenshots of every step go to e2e/out/ (not committed).
#
# Needs: build/bin/{mahall,mahall_backup_restore,mahall_sample} (make e2e builds them), Xvfb,
# xdotool, xclip, ImageMagick's import, node (to read the CLI's JSON).
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
for c in Xvfb xdotool xclip import node; do
	command -v "$c" >/dev/null || { echo "e2e: $c missing; run make deps" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/mahall-e2e.XXXXXX)
XVFB_PID=
APP_PID=
step_no=0

cleanup() {
	local rc=$?
	[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
	[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null || true
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
Xvfb "$DISPLAY" -screen 0 1280x900x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
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

# The text the main window shows, as a person would copy it; whitespace folded to single
# spaces so that "Members\n200" reads "Members 200".
window_text() {
	xdotool windowfocus "$WIN" 2>/dev/null || true
	printf '' | xclip -selection clipboard -i
	xdotool key --clearmodifiers ctrl+a
	xdotool key --clearmodifiers ctrl+c
	sleep 0.3
	xclip -selection clipboard -o 2>/dev/null | tr -s ' \t\r\n' '    ' || true
}

# Waits until the window shows text matching the extended regex $1.
wait_text() {
	local pattern=$1 what=$2 text=""
	local deadline=$((SECONDS + TIMEOUT))
	while [ $SECONDS -lt $deadline ]; do
		text=$(window_text)
		if grep -Eq -- "$pattern" <<<"$text"; then
			printf '%s\n' "$text" >"$OUT/text-$(printf '%02d' $((step_no + 1)))-${what// /_}.txt"
			# A click on the empty corner clears the Ctrl+A selection for the screenshots.
			xdotool mousemove --window "$WIN" 4 4 click 1
			sleep 0.3
			return 0
		fi
		sleep 1
	done
	printf '%s\n' "$text" >"$OUT/text-last.txt"
	fail "the window never showed $what (/$pattern/); last text: ${text:0:600}"
}

# Types a path into the GTK file dialog titled $1: focus it (without --sync: that hangs with no
# window manager), open the location entry with Ctrl+L, replace what is there, Return.
dialog_path() {
	local title=$1 path=$2 dlg="" deadline=$((SECONDS + TIMEOUT))
	while [ $SECONDS -lt $deadline ]; do
		dlg=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | tail -1 || true)
		[ -n "$dlg" ] && break
		sleep 0.5
	done
	[ -n "$dlg" ] || fail "no dialog titled '$title' opened"
	log "dialog '$title' is window $dlg"
	sleep 1
	xdotool windowfocus "$dlg"
	sleep 0.5
	xdotool key --clearmodifiers ctrl+l
	sleep 0.5
	xdotool key --clearmodifiers ctrl+a
	xdotool type --delay 20 "$path"
	sleep 0.5
	shot "dialog-$(tr ' ' '-' <<<"${title,,}")"
	xdotool key Return
	deadline=$((SECONDS + TIMEOUT))
	while xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || fail "dialog '$title' did not close"
		sleep 0.3
	done
	xdotool windowfocus "$WIN" 2>/dev/null || true
	sleep 0.5
}

key() { xdotool key --clearmodifiers "$@"; sleep 0.4; }

# Activates the Nth control that takes keyboard focus, counted in page order, with key $2
# (Return by default). Where focus is after the page changes (a focused button disabled or
# removed) differs from run to run, so every action starts from the same place: a click on
# the page's empty top-left corner, before everything else in page order. Then Tab N times,
# as a keyboard user would.
press_nth() {
	local n=$1 k=${2:-Return}
	xdotool windowfocus "$WIN" 2>/dev/null || true
	xdotool mousemove --window "$WIN" 4 4 click 1
	sleep 0.4
	for _ in $(seq "$n"); do key Tab; done
	key "$k"
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

# --- the app on a fresh data folder ------------------------------------------------------------
DATA=$WORK/data
MAHALL_DATA_DIR=$DATA "$APP" >"$OUT/app.log" 2>&1 &
APP_PID=$!
WIN=""
deadline=$((SECONDS + TIMEOUT))
while [ $SECONDS -lt $deadline ] && [ -z "$WIN" ]; do
	kill -0 "$APP_PID" 2>/dev/null || fail "the app exited: $(tail -5 "$OUT/app.log")"
	WIN=$(xdotool search --onlyvisible --name '^Mahall Software$' 2>/dev/null | head -1 || true)
	sleep 0.5
done
[ -n "$WIN" ] || fail "no window titled 'Mahall Software' appeared"
log "app window $WIN"
# No window manager places it: put it where the screenshots see all of it.
xdotool windowmove "$WIN" 0 0 2>/dev/null || true

# Step 1, Welcome: tick "I have a backup file I want to restore" (the first control), then
# Next (the second: Previous is disabled on this step).
wait_text 'Welcome to Mahall Software' 'welcome'
shot "welcome"
press_nth 1 space
shot "restore-ticked"
press_nth 2

# Step 2, Restore from Backup: Choose backup file... is the first control.
wait_text 'Restore from Backup' 'restore step'
shot "restore-step"
press_nth 1
dialog_path 'Choose a Mahall backup file' "$WORK/sample backup.zip"

wait_text "What this backup holds.*Members $members Houses $houses" 'preview'
shot "preview"
# Restore Backup, enabled now that a backup is chosen, is the second control.
press_nth 2
wait_text 'Backup restored:' 'restore done'
shot "restored"

# The restore must have put the backup's files in place, byte for byte.
diff -r "$WORK/sample/media" "$DATA/media" >"$OUT/media-diff.txt" 2>&1 ||
	fail "restored media differ from the sample's: $(head -5 "$OUT/media-diff.txt")"

# Next: Choose backup file..., then Previous and Next (Restore Backup is disabled once done).
press_nth 3
wait_text 'Install Now sets up' 'installation step'
shot "installation-step"
# Install Now is the first control on the Installation step.
press_nth 1
wait_text "Overview.*Members $members Houses $houses" 'main window with restored counts'
shot "main-window"
log "main window shows $members members and $houses houses"
# Both programs come from one build, so the app must show the version the CLI reports.
cli_version=$("$CLI" --version | awk '{print $NF}')
wait_text "Version ${cli_version//./\\.}" 'the stamped version'
log "main window shows version $cli_version"
[ -f "$DATA/db.sqlite3" ] || fail "no database in the data folder after install"

# --- Create Backup through the native save dialog ----------------------------------------------
# Create Backup is the first control of the main window.
press_nth 1
OUTZIP="$WORK/e2e backup.zip"
dialog_path 'Save the backup as' "$OUTZIP"
wait_text 'Backup saved to' 'backup done'
shot "backup-done"
[ -f "$OUTZIP" ] || fail "the save dialog's path $OUTZIP holds no file"
"$CLI" verify "$OUTZIP" >"$OUT/verify.log" 2>&1 || fail "verify failed: $(tail -5 "$OUT/verify.log")"
"$CLI" inspect "$OUTZIP" --json >"$WORK/inspect2.json"
[ "$(json_field "$WORK/inspect2.json" 'j.tables.society_member')" = "$members" ] ||
	fail "the new backup holds a different member count"
log "the app's backup verifies and holds $members members"
log "PASS"
