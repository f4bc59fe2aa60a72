#!/bin/bash
# Builds the api and core bundles and compiles CoreBench against them; prints the java classpath to use.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target
mkdir -p "$OUT"
mvn -B -q -N -f "$ROOT/pom.xml" install >&2
mvn -B -q -f "$ROOT/bundles/api/pom.xml" install -DskipTests >&2
mvn -B -q -f "$ROOT/bundles/core/pom.xml" package -DskipTests >&2
mvn -B -q -f "$ROOT/bundles/core/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=runtime >&2
CP="$ROOT/bundles/core/target/classes:$ROOT/bundles/api/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" "$ROOT/bench/CoreBench.java" >&2
echo "$OUT/classes:$CP"
