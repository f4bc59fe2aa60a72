#!/bin/bash
# Flood fill against the netmap plan (issue 14): bytes over costly links, total bytes and time until every
# wanting repository has 100 MB of new content, on the 20-repository reference network
# (bundles/netmap/src/test/resources/netmap/reference-20.net; goal: plan <= 0.6x flood fill's costly bytes)
# and generated networks of 100 and 1000; then planning and re-planning times at 1000 nodes (goals < 50 ms
# and < 5 ms), with the textbook O(nm) Edmonds on the same graph as the reference in the same run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
(cd "$ROOT" && mvn -B -q -pl bundles/netmap -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/bundles/netmap/target/bench.cp") >/dev/null
CP="$ROOT/bundles/netmap/target/test-classes:$ROOT/bundles/netmap/target/classes:$(cat "$ROOT/bundles/netmap/target/bench.cp")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java -cp "$CP" org.annex.assistant.netmap.impl.sim.NetmapSim
