#!/bin/bash
# Builds the api and core bundles in the reactor (nothing is installed into ~/.m2) and compiles CoreBench
# against them; prints the java classpath to use.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target
mkdir -p "$OUT"
(cd "$ROOT" && mvn -B -q -pl bundles/core -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=runtime) >&2
CP="$ROOT/bundles/core/target/classes:$ROOT/bundles/api/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" "$ROOT/bench/CoreBench.java" >&2
echo "$OUT/classes:$CP"
