# Sourced by the bench scripts (after they cd to the repository root): the median and spread of a run's figures,
# and a scratch folder that goes away however the script ends.

# median VALUES...: the middle value (the mean of the two middle ones for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# spread VALUES...: "min-max" with two decimals; spread_as FORMAT VALUES...: min and max through a printf FORMAT.
spread_as() { local format=$1; shift; printf '%s\n' "$@" | sort -g | awk -v format="$format" 'NR == 1 {lo = $1} {hi = $1} END {printf format, lo, hi}'; }
spread() { spread_as "%.2f-%.2f" "$@"; }

# scratch_folder VAR NAME: a new folder /tmp/NAME-XXXXXX in VAR, removed when the script exits, also when it is
# interrupted or killed (bash runs no EXIT trap when a signal kills it, so INT and TERM exit); KEEP=1 keeps it.
scratch_folder() {
  local -n folder=$1
  folder=$(mktemp -d "/tmp/$2-XXXXXX")
  [ -n "${KEEP:-}" ] || trap "rm -rf $(printf '%q' "$folder")" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
