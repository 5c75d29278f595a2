#!/usr/bin/env bash
# Prepares everything the Windows test lane (make test-windows) needs to run Go's Windows
# programs under wine on Debian 12, and only what is missing, so a second run takes seconds:
#   - Debian packages: wine, wine32 (i386 multiarch: the NSIS installer is a 32-bit program),
#     mingw's gcc, Xvfb;
#   - the ProcessPrng shim (scripts/wine/), without which wine 8 stops every Go 1.24+ program;
#   - a wine prefix set to Windows 10 (the installer refuses older versions), in WINEPREFIX
#     (default ~/.cache/mahall-wine-prefix);
#   - the test-only -overlay of Go's deleteat (scripts/wineoverlay).
# It writes build/wine/ (ignored by git): the shim, the overlay, and env.sh for the test scripts
# to source. Run as root (or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
WINE_DIR=${WINE_DIR:-$PWD/build/wine}
# Outside the repository: a prefix holds dosdevices/z:, a link to /, which a Windows program
# walking the repository (a test looking at every source file) would see as a folder and follow.
export WINEPREFIX=${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/mahall-wine-prefix}
export WINEDEBUG=${WINEDEBUG:--all}
# No "install Mono/Gecko?" dialogs: nothing here needs them, and they would wait for a click.
export WINEDLLOVERRIDES="mscoree,mshtml="

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo

# Debian packages, each with its reason:
#   wine wine64 wine32:i386   run the Windows test binaries (64-bit) and the installer (32-bit)
#   gcc-mingw-w64-x86-64      build the ProcessPrng shim DLL
#   xvfb xauth x11-utils      a display for wineboot and the installer's (hidden) window; xdpyinfo
PKGS=(wine wine64 wine32:i386 gcc-mingw-w64-x86-64 xvfb xauth x11-utils)
missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	while pgrep -x apt-get >/dev/null || pgrep -x dpkg >/dev/null; do
		echo "wine-env: waiting for another apt-get/dpkg to finish..."
		sleep 5
	done
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		echo "wine-env: adding the i386 architecture (for wine32)"
		$SUDO dpkg --add-architecture i386
	fi
	echo "wine-env: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q "${missing[@]}"
else
	echo "wine-env: Debian packages present"
fi

mkdir -p "$WINE_DIR"

# The shim, rebuilt only when its sources change.
SHIM="$WINE_DIR/bcryptprimitives.dll"
if [ ! -s "$SHIM" ] || [ scripts/wine/processprng.c -nt "$SHIM" ] || [ scripts/wine/bcryptprimitives.def -nt "$SHIM" ]; then
	echo "wine-env: building $SHIM"
	x86_64-w64-mingw32-gcc -O2 -shared -o "$SHIM" scripts/wine/processprng.c \
		scripts/wine/bcryptprimitives.def -ladvapi32
fi

# shellcheck source=wine/display.sh
source scripts/wine/display.sh

SYS32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -f "$WINEPREFIX/.mahall-ready" ]; then
	echo "wine-env: preparing the wine prefix $WINEPREFIX (about a minute)"
	wine_display
	trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true' EXIT
	wineboot --init
	wineserver -w
	# Windows 10, as our users run and as NSIS's installer requires (it exits 64 otherwise).
	wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null
	wineserver -w
	touch "$WINEPREFIX/.mahall-ready"
fi
if ! cmp -s "$SHIM" "$SYS32/bcryptprimitives.dll"; then
	cp "$SHIM" "$SYS32/bcryptprimitives.dll"
fi

OVERLAY_DIR="$WINE_DIR/overlay"
"$GO" run ./scripts/wineoverlay -out "$OVERLAY_DIR" >/dev/null

cat >"$WINE_DIR/env.sh" <<ENV
# Written by scripts/wine-env.sh; sourced by the Windows test scripts.
export WINEPREFIX='$WINEPREFIX'
export WINEDEBUG='$WINEDEBUG'
export WINEDLLOVERRIDES='$WINEDLLOVERRIDES'
# The test-only overlay of Go's deleteat: pass it to go test/build with -overlay, never to a
# build that is shipped.
WINE_OVERLAY='$OVERLAY_DIR/overlay.json'
ENV
echo "wine-env: ready (prefix $WINEPREFIX, overlay $OVERLAY_DIR/overlay.json)"
