#!/usr/bin/env bash
# How long `sankofa demo-data` takes to load a registry at scale (100,000
# professionals and 2,000 facilities by default) into a fresh SQLite file
# and into a throwaway PostgreSQL database, with the release build.
# Targets on a 2-core machine: under 60 s on SQLite, under 120 s on PostgreSQL.
# Needs, for the PostgreSQL half, a server at PG_URL (default
# postgres://postgres@127.0.0.1:5432) and psql; the database
# sankofa_bench_demo is created and dropped.
#
#   bash benches/demo-data.sh                          # both databases
#   BACKENDS=sqlite bash benches/demo-data.sh          # one of them
#   PROFESSIONALS=20000 FACILITIES=400 SEED=7 bash benches/demo-data.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${PG_URL:-postgres://postgres@127.0.0.1:5432}
professionals=${PROFESSIONALS:-100000}
facilities=${FACILITIES:-2000}
seed=${SEED:-1}

cargo build --release --quiet
bin=$PWD/target/release/sankofa
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export DATA_DIR="$dir" RUST_LOG=warn PGOPTIONS="--client-min-messages=warning"

run() {
  local backend=$1 started elapsed
  started=$(date +%s%N)
  "$bin" demo-data --professionals "$professionals" --facilities "$facilities" --seed "$seed" >"$dir/$backend.out"
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  printf '%-9s %4d.%01d s  (%s)\n' "$backend" $((elapsed / 1000)) $((elapsed % 1000 / 100)) "$(head -n 1 "$dir/$backend.out")"
}

echo "== demo-data --professionals $professionals --facilities $facilities --seed $seed (release build, $(nproc) cores)"
for backend in ${BACKENDS:-sqlite postgres}; do
  if [ "$backend" = postgres ]; then
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS sankofa_bench_demo" -c "CREATE DATABASE sankofa_bench_demo" >/dev/null
    DATABASE_URL="$pg/sankofa_bench_demo${PG_OPTIONS-?sslmode=disable}" run postgres
    psql "$pg/postgres" -qc "DROP DATABASE sankofa_bench_demo" >/dev/null
  else
    DATABASE_URL="sqlite://$dir/demo.db" run sqlite
  fi
done
