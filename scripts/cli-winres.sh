#!/usr/bin/env bash
# Gives the Windows CLI the application icon. wails does this for the app; for the CLI the
# icon resource is compiled with mingw's windres into a .syso, which go build links into
# windows/amd64 builds only (the file name's _windows_amd64 suffix is a build constraint).
# The .syso is generated, never committed, and removed after the build.
#   cli-winres.sh build | clean
set -euo pipefail
cd "$(dirname "$0")/.."
syso=cmd/mahall_backup_restore/zz_appicon_windows_amd64.syso
case "${1:-}" in
build)
	windres=$(command -v x86_64-w64-mingw32-windres || true)
	if [ -z "$windres" ]; then
		echo "cli-winres: x86_64-w64-mingw32-windres missing (make deps installs binutils-mingw-w64-x86-64)" >&2
		exit 1
	fi
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cp build/windows/icon.ico "$tmp/icon.ico"
	printf '1 ICON "icon.ico"\n' >"$tmp/cli.rc"
	(cd "$tmp" && "$windres" -i cli.rc -O coff -o cli.syso)
	mv "$tmp/cli.syso" "$syso"
	;;
clean)
	rm -f "$syso"
	;;
*)
	echo "usage: $0 build|clean" >&2
	exit 2
	;;
esac
