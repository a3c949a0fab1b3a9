#!/usr/bin/env bash
# The cluster's load measurements (docs/performance.md, "Cluster"): builds the relay and
# cmd/loadgen into a temporary directory, and for every run starts a fresh Redis with
# deploy/redis.conf (AOF, appendfsync always: the durable setting of docs/cluster.md) on a
# spare port, N relays with -redis on loopback, runs loadgen over all of them, and stops
# everything it started — also when a step fails or the script is interrupted. Not part of
# `make test`: it takes about 12 minutes and wants a quiet machine.
#
#   scripts/load-cluster.sh                  every run, RUNS times each
#   scripts/load-cluster.sh c6k sat          only those runs (c6k-plain: c6k without -spread)
#
# Runs:
#   c6k        3 nodes, 6,000 clients × 1 move/s (750 rooms of 8): every seat of a room on
#              the room's node, then the seats of each room spread over the three nodes
#              (commands forwarded to the owner through Redis, events to the other nodes by
#              the pub/sub hint and a read of the log)
#   sat        the moves/s committed with 1, 2 and 3 nodes: 2,000 clients (250 rooms,
#              seats on their room's node) offering 500, 1,000, 2,000 and 8,000 moves/s
#              (SAT_EVERY="1s 250ms" keeps only 2,000 and 8,000: a shorter run)
# Environment: RUNS (default 1), PORT (first relay's port, default 18180; node i listens
# on PORT+i-1), REDIS_PORT (default 16390), KEEP=1 keeps the temporary directory (logs),
# RT=1 runs Redis, the relays and loadgen at real-time round-robin priority (chrt -r 10;
# needs root) so that other work on a shared machine does not take their CPUs.
#
# Nothing is pinned: on a 2-CPU machine the relays, Redis and loadgen share both CPUs, so
# the figures are what the cluster does here, not what one node does on its own core
# (scripts/load.sh measures that).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-1}
PORT=${PORT:-18180}
REDIS_PORT=${REDIS_PORT:-16390}
tmp=$(mktemp -d /tmp/impactkaarten-load-cluster.XXXXXX)
redis_pid=
relay_pids=()

# stop_all stops the relays first, while Redis still answers their last snapshots and
# lease releases, then Redis.
stop_all() {
	local pid
	for pid in "${relay_pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${relay_pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	if [[ -n $redis_pid ]]; then
		kill -TERM "$redis_pid" 2>/dev/null || true
		wait "$redis_pid" 2>/dev/null || true
	fi
	relay_pids=()
	redis_pid=
}

cleanup() {
	stop_all
	if [[ ${KEEP:-} == 1 ]]; then
		echo "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for cmd in redis-server redis-cli curl; do
	command -v "$cmd" >/dev/null || {
		echo "$cmd is not installed (scripts/setup.sh installs it)" >&2
		exit 1
	}
done
ulimit -n "$(ulimit -Hn)"
rt=()
if [[ ${RT:-} == 1 ]]; then
	rt=(chrt -r 10)
fi

echo "building into $tmp"
CGO_ENABLED=0 go build -o "$tmp/relay" ./cmd/relay
CGO_ENABLED=0 go build -o "$tmp/loadgen" ./cmd/loadgen

# start_cluster N: a fresh Redis and N relays sharing it, each answering /healthz (which
# says whether the node reaches Redis).
start_cluster() {
	local n=$1 i port
	rm -rf "$tmp/redis" && mkdir -p "$tmp/redis"
	"${rt[@]}" redis-server deploy/redis.conf --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$tmp/redis" \
		--logfile "$tmp/redis/redis.log" --daemonize no &
	redis_pid=$!
	for _ in $(seq 100); do
		redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
		sleep 0.1
	done
	redis-cli -p "$REDIS_PORT" ping | grep -q PONG || {
		echo "redis did not start; see $tmp/redis/redis.log" >&2
		exit 1
	}
	urls=
	for i in $(seq "$n"); do
		port=$((PORT + i - 1))
		"${rt[@]}" "$tmp/relay" -addr "127.0.0.1:$port" -redis "redis://127.0.0.1:$REDIS_PORT/0" \
			-data "$tmp/data-$i" -web "$tmp/no-web" -max-conns-per-ip -1 \
			-rooms-per-minute 1000000 -max-rooms 100000 -msg-rate 100000 -msg-burst 100000 \
			>>"$tmp/relay-$i.log" 2>&1 &
		relay_pids+=($!)
		urls+=${urls:+,}http://127.0.0.1:$port
	done
	for i in $(seq "$n"); do
		port=$((PORT + i - 1))
		for _ in $(seq 200); do
			curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
			sleep 0.05
		done
		curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || {
			echo "relay $i did not start; see $tmp/relay-$i.log" >&2
			exit 1
		}
	done
	pids=$(
		IFS=,
		echo "${relay_pids[*]}"
	)
}

# run NAME NODES LOADGEN-ARGS... : one measurement on a fresh cluster, RUNS times.
run() {
	local name=$1 n=$2
	shift 2
	for i in $(seq "$RUNS"); do
		echo
		echo "== $name ($i/$RUNS): $n nodes, loadgen $*"
		echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
		start_cluster "$n"
		"${rt[@]}" "$tmp/loadgen" -url "$urls" -pid "$pids" -redis "127.0.0.1:$REDIS_PORT" -redis-pid "$redis_pid" "$@" ||
			echo "loadgen failed"
		echo "redis: $(redis-cli -p "$REDIS_PORT" info persistence | grep -E '^aof_(enabled|last_write_status|current_size)' | tr -d '\r' | tr '\n' ' ')"
		stop_all
		echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	done
}

c6k_plain() {
	run c6k-plain 3 -clients 6000 -every 1s -for 20s -ramp 30s
}

c6k() {
	c6k_plain
	run c6k-spread 3 -clients 6000 -every 1s -for 20s -ramp 30s -spread
}

sat() {
	for n in 1 2 3; do
		for every in ${SAT_EVERY:-4s 2s 1s 250ms}; do
			run "sat-$n-$every" "$n" -clients 2000 -every "$every" -for 15s -ramp 10s
		done
	done
}

runs=("$@")
if [[ ${#runs[@]} -eq 0 ]]; then
	runs=(c6k sat)
fi
echo "machine: $(nproc) CPUs, $(uname -r), $(go version | cut -d' ' -f3), $(redis-server --version | cut -d' ' -f1-3), file descriptors $(ulimit -n)"
for r in "${runs[@]}"; do
	case $r in
	c6k | sat) "$r" ;;
	c6k-plain) c6k_plain ;;
	*)
		echo "unknown run $r (c6k c6k-plain sat)" >&2
		exit 2
		;;
	esac
done
