#!/usr/bin/env bash
# The installer under wine, as a Windows user meets it (part of make test-windows; needs
# build/bin/mahall-amd64-installer.exe from make installer, the wine prefix from
# scripts/wine-env.sh and a DISPLAY): a silent install puts both executables and both shortcuts
# in place; the installed CLI backs up %APPDATA%\Mahali; installing over an older install
# upgrades it; a silent uninstall removes what was installed and leaves %APPDATA%\Mahali byte
# for byte as it was. These are the shipped executables, without the test-only overlay.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
# shellcheck source=/dev/null
source build/wine/env.sh

INSTALLER=build/bin/mahall-amd64-installer.exe
NEW_APP=build/bin/mahall.exe
NEW_CLI=build/bin/mahall_backup_restore.exe
NAME="Mahall Software"
# The installer writes it to the 64-bit registry view; `wine reg` is the 32-bit reg.exe unless
# told /reg:64.
UNINST_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Mahall SoftwareMahall Software'
for f in "$INSTALLER" "$NEW_APP" "$NEW_CLI"; do
	[ -s "$f" ] || { echo "test-installer: $f is missing: run make installer first" >&2; exit 1; }
done

fail() {
	echo "test-installer: FAIL: $*" >&2
	exit 1
}
ok() { echo "test-installer: ok: $*"; }

# Windows paths and where they are on this side.
win_unix() { winepath -u "$1" 2>/dev/null; }
APPDATA_W=$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
PROGRAMS_W=$(wine cmd /c 'echo %ProgramW6432%' 2>/dev/null | tr -d '\r')
[ -n "$APPDATA_W" ] && [ -n "$PROGRAMS_W" ] || fail "wine did not tell %APPDATA% and %ProgramW6432%"
DATA=$(win_unix "$APPDATA_W\\Mahali")
INSTDIR_W="$PROGRAMS_W\\$NAME"
INSTDIR=$(win_unix "$INSTDIR_W")
STARTMENU=$(win_unix 'C:\ProgramData\Microsoft\Windows\Start Menu\Programs')"/$NAME.lnk"
DESKTOP=$(win_unix 'C:\users\Public\Desktop')"/$NAME.lnk"

# Every file and folder under a tree with its SHA-256: the "byte for byte" of the data folder.
tree_sums() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r p; do
		if [ -d "$p" ]; then echo "dir  $p"; else echo "$(sha256sum <"$p" | cut -d' ' -f1) $p"; fi
	done)
}

# Until every wine process of the prefix has ended (wineserver -w; it would wait for ever on a
# server started with -p, which nothing here does).
wine_idle() {
	timeout 600 wineserver -w || fail "wine's processes were still running after 10 minutes"
}

uninstall() {
	# The uninstaller copies itself to a temporary folder, starts the copy and returns at once;
	# wine_idle waits until the copy has finished too.
	wine "$INSTDIR_W\\uninstall.exe" /S
	wine_idle
}

install() {
	local start=$SECONDS
	wine "$INSTALLER" /S || fail "the silent install exited with $?"
	wine_idle
	echo "test-installer: install took $((SECONDS - start))s"
}

# Where the installer looks for the WebView2 runtime (wails_tools.nsh). Wine has none, so the
# first install runs the bootstrapper, which fails quietly offline after a minute or two.
WEBVIEW2_KEY='HKLM\SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'

# A clean start: no install left from an earlier run, and no WebView2 (as on a new machine).
if [ -e "$INSTDIR/uninstall.exe" ]; then
	uninstall
fi
[ ! -e "$INSTDIR" ] || fail "an earlier install at $INSTDIR could not be removed"
wine reg delete "$WEBVIEW2_KEY" /f /reg:64 >/dev/null 2>&1 || true

# A made-up register in %APPDATA%\Mahali, as the old program would have left it, with a file of
# the user's own beside it.
rm -rf "$DATA"
"$GO" run ./cmd/mahall_sample --out "$DATA" --members 40 --size 2MB --seed 11 >/dev/null 2>&1
echo "the user's own notes" >"$DATA/notes ഡാറ്റ.txt"

install
for f in mahall.exe mahall_backup_restore.exe uninstall.exe; do
	[ -s "$INSTDIR/$f" ] || fail "the install has no $INSTDIR_W\\$f"
done
cmp -s "$INSTDIR/mahall.exe" "$NEW_APP" || fail "the installed mahall.exe is not build/bin's"
cmp -s "$INSTDIR/mahall_backup_restore.exe" "$NEW_CLI" || fail "the installed CLI is not build/bin's"
[ -s "$STARTMENU" ] || fail "no Start menu shortcut $STARTMENU"
[ -s "$DESKTOP" ] || fail "no desktop shortcut $DESKTOP"
# A shortcut names its target inside; NSIS writes it in UTF-16 or ANSI.
for l in "$STARTMENU" "$DESKTOP"; do
	{ grep -aq 'mahall.exe' "$l" || iconv -f UTF-16LE -t UTF-8 <"$l" 2>/dev/null | grep -aq 'mahall.exe'; } ||
		fail "shortcut $l does not point at mahall.exe"
done
wine reg query "$UNINST_KEY" /v UninstallString /reg:64 >/dev/null 2>&1 || fail "no Add/Remove Programs entry $UNINST_KEY"
ok "silent install: both executables, both shortcuts, the uninstall entry"

# The installed CLI, as the user would run it, backs up the default data folder.
CLI_W="$INSTDIR_W\\mahall_backup_restore.exe"
out=$(wine "$CLI_W" backup 2>/dev/null | tr -d '\r') || fail "the installed CLI's backup failed: $out"
backup_w=$(sed -n 's/^Backup written: //p' <<<"$out")
case "$backup_w" in
"$APPDATA_W\\Mahali\\backups\\mahall_backup_"*.zip) ;;
*) fail "the installed CLI's backup printed: $out" ;;
esac
wine "$CLI_W" verify "$backup_w" >/dev/null 2>&1 || fail "the installed CLI's backup $backup_w does not verify"
# Every photo is in it, byte for byte (Info-ZIP's unzip, not our code, reads it).
backup_u=$(win_unix "$backup_w")
photos=0
while IFS= read -r f; do
	unzip -p "$backup_u" "$f" | cmp -s - "$DATA/$f" || fail "the installed CLI's backup lacks $f or holds other bytes"
	photos=$((photos + 1))
done < <(cd "$DATA" && find media -type f | LC_ALL=C sort)
[ "$photos" -gt 0 ] || fail "the sample data folder has no photos to check"
ok "the installed CLI backed up %APPDATA%\\Mahali to $backup_w ($photos photos, each byte for byte) and verified it"
before=$(tree_sums "$DATA")

# An upgrade: an older CLI in place (as a previous version left it), then the installer again,
# on a machine where the first install put WebView2 in place (as it does on Windows), so this
# install skips the bootstrapper as it would there.
wine reg add "$WEBVIEW2_KEY" /v pv /d 131.0.2903.70 /f /reg:64 >/dev/null 2>&1 || fail "could not record WebView2"
old=build/wine/old-cli/mahall_backup_restore.exe
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -ldflags "-X mahall/backend/version.Version=v0.0.1-old" \
	-o "$old" ./cmd/mahall_backup_restore
cp "$old" "$INSTDIR/mahall_backup_restore.exe"
[ "$(wine "$CLI_W" --version 2>/dev/null | tr -d '\r')" = "mahall_backup_restore v0.0.1-old" ] ||
	fail "could not put the older CLI in place"
install
cmp -s "$INSTDIR/mahall_backup_restore.exe" "$NEW_CLI" || fail "installing over the old install left the old CLI"
cmp -s "$INSTDIR/mahall.exe" "$NEW_APP" || fail "installing over the old install changed mahall.exe"
new_version=$(wine "$CLI_W" --version 2>/dev/null | tr -d '\r')
[ "$new_version" != "mahall_backup_restore v0.0.1-old" ] || fail "the upgraded CLI still says $new_version"
[ -s "$STARTMENU" ] && [ -s "$DESKTOP" ] || fail "the upgrade lost a shortcut"
[ "$(tree_sums "$DATA")" = "$before" ] || fail "installing over the old install changed %APPDATA%\\Mahali"
ok "installing over an older install upgraded it ($new_version)"

uninstall
for f in "$INSTDIR" "$STARTMENU" "$DESKTOP"; do
	[ ! -e "$f" ] || fail "the uninstall left $f"
done
! wine reg query "$UNINST_KEY" /reg:64 >/dev/null 2>&1 || fail "the uninstall left $UNINST_KEY"
after=$(tree_sums "$DATA")
if [ "$after" != "$before" ]; then
	diff <(echo "$before") <(echo "$after") >&2 || true
	fail "the uninstall changed %APPDATA%\\Mahali"
fi
ok "silent uninstall removed what it installed; %APPDATA%\\Mahali is byte for byte as it was ($(wc -l <<<"$before") entries)"
