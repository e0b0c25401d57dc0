#!/bin/sh
# make bench: upgrade a large generated OpenSER 1.1 SQLite database with
# openser-migrate, and the same database with a hand-written one-pass SQL
# script that only copies each big table once (the engine's floor), in the
# same run, on the same machine; print both times and their ratio.
#   BENCH_ROWS=N (acc rows; missed_calls, subscriber, location get N/4)
set -eu
SQLFILE=$1
BIN=./openser-migrate
ROWS=${BENCH_ROWS:-400000}
F=tests/fixtures
D=$(mktemp -d "${TMPDIR:-/tmp}/om-bench-XXXXXX")
trap 'rm -rf "$D"' EXIT

sed "s/ROWS/$ROWS/g" tests/bench/generate.sql > "$D/generate.sql"
"$SQLFILE" "$D/base.db" $F/sqlite-1.1-core.sql $F/sqlite-1.1-serweb.sql "$D/generate.sql"
echo "database: $ROWS acc rows, $((ROWS / 4)) each in missed_calls, subscriber, location ($(du -h "$D/base.db" | cut -f1))"

now() { date +%s.%N; }
best_tool=""
best_ref=""
for round in 1 2 3; do
	cp "$D/base.db" "$D/tool.db"
	cp "$D/base.db" "$D/ref.db"
	t0=$(now)
	"$SQLFILE" "$D/ref.db" tests/bench/reference.sql
	t1=$(now)
	"$BIN" -q -d "sqlite:$D/tool.db" --yes upgrade
	t2=$(now)
	ref=$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }")
	tool=$(awk "BEGIN { printf \"%.3f\", $t2 - $t1 }")
	echo "round $round: openser-migrate ${tool}s, floor ${ref}s"
	best_tool=$(awk "BEGIN { b = \"$best_tool\"; print (b == \"\" || $tool < b) ? $tool : b }")
	best_ref=$(awk "BEGIN { b = \"$best_ref\"; print (b == \"\" || $ref < b) ? $ref : b }")
done
echo "best of 3: openser-migrate ${best_tool}s, floor ${best_ref}s, ratio $(awk "BEGIN { printf \"%.2f\", $best_tool / $best_ref }")"
