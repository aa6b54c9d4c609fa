#!/usr/bin/env bash
# Idle wake-ups of a mash-load with five zones, each holding an idle subscription connection from
# mashctl: voluntary context switches per device thread over a window, and the frames the device
# sent and received in it (--trace). Loopback only (--interface lo); everything it starts it stops.
# Usage: bench/idle-wakeups.sh [PATH/mash-load] [SECONDS]   (default: the NativeAOT build, 60 s)
# docs/benchmarks.md "Side by side with the reference device".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${2:-60}
work=$(mktemp -d /tmp/mash-idle-XXXXXX)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release src/Mash.Tool >/dev/null
ctl() { dotnet src/Mash.Tool/bin/Release/net10.0/mashctl.dll "$@"; }
device=${1:-}
if [ -z "$device" ]; then
  echo "idle-wakeups: publishing the NativeAOT mash-load" >&2
  dotnet publish src/Mash.Device.Host -p:PublishProfile=device -o "$work/aot" >/dev/null
  device="$work/aot/mash-load"
fi
run=("$device"); [[ "$device" == *.dll ]] && run=(dotnet "$device")

port=28900
"${run[@]}" --data "$work/dev" --port $port --interface lo --setup-code 20252026 --discriminator 1234 \
  --trace --log-level debug > "$work/out" 2> "$work/err" &
pid=$!; pids+=($pid)
for _ in $(seq 150); do grep -q "boot: running" "$work/err" && break; kill -0 $pid || { cat "$work/err" >&2; exit 1; }; sleep 0.2; done
grep -q "boot: running" "$work/err" || { echo "idle-wakeups: mash-load did not start within 30 s" >&2; exit 1; }
types=(grid-operator building-manager home-manager user-app home-manager)
for z in 0 1 2 3 4; do
  if [ $z -gt 0 ]; then kill -USR1 $pid; sleep 0.3; fi   # the window closes with each pairing
  ctl commission MASH:1:1234:20252026 --address "[::1]:$port" --state "$work/c$z" --zone-type "${types[$z]}" \
    > /dev/null 2> "$work/c$z.log" || { cat "$work/c$z.log" >&2; exit 1; }
  ctl subscribe --device "$(grep -o 'device [0-9a-f]\{16\}' "$work/err" | head -1 | cut -d' ' -f2)" \
    --state "$work/c$z" --feature measurement --max 86400 > "$work/s$z" 2>&1 &
  pids+=($!)
done
sleep 10   # the subscriptions' priming reports are over
snap() { for t in /proc/$pid/task/*; do echo "$(basename "$t") $(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status" 2>/dev/null) $(tr ' ' '_' < "$t/comm" 2>/dev/null)"; done | sort; }
l1=$(wc -l < "$work/err"); snap > "$work/before"
sleep "$seconds"
snap > "$work/after"; l2=$(wc -l < "$work/err")
sed -n "$((l1 + 1)),${l2}p" "$work/err" > "$work/window"
echo "wake-ups in ${seconds} s with 5 idle zones, per thread:"
join -a2 -e 0 -o 0,1.2,2.2,2.3 "$work/before" "$work/after" | awk '{d=$3-$2; if (d>0) {n[$4]+=d; t+=d}} END {for (k in n) print "  " k ": " n[k]; print "  total: " t}'
echo "frames in the window: $(grep -c ' tx ' "$work/window" || true) sent, $(grep -c ' rx ' "$work/window" || true) received; other log lines: $(grep -vc ' [tr]x ' "$work/window" || true)"
