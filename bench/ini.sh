#!/usr/bin/env bash
# Issue 16, F8: an ncp.ini with COUNT misspelled persistence keys (COUNT NCP1011 findings) analysed with --sarif,
# this tree against an earlier commit, interleaved. Prints medians, each round's ratio (earlier / now) and peak
# memory (GNU time's max RSS).
#
# Usage: bash bench/ini.sh [COUNT=100000] [RUNS=3]     BEFORE=<commit> (default 4dcf565)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
count=${1:-100000}
runs=${2:-3}
before=${BEFORE:-4dcf565}
scratch_folder work ncp-ini

dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
now=$PWD/src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
mkdir -p "$work/before-src" "$work/input"
git archive "$before" | tar -x -C "$work/before-src"
dotnet build -c Release "$work/before-src/src/NcpPersistence.Cli" -v q -nologo >/dev/null
old=$work/before-src/src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
{ echo "[nsx_v3]"; for ((i = 0; i < count; i++)); do echo "l4_persistense = source_ip"; done; } > "$work/input/ncp.ini"

declare -A t m
ratios=()
for ((i = 0; i < runs; i++)); do
  for build in before now; do
    dll=$old; [ "$build" = now ] && dll=$now
    rm -f "$work/$build.sarif"
    /usr/bin/time -o "$work/time" -f "%e %M" dotnet "$dll" "$work/input" --sarif "$work/$build.sarif" >"$work/$build.out" 2>&1 || true
    read -r s k < <(tail -1 "$work/time")
    t[$build]+="$s "; m[$build]+="$k "
  done
  set -- ${t[before]}; b=${!#}; set -- ${t[now]}; n=${!#}
  ratios+=("$(awk -v b="$b" -v n="$n" 'BEGIN {printf "%.2f", b / n}')")
done

echo "machine: $(nproc) cores; dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: ncp.ini with $count misspelled keys; $(tail -1 "$work/now.out"); SARIF log $(du -h "$work/now.sarif" | cut -f1); $runs interleaved rounds; before = $before"
for key in before now; do
  # shellcheck disable=SC2086
  printf '%-7s median %7.2f s   peak memory median %5d MiB   runs: %s\n' "$key" "$(median ${t[$key]})" "$(( $(median ${m[$key]}) / 1024 ))" "${t[$key]}"
done
echo "before / now: median $(median "${ratios[@]}") times faster, spread $(spread_as "%.1f-%.1f" "${ratios[@]}")"
