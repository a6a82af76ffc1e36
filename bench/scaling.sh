#!/usr/bin/env bash
# Linearity: the CLI's per-file cost on SMALL and LARGE generated corpora, interleaved, medians.
# Usage: bash bench/scaling.sh [SMALL=5000] [LARGE=50000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
small=${1:-5000}; large=${2:-50000}; runs=${3:-3}
dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
bench=bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
cli=src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
for n in "$small" "$large"; do [ -d "/tmp/ncp-corpus-$n" ] || dotnet "$bench" generate "/tmp/ncp-corpus-$n" "$n" 42; done

small_times=(); large_times=(); large_rss=()
for ((i = 0; i < runs; i++)); do
  t=$( { /usr/bin/time -f "%e %M" dotnet "$cli" "/tmp/ncp-corpus-$small" >/dev/null || true; } 2>&1 | tail -1 ); small_times+=("${t%% *}")
  t=$( { /usr/bin/time -f "%e %M" dotnet "$cli" "/tmp/ncp-corpus-$large" >/dev/null || true; } 2>&1 | tail -1 ); large_times+=("${t%% *}"); large_rss+=("${t##* }")
done
s=$(median "${small_times[@]}"); l=$(median "${large_times[@]}"); m=$(median "${large_rss[@]}")
echo "cli on $small files: median ${s} s (runs: ${small_times[*]})"
echo "cli on $large files: median ${l} s (runs: ${large_times[*]}), peak memory $((m / 1024)) MiB"
echo "per-file cost ratio (large/small): $(awk -v s="$s" -v l="$l" -v a="$small" -v b="$large" 'BEGIN {printf "%.2f", (l / b) / (s / a)}')"
