# Sourced by scripts/wine-env.sh and scripts/test-windows.sh: wine_display makes sure wine has an
# X display (wineboot and the installer want one; nothing is shown): the caller's when it
# answers, else a new Xvfb whose pid is left in XVFB_PID for the caller to stop.
XVFB_PID=
wine_display() {
	if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then
		return
	fi
	local n
	for n in $(seq 91 120); do
		[ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
	done
	Xvfb ":$n" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
	XVFB_PID=$!
	export DISPLAY=":$n"
	for _ in $(seq 100); do
		xdpyinfo >/dev/null 2>&1 && return
		sleep 0.1
	done
	echo "wine: Xvfb on $DISPLAY did not start" >&2
	return 1
}
