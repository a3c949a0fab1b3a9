#!/usr/bin/env bash
# The relay's load measurements (docs/performance.md, "Relay"): builds the relay and
# cmd/loadgen into a temporary directory, and for every run starts the relay on a fresh
# data directory pinned to CPU 0, runs loadgen pinned to CPU 1 over loopback, and stops
# the relay. Not part of `make test`: it takes about 40 minutes and wants a quiet machine.
#
#   scripts/load.sh                 every run, RUNS times each
#   scripts/load.sh rtt rate        only those runs
#
# Runs: idle1k idle5k idle10k conns rtt rate votebytes restart bare colyseus peers
# boardgameio (see the functions below; the last three need node and npm, and are not
# part of the default set).
# Environment: RUNS (repetitions, default 3), PORT (relay port, default 18080; pprof on
# PORT+1), KEEP=1 keeps the temporary directory (binaries, relay logs, data of the last
# restart run) and prints where it is, RT=1 runs the relay and loadgen at real-time
# round-robin priority (chrt -r 10; needs root) so that other work on a shared machine
# does not take their cores: the nearest a busy machine comes to a quiet one.
# RELAY_ARGS adds flags to the relay's, e.g. RELAY_ARGS="-memory-limit 2GiB".
# RTT_FOR is how long the rtt run measures (default 30s), and the 2,000 moves/s runs of
# bare, e.g. RTT_FOR=60s, so that a run with a memory limit reaches the limit. RTT_ACTIONS=800 has each room's facilitator add
# that many actions before the rtt run measures: rooms of a long session.
# RATE_EVERY chooses the steps of `rate`: the interval between one client's moves, one
# step per value (2,000 clients, so 200ms offers 10,000 moves/s), e.g.
# RATE_EVERY="200ms" scripts/load.sh rate; by default 2s to 167ms (1,000 to 12,000/s).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
PORT=${PORT:-18080}
PPORT=$((PORT + 1))
URL=http://127.0.0.1:$PORT
PPROF=http://127.0.0.1:$PPORT
tmp=$(mktemp -d /tmp/impactkaarten-load.XXXXXX)
relay_pid=

cleanup() {
	stop_relay
	if [[ ${KEEP:-} == 1 ]]; then
		echo "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

# Every connection is a file descriptor in the relay and one in loadgen.
ulimit -n "$(ulimit -Hn)"
maxconns=$(($(ulimit -n) - 100))
if ((maxconns > 20000)); then maxconns=20000; fi

# The relay on one core and the load generator on the other, as docs/design.md's budgets are measured.
if [[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then
	pin_relay=(taskset -c 0)
	pin_load=(taskset -c 1)
	if [[ ${RT:-} == 1 ]]; then
		pin_relay=(chrt -r 10 taskset -c 0)
		pin_load=(chrt -r 10 taskset -c 1)
	fi
else
	echo "warning: fewer than 2 CPUs or no taskset: relay and loadgen are not pinned" >&2
	pin_relay=()
	pin_load=()
fi

echo "building into $tmp"
CGO_ENABLED=0 go build -o "$tmp/relay" ./cmd/relay
CGO_ENABLED=0 go build -o "$tmp/loadgen" ./cmd/loadgen
CGO_ENABLED=0 go build -o "$tmp/barerelay" ./cmd/barerelay
# The disk is to be quiet when a run begins: what this script writes (the binaries just
# built, a data directory just removed or copied) would otherwise stay dirty in the page
# cache and be written back by the kernel some 30 s later, in the middle of a run, where
# every fsync of the relay's log waits behind it (docs/performance.md, "The load script's
# own writes").
sync

# start_relay DATA_DIR starts the relay on DATA_DIR with the per-address limits relaxed
# (every client comes from 127.0.0.1; a facilitator of votebytes sends 800 actions at once)
# and waits until it answers.
start_relay() {
	local extra
	read -ra extra <<<"${RELAY_ARGS:-}"
	start relay "$tmp/relay" -addr "127.0.0.1:$PORT" -pprof "127.0.0.1:$PPORT" -data "$1" \
		-web "$tmp/no-web" -max-conns-per-ip -1 -rooms-per-minute 1000000 -max-rooms 100000 \
		-msg-rate 100000 -msg-burst 100000 "${extra[@]}"
}

# start_bare starts cmd/barerelay, the yardstick (a bare gorilla relay: no engine, no
# store), where start_relay starts the relay, and waits until it answers.
start_bare() { start barerelay "$tmp/barerelay" -addr "127.0.0.1:$PORT"; }

# start_colyseus starts yardsticks/colyseus (Colyseus relaying moves, nothing durable) where
# start_relay starts the relay, and waits until it answers. Node runs on the relay's one
# core, its helper threads too (taskset pins the whole process).
start_colyseus() {
	if [[ ! -d yardsticks/colyseus/node_modules ]]; then
		npm ci --prefix yardsticks/colyseus --no-audit --no-fund >&2
	fi
	start colyseus node yardsticks/colyseus/server.mjs "$PORT"
}

# start_boardgameio starts yardsticks/boardgameio (a boardgame.io game, nothing durable) as
# start_colyseus starts Colyseus.
start_boardgameio() {
	if [[ ! -d yardsticks/boardgameio/node_modules ]]; then
		npm ci --prefix yardsticks/boardgameio --no-audit --no-fund >&2
	fi
	start boardgameio node yardsticks/boardgameio/server.cjs "$PORT"
}

# start NAME COMMAND... starts a relay pinned to the relay's core and waits until it answers.
start() {
	local name=$1
	shift
	# Another relay on the port (someone else's load run) would answer for this one.
	if curl -sf "$URL/healthz" >/dev/null; then
		echo "something already answers on $URL: choose another PORT" >&2
		exit 1
	fi
	"${pin_relay[@]}" "$@" >>"$tmp/relay.log" 2>&1 &
	relay_pid=$!
	for _ in $(seq 200); do
		curl -sf "$URL/healthz" >/dev/null && return
		sleep 0.05
	done
	echo "$name did not start; see $tmp/relay.log" >&2
	exit 1
}

stop_relay() {
	if [[ -n $relay_pid ]]; then
		kill -TERM "$relay_pid" 2>/dev/null || true
		wait "$relay_pid" 2>/dev/null || true
		relay_pid=
	fi
}

loadgen() {
	"${pin_load[@]}" "$tmp/loadgen" -url "$URL" -pprof "$PPROF" -pid "$relay_pid" "$@"
}

# run NAME LOADGEN-ARGS... : one measurement on a fresh relay, RUNS times (on barerelay
# instead when NAME begins with bare-, on yardsticks/colyseus when it begins with colyseus-,
# on yardsticks/boardgameio when it begins with boardgameio-).
run() {
	local name=$1
	shift
	local dialect=()
	if [[ $name == colyseus-* ]]; then dialect=(-dialect colyseus); fi
	if [[ $name == boardgameio-* ]]; then dialect=(-dialect boardgameio); fi
	for i in $(seq "$RUNS"); do
		echo
		echo "== $name ($i/$RUNS): loadgen $*"
		echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
		rm -rf "$tmp/data"
		sync
		if [[ $name == bare-* ]]; then
			start_bare
		elif [[ $name == colyseus-* ]]; then
			start_colyseus
		elif [[ $name == boardgameio-* ]]; then
			start_boardgameio
		else
			start_relay "$tmp/data"
		fi
		loadgen "${dialect[@]}" "$@" || echo "loadgen failed"
		stop_relay
		echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	done
}

# Idle memory per connection, at 1,000, 5,000 and 10,000 connections (joined, in rooms of 8).
idle1k() { run idle1k -idle -clients 1000 -ramp 5s -hold 10s; }
idle5k() { run idle5k -idle -clients 5000 -ramp 15s -hold 10s; }
idle10k() { run idle10k -idle -clients 10000 -ramp 20s -hold 10s; }

# Concurrent connections: 10,000 playing (one move per 10 s each: 1,000 moves/s), then
# as many as the file descriptor limit allows held idle past a ping round (25 s).
conns() {
	run conns10k -clients 10000 -every 10s -for 30s -ramp 20s
	run "conns$maxconns" -idle -clients "$maxconns" -ramp 40s -hold 30s
}

# The round trip budget: 2,000 clients × 1 move/s, durable; also CPU per move.
rtt() { run rtt -clients 2000 -every 1s -for "${RTT_FOR:-30s}" -ramp 10s ${RTT_ACTIONS:+-actions "$RTT_ACTIONS"}; }

# The highest move rate with p99 < 100 ms: 2,000 clients (250 rooms of 8) offering 1,000
# to 12,000 moves/s (the 1 s step, 2,000 moves/s, is the rtt run), or the steps RATE_EVERY names.
rate() {
	local every
	for every in ${RATE_EVERY:-2s 1333ms 800ms 667ms 500ms 333ms 250ms 167ms}; do
		run "rate-$every" -clients 2000 -every "$every" -for 20s -ramp 10s
	done
}

# The yardstick beside the relay, under the same load generator: cmd/barerelay (a bare
# gorilla relay, nothing durable) at the rtt load and at 10,000 moves/s, each run right after
# the relay's own, so both meet the same machine.
bare() {
	run rtt -clients 2000 -every 1s -for "${RTT_FOR:-30s}" -ramp 10s
	run bare-rtt -clients 2000 -every 1s -for "${RTT_FOR:-30s}" -ramp 10s
	run rate-200ms -clients 2000 -every 200ms -for 20s -ramp 10s
	run bare-rate-200ms -clients 2000 -every 200ms -for 20s -ramp 10s
}

# The second yardstick: Colyseus (yardsticks/colyseus) at the rtt load and at 10,000 moves/s
# (or the steps RATE_EVERY names), each run right after the relay's and the bare relay's;
# then its idle memory per joined connection at 1,000 and 5,000 (idle1k, idle5k for the relay).
colyseus() {
	run rtt -clients 2000 -every 1s -for 30s -ramp 10s
	run bare-rtt -clients 2000 -every 1s -for 30s -ramp 10s
	run colyseus-rtt -clients 2000 -every 1s -for 30s -ramp 10s
	local every
	for every in ${RATE_EVERY:-200ms}; do
		run "rate-$every" -clients 2000 -every "$every" -for 20s -ramp 10s
		run "bare-rate-$every" -clients 2000 -every "$every" -for 20s -ramp 10s
		run "colyseus-rate-$every" -clients 2000 -every "$every" -for 20s -ramp 10s
	done
	run colyseus-idle1k -idle -clients 1000 -ramp 5s -hold 10s
	run colyseus-idle5k -idle -clients 5000 -ramp 15s -hold 10s
}

# All the yardsticks in one pass, as issue 13 compares them: the relay, the bare relay and
# Colyseus one after the other at 2,000 moves/s and at each step of RATE_EVERY (default
# 5,000 and 10,000 moves/s); boardgame.io at 2,000 moves/s and at the steps of BGIO_EVERY
# (default 1,000 and 500 moves/s: offered more than it keeps up with, its backlog grows
# by seconds for every second of the run, and the load generator's memory with it); then
# the relay's and the two Node servers' idle memory per joined connection at 1,000 and
# 5,000.
peers() {
	local every server
	for server in "" bare- colyseus- boardgameio-; do
		run "${server}rtt" -clients 2000 -every 1s -for 30s -ramp 10s
	done
	for every in ${RATE_EVERY:-400ms 200ms}; do
		for server in "" bare- colyseus-; do
			run "${server}rate-$every" -clients 2000 -every "$every" -for 20s -ramp 10s
		done
	done
	boardgameio
	for server in "" colyseus- boardgameio-; do
		run "${server}idle1k" -idle -clients 1000 -ramp 5s -hold 10s
		run "${server}idle5k" -idle -clients 5000 -ramp 15s -hold 10s
	done
}

# boardgame.io alone at the steps of BGIO_EVERY (peers' lower rates).
boardgameio() {
	local every
	for every in ${BGIO_EVERY:-2s 4s}; do
		run "boardgameio-rate-$every" -clients 2000 -every "$every" -for 20s -ramp 10s
	done
}

# A vote's broadcast frame per seat after a long session: 2 rooms of 8 whose facilitators
# first add 800 actions each, then vote and note insights at 1 move/s per client; the
# bytes per event message are what each seat receives for a move.
votebytes() { run votebytes -clients 16 -every 1s -for 10s -ramp 1s -actions 800; }

# Restart with 1,000 stored rooms: 8,000 clients play in 1,000 rooms for 20 s, the relay
# is killed (kill -9: no shutdown snapshots, the write-ahead log left to replay, the worst
# case), then started RUNS times, each on a fresh copy of that killed data (a clean stop
# in between would leave nothing to replay); each time, how long until /healthz and one
# room's GET /api/rooms/{code} answer, from just before the start.
restart() {
	echo
	echo "== restart: filling 1,000 rooms"
	rm -rf "$tmp/data" "$tmp/codes"
	start_relay "$tmp/data"
	loadgen -clients 8000 -every 2s -for 20s -ramp 20s -codes "$tmp/codes" | sed -n '1,3p'
	kill -KILL "$relay_pid"
	wait "$relay_pid" 2>/dev/null || true
	relay_pid=
	ls -l "$tmp/data"
	rm -rf "$tmp/killed"
	mv "$tmp/data" "$tmp/killed"
	local code
	for i in $(seq "$RUNS"); do
		rm -rf "$tmp/data"
		cp -a "$tmp/killed" "$tmp/data"
		sync
		code=$(sed -n "$((i * 97 % 1000 + 1))p" "$tmp/codes")
		echo "== restart ($i/$RUNS), load average $(cut -d' ' -f1-3 /proc/loadavg)"
		local since
		since=$(date +%s%N)
		"${pin_relay[@]}" "$tmp/relay" -addr "127.0.0.1:$PORT" -data "$tmp/data" -web "$tmp/no-web" \
			-max-rooms 100000 >>"$tmp/relay.log" 2>&1 &
		relay_pid=$!
		"${pin_load[@]}" "$tmp/loadgen" -url "$URL" -probe "$code" -since "$since"
		stop_relay
	done
}

runs=("$@")
if [[ ${#runs[@]} -eq 0 ]]; then
	runs=(idle1k idle5k idle10k conns rtt rate votebytes restart)
fi
echo "machine: $(nproc) CPUs, $(uname -r), $(go version | cut -d' ' -f3), file descriptors $(ulimit -n)"
for r in "${runs[@]}"; do
	case $r in
	idle1k | idle5k | idle10k | conns | rtt | rate | votebytes | restart | bare | colyseus | peers | boardgameio) "$r" ;;
	*)
		echo "unknown run $r (idle1k idle5k idle10k conns rtt rate votebytes restart bare colyseus peers boardgameio)" >&2
		exit 2
		;;
	esac
done
