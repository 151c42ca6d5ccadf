#!/usr/bin/env bash
# The professionals' search of open assignments (Terms of Reference) with
# 100,000 professionals and about 10,000 open assignments (2,900 facilities
# of the demonstration data): 200 varied searches with one to four filters,
# as a demonstration professional, on SQLite and then on PostgreSQL. Prints
# the number of open assignments and the time of each search as the server
# answers it on loopback (p50, p95, max), and the slowest search.
# Needs curl and python3; PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
#
#   bash benches/discovery.sh
#   BACKENDS=sqlite PROFESSIONALS=20000 FACILITIES=600 bash benches/discovery.sh
set -euo pipefail
cd "$(dirname "$0")/.."
count=${PROFESSIONALS:-100000}
facilities=${FACILITIES:-2900}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
pg_options=${PG_OPTIONS-?sslmode=disable}
cargo build --release --quiet
bin=$PWD/target/release/sankofa
dir=$(mktemp -d)
port=${BENCH_PORT:-18084}
base="http://127.0.0.1:$port"
export BIND="127.0.0.1:$port" RUST_LOG=warn OUTBOX_WORKER=false
export RATE_LIMIT_AUTH_PER_MINUTE=100000000 RATE_LIMIT_LOGIN_PER_ACCOUNT=100000000
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$dir"
  psql "$pg_url/postgres$pg_options" -qc "DROP DATABASE IF EXISTS sankofa_bench_discovery" >/dev/null 2>&1 || true
}
trap cleanup EXIT

run() {
  local backend=$1
  unset DATABASE_URL
  export DATA_DIR="$dir/$backend"
  mkdir -p "$DATA_DIR"
  if [ "$backend" = postgres ]; then
    psql "$pg_url/postgres$pg_options" -qc "DROP DATABASE IF EXISTS sankofa_bench_discovery" >/dev/null
    psql "$pg_url/postgres$pg_options" -qc "CREATE DATABASE sankofa_bench_discovery" >/dev/null
    export DATABASE_URL="$pg_url/sankofa_bench_discovery$pg_options"
  fi
  echo "== $backend: $count professionals, $facilities facilities"
  "$bin" migrate >/dev/null
  "$bin" demo-data --professionals "$count" --facilities "$facilities" --seed 7 >/dev/null 2>&1
  local email open
  if [ "$backend" = postgres ]; then
    email=$(psql "$DATABASE_URL" -Atc "SELECT email FROM users WHERE role = 'professional' ORDER BY email LIMIT 1")
    open=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM assignments WHERE status = 'open'")
  else
    email=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT email FROM users WHERE role = 'professional' ORDER BY email LIMIT 1\").fetchone()[0])" "$DATA_DIR/sankofa.db")
    open=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM assignments WHERE status = 'open'\").fetchone()[0])" "$DATA_DIR/sankofa.db")
  fi
  echo "$open open assignments; searching as $email"
  "$bin" serve >"$dir/$backend.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  local jar="$dir/$backend.jar" page csrf cookie
  page=$(curl -s -c "$jar" "$base/login")
  csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=$email" --data-urlencode "password=sankofa demo password" "$base/login"
  cookie=$(awk '$6 == "sankofa" { print $7 }' "$jar")
  python3 - "$base" "$cookie" "$backend" <<'PY'
import http.client, random, sys, time, urllib.parse, datetime
base, cookie, backend = sys.argv[1:4]
host, port = base.split("//")[1].split(":")
random.seed(2026)
today = datetime.date.today()
professions = ["2221", "3221", "2211", "2212", "2222", "3222", "2262", "3213", "3211"]
countries = ["GH", "NG", "SN", "CI", "CM", "CD", "KE", "UG", "ET", "ZW", "ZA", "IN", "PH"]
texts = ["mentor", "tele", "triage", "neonatal", "surgery", "care", "formation", "obstetric"]
def filters():
    chosen = random.sample(["country", "profession", "modality", "dates", "language", "urgent", "safeguards", "q"], random.randint(1, 4))
    q = {}
    for f in chosen:
        if f == "country": q["country"] = random.choice(countries)
        elif f == "profession": q["profession"] = random.choice(professions)
        elif f == "modality": q["modality"] = random.choice(["on_site", "virtual"])
        elif f == "dates":
            start = today + datetime.timedelta(days=random.randint(0, 300))
            q["from"] = start.isoformat()
            q["to"] = (start + datetime.timedelta(days=random.randint(7, 90))).isoformat()
        elif f == "language": q["language"] = random.choice(["en", "fr", "en", "pt", "sw"])
        elif f == "urgent": q["urgent"] = "yes"
        elif f == "safeguards": q["safeguards"] = "yes"
        elif f == "q": q["q"] = random.choice(texts)
    if random.random() < 0.2: q["page"] = str(random.randint(2, 5))
    return q
searches = [filters() for _ in range(200)]
conn = http.client.HTTPConnection(host, int(port))
def get(q):
    path = "/assignments?" + urllib.parse.urlencode(q)
    t = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sankofa={cookie}"})
    r = conn.getresponse(); body = r.read()
    ms = (time.perf_counter() - t) * 1000
    assert r.status == 200, (r.status, path, body[:300])
    return ms, body.count(b'href="/assignments/')
for q in searches: get(q)          # warm-up: caches, prepared statements
times = [(get(q), q) for q in searches]
ms = sorted(t[0][0] for t in times)
p = lambda x: ms[min(len(ms) - 1, int(round(x * (len(ms) - 1))))]
print(f"{backend}: 200 searches, 1-4 filters each: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {ms[-1]:.1f} ms")
(slow_ms, shown), slow = max(times, key=lambda t: t[0][0])
print(f"slowest ({slow_ms:.1f} ms, {shown} shown): {urllib.parse.urlencode(slow)}")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

for backend in ${BACKENDS:-sqlite postgres}; do
  run "$backend"
done
