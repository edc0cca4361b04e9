#!/usr/bin/env bash
# Makes sure the Chromium that the e2e tests drive exists (see playwright.config.ts).
# npm never downloads a browser for this project: Chromium comes from Debian's apt.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
  echo "Chromium is missing: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; fix or unset it and try again." >&2
  exit 1
fi

chromium=/usr/bin/chromium
if [ -x "$chromium" ]; then exit 0; fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package with apt-get (takes a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  if [ -x "$chromium" ]; then
    echo "Chromium installed: $("$chromium" --version 2>/dev/null | head -n 1)"
    exit 0
  fi
  echo "Chromium is still missing at $chromium after 'apt-get install -y chromium'." >&2
  exit 1
fi

echo "Chromium is missing: run 'sudo apt-get install -y chromium' (Debian) and try again." >&2
exit 1
