#!/usr/bin/env bash
# Install the Debian packages the test suite needs (or those given as arguments).
# Idempotent and safe without a terminal: installs only what dpkg reports missing.
#   scripts/system-packages.sh                 # postgresql chromium fonts-noto-cjk libreoffice-*-nogui poppler-utils
#   scripts/system-packages.sh pkg1 pkg2 ...   # just these
set -euo pipefail

# fonts-noto-cjk: Chinese text in browser tests/screenshots renders as boxes without it.
# libreoffice-{writer,calc}-nogui: the print test renders the 任务分解表 (docx, xlsx) to PDF.
# poppler-utils: the 督查通报 test reads the PDF back (pdftotext) and renders a page to PNG (pdftoppm).
default_pkgs=(postgresql chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)
if (($#)); then pkgs=("$@"); else pkgs=("${default_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  # "install ok installed" excludes half-removed packages whose config files remain ("deinstall").
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    echo "system-packages: $p already installed"
  else
    echo "system-packages: $p missing"
    missing+=("$p")
  fi
done

((${#missing[@]})) || { echo "system-packages: nothing to install"; exit 0; }

if ((EUID != 0)); then
  echo "system-packages: missing ${missing[*]}; as root run:" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

# noninteractive: no debconf prompts (CI has no TTY); the package lists are refreshed once, only
# because something is missing (a fresh machine/container often has none at all).
export DEBIAN_FRONTEND=noninteractive
echo "system-packages: apt-get update"
apt-get update -qq
echo "system-packages: apt-get install ${missing[*]}"
# --no-install-recommends keeps chromium from pulling in a full desktop's worth of extras.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system-packages: installed ${missing[*]}"
