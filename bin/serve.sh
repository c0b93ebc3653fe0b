#!/usr/bin/env bash
# `serve.sh [PORT [flows serve options]]`: start a Prefect server on 127.0.0.1 with the project's PREFECT_HOME,
# wait until it answers, then serve the pipeline deployment on its schedule. Both run in
# the background; their pids go to $PREFECT_HOME/serve.pids and the API address to
# $PREFECT_HOME/serve.json (so `make run` reuses this server instead of starting one).
# Ctrl-C here, or `serve.sh stop` from anywhere, stops both within seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PREFECT_HOME="${PREFECT_HOME:-$root/.prefect}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
pids="$PREFECT_HOME/serve.pids"
info="$PREFECT_HOME/serve.json"
mkdir -p "$PREFECT_HOME"

stop_all() {
  [[ -f "$pids" ]] || return 0
  mapfile -t procs < "$pids"
  # the deployment first (it stops its runs), then the server
  for ((i=${#procs[@]}-1; i>=0; i--)); do kill -TERM "${procs[i]}" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=0
    for p in "${procs[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for p in "${procs[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -f "$pids" "$info"
}

if [[ "${1:-}" == "stop" ]]; then
  if [[ -f "$pids" ]]; then stop_all; echo "stopped"; else echo "nothing to stop"; fi
  exit 0
fi
if [[ -f "$pids" ]]; then
  alive=0; while read -r p; do kill -0 "$p" 2>/dev/null && alive=1; done < "$pids"
  if (( alive )); then echo "already serving (pids in $pids); run 'make stop' first" >&2; exit 1; fi
  rm -f "$pids" "$info"
fi

port="${1:-4200}"
shift || true
export PREFECT_API_URL="http://127.0.0.1:$port/api"
setsid "$root/.venv/bin/prefect" server start --host 127.0.0.1 --port "$port" > "$PREFECT_HOME/server.log" 2>&1 &
echo $! > "$pids"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM
ready=0
for _ in $(seq 1 600); do
  if "$root/.venv/bin/python" -c "import urllib.request; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null; then
    ready=1; break
  fi
  sleep 1
done
if (( ! ready )); then echo "the Prefect server did not answer in 10 minutes; see $PREFECT_HOME/server.log" >&2; exit 1; fi
printf '{"url": "%s"}\n' "$PREFECT_API_URL" > "$info"
echo "Prefect UI: http://127.0.0.1:$port (log: $PREFECT_HOME/server.log)"
"$root/.venv/bin/python" -m flows serve "$@" &
echo $! >> "$pids"
wait $! || true
