#!/usr/bin/env bash
# Draws the Mahall application icon: a gold mosque dome with a crescent on a green shield,
# and an archive box under it, for "the register, kept safe". Drawn with ImageMagick primitives
# so the source is this script; the outputs are committed:
#   build/appicon.png        1024x1024, wails makes the Windows .ico from it and main.go embeds it
#   build/windows/icon.ico   the Windows executables' icon (app via wails, CLI via windres)
#   build/linux/mahall.png   256x256 for the .desktop file
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/appicon.png
green='#1f7a4d'
darkgreen='#145236'
gold='#e0b23a'
darkgold='#a87c14'
cream='#fbf4e2'

convert -size 1024x1024 xc:none \
	-stroke "$darkgreen" -strokewidth 24 -fill "$green" \
	-draw "path 'M 512,60 L 900,190 C 900,560 760,820 512,964 C 264,820 124,560 124,190 Z'" \
	-stroke none -fill "$cream" \
	-draw "path 'M 512,120 L 846,232 C 840,548 716,776 512,900 C 308,776 184,548 178,232 Z'" \
	-stroke "$darkgold" -strokewidth 14 -fill "$gold" \
	-draw "path 'M 312,520 C 312,380 420,300 512,250 C 604,300 712,380 712,520 Z'" \
	-draw "rectangle 512,200 512,250" \
	-stroke none -fill "$gold" \
	-draw "circle 512,178 512,206" \
	-fill "$cream" -draw "circle 526,170 526,192" \
	-stroke "$darkgold" -strokewidth 14 -fill "$gold" \
	-draw "rectangle 292,520 732,560" \
	-stroke "$darkgreen" -strokewidth 16 -fill "$green" \
	-draw "rectangle 342,580 682,770" \
	-draw "rectangle 302,560 722,620" \
	-stroke none -fill "$gold" \
	-draw "roundrectangle 452,650 572,690 14,14" \
	-depth 8 "PNG32:$out"

mkdir -p build/windows build/linux
convert "$out" -define icon:auto-resize=256,128,64,48,32,16 build/windows/icon.ico
convert "$out" -resize 256x256 build/linux/mahall.png
echo "icon: wrote $out build/windows/icon.ico build/linux/mahall.png"
