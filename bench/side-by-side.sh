#!/usr/bin/env bash
# Side-by-side: our device (JIT and NativeAOT builds) against a second device binary, such as the
# mash-go reference device, on loopback in a private network namespace (nothing either device
# announces leaves this machine). Needs root for `ip netns`. Usage:
#   bench/side-by-side.sh [--reference PATH/mash-device] [--runs N] [--idle-seconds S]
# Builds mash-load twice (framework-dependent, and NativeAOT with the device publish profile),
# then prints every figure for each binary with its ratio to the reference. docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/mash-side-by-side-XXXXXX)
ns="mash-bench-$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$out"; }
trap cleanup EXIT

echo "side-by-side: building mash-load (JIT) and its NativeAOT image" >&2
dotnet publish src/Mash.Device.Host -c Release -o "$out/jit" -p:UseAppHost=false >/dev/null
dotnet publish src/Mash.Device.Host -p:PublishProfile=device -o "$out/aot" >/dev/null
dotnet build -c Release bench/Mash.Bench >/dev/null

ip netns add "$ns"
ip -n "$ns" link set lo up
# The reference opens its commissioning window only with a non-loopback address to announce:
# a veth pair with both ends in the namespace, which leads nowhere else.
ip -n "$ns" link add mash-bench0 type veth peer name mash-bench1
ip -n "$ns" addr add 10.254.0.1/24 dev mash-bench0
ip -n "$ns" link set mash-bench0 up
ip -n "$ns" link set mash-bench1 up
ip netns exec "$ns" dotnet bench/Mash.Bench/bin/Release/net10.0/Mash.Bench.dll side-by-side \
  --device "jit=$out/jit/mash-load.dll" --device "aot=$out/aot/mash-load" "$@"
