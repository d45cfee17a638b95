#!/usr/bin/env bash
# Renders one frame from the middle of each phase of a session at 1280x720
# and puts them on one labelled contact sheet.
#   tools/contact-sheet.sh [BUILD_DIR] [OUT.png] [SESSION.timeline | NARRATION]
# With a narration (a session of your own), the phases are the ones it will
# play with: its own timeline's, or the choreography fitted to it, as
# `wellspring --check NARRATION` lists them.
# Needs ImageMagick (tools/deps.sh --test installs it). Uses the offscreen
# EGL driver, so no X server is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-contact-sheet.png}
tl=${3:-audio/fountain.timeline}
size=${SIZE:-1280x720}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

session=()
if [[ $tl == *.timeline ]]; then
    # phase NAME M:SS.mmm lines -> "name seconds" pairs, plus the session's end.
    awk '$1 == "phase" { n = split($3, p, ":"); s = (n == 2 ? p[1] * 60 + p[2] : p[1]); print $2, s }' "$tl" > "$tmp/phases"
    end=$(awk '{ last = $2 } END { print last + 12.5 }' "$tmp/phases")
else
    session=("$tl")
    "$build/wellspring" --check "$tl" 2> /dev/null > "$tmp/check"
    awk -F'\t' '$2 ~ /^phase / { split($1, p, ":"); print substr($2, 7), p[1] * 3600 + p[2] * 60 + p[3] }' "$tmp/check" > "$tmp/phases"
    end=$(awk '/^session: / { split($2, p, ":"); print p[1] * 3600 + p[2] * 60 + p[3] }' "$tmp/check")
fi
i=0
labels=()
while read -r name start; do
    next=$(awk -v i="$i" 'NR == i + 2 { print $2 }' "$tmp/phases")
    [ -n "$next" ] || next=$end
    t=$(awk -v a="$start" -v b="$next" 'BEGIN { printf "%.2f", a + 0.6 * (b - a) }')
    file=$(printf '%s/%02d.png' "$tmp" "$i")
    SDL_VIDEODRIVER=offscreen "$build/wellspring" --screenshot "$t" "$file" --size "$size" "${session[@]}" 2> /dev/null
    labels+=(-label "$((i + 1)) $name  t=${t}s" "$file")
    i=$((i + 1))
done < "$tmp/phases"
/usr/bin/montage "${labels[@]}" -tile 4x -geometry 640x360+4+4 -background '#111' -fill '#ddd' \
    -font "$PWD/fonts/Lato-Medium.ttf" -pointsize 16 "$out"
echo "contact sheet: $out ($i phases)"
