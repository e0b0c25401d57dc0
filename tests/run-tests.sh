#!/bin/sh
# Run every test binary given; print a summary; fail if any failed.
# Used by `make check`.
set -u
failed=""
for t in "$@"; do
	name=$(basename "$t")
	echo "== $name"
	if ! "$t"; then
		failed="$failed $name"
	fi
done
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all test suites passed"
