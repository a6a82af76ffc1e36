#!/usr/bin/env bash
# Whole-process benchmark: the CLI against the floor (a bare single-threaded YamlDotNet parse of the
# same files), interleaved, several runs, medians, ratios, and peak memory (GNU time's max RSS).
# Usage: bash bench/run.sh [FILES=5000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-5000}
runs=${2:-5}
corpus=${CORPUS_DIR:-/tmp/ncp-corpus-$files}

dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
bench=bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
cli=src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
[ -d "$corpus" ] || dotnet "$bench" generate "$corpus" "$files" 42

floor_times=(); cli_times=(); cli_rss=()
for ((i = 0; i < runs; i++)); do
  t=$( { /usr/bin/time -f "%e %M" dotnet "$bench" floor "$corpus" >/dev/null; } 2>&1 | tail -1 )
  floor_times+=("${t%% *}")
  t=$( { /usr/bin/time -f "%e %M" dotnet "$cli" "$corpus" >/dev/null || true; } 2>&1 | tail -1 )
  cli_times+=("${t%% *}"); cli_rss+=("${t##* }")
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
f=$(median "${floor_times[@]}"); c=$(median "${cli_times[@]}"); m=$(median "${cli_rss[@]}")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version)"
echo "corpus: $files files ($(du -sh "$corpus" | cut -f1)), $runs interleaved runs"
echo "floor (YamlDotNet parse only) median: ${f} s   runs: ${floor_times[*]}"
echo "ncp-persistence median:               ${c} s   runs: ${cli_times[*]}"
echo "ratio cli/floor: $(awk -v c="$c" -v f="$f" 'BEGIN {printf "%.2f", c / f}')"
echo "cli peak memory (max RSS) median: $((m / 1024)) MiB"
