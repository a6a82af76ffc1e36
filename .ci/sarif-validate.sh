#!/usr/bin/env bash
# Checks SARIF logs with the SARIF Multitool's "Sarif;Gh" rules (what GitHub code scanning ingests) and
# fails on any error or warning. Installs the Multitool with npm into .tools/ (git-ignored).
# Run from the repository root after the solution was built in Release (dotnet test does that).
set -euo pipefail
cd "$(dirname "$0")/.."

multitool_version=5.7.0
tools=.tools/sarif-multitool
multitool=$tools/node_modules/.bin/sarif-multitool
if [ ! -x "$multitool" ] || ! grep -q "\"version\": \"$multitool_version\"" "$tools/node_modules/@microsoft/sarif-multitool/package.json" 2>/dev/null; then
  mkdir -p "$tools"
  npm install --no-audit --no-fund --prefix "$tools" "@microsoft/sarif-multitool@$multitool_version"
fi
# The npm package does not run its chmod step when install scripts are disabled.
chmod u+x "$tools"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true

out=artifacts/sarif
rm -rf "$out"
mkdir -p "$out"

# The CLI exits 1 when it reports errors (the cafe example, the syntax errors): only 2 and up is a failure here.
cli() {
  local status=0
  dotnet run --project src/NcpPersistence.Cli -c Release --no-build -- "$@" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "ncp-persistence failed with exit code $status" >&2
    exit 1
  fi
}
cli examples/cafe/manifests --sarif "$out/cafe.sarif"
cli tests/NcpPersistence.Tests/Fixtures/sarif/clean --sarif "$out/clean.sarif"
cli tests/NcpPersistence.Tests/Fixtures/sarif/syntax-error --sarif "$out/syntax-error.sarif"

# A baseline run: the cafe conflict recorded, then fixed (--l7 none), so the log carries an "absent" result.
cli examples/cafe/manifests --baseline "$out/baseline.sarif" --update-baseline
cli examples/cafe/manifests --l7 none --baseline "$out/baseline.sarif" --sarif "$out/with-absent.sarif"
grep -q '"baselineState": "absent"' "$out/with-absent.sarif"

logs=("$out"/cafe.sarif "$out"/clean.sarif "$out"/syntax-error.sarif "$out"/baseline.sarif "$out"/with-absent.sarif)
if [ -n "${NCP_SARIF_TEST_LOGS:-}" ] && [ -d "$NCP_SARIF_TEST_LOGS" ]; then
  for log in "$NCP_SARIF_TEST_LOGS"/*.sarif; do
    [ -e "$log" ] && logs+=("$log")
  done
fi

failed=0
for log in "${logs[@]}"; do
  report="$out/validation-$(basename "$(dirname "$log")")-$(basename "$log")"
  rm -f "$report"
  echo "== sarif-multitool validate --rule-kind Sarif;Gh $log"
  # The npm wrapper runs the tool through a shell, so the ';' of the rule kinds needs a second level of quotes.
  "$multitool" validate --rule-kind '"Sarif;Gh"' --output "$report" "$log"
  # The Multitool exits 0 even when it reports problems: count them in its own SARIF output
  # (a result without a level is a warning; tool errors are error-level notifications).
  if ! node - "$report" <<'JS'
const fs = require('fs');
const log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let errors = 0, warnings = 0;
for (const run of log.runs || []) {
  for (const result of run.results || []) {
    const level = result.level || 'warning';
    if (level === 'error') errors++;
    else if (level === 'warning') warnings++;
    if (level === 'error' || level === 'warning') {
      console.log(`  ${level} ${result.ruleId}: ${(result.message && result.message.text) || JSON.stringify(result.message)}`);
    }
  }
  for (const invocation of run.invocations || []) {
    if (invocation.executionSuccessful === false) errors++;
    for (const n of [...(invocation.toolExecutionNotifications || []), ...(invocation.toolConfigurationNotifications || [])]) {
      if ((n.level || 'warning') !== 'note') {
        errors++;
        console.log(`  tool ${n.level || 'warning'}: ${n.message && n.message.text}`);
      }
    }
  }
}
console.log(`  ${errors} error(s), ${warnings} warning(s)`);
process.exit(errors + warnings === 0 ? 0 : 1);
JS
  then
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "SARIF validation failed: the Multitool reported errors or warnings (reports in $out/)." >&2
  exit 1
fi
echo "SARIF validation passed: ${#logs[@]} log(s), 0 errors, 0 warnings."
