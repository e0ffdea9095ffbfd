#!/usr/bin/env bash
# communique as a Spark map step: the corpus as a JSON-lines document stream
# (bench/stream.sh builds it) through `analyze --input jsonl --format jsonl`
# in one process, split by GNU parallel, and piped by PySpark in local mode;
# every merged output must equal the one-process output byte for byte.
#
#   bench/spark.sh [MB]     # default 100 (or $MB); MB=20 bench/spark.sh for a quick run
#
# Spark: `sc.textFile(docs).pipe("<abs>/communique analyze --input jsonl
# --format jsonl")` then `saveAsTextFile`; the part files, concatenated in
# order, are the merged output (bench/spark_job.py). It runs both PySpark's
# RDD.pipe and the JVM's JavaRDD.pipe. SPARK_MASTER (default local[2]) sets
# the master. Needs Java 17+ and ../shared; installs pyspark into bench/.venv
# and GNU parallel (apt) if missing. Not part of `cargo test`.
# Prints the timings and PASS or FAIL; exits 1 on a mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-${MB:-100}}
master=${SPARK_MASTER:-local[2]}
pyspark_version=4.0.1
data=bench/data
venv=bench/.venv

# --- Java 17+ ---------------------------------------------------------------
if [ -z "${JAVA_HOME:-}" ]; then
  java=$(command -v java) || { echo "spark.sh: no java on PATH (Spark needs Java 17+)" >&2; exit 2; }
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")")
  export JAVA_HOME
fi
java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ "${java_version:-0}" -lt 17 ]; then
  echo "spark.sh: Spark 4 needs Java 17+, $JAVA_HOME has ${java_version:-none}" >&2
  exit 2
fi

# --- pyspark in the bench venv (bench/run creates it with its peers) --------
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import pyspark' 2>/dev/null ||
  "$venv/bin/pip" install -q "pyspark==$pyspark_version"
export PYSPARK_PYTHON=$PWD/$venv/bin/python PYSPARK_DRIVER_PYTHON=$PWD/$venv/bin/python
# Quiet Spark: its log4j2 configuration, errors only.
export SPARK_CONF_DIR=$PWD/$data/spark-conf
mkdir -p "$SPARK_CONF_DIR"
cat > "$SPARK_CONF_DIR/log4j2.properties" <<'EOF'
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
# PySpark's shell logger at the root's level, or Spark prints a notice that it
# sets "the default log level" to WARN.
logger.pyspark.name = org.apache.spark.api.python.PythonGatewayServer
logger.pyspark.level = error
EOF

# --- inputs and the binary --------------------------------------------------
docs=$(bench/stream.sh --docs "$mb")
command -v parallel >/dev/null || { apt-get update -qq && apt-get install -y -qq parallel >/dev/null; }
cargo build --release --locked -q
# All runs use one copy of the binary, so a rebuild during the run changes nothing.
bin=$PWD/$data/communique-spark
cp "${CARGO_TARGET_DIR:-target}/release/communique" "$bin.tmp" && mv "$bin.tmp" "$bin"
cmd=("$bin" analyze --input jsonl --format jsonl)

single=$data/spark-single.jsonl
now() { date +%s.%N; }

t0=$(now)
"${cmd[@]}" < "$docs" > "$single"
t1=$(now)
parallel --pipe --keep-order --block 4M -j "$(nproc)" "${cmd[@]}" < "$docs" > "$data/spark-parallel.jsonl"
t2=$(now)
spark_out=$data/spark-out
# The JVM's notice about its incubator module is dropped from stderr; the rest is shown.
spark_rc=0
"$venv/bin/python" bench/spark_job.py "$PWD/$docs" "$PWD/$spark_out" "$master" "$bin" \
  > "$data/spark-times.txt" 2> "$data/spark-stderr.log" || spark_rc=$?
grep -v '^WARNING: Using incubator modules' "$data/spark-stderr.log" >&2 || true
[ "$spark_rc" = 0 ] || { echo "spark.sh: the Spark job failed (exit $spark_rc)" >&2; exit "$spark_rc"; }
t3=$(now)

# --- compare ----------------------------------------------------------------
status=0
same() { # same NAME: compare the merged output on stdin with the single run
  if cmp "$single" - >&2; then echo "$1 PASS"; else echo "$1 FAIL"; fi
}
results=$(
  same parallel < "$data/spark-parallel.jsonl"
  cat "$spark_out"/pyspark/part-* | same pyspark
  cat "$spark_out"/jvm/part-* | same jvm
)
case $results in *FAIL*) status=1 ;; esac

python3 - "$docs" "$single" "$master" "$t0" "$t1" "$t2" "$t3" "$data/spark-times.txt" "$results" <<'PY'
import os, sys
docs, single, master = sys.argv[1:4]
t0, t1, t2, t3 = map(float, sys.argv[4:8])
spark = {}
for line in open(sys.argv[8]):
    name, *vals = line.split()
    spark[name] = [float(v) for v in vals]
result = dict(line.split() for line in sys.argv[9].splitlines())
mb = os.path.getsize(docs) / 1e6
records = sum(1 for _ in open(docs, "rb"))
lines = sum(1 for _ in open(single, "rb"))
print(f"{records} documents, {mb:.1f} MB of JSON lines -> {lines} result lines "
      f"({os.path.getsize(single) / 1e6:.1f} MB); {os.cpu_count()} cores")
print(f"{'run':<44} {'s':>7} {'MB/s':>6}  identical to one process")
def row(name, s, check="(reference)"):
    print(f"{name:<44} {s:7.2f} {mb / s:6.1f}  {check}")
row("one process", t1 - t0)
row(f"GNU parallel -j{os.cpu_count()} --pipe --block 4M", t2 - t1, result["parallel"])
for mode, label in (("pyspark", "PySpark RDD.pipe"), ("jvm", "JVM JavaRDD.pipe")):
    parts, s = spark[mode]
    row(f"Spark {master} {label}, {int(parts)} parts", s, result[mode])
print(f"Spark start-up (JVM, SparkContext): {spark['startup'][0]:.2f} s; "
      f"whole Spark script: {t3 - t2:.2f} s")
print("FAIL" if "FAIL" in sys.argv[9] else "PASS")
PY
exit "$status"
