#!/usr/bin/env bash
# The artifacts where findings dominate (issue 16, F8), this tree against an earlier commit, interleaved:
#  1. COUNT NCP3001 conflicts (LoadBalancer Services behind NCP Ingresses, 500 pairs to a file) with
#     --sarif --plan --plan-markdown, each round into a fresh folder;
#  2. a small run (examples/cafe) whose --sarif points at the big log that step 1 wrote (compare-before-write).
# Prints medians, each round's ratio (earlier / now) and peak memory (GNU time's max RSS).
#
# Usage: bash bench/findings.sh [COUNT=50000] [RUNS=3]     BEFORE=<commit> (default a5bce1d, before the streamed writers)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
count=${1:-50000}
runs=${2:-3}
before=${BEFORE:-a5bce1d}
repo=$PWD
scratch_folder work ncp-findings

dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
bench=$repo/bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
now=$repo/src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
mkdir -p "$work/before-src"
git archive "$before" | tar -x -C "$work/before-src"
dotnet build -c Release "$work/before-src/src/NcpPersistence.Cli" -v q -nologo >/dev/null
old=$work/before-src/src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
corpus=/tmp/ncp-conflicts-$count
[ -d "$corpus" ] || dotnet "$bench" conflicts "$corpus" "$count" 500 >/dev/null

timed() { # label, command...
  local label=$1; shift
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/time"
}
declare -A t m
ratios=(); overwrite_ratios=()
for ((i = 0; i < runs; i++)); do
  for build in before now; do
    dll=$old; [ "$build" = now ] && dll=$now
    rm -rf "$work/$build"; mkdir -p "$work/$build"
    read -r s k <<<"$(timed all dotnet "$dll" "$corpus" --sarif "$work/$build/big.sarif" --plan "$work/$build/plan.json" --plan-markdown "$work/$build/plan.md")"
    t[$build]+="$s "; m[$build]+="$k "
    log_size=$(du -h "$work/$build/big.sarif" | cut -f1)
    # The big log just written is the one a small run now overwrites.
    read -r s k <<<"$(timed overwrite dotnet "$dll" "$repo/examples/cafe/manifests" --sarif "$work/$build/big.sarif")"
    t[$build-overwrite]+="$s "; m[$build-overwrite]+="$k "
  done
  set -- ${t[before]}; b=${!#}; set -- ${t[now]}; n=${!#}
  ratios+=("$(awk -v b="$b" -v n="$n" 'BEGIN {printf "%.2f", b / n}')")
  set -- ${t[before-overwrite]}; b=${!#}; set -- ${t[now-overwrite]}; n=${!#}
  overwrite_ratios+=("$(awk -v b="$b" -v n="$n" 'BEGIN {printf "%.2f", b / n}')")
done

echo "machine: $(nproc) cores; dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $count NCP3001 conflicts ($(du -sh "$corpus" | cut -f1)); the SARIF log written: $log_size; $runs interleaved rounds; before = $before"
for key in before now before-overwrite now-overwrite; do
  # shellcheck disable=SC2086
  printf '%-17s median %7.2f s   peak memory median %5d MiB   runs: %s\n' "$key" "$(median ${t[$key]})" "$(( $(median ${m[$key]}) / 1024 ))" "${t[$key]}"
done
echo "all three artifacts, before / now: median $(median "${ratios[@]}") times faster, spread $(spread_as "%.1f-%.1f" "${ratios[@]}")"
echo "overwriting the big log, before / now: median $(median "${overwrite_ratios[@]}") times faster, spread $(spread_as "%.1f-%.1f" "${overwrite_ratios[@]}")"
