#!/usr/bin/env bash
# The whole suite, twice: on the embedded SQLite and on a throwaway PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-packages.sh   # postgresql, chromium, fonts-noto-cjk when missing
export PATH="$PWD/.venv/bin:$PATH"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
export LUOSHI_DATA_DIR="$workdir/data"

echo "== SQLite"
pytest -n 2 "$@"
echo "== PostgreSQL"
bash scripts/with-postgres.sh pytest -n 2 "$@"
