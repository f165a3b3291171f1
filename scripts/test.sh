#!/usr/bin/env bash
# Lint and types, then the whole suite twice: on the embedded SQLite and on a throwaway PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-packages.sh   # postgresql, chromium, fonts-noto-cjk when missing
export PATH="$PWD/.venv/bin:$PATH"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
export LUOSHI_DATA_DIR="$workdir/data"

echo "== ruff"
ruff check src tests bench
ruff format --check src tests bench
echo "== mypy"
mypy
echo "== SQLite"
pytest -n 2 "$@"
echo "== PostgreSQL"
bash scripts/with-postgres.sh pytest -n 2 "$@"
