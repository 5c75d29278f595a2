#!/usr/bin/env bash
# Installs what building, running and testing Mahall needs on Debian 12, and only what is
# missing, so a second run takes seconds. Run as root (or through sudo). Everything comes from
# Debian's packages, the Go module proxy or the npm registry; nothing else is downloaded.
set -euo pipefail

cd "$(dirname "$0")/.."

WAILS_VERSION=v2.10.2
# A real S3 server for the cloud copy's tests (backend/cloud): versitygw, posix backend, on
# 127.0.0.1, started and stopped by the tests themselves. From the Go module proxy.
VERSITYGW_VERSION=v1.8.0

# Debian packages, each with the reason it is here:
#   build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev  cgo build of the Linux app
#   nsis            makensis for the Windows installer
#   binutils-mingw-w64-x86-64  windres: the icon resource of the Windows CLI
#   xvfb x11-xkb-utils xkb-data xdotool xclip imagemagick   e2e test: a display with a keymap,
#                   keyboard input, the window's text, screenshots
#   python3 python3-pyatspi at-spi2-core dbus-x11  e2e test: drives the window through its
#                   accessibility tree (AT-SPI) in its own D-Bus session (e2e/drive.py)
#   openbox x11-utils  e2e test: a window manager (xprop waits for it) for the second start's
#                   walk, where minimising, covering and the active window need one (e2e/wizard_walks.py)
#   fonts-noto-core the Malayalam font bundled into the frontend (copied once into
#                   frontend/src/assets/fonts; here so the copy can be checked against it)
#   zip unzip time  benchmarks' baselines and /usr/bin/time -v
#   restic borgbackup  the benchmarks' peers (make bench: first backups, encrypted)
#   file binutils   inspecting built executables
#   age             interop test: the standard age tool opens an encrypted backup (backend/crypt)
#   git ca-certificates  version stamping; module downloads
#   nodejs npm      the React frontend (skipped when a node is already installed)
#   (the Windows lane's wine, wine32:i386 with the i386 architecture, mingw's gcc: scripts/wine-env.sh,
#   which make test-windows runs, installs them; only that lane needs them)
PKGS=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev nsis binutils-mingw-w64-x86-64 xvfb x11-xkb-utils xkb-data xdotool xclip
	imagemagick zip unzip time restic borgbackup file binutils age git ca-certificates python3 python3-pyatspi at-spi2-core dbus-x11 fonts-noto-core
	openbox x11-utils)
command -v npm >/dev/null 2>&1 || PKGS+=(nodejs npm)

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -gt 0 ]; then
	# Another apt run (unattended upgrades, a second shell) holds the lock; wait rather than fail.
	while pgrep -x apt-get >/dev/null || pgrep -x dpkg >/dev/null; do
		echo "deps: waiting for another apt-get/dpkg to finish..."
		sleep 5
	done
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	# With recommends, as on the machines where this was tested: Xvfb needs its recommended
	# keymap compiler, and WebKitGTK its recommended GStreamer and font packages.
	$SUDO apt-get install -y -q "${missing[@]}"
else
	echo "deps: Debian packages present"
fi

# Go is not taken from Debian 12 (1.19 is too old for go.mod's go 1.26); the machine's own
# toolchain is used, and go.mod's toolchain line lets a newer-enough go fetch the rest through
# the module proxy.
GO=${GO:-}
if [ -z "$GO" ]; then
	if command -v go >/dev/null 2>&1; then
		GO=$(command -v go)
	elif [ -x /usr/local/go/bin/go ]; then
		GO=/usr/local/go/bin/go
	else
		echo "deps: no Go toolchain found (looked in PATH and /usr/local/go/bin); install Go 1.26+" >&2
		exit 1
	fi
fi

GOBIN_DIR=$("$GO" env GOBIN)
if [ -z "$GOBIN_DIR" ]; then
	GOBIN_DIR=$("$GO" env GOPATH)/bin
fi
WAILS="$GOBIN_DIR/wails"
have=
if [ -x "$WAILS" ]; then
	have=$("$WAILS" version 2>/dev/null | head -n 1 || true)
fi
if [ "$have" = "$WAILS_VERSION" ]; then
	echo "deps: wails ${WAILS_VERSION} present at $WAILS"
else
	echo "deps: go install wails ${WAILS_VERSION}"
	"$GO" install "github.com/wailsapp/wails/v2/cmd/wails@${WAILS_VERSION}"
fi

VERSITYGW="$GOBIN_DIR/versitygw"
have=
if [ -x "$VERSITYGW" ]; then
	# The binary's own --version says "git" when built by go install; its build info is exact.
	have=$("$GO" version -m "$VERSITYGW" 2>/dev/null | awk '$1 == "mod" { print $3 }' || true)
fi
if [ "$have" = "$VERSITYGW_VERSION" ]; then
	echo "deps: versitygw ${VERSITYGW_VERSION} present at $VERSITYGW"
else
	echo "deps: go install versitygw ${VERSITYGW_VERSION}"
	"$GO" install "github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}"
fi

"$GO" mod download

if [ -f frontend/package.json ]; then
	# package-lock.json is the record of what was tested; npm ci installs exactly it. npm keeps
	# its own record of the last install in node_modules/.package-lock.json: when that is newer
	# than the lock, the tree is current and the reinstall is skipped.
	if [ -f frontend/package-lock.json ]; then
		if [ frontend/node_modules/.package-lock.json -nt frontend/package-lock.json ]; then
			echo "deps: frontend node_modules up to date"
		else
			(cd frontend && npm ci --no-audit --no-fund)
		fi
	else
		(cd frontend && npm install --no-audit --no-fund)
	fi
fi
echo "deps: done"
