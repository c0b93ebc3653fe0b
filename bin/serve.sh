#!/usr/bin/env bash
# Start a Prefect server on 127.0.0.1 with the project's PREFECT_HOME, wait until it
# answers, then serve the pipeline deployment on its cron schedule. `serve.sh stop`
# stops both. Both processes' pids live in $PREFECT_HOME/serve.pids.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PREFECT_HOME="${PREFECT_HOME:-$root/.prefect}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
pids="$PREFECT_HOME/serve.pids"
mkdir -p "$PREFECT_HOME"

if [[ "${1:-}" == "stop" ]]; then
  [[ -f "$pids" ]] || { echo "nothing to stop"; exit 0; }
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$pids"
  rm -f "$pids"; echo "stopped"; exit 0
fi

port="${1:-4200}"
export PREFECT_API_URL="http://127.0.0.1:$port/api"
"$root/.venv/bin/prefect" server start --host 127.0.0.1 --port "$port" > "$PREFECT_HOME/server.log" 2>&1 &
server=$!
echo "$server" > "$pids"
trap 'kill $server 2>/dev/null || true; rm -f "$pids"' EXIT
for _ in $(seq 1 60); do
  if "$root/.venv/bin/python" -c "import urllib.request,sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 1
done
echo "Prefect UI: http://127.0.0.1:$port (log: $PREFECT_HOME/server.log)"
"$root/.venv/bin/python" -m flows serve
