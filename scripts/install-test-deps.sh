#!/usr/bin/env bash
# Install the system parts the test suite drives for real: Debian's Chromium (browser
# tests through Playwright) with CJK fonts, Dovecot (IMAP polling tests), gettext (compilemessages), and
# the Nu Html Checker (vnu.jar, the HTML validity tests) with the Java and npm it needs.
# Idempotent and quick when everything is already there: apt and npm are only asked when
# a part is missing. Needs root (or sudo) on Debian 12.
set -euo pipefail

# fonts-noto-cjk: Japanese text in the browser tests' screenshots (and contrast checks)
# is drawn in real glyphs, not empty boxes.
PACKAGES=(chromium dovecot-imapd gettext fonts-noto-cjk)
# The HTML checker: npm package vnu-jar, pinned and checked against its registry integrity.
# omotenashi/testing/system.py looks for the jar at VNU_JAR.
VNU_VERSION=26.9.27
VNU_INTEGRITY="sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="
VNU_JAR="/usr/local/share/omotenashi-test/vnu-${VNU_VERSION}/vnu.jar"

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# Java and npm count by their commands: a machine may have them from elsewhere than Debian
# (npm ships inside another nodejs build), and apt must not replace those.
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ! -f "$VNU_JAR" ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi

install_vnu() {
  if [ -f "$VNU_JAR" ]; then
    echo "install-test-deps: vnu.jar ${VNU_VERSION} already at ${VNU_JAR}"
    return
  fi
  echo "install-test-deps: fetching vnu-jar ${VNU_VERSION} with npm"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "vnu-jar@${VNU_VERSION}" >/dev/null)
  local tarball="$tmp/vnu-jar-${VNU_VERSION}.tgz"
  local got
  got=$(python3 -c 'import base64, hashlib, sys; print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")
  if [ "$got" != "$VNU_INTEGRITY" ]; then
    echo "install-test-deps: vnu-jar ${VNU_VERSION} integrity mismatch: ${got}" >&2
    rm -rf "$tmp"
    exit 1
  fi
  tar -xzf "$tarball" -C "$tmp" package/build/dist/vnu.jar
  $SUDO install -D -m 0644 "$tmp/package/build/dist/vnu.jar" "$VNU_JAR"
  rm -rf "$tmp"
  echo "install-test-deps: vnu.jar at ${VNU_JAR}"
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: already installed: ${PACKAGES[*]} java npm"
  install_vnu
  exit 0
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another apt run (an unattended upgrade, a parallel job) may hold the lock: wait for it.
APT_OPTS=(-o DPkg::Lock::Timeout=600)
$SUDO apt-get "${APT_OPTS[@]}" update -qq
$SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}"
install_vnu
