#!/bin/sh
# Does the progress line slow an upgrade down?  The same upgrade under a
# pseudo-terminal (script(1)), progress on (the default) against off (-q),
# in turn (on off on off ...), on fresh copies of one generated 1.1
# database (tests/bench/generate.sql, as make bench makes it); the median
# wall seconds of each (/usr/bin/time) and their ratio.
#
#   tests/bench-progress.sh sqlite [N] [ROUNDS]        N acc rows (default 1000000), 5 rounds
#   BP_PG='host=/tmp/sock port=5432 user=postgres' tests/bench-progress.sh pgsql [N] [ROUNDS]
#       (PostgreSQL: a running server of yours, psql's connection words; the
#        databases bp_base and bp_run are made and dropped there)
set -eu
ENGINE=${1:-sqlite}
N=${2:-1000000}
ROUNDS=${3:-5}
BIN=${BENCH_BIN:-$(pwd)/openser-migrate}
SQLFILE=build/tests/sqlfile
B=tests/bench
F=tests/fixtures
D=$(mktemp -d "${TMPDIR:-/tmp}/om-bp-XXXXXX")
trap 'rm -rf "$D"' EXIT
[ -x "$BIN" ] && [ -x "$SQLFILE" ] || { echo "make tests first" >&2; exit 1; }

sed -e "s/\bROWS\b/$N/g" -e "s/\bHALF\b/$((N / 2))/g" -e "s/\bTENTH\b/$((N / 10))/g" \
	-e "s/\bHUNDREDTH\b/$((N / 100 > 0 ? N / 100 : 1))/g" $B/generate.sql >"$D/gen.sql"
case $ENGINE in
sqlite)
	sed -e 's/DT\[\([^]]*\)\]/\1/g' "$D/gen.sql" >"$D/gen-e.sql"
	{ echo "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);"
	  echo "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N) INSERT INTO bench_n SELECT i FROM s;"
	  cat "$D/gen-e.sql"; echo "DROP TABLE bench_n; COMMIT;"; } >"$D/gen-run.sql"
	"$SQLFILE" "$D/base.db" $F/sqlite-1.1-core.sql $F/sqlite-1.1-serweb.sql "$D/gen-run.sql"
	fresh() { cp "$D/base.db" "$D/run.db"; }
	URL="sqlite:$D/run.db" ;;
pgsql)
	P="psql -X -q -v ON_ERROR_STOP=1"
	PGURL=$(echo "$BP_PG" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); a = a (a ? "&" : "") kv[1] "=" kv[2] } print a }')
	$P "$BP_PG dbname=postgres" -c "DROP DATABASE IF EXISTS bp_base" -c "CREATE DATABASE bp_base"
	$P "$BP_PG dbname=bp_base" -f $F/pgsql-1.1-core.sql >/dev/null
	$P "$BP_PG dbname=bp_base" -f $F/pgsql-1.1-serweb.sql >/dev/null
	sed -e 's/DT\[\([^]]*\)\]/CAST(\1 AS timestamp)/g' "$D/gen.sql" >"$D/gen-e.sql"
	{ echo "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);"
	  echo "INSERT INTO bench_n SELECT generate_series(1, $N);"
	  cat "$D/gen-e.sql"; echo "DROP TABLE bench_n; COMMIT; VACUUM ANALYZE;"; } >"$D/gen-run.sql"
	$P "$BP_PG dbname=bp_base" -f "$D/gen-run.sql" >/dev/null
	fresh() { $P "$BP_PG dbname=postgres" -c "DROP DATABASE IF EXISTS bp_run" -c "CREATE DATABASE bp_run TEMPLATE bp_base"; }
	URL="postgres:///bp_run?$PGURL" ;;
*) echo "engines: sqlite, pgsql" >&2; exit 2 ;;
esac

: >"$D/times"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	for k in on off; do
		fresh
		q=; [ $k = off ] && q=-q
		/usr/bin/time -f %e -o "$D/t" script -qec "$BIN $q -d '$URL' --yes --no-snapshot upgrade" /dev/null >"$D/out"
		grep -q 'rows (' "$D/out" && drawn=yes || drawn=no
		echo "$k $(cat "$D/t") $drawn" >>"$D/times"
		echo "round $r, progress $k: $(cat "$D/t") s (line drawn: $drawn)" >&2
	done
	r=$((r + 1))
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
on=$(awk '$1 == "on" { print $2 }' "$D/times" | median)
off=$(awk '$1 == "off" { print $2 }' "$D/times" | median)
echo "$ENGINE N=$N, $ROUNDS rounds: progress on $on s, off (-q) $off s, ratio $(echo "$on $off" | awk '{ printf "%.3f", $1 / $2 }')"
