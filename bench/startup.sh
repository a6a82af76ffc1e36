#!/usr/bin/env bash
# What ahead-of-time compilation (ReadyToRun) and the JIT's tiering settings buy the CLI, on a small
# repository (examples/cafe) and a big one (the generated corpus), each run writing the three artifacts.
# Interleaved rounds; medians, and each variant's ratio to the first one (the shipped setting) per round.
#
# Variants (the runtimeconfig a build ships with, or an environment variable over it):
#   fd shipped             the framework-dependent Release build as it ships: ReadyToRun code compiled for the
#                          building SDK's runtime (eng/ReadyToRun.targets), tiering on, TieredPGO off
#   fd-jit tc-off          the same build without ReadyToRun (-p:NcpReadyToRun=false): tiered compilation off
#                          (what shipped before, and what a runtime of another major version gets: it ignores the images)
#   fd-jit tc-on pgo-off   the JIT-only build with tiering on, TieredPGO off
#   fd-jit tc-on           the same with .NET's defaults (tiering and TieredPGO on)
#   fd-jit tc-on loops     tiering on, TieredPGO off, methods with loops compiled optimised at once (QuickJitForLoops off)
#   fd shipped tc-off      the shipped build with tiering off
#   sf-jit, sf-r2r         self-contained single-file linux-x64 publish (its own .NET 8 runtime), without and with
#                          PublishReadyToRun (the project's default for a publish with a runtime identifier), each
#                          with the runtimeconfig the project gives it
# Usage: bash bench/startup.sh [FILES=5000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
files=${1:-5000}
runs=${2:-5}
repo=$PWD
scratch_folder work ncp-startup

dotnet build -c Release bench/NcpPersistence.Bench -v q -nologo >/dev/null
dotnet build -c Release src/NcpPersistence.Cli -v q -nologo >/dev/null
bench=$repo/bench/NcpPersistence.Bench/bin/Release/net8.0/NcpPersistence.Bench.dll
corpus=/tmp/ncp-corpus-$files
[ -d "$corpus" ] || dotnet "$bench" generate "$corpus" "$files" 42

# The publishes run on a copy of the committed tree, so they never touch this tree's obj/ folders.
major=$(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([0-9]*\)\..*/\1/p' | sort -n | tail -1)
mkdir -p "$work/src"
git archive HEAD | tar -x -C "$work/src"
cp -r "$repo/src/NcpPersistence.Cli/bin/Release/net8.0" "$work/fd-shipped"
dotnet build "$work/src/src/NcpPersistence.Cli" -c Release -p:NcpReadyToRun=false -o "$work/fd-jit" -v q -nologo >/dev/null
publish() { # output, extra properties...
  local out=$1; shift
  dotnet publish "$work/src/src/NcpPersistence.Cli" -c Release -r linux-x64 -o "$work/$out" -v q -nologo "$@" >/dev/null
}
publish sf-jit --self-contained true -p:PublishSingleFile=true -p:PublishReadyToRun=false
publish sf-r2r --self-contained true -p:PublishSingleFile=true -p:PublishReadyToRun=true

variants=(
  "fd shipped|X=|dotnet $work/fd-shipped/ncp-persistence.dll"
  "fd-jit tc-off|X=|dotnet $work/fd-jit/ncp-persistence.dll"
  "fd-jit tc-on pgo-off|DOTNET_TieredCompilation=1|dotnet $work/fd-jit/ncp-persistence.dll"
  "fd-jit tc-on|DOTNET_TieredCompilation=1 DOTNET_TieredPGO=1|dotnet $work/fd-jit/ncp-persistence.dll"
  "fd-jit tc-on loops|DOTNET_TieredCompilation=1 DOTNET_TC_QuickJitForLoops=0|dotnet $work/fd-jit/ncp-persistence.dll"
  "fd shipped tc-off|DOTNET_TieredCompilation=0|dotnet $work/fd-shipped/ncp-persistence.dll"
  "sf-jit tc-off|X=|$work/sf-jit/ncp-persistence"
  "sf-r2r tc-on pgo-off|X=|$work/sf-r2r/ncp-persistence"
)

echo "machine: $(nproc) cores; dotnet $(dotnet --version), runtime $major; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for target in "cafe|$repo/examples/cafe/manifests" "corpus|$corpus"; do
  IFS='|' read -r label path <<<"$target"
  declare -A times=() ratios=() rss=()
  for ((i = 0; i < runs; i++)); do
    first=""
    for variant in "${variants[@]}"; do
      IFS='|' read -r name envs command <<<"$variant"
      rm -rf "$work/out"
      # shellcheck disable=SC2086
      env $envs /usr/bin/time -o "$work/time" -f "%e %M" $command "$path" --sarif "$work/out/ncp.sarif" --plan "$work/out/plan.json" --plan-markdown "$work/out/plan.md" >/dev/null 2>&1 || true
      read -r t m < <(tail -1 "$work/time")
      [ -n "$first" ] || first=$t
      times[$name]+="$t "; rss[$name]+="$m "
      ratios[$name]+="$(awk -v a="$t" -v b="$first" 'BEGIN {printf "%.3f", a / b}') "
    done
  done
  echo "== $label ($path), $runs interleaved rounds, all three artifacts"
  for variant in "${variants[@]}"; do
    IFS='|' read -r name _ _ <<<"$variant"
    # shellcheck disable=SC2086
    printf '%-22s median %6.2f s   ratio to the first: median %.2f spread %s   peak memory median %d MiB   runs: %s\n' \
      "$name" "$(median ${times[$name]})" "$(median ${ratios[$name]})" "$(spread ${ratios[$name]})" "$(( $(median ${rss[$name]}) / 1024 ))" "${times[$name]}"
  done
  unset times ratios rss
done
