#!/usr/bin/env bash
# Debian packages the project needs. Installs only what is missing, so a warm machine stays fast.
set -euo pipefail
# mupdf-tools: the optional AGPL redaction engine and the redaction benchmark's reference only.
# The workflow and script checks (test/infra) run shellcheck; util-linux has prlimit, which bounds converter memory.
needed=(fonts-dejavu-core poppler-utils qpdf tesseract-ocr tesseract-ocr-eng libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui libreoffice-draw-nogui tesseract-ocr-cym tesseract-ocr-osd fonts-wqy-microhei chromium mupdf-tools util-linux shellcheck)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "not a Debian system: install the equivalents of ${needed[*]} yourself" >&2
  exit 0
fi
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: ${needed[*]}"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
