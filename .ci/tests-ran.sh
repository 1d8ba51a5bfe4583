#!/usr/bin/env bash
# Fails the build when a class under MODULE/src/test holding tests (JUnit, property or fuzz tests) did not
# run: Surefire's name patterns once skipped whole classes silently. Called by Maven in the verify phase
# of every module (see the parent pom), with the -Dtest filter if one was given (then not every class runs).
set -euo pipefail
module="$1"
filter="${2:-}"
[[ -d "$module/src/test/java" ]] || exit 0
[[ -z "$filter" || "$filter" == '${test}' ]] || exit 0
reports="$module/target/surefire-reports"
missing=()
while IFS= read -r f; do
  # An abstract class's tests run in its subclasses' reports.
  if grep -qE '^(public )?abstract class ' "$f"; then continue; fi
  rel="${f#"$module/src/test/java/"}"
  class="${rel%.java}"
  fqcn="${class//\//.}"
  report="$reports/TEST-$fqcn.xml"
  compiled="$module/target/test-classes/$class.class"
  # A report older than the class it reports on is from an earlier run.
  if [[ ! -f "$report" || ( -f "$compiled" && "$compiled" -nt "$report" ) ]]; then
    missing+=("$fqcn")
  fi
done < <(grep -rlE '^\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|FuzzTest)\b' \
  "$module/src/test/java" --include='*.java' | sort)
if (( ${#missing[@]} )); then
  echo "tests-ran: test classes that hold tests but did not run in $(basename "$module"):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "tests-ran: name them *Test, *Properties or SampleNN_* (the Surefire includes in pom.xml), or widen the includes" >&2
  exit 1
fi
