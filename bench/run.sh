#!/usr/bin/env bash
# Whole-process benchmark: the CLI against the floor (a bare single-threaded YamlDotNet parse of the
# same files), interleaved, several rounds, medians, and each round's ratio (the machines are noisy:
# a ratio of two runs made side by side is what counts; its spread is the min-max over the rounds).
# Peak memory is GNU time's max RSS.
#
# Three commands per round, in this order: the floor, the CLI alone, the CLI writing all three
# artifacts (--sarif --plan --plan-markdown into a fresh folder, as a CI job does).
#
# Usage: bash bench/run.sh [FILES=5000] [RUNS=5]
#   FINDINGS=16   generate the corpus with that findings factor (16: about 10 times the findings)
#   CORPUS_DIR=…  use that corpus instead (generated there if missing)
#   CLI=…dll      measure that build of ncp-persistence instead of src/NcpPersistence.Cli's Release output
#   BEFORE=<commit>  also run that commit's CLI (built from a copy of it) alone and with the artifacts in every
#                 round, after this tree's, and print its figures and each round's ratio to the floor
#   ALSO=<file>   the same for another build of ncp-persistence, as is: a .dll (run with dotnet) or an executable,
#                 e.g. the self-contained single file of eng/publish-single-file.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
files=${1:-5000}
runs=${2:-5}
findings=${FINDINGS:-1}
suffix=""
[ "$findings" != 1 ] && suffix="-f$findings"
corpus=${CORPUS_DIR:-/tmp/ncp-corpus-$files$suffix}

dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
bench=bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
cli=${CLI:-src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll}
# How to start a build of ncp-persistence: a .dll through dotnet, anything else (a single-file executable) as is.
command_for() { local -n into=$1; case $2 in *.dll) into=(dotnet "$2") ;; *) into=("$2") ;; esac; }
[ -d "$corpus" ] || dotnet "$bench" generate "$corpus" "$files" 42 "$findings"
scratch_folder out ncp-run
before=${BEFORE:-}
label=""
if [ -n "$before" ]; then
  mkdir -p "$out/before-src"
  git archive "$before" | tar -x -C "$out/before-src"
  dotnet build -c Release "$out/before-src/src/NcpPersistence.Cli" -v q -nologo >/dev/null
  old=$out/before-src/src/NcpPersistence.Cli/bin/Release/net8.0/ncp-persistence.dll
  label="before ($before)"
elif [ -n "${ALSO:-}" ]; then
  old=$ALSO
  label="$ALSO"
fi
command_for now_cmd "$cli"
[ -n "$label" ] && command_for old_cmd "$old"

# Runs a command, prints "seconds maxrss-KiB" (the command's exit code is ignored: 1 means findings).
timed() {
  /usr/bin/time -o "$out/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
  tail -1 "$out/time"
}

floor_t=(); cli_t=(); cli_m=(); art_t=(); art_m=(); cli_r=(); art_r=()
old_t=(); old_m=(); olda_t=(); olda_m=(); old_r=(); olda_r=()
for ((i = 0; i < runs; i++)); do
  read -r f _ <<<"$(timed dotnet "$bench" floor "$corpus")"
  read -r c cm <<<"$(timed "${now_cmd[@]}" "$corpus")"
  rm -rf "$out/artifacts"
  read -r a am <<<"$(timed "${now_cmd[@]}" "$corpus" --sarif "$out/artifacts/ncp.sarif" --plan "$out/artifacts/plan.json" --plan-markdown "$out/artifacts/plan.md")"
  floor_t+=("$f"); cli_t+=("$c"); cli_m+=("$cm"); art_t+=("$a"); art_m+=("$am")
  cli_r+=("$(awk -v a="$c" -v b="$f" 'BEGIN {printf "%.3f", a / b}')")
  art_r+=("$(awk -v a="$a" -v b="$f" 'BEGIN {printf "%.3f", a / b}')")
  if [ -n "$label" ]; then
    read -r c cm <<<"$(timed "${old_cmd[@]}" "$corpus")"
    rm -rf "$out/artifacts"
    read -r a am <<<"$(timed "${old_cmd[@]}" "$corpus" --sarif "$out/artifacts/ncp.sarif" --plan "$out/artifacts/plan.json" --plan-markdown "$out/artifacts/plan.md")"
    old_t+=("$c"); old_m+=("$cm"); olda_t+=("$a"); olda_m+=("$am")
    old_r+=("$(awk -v a="$c" -v b="$f" 'BEGIN {printf "%.3f", a / b}')")
    olda_r+=("$(awk -v a="$a" -v b="$f" 'BEGIN {printf "%.3f", a / b}')")
  fi
done

mib() { echo $(($(median "$@") / 1024)); }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $corpus ($files files, findings factor $findings, $(du -sh "$corpus" | cut -f1)), $runs interleaved rounds"
echo "floor (YamlDotNet parse only)   median ${floor_t[*]:+$(median "${floor_t[@]}")} s   runs: ${floor_t[*]}"
echo "ncp-persistence                 median $(median "${cli_t[@]}") s   runs: ${cli_t[*]}   peak memory median $(mib "${cli_m[@]}") MiB (max $(($(printf '%s\n' "${cli_m[@]}" | sort -g | tail -1) / 1024)))"
echo "ncp-persistence + 3 artifacts   median $(median "${art_t[@]}") s   runs: ${art_t[*]}   peak memory median $(mib "${art_m[@]}") MiB (max $(($(printf '%s\n' "${art_m[@]}" | sort -g | tail -1) / 1024)))"
echo "ratio cli/floor:            median $(median "${cli_r[@]}")   spread $(spread "${cli_r[@]}")   rounds: ${cli_r[*]}"
echo "ratio cli+artifacts/floor:  median $(median "${art_r[@]}")   spread $(spread "${art_r[@]}")   rounds: ${art_r[*]}"
if [ -n "$label" ]; then
  echo "$label alone           median $(median "${old_t[@]}") s   runs: ${old_t[*]}   peak memory median $(mib "${old_m[@]}") MiB (max $(($(printf '%s\n' "${old_m[@]}" | sort -g | tail -1) / 1024)))"
  echo "$label + 3 artifacts   median $(median "${olda_t[@]}") s   runs: ${olda_t[*]}   peak memory median $(mib "${olda_m[@]}") MiB (max $(($(printf '%s\n' "${olda_m[@]}" | sort -g | tail -1) / 1024)))"
  echo "ratio $label cli/floor:            median $(median "${old_r[@]}")   spread $(spread "${old_r[@]}")   rounds: ${old_r[*]}"
  echo "ratio $label cli+artifacts/floor:  median $(median "${olda_r[@]}")   spread $(spread "${olda_r[@]}")   rounds: ${olda_r[*]}"
fi
