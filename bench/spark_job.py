"""The Spark half of bench/spark.sh (run it through that script, not alone).

    spark_job.py DOCS OUTDIR MASTER BINARY

Reads the JSON-lines document stream DOCS with `sc.textFile`, pipes each
partition through `BINARY analyze --input jsonl --format jsonl`, and saves
the result with `saveAsTextFile` twice:

- OUTDIR/pyspark: PySpark's `RDD.pipe` (each line goes JVM -> Python
  worker -> communique -> Python worker -> JVM);
- OUTDIR/jvm: the JVM's own `JavaRDD.pipe` on `sc._jsc.textFile(...)` (what
  Scala/Java jobs and Hadoop Streaming do; no Python worker in the path).

Partition i is written to part-0000i, and textFile keeps the file's line
order within and across partitions, so `cat OUTDIR/<mode>/part-*` is the
one-process output when communique treats each record on its own.

Prints one line per mode: `<mode> <partitions> <seconds>`, and first
`startup <seconds>` (JVM and SparkContext start).
"""

import shutil
import sys
import time

from pyspark import SparkConf, SparkContext


def main() -> None:
    docs, outdir, master, binary = sys.argv[1:5]
    command = f"{binary} analyze --input jsonl --format jsonl"
    conf = (
        SparkConf()
        .setMaster(master)
        .setAppName("communique-bench")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        # JavaRDD.pipe encodes and decodes with the JVM's default charset,
        # which on Java 17 follows the locale (ASCII under LANG=C).
        .set("spark.driver.extraJavaOptions", "-Dfile.encoding=UTF-8")
    )
    t0 = time.perf_counter()
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    print(f"startup {time.perf_counter() - t0:.3f}", flush=True)

    for mode in ("pyspark", "jvm"):
        out = f"{outdir}/{mode}"
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        if mode == "pyspark":
            # checkCode: a failing communique fails the task instead of
            # leaving a short partition. The child's environment is empty
            # (PySpark's default), hence the absolute path to the binary.
            rdd = sc.textFile(docs).pipe(command, checkCode=True)
        else:
            rdd = sc._jsc.textFile(docs).pipe(command)  # fails on a non-zero exit
        partitions = rdd.getNumPartitions()
        rdd.saveAsTextFile(out)
        print(f"{mode} {partitions} {time.perf_counter() - t:.3f}", flush=True)
    sc.stop()


if __name__ == "__main__":
    main()
