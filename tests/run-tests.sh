#!/bin/sh
# Run every test binary given; print each suite's time and a summary; fail
# if any failed.  Used by `make check`.
set -u
failed=""
times=""
for t in "$@"; do
	name=$(basename "$t")
	echo "== $name"
	start=$(date +%s)
	if ! "$t"; then
		failed="$failed $name"
	fi
	times="$times $name:$(($(date +%s) - start))s"
done
echo "suite times:$times"
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all test suites passed"
