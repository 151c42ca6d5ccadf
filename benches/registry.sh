#!/usr/bin/env bash
# The coordinators' registry search with 100,000 professionals: 200 varied
# searches, each with three or more filters, as the West Africa coordinator
# of the demonstration data, on SQLite and then on PostgreSQL. Prints the
# time of each search as the server answers it on loopback (p50, p95, max),
# the slowest search, and the query plan of its SQL.
# Needs curl and python3; PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
#
#   bash benches/registry.sh
#   BACKENDS=sqlite PROFESSIONALS=20000 bash benches/registry.sh
set -euo pipefail
cd "$(dirname "$0")/.."
count=${PROFESSIONALS:-100000}
facilities=${FACILITIES:-2000}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
pg_options=${PG_OPTIONS-?sslmode=disable}
cargo build --release --quiet
bin=$PWD/target/release/sankofa
dir=$(mktemp -d)
port=${BENCH_PORT:-18083}
base="http://127.0.0.1:$port"
export BIND="127.0.0.1:$port" RUST_LOG=warn OUTBOX_WORKER=false
export RATE_LIMIT_AUTH_PER_MINUTE=100000000 RATE_LIMIT_LOGIN_PER_ACCOUNT=100000000
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$dir"
  psql "$pg_url/postgres$pg_options" -qc "DROP DATABASE IF EXISTS sankofa_bench_registry" >/dev/null 2>&1 || true
}
trap cleanup EXIT

run() {
  local backend=$1
  unset DATABASE_URL
  export DATA_DIR="$dir/$backend"
  mkdir -p "$DATA_DIR"
  if [ "$backend" = postgres ]; then
    psql "$pg_url/postgres$pg_options" -qc "DROP DATABASE IF EXISTS sankofa_bench_registry" >/dev/null
    psql "$pg_url/postgres$pg_options" -qc "CREATE DATABASE sankofa_bench_registry" >/dev/null
    export DATABASE_URL="$pg_url/sankofa_bench_registry$pg_options"
  fi
  echo "== $backend: $count professionals, $facilities facilities"
  "$bin" migrate >/dev/null
  local out email
  out=$("$bin" demo-data --professionals "$count" --facilities "$facilities" --seed 7 2>/dev/null)
  email=$(printf '%s\n' "$out" | awk '$1 == "WEST-AFRICA" { print $NF; exit }')
  [ -n "$email" ] || { printf '%s\n' "$out"; echo "no West Africa coordinator printed" >&2; exit 1; }
  "$bin" serve >"$dir/$backend.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  local jar="$dir/$backend.jar" page csrf cookie
  page=$(curl -s -c "$jar" "$base/login")
  csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=$email" --data-urlencode "password=sankofa demo password" "$base/login"
  cookie=$(awk '$6 == "sankofa" { print $7 }' "$jar")
  python3 - "$base" "$cookie" "$backend" "$DATA_DIR/sankofa.db" "${DATABASE_URL:-}" <<'PY'
import http.client, random, statistics, subprocess, sys, time, urllib.parse, datetime
base, cookie, backend, sqlite_path, pg = sys.argv[1:6]
host, port = base.split("//")[1].split(":")
random.seed(2026)
today = datetime.date.today()
professions = ["2221", "3221", "2211", "2212", "2222", "3222", "2262", "3213", "3211"]
origins = ["CI", "GH", "NG", "SN"]
residences = ["GB", "US", "CA", "FR", "DE", "NL", "BE", "IE", "AU", "SA", "AE"]
texts = ["ultrasound", "triage", "paediatric", "emergency", "surgery", "ana", "oko", "diallo", "ko"]
def filters():
    chosen = random.sample(["profession", "origin", "residence", "language", "availability", "licence", "ready", "q"], random.randint(3, 5))
    q = {}
    for f in chosen:
        if f == "profession": q["profession"] = random.choice(professions)
        elif f == "origin": q["origin"] = random.choice(origins)
        elif f == "residence": q["residence"] = random.choice(residences)
        elif f == "language":
            q["language"] = random.choice(["en", "fr", "en", "ha", "yo"])
            q["level"] = random.choice(["conversational", "professional"])
        elif f == "availability":
            start = today + datetime.timedelta(days=random.randint(10, 400))
            q["modality"] = random.choice(["on_site", "virtual"])
            q["from"] = start.isoformat()
            q["to"] = (start + datetime.timedelta(days=random.randint(14, 60))).isoformat()
        elif f == "licence": q["licence"] = "yes"
        elif f == "ready": q["ready"] = "yes"
        elif f == "q": q["q"] = random.choice(texts)
    q["sort"] = random.choice(["relevance", "experience", "name"])
    if random.random() < 0.2: q["page"] = str(random.randint(2, 4))
    return q
searches = [filters() for _ in range(200)]
conn = http.client.HTTPConnection(host, int(port))
def get(q):
    path = "/coordinator/registry?" + urllib.parse.urlencode(q)
    t = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sankofa={cookie}"})
    r = conn.getresponse(); body = r.read()
    ms = (time.perf_counter() - t) * 1000
    assert r.status == 200, (r.status, path, body[:300])
    found = body.decode().split('<h2 id="results-title"')[1].split(">")[1].split("<")[0]
    return ms, found
for q in searches: get(q)          # warm-up: caches, prepared statements
times = [(get(q), q) for q in searches]
ms = sorted(t[0][0] for t in times)
p = lambda x: ms[min(len(ms) - 1, int(round(x * (len(ms) - 1))))]
print(f"{backend}: 200 searches, 3-5 filters each: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {ms[-1]:.1f} ms")
(slow_ms, found), slow = max(times, key=lambda t: t[0][0])
print(f"slowest ({slow_ms:.1f} ms, {found}): {urllib.parse.urlencode(slow)}")

# The SQL the store builds for that search (store/registry.rs), for its plan.
conds = ["(1 = 0 OR (registry_entries.origin_country IN ('CI','GH','NG','SN') AND registry_entries.residence_status IN ('citizen','permanent_resident','work_permit')))"]
s = slow
if "profession" in s: conds.append(f"registry_entries.profession_code = '{s['profession']}'")
if "origin" in s: conds.append(f"registry_entries.origin_country = '{s['origin']}'")
if "residence" in s: conds.append(f"registry_entries.residence_country = '{s['residence']}'")
if "language" in s: conds.append(f"registry_entries.languages LIKE '% {s['language']}:{s['level']} %' ESCAPE '\\'")
lic = f"registry_entries.licence_until >= '{today}'"
if "licence" in s: conds.append(lic)
if "ready" in s:
    conds += ["registry_entries.email_verified = true", "registry_entries.profession_code IS NOT NULL",
              "registry_entries.languages <> ' '", f"registry_entries.available_until >= '{today}'",
              f"(registry_entries.wants_clinical = false OR {lic})"]
if "q" in s:
    conds.append(f"(registry_entries.name_key LIKE '%{s['q']}%' ESCAPE '\\' OR registry_entries.skills LIKE '%{s['q']}%' ESCAPE '\\')")
if "modality" in s:
    conds.append(f"registry_entries.available_until >= '{s['to']}'")
    conds.append(f"EXISTS (SELECT 1 FROM availability_windows w WHERE w.user_id = registry_entries.user_id AND w.modality IN ('{s['modality']}', 'either') AND w.starts_on <= '{s['from']}' AND w.ends_on >= '{s['to']}')")
sql = "SELECT COUNT(*) FROM registry_entries WHERE " + " AND ".join(conds)
print("plan of its count:")
if backend == "sqlite":
    import sqlite3
    c = sqlite3.connect(sqlite_path)
    for row in c.execute("EXPLAIN QUERY PLAN " + sql):
        print("  ", row[3])
else:
    out = subprocess.run(["psql", pg, "-Atc", "EXPLAIN (ANALYZE, COSTS OFF) " + sql], capture_output=True, text=True)
    print("\n".join("   " + l for l in out.stdout.splitlines()))
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

for backend in ${BACKENDS:-sqlite postgres}; do
  run "$backend"
done
