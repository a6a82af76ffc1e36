#!/usr/bin/env bash
# Runs the CLI on each given folder as its root (default options, the current folder = that folder, as a
# user runs it) and prints, per folder: files, wall time, peak memory, exit code, and the number of
# findings per severity and per rule. Repeat the precision measurement on your own repositories with it.
# Usage: bash bench/realworld.sh DIR... [-- EXTRA CLI OPTIONS]
#   CLI_DLL=path/to/ncp-persistence.dll  use a given build instead of building the repository's CLI
#   SHOW=1                               also print every error and warning line
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
folders=(); extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
  folders+=("$1"); shift
done
[ ${#folders[@]} -gt 0 ] || { echo "usage: bash bench/realworld.sh DIR... [-- OPTIONS]" >&2; exit 2; }

cli=${CLI_DLL:-}
if [ -z "$cli" ]; then
  out=$(mktemp -d)
  dotnet build "$here/src/NcpPersistence.Cli" -c Release -o "$out" -nologo -v:q >/dev/null
  cli="$out/ncp-persistence.dll"
fi

printf '%-45s %6s %7s %8s %4s %-22s %s\n' folder files time_s peak_MiB exit "errors/warnings/notes" "by rule"
for folder in "${folders[@]}"; do
  log=$(mktemp); timing=$(mktemp)
  rc=0
  (cd "$folder" && /usr/bin/time -o "$timing" -f "%e %M" dotnet "$cli" . "${extra[@]}" > "$log" 2>/dev/null) || rc=$?
  read -r seconds kib < <(tail -1 "$timing")
  summary=$(tail -1 "$log")
  files=$(sed -n 's/.* in \([0-9]*\) files.*/\1/p' <<<"$summary")
  counts=$(sed -n 's/^\([0-9]*\) error(s), \([0-9]*\) warning(s), \([0-9]*\) note(s).*/\1\/\2\/\3/p' <<<"$summary")
  rules=$( (grep -oE ': (error|warning|note) NCP[0-9]{4}' "$log" || true) | awk '{print $3}' | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//')
  printf '%-45s %6s %7s %8s %4s %-22s %s\n' "$(basename "$folder")" "${files:-?}" "$seconds" "$((kib / 1024))" "$rc" "${counts:-?}" "${rules:--}"
  if [ "${SHOW:-}" = 1 ]; then
    grep -E ': (error|warning) NCP' "$log" | sed 's/^/    /' || true
  fi
  rm -f "$log" "$timing"
done
