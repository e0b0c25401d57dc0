#!/bin/sh
# make bench-online (and the end of make bench): the upgrade with minimal
# downtime on SQLite against the offline upgrade, with OpenSER 1.1's load
# (tests/bench/writer.py: location INSERT/UPDATE/DELETE, acc and
# missed_calls INSERT, each committed on its own) running.
#
# For each N (BENCH_ONLINE_N, default "100000 1000000"), on copies of one
# generated 1.1 database (tests/bench/generate.sql, as tests/bench.sh):
#   offline   openser-migrate --yes --no-snapshot upgrade (the downtime of today)
#   writer    ops/s of the writer alone for BENCH_WRITE seconds (default 5),
#             then with the triggers of prepare installed; both with
#             SQLite's synchronous writes off (the flush of each commit
#             varies more on this disk than the triggers cost), and with
#             them on (as OpenSER writes)
#   prepare   its time with the writer running, and the writer's longest
#             single write meanwhile (SQLite: the copy holds the write lock)
#   finish    after the writer stops (OpenSER stopped): the downtime
#   lost      rows of acc, missed_calls, location after finish against an
#             offline upgrade of the same final 1.1 data (must be 0)
# Usage: tests/bench-online.sh [SQLFILE]
set -eu
SQLFILE=${1:-build/tests/sqlfile}
BIN=${BENCH_BIN:-$(pwd)/openser-migrate}
NS=${BENCH_ONLINE_N:-100000 1000000}
WRITE=${BENCH_WRITE:-5}
F=tests/fixtures
B=tests/bench
D=$(mktemp -d "${TMPDIR:-/tmp}/om-bench-online-XXXXXX")
trap 'rm -rf "$D"' EXIT
trap 'exit 130' INT TERM
die() { echo "bench-online: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "build openser-migrate first (make)"
command -v sqlite3 >/dev/null || die "the sqlite3 client is missing"
command -v python3 >/dev/null || die "python3 is missing (the writer)"

secs() { # command...: run it, print its wall seconds
	s=$(date +%s.%N)
	"$@" >"$D/out" 2>"$D/err" || { cat "$D/err" >&2; die "failed: $*"; }
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

generate() {
	n=$1
	sed -e "s/\bROWS\b/$n/g" -e "s/\bHALF\b/$((n / 2))/g" -e "s/\bTENTH\b/$((n / 10))/g" \
		-e "s/\bHUNDREDTH\b/$((n / 100 > 0 ? n / 100 : 1))/g" -e 's/DT\[\([^]]*\)\]/\1/g' \
		$B/generate.sql >"$D/gen.sql"
	{ echo "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);"
	  echo "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n) INSERT INTO bench_n SELECT i FROM s;"
	  cat "$D/gen.sql"
	  echo "DROP TABLE bench_n; COMMIT;"; } >"$D/gen-run.sql"
	rm -f "$D/base.db"
	"$SQLFILE" "$D/base.db" $F/sqlite-1.1-core.sql $F/sqlite-1.1-serweb.sql "$D/gen-run.sql"
}

# The rows of a 1.2 table without its id, as one digest.
digest() { # db table
	sqlite3 "$1" "SELECT * FROM \"$2\"" | cut -d'|' -f2- | sort | md5sum | cut -c1-12
}

echo "| N | offline upgrade (s) | writer alone, no sync / sync (ops/s) | writer with triggers, no sync / sync (ops/s) | prepare (s) | writer's longest write during prepare (ms) | changes at finish | finish (s) | finish / offline | rows lost |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in $NS; do
	generate "$n"
	cp "$D/base.db" "$D/off.db"
	off=$(secs "$BIN" -d "sqlite:$D/off.db" --yes --no-snapshot upgrade)
	# The writer alone, on its own copy.
	cp "$D/base.db" "$D/w.db"
	sync
	alone=$(python3 $B/writer.py "$D/w.db" "$WRITE" "$D/stop" a nosync | cut -d' ' -f3)
	alone_sync=$(python3 $B/writer.py "$D/w.db" "$WRITE" "$D/stop" b | cut -d' ' -f3)
	rm -f "$D/w.db"
	# prepare with the writer running.
	cp "$D/base.db" "$D/on.db"
	rm -f "$D/stop"
	python3 $B/writer.py "$D/on.db" 3600 "$D/stop" p >"$D/wp" &
	wpid=$!
	sleep 0.5
	# (The writer never pauses, which OpenSER does: prepare may wait long for SQLite's write lock.)
	prep=$(secs "$BIN" -d "sqlite:$D/on.db" --lock-timeout 300 prepare)
	touch "$D/stop"
	wait $wpid
	longest=$(cut -d' ' -f4 "$D/wp")
	# The writer with the triggers installed, then a catch-up.
	sync
	with=$(python3 $B/writer.py "$D/on.db" "$WRITE" "$D/stop2" t nosync | cut -d' ' -f3)
	with_sync=$(python3 $B/writer.py "$D/on.db" "$WRITE" "$D/stop2" s | cut -d' ' -f3)
	"$BIN" -d "sqlite:$D/on.db" --lock-timeout 300 prepare >/dev/null
	# Last writes, OpenSER stops, finish.
	python3 $B/writer.py "$D/on.db" 1 "$D/stop2" l >/dev/null
	pending=$("$BIN" -d "sqlite:$D/on.db" status 2>/dev/null | sed -n 's/.*phase prepared, \([0-9]*\) change.*/\1/p')
	cp "$D/on.db" "$D/ref.db"
	fin=$(secs "$BIN" -d "sqlite:$D/on.db" --yes --no-snapshot finish)
	"$BIN" -d "sqlite:$D/ref.db" --yes abort >/dev/null
	"$BIN" -d "sqlite:$D/ref.db" --yes --no-snapshot upgrade >/dev/null
	lost=0
	for t in acc missed_calls location subscriber; do
		[ "$(digest "$D/on.db" $t)" = "$(digest "$D/ref.db" $t)" ] || lost=$((lost + 1))
		a=$(sqlite3 "$D/on.db" "SELECT count(*) FROM \"$t\"")
		b=$(sqlite3 "$D/ref.db" "SELECT count(*) FROM \"$t\"")
		[ "$a" = "$b" ] || echo "bench-online: $t: $a rows after finish, $b after the offline upgrade" >&2
	done
	ratio=$(echo "scale=3; $fin / $off" | bc)
	echo "| $n | $(printf %.2f "$off") | $alone / $alone_sync | $with / $with_sync | $(printf %.2f "$prep") | $longest | $pending | $(printf %.2f "$fin") | $ratio | $lost tables differ |"
	rm -f "$D"/*.db
done
