# Shared by the benchmark scripts: the built distribution, and starting/stopping a daemon on a repository.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist="$top/launcher/target/annex-assistant"

ensure_dist() {
    if [ ! -x "$dist/bin/annex-assistant" ]; then
        (cd "$top" && mvn -B -q -DskipTests -pl launcher -am install) >&2
    fi
}

now_ms() { date +%s%3N; }

# start_daemon DIR: starts the daemon as tests and users do, waits for its console; sets DAEMON_PID, CONSOLE.
start_daemon() {
    local repo=$1 state="$1/.git/annex-assistant"
    rm -f "$state/console.url"
    "$dist/bin/annex-assistant" run --repo "$repo" --http-port 0 >"${2:-/dev/null}" 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 1 600); do
        if [ -f "$state/console.url" ] && [ -f "$state/console.credentials" ]; then
            CONSOLE=$(cat "$state/console.url")
            if curl -sf -u "$(cat "$state/console.credentials")" "$CONSOLE/status.json" >/dev/null; then
                return 0
            fi
        fi
        sleep 0.01
    done
    echo "daemon on $repo did not start" >&2
    return 1
}

stop_daemon() {
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
