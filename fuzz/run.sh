#!/usr/bin/env bash
# Fuzzes the parsers that see outside bytes with SharpFuzz + afl-fuzz, each target for a bounded
# time, one after another (a target uses one core; running them in turn leaves the other free).
#   fuzz/run.sh TARGET[,TARGET...]|all SECONDS     e.g. fuzz/run.sh all 180, fuzz/run.sh dns,mdns 60
# Prints executions, paths and crashes per target; exits 1 if any target found a crash.
# Work files (instrumented build, seeds, findings) go to $MASH_FUZZ_OUT (default fuzz/out).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-}
if [ -z "$target" ] || ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh TARGET[,TARGET...]|all SECONDS" >&2
  exit 2
fi

out=${MASH_FUZZ_OUT:-fuzz/out}
bin="$out/bin"      # plain build: writes seeds and replays crashes (instrumented code runs only under afl)
afl="$out/bin-afl"  # the same build with the parsers instrumented

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "fuzz: afl-fuzz is missing; install Debian's afl++ package (as root: apt-get install afl++)" >&2
    exit 2
  fi
  echo "fuzz: installing afl++" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi

dotnet tool restore >/dev/null

# A fresh output every time: instrumenting an already instrumented assembly fails, and an
# incremental build would not replace the instrumented copies.
rm -rf "$bin" "$afl"
dotnet publish fuzz/Mash.Fuzz/Mash.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet
cp -r "$bin" "$afl"
# Our parsers, the device core (mDNS responder), the host (board files), and the CBOR reader
# they are built on, so afl sees branches inside the CBOR decoding too.
for dll in Mash.Protocol.dll Mash.Device.dll mash-load.dll System.Formats.Cbor.dll; do
  dotnet sharpfuzz "$afl/$dll" >/dev/null
done

rm -rf "$out/seeds"
dotnet "$bin/Mash.Fuzz.dll" seeds "$out/seeds" >/dev/null

known=$(dotnet "$bin/Mash.Fuzz.dll" list | awk '{print $1}')
if [ "$target" = all ]; then
  targets=$known
else
  targets=${target//,/ }
  for t in $targets; do
    if ! grep -qx "$t" <<<"$known"; then
      echo "fuzz: unknown target $t; targets:" $known >&2
      exit 2
    fi
  done
fi

# afl runs the .NET host, which has no afl instrumentation of its own (SharpFuzz reports the
# coverage of the instrumented assemblies); no core dumps are needed, the machine is shared.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 DOTNET_TieredPGO=0

status=0
summary=()
for t in $targets; do
  findings="$out/findings/$t"
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "fuzz: $t for ${seconds}s" >&2
  # -t: a .NET input can take a GC pause; 2 s is a hang, not a slow input.
  afl-fuzz -i "$out/seeds/$t" -o "$findings" -V "$seconds" -t 2000 -m none \
    -- dotnet "$afl/Mash.Fuzz.dll" afl "$t" >"$findings/afl.log" 2>&1 || {
      echo "fuzz: afl-fuzz failed for $t; see $findings/afl.log" >&2
      tail -20 "$findings/afl.log" >&2
      status=1
      continue
    }
  stats="$findings/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  execs=$(get execs_done)
  crashes=$(get saved_crashes)
  hangs=$(get saved_hangs)
  line=$(printf '%-14s execs %10s  (%s/s)  corpus %5s  edges %s  crashes %s  hangs %s' \
    "$t" "$execs" "$(get execs_per_sec)" "$(get corpus_count)" "$(get edges_found)" "$crashes" "$hangs")
  echo "$line"
  summary+=("$line")
  if [ "${crashes:-0}" != 0 ]; then
    status=1
    # Replay each crash without afl to print its exception and stack.
    dotnet "$bin/Mash.Fuzz.dll" run "$t" "$findings/default/crashes" | grep -v '^ *$' | head -60 || true
  fi
done

if [ ${#summary[@]} -gt 1 ]; then
  echo
  printf '%s\n' "${summary[@]}"
fi
exit "$status"
