#!/usr/bin/env bash
# The observatory with the 100,000-professional demonstration data, on SQLite
# and then on PostgreSQL: 200 varied views of /observatory for the West
# Africa coordinator, 200 for the admin (every programme), 200 of the public
# /statistics, and 100 CSV downloads, each timed as the server answers it on
# loopback (p50, p95, max). The figures are read from the database once and
# kept for a minute; the first view after the start pays that reading (and
# the public protection) and is printed apart, as is a view right after a
# consent to be counted moved the figures' stamp.
# Needs curl and python3; PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
#
#   bash benches/observatory.sh
#   BACKENDS=sqlite PROFESSIONALS=20000 bash benches/observatory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
count=${PROFESSIONALS:-100000}
facilities=${FACILITIES:-2000}
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
  psql "$pg_url/postgres$pg_options" -qc "DROP DATABASE IF EXISTS sankofa_bench_observatory" >/dev/null 2>&1 || true
}
trap cleanup EXIT

login() {
  local jar=$1 email=$2 page csrf
  page=$(curl -s -c "$jar" "$base/login")
  csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=$email" --data-urlencode "password=sankofa demo password" "$base/login"
  awk '$6 == "sankofa" { print $7 }' "$jar"
}

run() {
  local backend=$1
  unset DATABASE_URL
  export DATA_DIR="$dir/$backend"
  mkdir -p "$DATA_DIR"
  if [ "$backend" = postgres ]; then
    psql "$pg_url/postgres$pg_options" -qc "DROP DATABASE IF EXISTS sankofa_bench_observatory" >/dev/null
    psql "$pg_url/postgres$pg_options" -qc "CREATE DATABASE sankofa_bench_observatory" >/dev/null
    export DATABASE_URL="$pg_url/sankofa_bench_observatory$pg_options"
  fi
  echo "== $backend: $count professionals, $facilities facilities"
  "$bin" migrate >/dev/null
  local out coordinator
  out=$("$bin" demo-data --professionals "$count" --facilities "$facilities" --seed 7 2>/dev/null)
  coordinator=$(printf '%s\n' "$out" | awk '$1 == "WEST-AFRICA" { print $NF; exit }')
  [ -n "$coordinator" ] || { printf '%s\n' "$out"; echo "no West Africa coordinator printed" >&2; exit 1; }
  "$bin" serve >"$dir/$backend.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  local c_cookie a_cookie p_cookie
  c_cookie=$(login "$dir/$backend.c.jar" "$coordinator")
  a_cookie=$(login "$dir/$backend.a.jar" "admin@demo.sankofa.example")
  p_cookie=$(login "$dir/$backend.p.jar" "professional@demo.sankofa.example")
  python3 - "$base" "$c_cookie" "$a_cookie" "$p_cookie" "$backend" <<'PY'
import http.client, random, re, sys, time, urllib.parse
base, coordinator, admin, professional, backend = sys.argv[1:6]
host, port = base.split("//")[1].split(":")
random.seed(2026)
conn = http.client.HTTPConnection(host, int(port))
def get(path, cookie=None, want=200):
    headers = {"Cookie": f"sankofa={cookie}"} if cookie else {}
    t = time.perf_counter()
    conn.request("GET", path, headers=headers)
    r = conn.getresponse(); body = r.read()
    ms = (time.perf_counter() - t) * 1000
    assert r.status == want, (r.status, path, body[:300])
    return ms, body
def post(path, cookie, fields):
    headers = {"Cookie": f"sankofa={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", path, body=urllib.parse.urlencode(fields), headers=headers)
    r = conn.getresponse(); r.read()
    assert r.status == 303, (r.status, path)

ms, body = get("/statistics")
print(f"first view (figures read, public protected): {ms:.0f} ms, {len(body)} bytes")
size_c = len(get("/observatory", coordinator)[1])
size_a = len(get("/observatory", admin)[1])
print(f"page sizes: coordinator {size_c} bytes, admin {size_a} bytes, public {len(body)} bytes")
# What the public sees at this scale: the headline, and how much is hidden.
text = body.decode()
headline = re.findall(r"<li><strong>([^<]*)</strong> ([^<]*)</li>", text)
print("public headline: " + "; ".join(f"{n} {w.strip()}" for n, w in headline))
print(f"public page: {text.count('&lt;5')} figures shown as <5, {text.count('>hidden<')} hidden")

professions = ["", "2221", "3221", "2211", "2212", "2222", "3222"]
modalities = ["", "on_site", "virtual"]
years = ["", "2024", "2025", "2026"]
def months():
    if random.random() < 0.4:
        return {}
    y = random.choice([2024, 2025, 2026]); m = random.randint(1, 12)
    to_y = y + random.randint(0, 1); to_m = random.randint(1, 12)
    if (to_y, to_m) < (y, m): to_y, to_m = y, m
    return {"from": f"{y}-{m:02d}", "to": f"{to_y}-{to_m:02d}"}
def staff_query():
    q = {"profession": random.choice(professions), "modality": random.choice(modalities)}
    q.update(months())
    return urllib.parse.urlencode({k: v for k, v in q.items() if v})
def public_query():
    q = {"profession": random.choice(professions), "modality": random.choice(modalities), "year": random.choice(years)}
    return urllib.parse.urlencode({k: v for k, v in q.items() if v})
tables = ["people-by-origin", "flows", "readiness", "assignments-by-status", "assignments-by-country",
          "assignments-by-month", "delivered-by-origin", "delivered-by-profession", "delivered-by-month"]
views = {
    "coordinator /observatory": [(f"/observatory?{staff_query()}", coordinator) for _ in range(200)],
    "admin /observatory": [(f"/observatory?{staff_query()}", admin) for _ in range(200)],
    "public /statistics": [(f"/statistics?{public_query()}", None) for _ in range(200)],
    "CSV downloads": [(f"/{random.choice(['observatory', 'statistics'])}/{random.choice(tables)}.csv?{public_query()}", admin) for _ in range(100)],
}
def pct(ms, x):
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(round(x * (len(ms) - 1))))]
for name, paths in views.items():
    ms = [get(p, c)[0] for p, c in paths]
    print(f"{name}: {len(ms)} views, p50 {pct(ms, .5):.1f} ms, p95 {pct(ms, .95):.1f} ms, max {max(ms):.1f} ms")

# A consent to be counted withdrawn: the next view reads the figures anew.
_, page = get("/professional/consents", professional)
csrf = re.search(rb'name="csrf" value="([^"]*)"', page).group(1).decode()
post("/professional/consents/statistics/give", professional, {"csrf": csrf})
get("/statistics")
post("/professional/consents/statistics/withdraw", professional, {"csrf": csrf})
ms, _ = get("/statistics")
print(f"first view after a withdrawn consent (figures read again): {ms:.0f} ms")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

for backend in ${BACKENDS:-sqlite postgres}; do
  run "$backend"
done
