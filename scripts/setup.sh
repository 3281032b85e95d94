#!/usr/bin/env bash
# Sets up paper2book on a fresh Debian/Ubuntu machine (run as root, or with sudo available):
# system libraries and fonts, then a virtualenv in .venv with paper2book installed.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --test   also what the test suite needs: Java for EPUBCheck, poppler, mupdf,
#                             Chromium, calibre, Node with DAISY Ace (in .tools/, no browser download)
set -euo pipefail
cd "$(dirname "$0")/.."

ACE_VERSION=1.4.6
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# fonts-noto-cjk sets the text; the PDF's fallback fonts (config schema FALLBACK_FONTS) draw what it
# lacks: fonts-hanazono CJK Extensions B-F, fonts-symbola emoji, fonts-babelstone-han Extension G.
pkgs=(python3-venv python3-pip libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
      fontconfig fonts-noto-cjk fonts-hanazono fonts-symbola fonts-babelstone-han
      chromium)    # prints the vertical PDF (--vertical --pdf)
if [ "$want_test" = 1 ]; then
  pkgs+=(default-jre-headless poppler-utils mupdf-tools calibre jing)
  # Node for DAISY Ace: any node and npm on PATH will do (Debian's, or another install's).
  command -v node >/dev/null || pkgs+=(nodejs)
  command -v npm >/dev/null || pkgs+=(npm)
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The distribution's python3 unless PYTHON says otherwise: apt's python3-venv
# (above) is for it, and it is built with optimisations that make PDF output
# about 10 % faster than a default pyenv build found first on PATH.
if [ -n "${PYTHON:-}" ]; then
  py=$PYTHON
elif /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  py=/usr/bin/python3
else
  py=python3
fi
[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# A regular (non-editable) install: proves the wheel carries styles/ and templates/.
target="."
[ "$want_test" = 1 ] && target=".[test]"
.venv/bin/python -m pip install -q "$target" >/dev/null
if [ "$want_test" = 1 ]; then
  # DAISY Ace, pinned, driving Debian's Chromium: puppeteer's own browser is never fetched.
  ace=.tools/ace
  if [ ! -x "$ace/node_modules/.bin/ace-cli" ]; then
    echo "setup: installing DAISY Ace $ACE_VERSION into $ace"
    mkdir -p "$ace"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$ace" --save-exact --no-audit --no-fund \
      --loglevel=error "@daisy/ace-cli@$ACE_VERSION" >/dev/null
  fi
fi
echo "setup: paper2book $(.venv/bin/paper2book --version | cut -d' ' -f2) ready in .venv"
