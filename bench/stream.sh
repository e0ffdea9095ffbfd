#!/usr/bin/env bash
# communique as a map step: the corpus as a JSON-lines document stream
# through `analyze --input jsonl`, once in one process and once split by
# GNU parallel, and the two outputs must be byte-identical.
#
#   bench/stream.sh [MB]          # default 100 (or $MB): the corpus cycled, as bench/run
#   bench/stream.sh --docs [MB]   # only build the stream; print its path
#
# The stream is bench/data/docs-<MB>mb.jsonl: ../shared/corpus/*.txt cycled
# as {"id": "<n>:<file>", "text": ...} records (ids unique) until it reaches
# MB megabytes. The same command is the map step for Spark (`rdd.pipe(...)`,
# see bench/spark.sh) or Hadoop Streaming (`-mapper`). Needs ../shared;
# installs GNU parallel with apt if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
docs_only=
if [ "${1:-}" = --docs ]; then docs_only=1; shift; fi
mb=${1:-${MB:-100}}
case $mb in '' | *[!0-9]* | 0) echo "stream.sh: MB must be a positive integer, not '$mb'" >&2; exit 2 ;; esac
shared=${SHARED:-../shared}
data=bench/data
mkdir -p "$data"

docs=$data/docs-${mb}mb.jsonl
if [ ! -f "$docs" ]; then
  # Written to a temporary name first, so an interrupted run leaves no short stream.
  python3 - "$shared/corpus" "$mb" > "$docs.tmp" <<'PY'
import glob, json, sys
texts = [(p.rsplit("/", 1)[1], open(p, encoding="utf-8").read()) for p in sorted(glob.glob(sys.argv[1] + "/*.txt"))]
if not texts:
    sys.exit(f"no corpus: {sys.argv[1]}/*.txt")
target, size, n = int(sys.argv[2]) * 1_000_000, 0, 0
while size < target:
    for name, text in texts:
        line = json.dumps({"id": f"{n}:{name}", "text": text}, ensure_ascii=False)
        print(line); size += len(line.encode()) + 1; n += 1
PY
  mv "$docs.tmp" "$docs"
fi
if [ -n "$docs_only" ]; then echo "$docs"; exit 0; fi

cargo build --release --locked -q
bin=$PWD/${CARGO_TARGET_DIR:-target}/release/communique
command -v parallel >/dev/null || { apt-get update -qq && apt-get install -y -qq parallel >/dev/null; }

records=$(wc -l < "$docs")
t0=$(date +%s.%N)
"$bin" analyze --input jsonl --format jsonl < "$docs" > "$data/stream-single.jsonl"
t1=$(date +%s.%N)
parallel --pipe --keep-order --block 4M -j "$(nproc)" "$bin" analyze --input jsonl --format jsonl \
  < "$docs" > "$data/stream-parallel.jsonl"
t2=$(date +%s.%N)
cmp "$data/stream-single.jsonl" "$data/stream-parallel.jsonl"
python3 - "$docs" "$records" "$t0" "$t1" "$t2" <<'PY'
import os, sys
docs, n, t0, t1, t2 = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:])
mb = os.path.getsize(docs) / 1e6
print(f"{n} documents, {mb:.1f} MB of JSON lines")
print(f"one process:   {t1-t0:.2f} s  ({mb/(t1-t0):.1f} MB/s)")
print(f"GNU parallel:  {t2-t1:.2f} s  ({mb/(t2-t1):.1f} MB/s, {os.cpu_count()} jobs)")
print("outputs identical: yes")
PY
