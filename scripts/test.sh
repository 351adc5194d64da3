#!/usr/bin/env bash
# Runs every test: scripts/setup.sh (installs, restores, builds), then `dotnet test Hemingway.slnx -c Release`, then
# checks code style with `dotnet format --verify-no-changes`.
# dotnet test's output goes to $CACHE/logs/test.log; this prints one line per test assembly, the failing and skipped
# tests, and last a single summary line:  Tests: N passed, N failed, N skipped
# Exits non-zero when the build fails, a test fails or is skipped (the project allows no skipped tests), or no test ran.
# Extra arguments go to dotnet test (e.g. --filter FullyQualifiedName~Csr).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${HEMINGWAY_CACHE:-} ]]; then
  export HEMINGWAY_CACHE
  HEMINGWAY_CACHE=$(realpath -m -- "$HEMINGWAY_CACHE")
  cache=$HEMINGWAY_CACHE
else
  cache=$root/.cache
fi

if ! bash "$root/scripts/setup.sh"; then
  echo "test: FAILED: scripts/setup.sh failed (see its message above); no test ran"
  echo "Tests: 0 passed, 0 failed, 0 skipped"
  exit 1
fi

cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$cache/logs/test.log
opts=(-c Release -nologo)
[[ -n ${CI:-} ]] && opts+=(-nodeReuse:false)

echo "test: dotnet test Hemingway.slnx -c Release (log: $log)"
set +e
dotnet test Hemingway.slnx "${opts[@]}" "$@" >"$log" 2>&1
rc=$?
set -e

# One "Passed!" or "Failed!" line per test assembly that ran:
#   Failed!  - Failed:     1, Passed:     2, Skipped:     1, Total:     4, Duration: 90 ms - X.Tests.dll (net10.0)
passed=0 failed=0 skipped=0 assemblies=0
re='^(Passed|Failed)! +- +Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+), Total: +([0-9]+), Duration: (.*) - ([^ ]+)\.dll'
while IFS= read -r line; do
  line=${line//$'\r'/}
  [[ $line =~ $re ]] || continue
  ((failed += BASH_REMATCH[2], passed += BASH_REMATCH[3], skipped += BASH_REMATCH[4], assemblies += 1)) || true
  printf 'test: %s: %d passed, %d failed, %d skipped (%s)\n' "${BASH_REMATCH[7]}" \
    "${BASH_REMATCH[3]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[6]}"
done < <(sed 's/\x1b\[[0-9;]*m//g' "$log")

problems=()
if ((failed > 0)); then
  echo "test: failing tests:"
  # Each failure block: "  Failed Name [time]", its message and the top of its stack trace.
  awk '/^  Failed /{n=14} n>0 && /^(Passed|Failed)! |^Test run for /{n=0} n>0{print "    " $0; n--}' "$log" | head -n 200
  problems+=("$failed failed")
fi
if ((skipped > 0)); then
  echo "test: skipped tests (not allowed: a missing tool must be installed by scripts/setup.sh):"
  grep -E '^  Skipped ' "$log" | sed 's/^ */    /' | head -n 50 || true
  problems+=("$skipped skipped")
fi
if ((rc != 0 && failed == 0)); then
  # Not a failing assertion: the build broke, or a test host crashed or hung.
  echo "test: dotnet test exited with $rc. Errors from $log:"
  grep -E ': error |error [A-Z]+[0-9]+:|Test host process crashed|aborted|The active test run was aborted|MSB[0-9]+' "$log" |
    sed -E 's/ \[[^]]*\.csproj\]$//' | sort -u | head -n 30 | sed 's/^/    /' || true
  problems+=("dotnet test exited with $rc")
fi
if ((passed + failed + skipped == 0)); then
  problems+=("no test ran")
fi

# Code style is part of the test: the formatter must find nothing to change.
echo "test: dotnet format --verify-no-changes"
if ! dotnet format Hemingway.slnx --verify-no-changes >"$cache/logs/format.log" 2>&1; then
  echo "test: files that dotnet format would change:"
  grep -E 'error|warning' "$cache/logs/format.log" | sed -E 's/ \[[^]]*\.csproj\]$//' | sort -u | head -n 30 | sed 's/^/    /' || true
  problems+=("code style (run: dotnet format Hemingway.slnx)")
fi

if ((${#problems[@]})); then
  joined=$(printf '%s, ' "${problems[@]}")
  echo "test: FAILED: ${joined%, } (full output: $log)"
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
((${#problems[@]} == 0))
