#!/usr/bin/env bash
# Page throughput against the yardstick of ../shared/anchors (the bare
# actix + diesel + askama page), on SQLite and on PostgreSQL: the anonymous
# GET /login, the signed-in GET /professional and the API's
# GET /api/v1/professional/profile with a bearer token, each measured side
# by side with the yardstick by page-ratio.sh, which prints both rates and
# the ratio.
# Then the p99 latency of the signed-in page at 32 connections.
# Loopback only. Needs wrk (apt-get install wrk), curl, python3, and for the
# PostgreSQL half a server at PG_URL (default postgres://postgres@127.0.0.1:5432).
# The connection to PostgreSQL is made without TLS (PG_OPTIONS, default
# ?sslmode=disable): on loopback it protects nothing and costs both processes
# CPU; PG_OPTIONS= measures with libpq's default (TLS when the server offers it).
#
#   bash benches/pages.sh                 # both databases
#   BACKENDS=sqlite bash benches/pages.sh # one of them
#   SECS=10 bash benches/pages.sh         # longer rounds (default 5 s each)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
ratio=${PAGE_RATIO:-../shared/anchors/page-ratio.sh}
[ -x "$ratio" ] || [ -f "$ratio" ] || { echo "the yardstick script is missing: $ratio (set PAGE_RATIO)" >&2; exit 1; }
pg=${PG_URL:-postgres://postgres@127.0.0.1:5432}

cargo build --release --quiet
bin=./target/release/sankofa
port=${BENCH_PORT:-18081}
base="http://127.0.0.1:$port"
password="sankofa demo password"
pid=

stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }

measure() {
  local backend=$1 dir
  dir=$(mktemp -d)
  export DATA_DIR="$dir" BIND="127.0.0.1:$port" RUST_LOG=warn OUTBOX_WORKER=false
  export RATE_LIMIT_AUTH_PER_MINUTE=100000000 RATE_LIMIT_LOGIN_PER_ACCOUNT=100000000 RATE_LIMIT_API_PER_MINUTE=100000000
  if [ "$backend" = postgres ]; then
    export DATABASE_URL="$pg/sankofa_bench_pages${PG_OPTIONS-?sslmode=disable}"
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS sankofa_bench_pages" -c "CREATE DATABASE sankofa_bench_pages" >/dev/null
  else
    unset DATABASE_URL
  fi
  "$bin" demo-data >/dev/null
  "$bin" serve &
  pid=$!
  for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

  # Log in as the demonstration professional, as a browser does.
  local jar="$dir/jar" page csrf cookie
  page=$(curl -s -c "$jar" "$base/login")
  csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$jar" -c "$jar" \
    --data-urlencode "csrf=$csrf" --data-urlencode "email=professional@demo.sankofa.example" \
    --data-urlencode "password=$password" "$base/login"
  cookie=$(awk '$6 == "sankofa" { print $7 }' "$jar")

  # An API token of the same professional, made on the account page.
  local token
  page=$(curl -s -b "$jar" "$base/account/tokens")
  csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  token=$(curl -s -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "name=Benchmark" \
    --data-urlencode "scope=read" "$base/account/tokens" \
    | grep -o 'name="secret"[^>]*value="[^"]*"' | sed 's/.*value="//; s/"$//')

  echo "== $backend"
  bash "$ratio" "$base/login"
  bash "$ratio" "$base/professional" -H "Cookie: sankofa=$cookie"
  bash "$ratio" "$base/api/v1/professional/profile" -H "Authorization: Bearer $token"
  echo "-- signed-in latency, 32 connections, ${SECS:-5} s:"
  wrk -t2 -c32 -d"${SECS:-5}"s --latency -H "Cookie: sankofa=$cookie" "$base/professional" \
    | awk '/Latency Distribution/ { on = 1 } on && /%/ { print "   p" $1 " " $2 }'
  stop
  rm -rf "$dir"
  if [ "$backend" = postgres ]; then
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS sankofa_bench_pages" >/dev/null
  fi
}

trap stop EXIT
for backend in ${BACKENDS:-sqlite postgres}; do
  measure "$backend"
done
