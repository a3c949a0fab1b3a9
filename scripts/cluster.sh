#!/usr/bin/env bash
# `make cluster`: a cluster of relays on loopback to try by hand (docs/cluster.md): Redis
# with deploy/redis.conf, three relays on 127.0.0.1:8081-8083 sharing it, and HAProxy with
# deploy/haproxy.cfg in front on 127.0.0.1:8000. Everything runs in the foreground in a
# temporary directory and stops with Ctrl-C. Ports: REDIS_PORT (default 6390, not to
# clash with a system Redis on 6379); the relays' and the load balancer's are those of
# deploy/haproxy.cfg.
set -euo pipefail
cd "$(dirname "$0")/.."
redis_port="${REDIS_PORT:-6390}"
dir="$(mktemp -d -t impactkaarten-cluster.XXXXXX)"
pids=()
stop() {
	trap - EXIT INT TERM
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	echo "cluster: stopped; files kept in $dir"
}
trap stop EXIT INT TERM

for cmd in redis-server haproxy; do
	command -v "$cmd" >/dev/null || { echo "cluster: $cmd is not installed (make setup installs it)"; exit 1; }
done
# The relay embeds the web client (web/build) when it is built; WEB names a directory to
# serve instead.
if [ -z "${WEB:-}" ] && [ ! -f web/build/index.html ]; then
	bash scripts/build-web.sh
fi
web_flag=()
if [ -n "${WEB:-}" ]; then
	web_flag=(-web "$WEB")
fi
echo "cluster: building the relay"
go build -o "$dir/relay" ./cmd/relay

mkdir -p "$dir/redis"
redis-server deploy/redis.conf --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" \
	--logfile "$dir/redis/redis.log" --daemonize no &
pids+=($!)
for _ in $(seq 100); do
	redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
	sleep 0.1
done
redis-cli -p "$redis_port" ping | grep -q PONG || { echo "cluster: redis did not start; see $dir/redis/redis.log"; exit 1; }

for port in 8081 8082 8083; do
	"$dir/relay" -addr "127.0.0.1:$port" -redis "redis://127.0.0.1:$redis_port/0" "${web_flag[@]}" \
		-public-url http://127.0.0.1:8000 2>"$dir/relay-$port.log" &
	pids+=($!)
done
for port in 8081 8082 8083; do
	for _ in $(seq 100); do
		curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
		sleep 0.1
	done
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "cluster: relay $port did not start; see $dir/relay-$port.log"; exit 1; }
done

haproxy -f deploy/haproxy.cfg -db &
pids+=($!)
for _ in $(seq 100); do
	curl -fs http://127.0.0.1:8000/healthz >/dev/null && break
	sleep 0.1
done
echo "cluster: Redis on 127.0.0.1:$redis_port, relays on 8081-8083 (logs in $dir)"
echo "cluster: open http://127.0.0.1:8000/ — Ctrl-C stops everything"
wait -n "${pids[@]}" || true
