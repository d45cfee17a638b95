#!/usr/bin/env bash
# Installs what Wellspring needs from Debian 12 packages, only what is missing.
#   tools/deps.sh          build and run
#   tools/deps.sh --test   also what the test suite needs (Xvfb, ImageMagick,
#                          ffmpeg, clang for the fuzzers and sanitizers,
#                          espeak-ng and sox for narrations, and the Wayland
#                          hosts: cage, sway, swayidle, with grim and wtype)
# Uses sudo when not root. Nothing is downloaded except Debian packages.
set -euo pipefail

pkgs=(build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-mixer-dev
      libglew-dev libcglm-dev libpng-dev libinih-dev libx11-dev libgl-dev libegl-dev libgl1-mesa-dri libsndfile1-dev
      libfftw3-dev libespeak-ng-dev)
if [ "${1:-}" = "--test" ]; then
    pkgs+=(xvfb xauth x11-apps x11-utils xdotool imagemagick ffmpeg clang libclang-rt-14-dev
           espeak-ng sox cage xwayland grim sway swayidle wtype)
fi

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: everything needed is installed"
    exit 0
fi
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
