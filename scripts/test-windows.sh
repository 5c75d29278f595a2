#!/usr/bin/env bash
# make test-windows: every backend and CLI package's tests, built for Windows and run under
# wine, then the installer round trip (scripts/test-installer.sh). scripts/wine-env.sh prepares
# wine first. The test binaries and the CLI they run are built with the test-only -overlay of
# Go's deleteat (see scripts/wineoverlay); the installer test runs the shipped executables.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
bash scripts/wine-env.sh
# shellcheck source=/dev/null
source build/wine/env.sh

# shellcheck source=wine/display.sh
source scripts/wine/display.sh
cleanup() {
	wineserver -k 2>/dev/null || true
	[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT
wine_display

export GOOS=windows GOARCH=amd64 CGO_ENABLED=0
TOOLS="$PWD/build/wine/bin"
mkdir -p "$TOOLS"
# The executables the CLI packages' tests run (there is no go command inside wine).
"$GO" build -overlay "$WINE_OVERLAY" -tags killpoints -ldflags "-X mahall/backend/version.Version=v9.8.7-test" \
	-o "$TOOLS/mahall_backup_restore.exe" ./cmd/mahall_backup_restore
"$GO" build -overlay "$WINE_OVERLAY" -o "$TOOLS/mahall_sample.exe" ./cmd/mahall_sample
MAHALL_TEST_CLI_EXE=$(winepath -w "$TOOLS/mahall_backup_restore.exe")
MAHALL_TEST_SAMPLE_EXE=$(winepath -w "$TOOLS/mahall_sample.exe")
export MAHALL_TEST_CLI_EXE MAHALL_TEST_SAMPLE_EXE

# Every package with tests under backend/ and cmd/. Not the root package (the Wails app): its
# window needs WebView2, which wine does not have.
start=$SECONDS
# With kill points, as the crash tests need: a test that would build itself again with them
# (testkit.KillpointTestBinary) cannot run go inside wine.
# A failure here still lets the installer test run, so one run reports both.
go_status=0
# backend/schtask runs alone, after the others: wine's schtasks hung there when other packages'
# wine processes ran beside it (its test passes in seconds on its own).
pkgs=$("$GO" list ./backend/... ./cmd/... ./internal/... | grep -v '/backend/schtask$')
# shellcheck disable=SC2086
"$GO" test -overlay "$WINE_OVERLAY" -tags killpoints -exec wine -timeout 20m $pkgs || go_status=$?
"$GO" test -overlay "$WINE_OVERLAY" -tags killpoints -exec wine -timeout 5m ./backend/schtask || go_status=$?
echo "test-windows: go test under wine took $((SECONDS - start))s"

unset GOOS GOARCH CGO_ENABLED
start=$SECONDS
GO="$GO" bash scripts/test-installer.sh
echo "test-windows: the installer test took $((SECONDS - start))s"
if [ "$go_status" -ne 0 ]; then
	echo "test-windows: FAIL: go test under wine failed (above)" >&2
	exit "$go_status"
fi
echo "test-windows: passed"
