# Sourced by the bench scripts: builds the transfer module's test classpath once.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
if [ ! -f "$ROOT/bundles/transfer/target/bench.cp" ]; then
  mvn -B -q -f "$ROOT/bundles/transfer/pom.xml" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
fi
CP="$ROOT/bundles/transfer/target/test-classes:$ROOT/bundles/transfer/target/classes:$(cat "$ROOT/bundles/transfer/target/bench.cp")"
bench() { java -cp "$CP" org.annex.assistant.transfer.impl.Bench "$@"; }
