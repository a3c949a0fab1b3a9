#!/usr/bin/env bash
# Runs a command and prints the CPU time (user+system) its Chromium processes used, read
# from /proc every half second until the command ends (docs/performance.md, "Painting only
# what changed"). Usage: scripts/chromium-cpu.sh COMMAND [ARG...]
set -o pipefail
declare -A cpu mine
"$@" &
cmdpid=$!
hz=$(getconf CLK_TCK)
# descends reports whether process $1 descends from the command.
descends() {
  local p=$1 n=0
  while [ "$p" -gt 1 ] && [ $n -lt 30 ]; do
    [ "$p" = "$cmdpid" ] && return 0
    p=$(awk '/^PPid:/{print $2}' /proc/$p/status 2>/dev/null)
    [ -n "$p" ] || return 1
    n=$((n + 1))
  done
  return 1
}
while kill -0 $cmdpid 2>/dev/null; do
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    comm=$(cat $d/comm 2>/dev/null) || continue
    case $comm in chromium* | chrome*) ;; *) continue ;; esac
    if [ -z "${mine[$p]:-}" ]; then if descends $p; then mine[$p]=1; else mine[$p]=0; fi; fi
    [ "${mine[$p]}" = 1 ] || continue
    s=$(cat $d/stat 2>/dev/null) || continue
    s=${s##*) }
    read -r -a f <<<"$s"
    t=$((f[11] + f[12])) # utime and stime, in clock ticks
    [ "${cpu[$p]:-0}" -lt $t ] && cpu[$p]=$t
  done
  sleep 0.5
done 2>/dev/null
wait $cmdpid
rc=$?
total=0
for p in "${!cpu[@]}"; do total=$((total + cpu[$p])); done
echo "chromium-cpu: $((total / hz)) s of CPU in ${#cpu[@]} Chromium processes"
exit $rc
