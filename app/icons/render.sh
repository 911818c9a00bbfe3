#!/usr/bin/env bash
# Renders stockroom.svg into every size the platforms ask for. The results are committed, so
# building a package never needs these tools; run this only after changing the SVG.
# Needs: rsvg-convert (librsvg2-bin), convert (imagemagick), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" stockroom.svg -o "stockroom-$size.png"
done
# Linux: the freedesktop icon theme sizes (hicolor); jpackage takes the 256 one as the app icon.
cp stockroom-256.png stockroom.png
# Windows: one .ico holding every size Explorer and the taskbar pick from.
convert stockroom-16.png stockroom-24.png stockroom-32.png stockroom-48.png stockroom-64.png stockroom-256.png stockroom.ico
# macOS: .icns with the standard and Retina sizes.
png2icns stockroom.icns stockroom-16.png stockroom-32.png stockroom-128.png stockroom-256.png stockroom-512.png stockroom-1024.png >/dev/null
rm stockroom-1024.png   # only needed inside the .icns
