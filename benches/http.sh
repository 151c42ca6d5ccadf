#!/usr/bin/env bash
# HTTP benchmarks for the targets of the foundation: page throughput, idle
# memory, and liveness latency while logins saturate the password hasher.
# Loopback only. Needs wrk (apt-get install wrk) and curl.
#
#   bash benches/http.sh                      # SQLite in a temporary directory
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/sankofa_bench bash benches/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet
bin=./target/release/sankofa
dir=$(mktemp -d)
port=${BENCH_PORT:-18080}
base="http://127.0.0.1:$port"
password="bench password for loopback only"
export DATA_DIR="$dir" BIND="127.0.0.1:$port" RUST_LOG=warn OUTBOX_WORKER=false
# The benchmark itself is one client hammering logins: lift the per-address limits.
export RATE_LIMIT_AUTH_PER_MINUTE=100000000 RATE_LIMIT_LOGIN_PER_ACCOUNT=100000000 RATE_LIMIT_FAILURES_PER_ACCOUNT=100000000

if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]]; then
  db="${DATABASE_URL##*/}"
  psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\"" >/dev/null
fi
echo "$password" | "$bin" create-admin --email bench@example.org >/dev/null
"$bin" serve &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

echo "== database: ${DATABASE_URL:-SQLite in $dir}"
echo "== idle memory (after 5 s)"
sleep 5
echo "RSS $(( $(ps -o rss= -p $pid) / 1024 )) MiB"

echo
echo "== GET /login, 32 connections, 15 s"
wrk -t2 -c32 -d15s --latency "$base/login"

echo
echo "== RSS after the page load: $(( $(ps -o rss= -p $pid) / 1024 )) MiB"

# A login as a browser sends it: the session cookie and its CSRF token.
jar="$dir/jar"
page=$(curl -s -c "$jar" "$base/login")
csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
cookie=$(awk '$6 == "sankofa" { print $7 }' "$jar")
cat > "$dir/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "sankofa=$cookie"
wrk.body = "csrf=$csrf&email=bench%40example.org&password=$(printf '%s' "$password" | sed 's/ /+/g')"
LUA
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sankofa=$cookie" --data-binary "$(sed -n 's/^wrk.body = "\(.*\)"$/\1/p' "$dir/login.lua")" "$base/login")
echo
echo "== one login answers $status (303 expected)"

# SECURITY.md 3: a failed login takes as long for an unknown address as for a known one.
login_ms() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: sankofa=$cookie" \
    --data-binary "csrf=$csrf&email=$1&password=not+the+password+at+all" "$base/login"
}
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f ms", a[int((NR + 1) / 2)] * 1000 }'; }
known=$(for _ in $(seq 1 21); do login_ms bench%40example.org; done | median)
unknown=$(for _ in $(seq 1 21); do login_ms nobody%40example.org; done | median)
echo
echo "== failed login, median of 21: known address $known, unknown address $unknown"

echo
echo "== 100 concurrent logins for 25 s; /healthz latency measured meanwhile"
wrk -t1 -c100 -d25s --timeout 30s -s "$dir/login.lua" "$base/login" > "$dir/logins.txt" &
logins=$!
sleep 3
wrk -t1 -c4 -d15s --latency "$base/healthz"
wait $logins
echo
echo "-- the logins:"
cat "$dir/logins.txt"
# SECURITY.md 30: a mix of pages, 50 connections, 30 s; every answer 2xx or 3xx.
cat > "$dir/mix.lua" <<'LUA'
local paths = { "/", "/login", "/signup", "/signup/professional", "/signup/facility", "/privacy", "/password/forgot", "/healthz" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
echo
echo "== a mix of pages, 50 connections, 30 s (any non-2xx/3xx answer is reported by wrk)"
wrk -t2 -c50 -d30s --latency -s "$dir/mix.lua" "$base/"

echo
echo "== RSS at the end: $(( $(ps -o rss= -p $pid) / 1024 )) MiB"
