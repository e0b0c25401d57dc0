#!/bin/sh
# Run libFuzzer targets one after the other, each for SECONDS, from a copy
# of its seed corpus (tests/fuzz/corpus/TARGET) in a temporary folder, with
# its dictionary (tests/fuzz/TARGET.dict) when there is one.  The committed
# corpus is never written.  Used by `make fuzz` and `make fuzz-short`.
#
#   tests/fuzz/run.sh SECONDS build/fuzz/TARGET...
#
# Prints one line per target (executions, seconds, corpus size at the start
# and at the end, coverage, crashes) from libFuzzer's final statistics.
# The log of TARGET is build/fuzz/TARGET.log; an input that crashed, leaked,
# timed out or broke an invariant is kept as build/fuzz/TARGET-crash-SHA1
# (leak-, timeout-, oom-), its path printed.  Fails when any target did.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 SECONDS FUZZER..." >&2
	exit 2
fi
secs=$1
shift
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/om-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

failed=""
crashes_all=""
printf '%-8s %12s %6s %15s %6s %8s\n' target executions secs "corpus (seeds)" cov crashes
for bin in "$@"; do
	t=$(basename "$bin")
	out=$(dirname "$bin")
	log="$out/$t.log"
	mkdir -p "$tmp/$t/corpus" "$tmp/$t/tmp"
	if [ -d "$src/corpus/$t" ]; then
		cp -R "$src/corpus/$t/." "$tmp/$t/corpus/"
	fi
	seeds=$(find "$tmp/$t/corpus" -type f | wc -l)
	# The loop's list was expanded once: "$@" can carry the dictionary now.
	set --
	if [ -f "$src/$t.dict" ]; then
		set -- "-dict=$src/$t.dict"
	fi
	start=$(date +%s)
	# TMPDIR: where a target makes its own files (planset), removed with $tmp.
	TMPDIR="$tmp/$t/tmp" \
	UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
		-artifact_prefix="$out/$t-" "$@" "$tmp/$t/corpus" >"$log" 2>&1
	rc=$?
	end=$(date +%s)

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	ran=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	status=$(grep ' corp: ' "$log" | tail -n 1)
	corp=$(printf '%s\n' "$status" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
	cov=$(printf '%s\n' "$status" | sed -n 's/.* cov: \([0-9]*\) .*/\1/p')
	found=$(sed -n 's/.*Test unit written to \(.*\(crash\|leak\|timeout\|oom\)-[0-9a-f]*\)$/\1/p' "$log")
	ncrash=$(printf '%s' "$found" | grep -c .)
	printf '%-8s %12s %6s %15s %6s %8s\n' "$t" "${execs:-?}" "${ran:-$((end - start))}" \
		"${corp:-?} ($seeds)" "${cov:-?}" "$ncrash"
	if [ "$rc" -ne 0 ] || [ "$ncrash" -ne 0 ]; then
		failed="$failed $t"
		crashes_all="$crashes_all
$t (exit $rc, log $log):"
		for f in $found; do
			crashes_all="$crashes_all
  $f  (reproduce: $bin $f)"
		done
	fi
done
if [ -n "$failed" ]; then
	printf 'FUZZ FAILED:%s\n%s\n' "$failed" "$crashes_all"
	exit 1
fi
echo "no crashes"
