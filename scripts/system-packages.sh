#!/usr/bin/env sh
# Installs the Debian packages the test suite needs, if any are missing:
# Chromium (browser journeys and axe-core), PostgreSQL 15 server (the suite runs
# against a real server), HarfBuzz subsetting (faster WeasyPrint), poppler-utils
# (pdftotext/pdftoppm to read the PDFs back). Safe to run again: does nothing
# when everything is there.
set -eu
PACKAGES="chromium libharfbuzz-subset0 poppler-utils postgresql-15 fonts-dejavu-core"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing missing system packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
