# Sourced by the bench scripts: builds the transfer module and what it depends on in the reactor (nothing
# installed into ~/.m2, whose copies of our own bundles may be stale or absent) and its test classpath.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
# The last module of the reactor (transfer) writes the file last: its classpath, our bundles as their
# target/classes folders.
(cd "$ROOT" && mvn -B -q -pl bundles/transfer -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/bundles/transfer/target/bench.cp") >/dev/null
CP="$ROOT/bundles/transfer/target/test-classes:$ROOT/bundles/transfer/target/classes:$(cat "$ROOT/bundles/transfer/target/bench.cp")"
bench() { java -cp "$CP" org.annex.assistant.transfer.impl.Bench "$@"; }
