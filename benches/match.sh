#!/usr/bin/env bash
# How long `sankofa match` takes end to end (start, read every professional
# and the programme's open assignments from the database, match, record the
# proposals) on the 100,000-professional demonstration registry in a fresh
# SQLite file, with the release build; and its peak memory.
# Target on a 2-core machine: under 10 s.
#
#   bash benches/match.sh                         # WEST-AFRICA, the largest programme
#   PROGRAMME=EAST-AFRICA PROFESSIONALS=20000 FACILITIES=400 bash benches/match.sh
set -euo pipefail
cd "$(dirname "$0")/.."
professionals=${PROFESSIONALS:-100000}
facilities=${FACILITIES:-2000}
seed=${SEED:-1}
programme=${PROGRAMME:-WEST-AFRICA}

cargo build --release --quiet
bin=$PWD/target/release/sankofa
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export DATA_DIR="$dir" RUST_LOG=warn DATABASE_URL="sqlite://$dir/sankofa.db"

echo "== demo-data --professionals $professionals --facilities $facilities --seed $seed"
"$bin" demo-data --professionals "$professionals" --facilities "$facilities" --seed "$seed" | head -n 1

measure() {
  local label=$1
  shift
  local started elapsed
  started=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$dir/mem" "$bin" match --programme "$programme" "$@" >"$dir/out"
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  printf '%-22s %3d.%03d s wall, peak %d MiB\n' "$label" $((elapsed / 1000)) $((elapsed % 1000)) $(( $(cat "$dir/mem") / 1024 ))
  sed 's/^/    /' "$dir/out"
}

echo "== sankofa match --programme $programme (release build, $(nproc) cores)"
measure "dry run" --dry-run
measure "run, proposals stored"
