#!/usr/bin/env bash
# Install the system parts the test suite drives for real: Debian's Chromium (browser
# tests through Playwright), Dovecot (IMAP polling tests) and gettext (compilemessages).
# Idempotent and quick when everything is already there: apt is only asked when a part
# is missing. Needs root (or sudo) on Debian 12.
set -euo pipefail

PACKAGES=(chromium dovecot-imapd gettext)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: already installed: ${PACKAGES[*]}"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another apt run (an unattended upgrade, a parallel job) may hold the lock: wait for it.
APT_OPTS=(-o DPkg::Lock::Timeout=600)
$SUDO apt-get "${APT_OPTS[@]}" update -qq
$SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}"
