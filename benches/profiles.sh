#!/usr/bin/env bash
# Profile pages with 100,000 professionals in the database (SQLite): the
# profile page and the profession form at 32 connections, with latency
# percentiles, and the first (uncached) load of the form, which counts the
# skills every professional uses to suggest them.
# Loopback only. Needs wrk (apt-get install wrk), curl and python3.
#
#   bash benches/profiles.sh             # 100,000 professionals
#   PROFESSIONALS=20000 bash benches/profiles.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
count=${PROFESSIONALS:-100000}
cargo build --release --quiet
bin=$PWD/target/release/sankofa
dir=$(mktemp -d)
port=${BENCH_PORT:-18082}
base="http://127.0.0.1:$port"
export DATA_DIR="$dir" BIND="127.0.0.1:$port" RUST_LOG=warn OUTBOX_WORKER=false
export RATE_LIMIT_AUTH_PER_MINUTE=100000000 RATE_LIMIT_LOGIN_PER_ACCOUNT=100000000
unset DATABASE_URL
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT

"$bin" migrate >/dev/null
"$bin" demo-data >/dev/null
echo "== loading $count professionals into $dir/sankofa.db"
started=$(date +%s)
python3 - "$dir/sankofa.db" "$count" <<'PY'
import sqlite3, sys
db, count = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
c.execute("PRAGMA foreign_keys = ON")
professions = ["2211","2212","2221","2222","2240","2261","2262","2264","3212","3221","3222"]
countries = ["GH","NG","SN","CM","KE","ET","CD","CI","ZW","UG"]
residences = ["GB","FR","US","CA","DE","BE","IT","NL","SE","IE"]
t = "2026-01-01 00:00:00"
c.executescript(f"""
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) INSERT INTO n SELECT i FROM s;
INSERT INTO users (id, email, password_hash, full_name, role, locale, email_verified_at, privacy_accepted_at, session_epoch, created_at, updated_at)
  SELECT printf('bench-%07d', i), printf('pro%07d@bench.example', i), '!', printf('Professional %d', i), 'professional',
         CASE WHEN i % 3 = 0 THEN 'fr' ELSE 'en' END, '{t}', '{t}', 0, '{t}', '{t}' FROM n;
""")
prof = "CASE i % {} {} END".format(len(professions), " ".join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(professions)))
orig = "CASE i % {} {} END".format(len(countries), " ".join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(countries)))
res = "CASE (i / 7) % {} {} END".format(len(residences), " ".join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(residences)))
c.executescript(f"""
INSERT INTO professionals (user_id, profession_code, years_experience, wants_clinical, origin_country, residence_country, residence_city, residence_status, time_zone, bio, created_at, updated_at)
  SELECT printf('bench-%07d', i), {prof}, i % 35, i % 2, {orig}, {res}, 'City ' || (i % 300), 'citizen', 'Europe/London', 'A short biography of professional ' || i, '{t}', '{t}' FROM n;
INSERT OR IGNORE INTO professional_skills (user_id, tag) SELECT printf('bench-%07d', i), 'skill ' || (i % 400) FROM n;
INSERT OR IGNORE INTO professional_skills (user_id, tag) SELECT printf('bench-%07d', i), 'skill ' || ((i * 7) % 400) FROM n;
INSERT OR IGNORE INTO professional_skills (user_id, tag) SELECT printf('bench-%07d', i), 'skill ' || ((i * 13) % 400) FROM n;
INSERT INTO professional_specialties (user_id, specialty_code) SELECT printf('bench-%07d', i), CASE i % 3 WHEN 0 THEN 'midwifery' WHEN 1 THEN 'paediatrics' ELSE 'public_health' END FROM n;
INSERT INTO professional_languages (user_id, language_code, level) SELECT printf('bench-%07d', i), 'en', 'professional' FROM n;
INSERT INTO professional_languages (user_id, language_code, level) SELECT printf('bench-%07d', i), CASE i % 4 WHEN 0 THEN 'fr' WHEN 1 THEN 'ak' WHEN 2 THEN 'yo' ELSE 'sw' END, 'native' FROM n;
INSERT INTO licences (id, user_id, issuing_country, issuing_body, number, profession_code, valid_from, valid_until, status, created_at, updated_at)
  SELECT printf('lic-%07d', i), printf('bench-%07d', i), {res}, 'Licensing body', 'N' || i, {prof}, '2020-01-01', '2030-01-01', CASE i % 2 WHEN 0 THEN 'verified' ELSE 'unverified' END, '{t}', '{t}' FROM n;
INSERT INTO availability_windows (id, user_id, starts_on, ends_on, modality, weekly_hours, created_at, updated_at)
  SELECT printf('win-%07d', i), printf('bench-%07d', i), '2027-01-01', '2027-06-30', 'virtual', 5, '{t}', '{t}' FROM n;
INSERT INTO availability_hours (id, window_id, weekday, starts_minute, ends_minute) SELECT printf('hrs-%07d', i), printf('win-%07d', i), 1 + i % 5, 1080, 1260 FROM n;
INSERT INTO consents (id, user_id, kind, text_version, given_at) SELECT printf('con-%07d', i), printf('bench-%07d', i), 'matching', '2026-11-25', '{t}' FROM n;
""")
c.commit()
print("rows:", {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ["professionals", "professional_skills", "licences", "availability_windows"]})
PY
echo "loaded in $(( $(date +%s) - started )) s"

"$bin" serve &
pid=$!
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

# The demonstration professional, signed in as a browser would be.
jar="$dir/jar"
page=$(curl -s -c "$jar" "$base/login")
csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=professional@demo.sankofa.example" --data-urlencode "password=sankofa demo password" "$base/login"
cookie=$(awk '$6 == "sankofa" { print $7 }' "$jar")

echo
echo "== first load of the profession form (counts the skills of every professional)"
curl -s -o /dev/null -H "Cookie: sankofa=$cookie" -w "status %{http_code}, %{size_download} bytes, %{time_total} s\n" "$base/professional/profile/work"
for path in /professional/profile /professional/profile/work; do
  echo
  echo "== GET $path, 32 connections, ${SECS:-10} s"
  curl -s -o /dev/null -H "Cookie: sankofa=$cookie" -w "status %{http_code}, %{size_download} bytes\n" "$base$path"
  wrk -t2 -c32 -d"${SECS:-10}"s --latency -H "Cookie: sankofa=$cookie" "$base$path" \
    | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%"
done
