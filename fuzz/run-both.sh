#!/usr/bin/env bash
# Run both fuzz targets one after the other, SECS each (default 900).
set -u
cd "$(dirname "$0")"
secs=${1:-900}
for t in analyze lexicon; do
  mkdir -p corpus/$t
  echo "== $t start $(date -u +%FT%TZ)"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -a $t corpus/$t seeds/$t -- \
    -max_total_time=$secs -timeout=10 -print_final_stats=1 2>&1 | tail -40
  echo "== $t end $(date -u +%FT%TZ) rc=${PIPESTATUS[0]}"
done
