#!/bin/sh
# make bench-online (and the end of make bench): the upgrade with minimal
# downtime against the offline upgrade, on SQLite, PostgreSQL and MariaDB
# (servers of its own, as tests/bench.sh starts them), with OpenSER 1.1's
# load (location INSERT/UPDATE/DELETE, acc and missed_calls INSERT, each
# committed on its own: tests/bench/writer.py on SQLite, the statements of
# tests/bench/writer.awk through psql or the mariadb client on the servers)
# running.
#
# For each engine (BENCH_ONLINE_ENGINES, default "sqlite"; "sqlite mysql
# pgsql" adds the servers, about 10 minutes each at these sizes) and each N
# (BENCH_ONLINE_N, default "100000 1000000"), on copies of one generated
# 1.1 database (tests/bench/generate.sql, as tests/bench.sh):
#   offline   openser-migrate --yes --no-snapshot upgrade (the downtime of today)
#   writer    ops/s of the writer alone for BENCH_WRITE seconds (default 5),
#             then with the triggers of prepare installed; on SQLite both
#             with its synchronous writes off (the flush of each commit
#             varies more on this disk than the triggers cost) and on (as
#             OpenSER writes); the PostgreSQL server runs with fsync off
#   prepare   its time with the writer running, and the writer's longest
#             single write meanwhile
#   finish    after the writer stops (OpenSER stopped): the downtime
#   lost      rows of acc, missed_calls, location, subscriber after finish
#             against an offline upgrade of the same final 1.1 data (must be 0)
# Usage: tests/bench-online.sh [SQLFILE]
set -eu
SQLFILE=${1:-build/tests/sqlfile}
BIN=${BENCH_BIN:-$(pwd)/openser-migrate}
NS=${BENCH_ONLINE_N:-100000 1000000}
ENGINES=${BENCH_ONLINE_ENGINES:-sqlite}
WRITE=${BENCH_WRITE:-5}
F=tests/fixtures
B=tests/bench
NAME=bench-online
D=$(mktemp -d "${TMPDIR:-/tmp}/om-bench-online-XXXXXX")
chmod 755 "$D"
. $B/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM
[ -x "$BIN" ] || die "build openser-migrate first (make)"
command -v sqlite3 >/dev/null || die "the sqlite3 client is missing"
command -v python3 >/dev/null || die "python3 is missing (the writer)"

secs() { # command...: run it, print its wall seconds
	s=$(date +%s.%N)
	"$@" >"$D/out" 2>"$D/err" || { cat "$D/err" >&2; die "failed: $*"; }
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

# The writer on PostgreSQL: tests/bench/writer.awk's statements (those of
# writer.py) into one psql session in autocommit, each timed by psql.
# pg_writer_start starts it in the background; pg_writer_stop ends it and
# prints "ops seconds ops/s longest_ms".
pg_writer_start() { # db tag
	rm -f "$D/wgen.pid"
	sh -c 'echo $$ >"$1"; exec awk -v tag="$2" -f "$3"' sh "$D/wgen.pid" "$2" $B/writer.awk |
		env PGOPTIONS=-cclient_min_messages=warning psql -X -q -A -t -h "$pd" -p "$PGPORT_BENCH" \
		-U postgres -d "$1" >"$D/wpg.out" 2>&1 &
	WPG=$!
	WPG_START=$(date +%s.%N)
	while [ ! -s "$D/wgen.pid" ]; do sleep 0.01; done
}
pg_writer_stop() {
	kill "$(cat "$D/wgen.pid")" 2>/dev/null || true
	{ wait "$WPG" || true; } 2>/dev/null
	wend=$(date +%s.%N)
	grep -q ERROR "$D/wpg.out" && { grep ERROR "$D/wpg.out" | head -3 >&2; die "the writer failed"; }
	sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$D/wpg.out" |
		awk -v el="$(echo "$wend - $WPG_START" | bc)" '{ n++; if ($1 > m) m = $1 }
			END { printf "%d %.2f %.0f %.1f\n", n, el, n / el, m }'
}
pg_writer() { # db seconds tag
	pg_writer_start "$1" "$3"
	sleep "$2"
	pg_writer_stop
}

# The same on MariaDB: the statements into one mariadb client session
# (autocommit), each timed by the client ("Query OK ... (0.001 sec)").
my_writer_start() { # db tag
	rm -f "$D/wgen.pid"
	sh -c 'echo $$ >"$1"; exec awk -v tag="$2" -v client=mysql -f "$3"' sh "$D/wgen.pid" "$2" $B/writer.awk |
		mariadb --no-defaults --socket="$md/sock" -uroot -vvv --unbuffered "$1" >"$D/wpg.out" 2>&1 &
	WPG=$!
	WPG_START=$(date +%s.%N)
	while [ ! -s "$D/wgen.pid" ]; do sleep 0.01; done
}
my_writer_stop() {
	kill "$(cat "$D/wgen.pid")" 2>/dev/null || true
	{ wait "$WPG" || true; } 2>/dev/null
	wend=$(date +%s.%N)
	grep -q "^ERROR" "$D/wpg.out" && { grep "^ERROR" "$D/wpg.out" | head -3 >&2; die "the writer failed"; }
	sed -n 's/.*(\([0-9.]*\) sec)$/\1/p' "$D/wpg.out" |
		awk -v el="$(echo "$wend - $WPG_START" | bc)" '{ n++; if ($1 * 1000 > m) m = $1 * 1000 }
			END { printf "%d %.2f %.0f %.1f\n", n, el, n / el, m }'
}
# The writer of engine e: start, stop, for a while.
w_start() { # engine db tag
	if [ "$1" = mysql ]; then my_writer_start "$2" "$3"; else pg_writer_start "$2" "$3"; fi
}
w_stop() { # engine
	if [ "$1" = mysql ]; then my_writer_stop; else pg_writer_stop; fi
}
w_for() { # engine db seconds tag
	w_start "$1" "$2" "$4"
	sleep "$3"
	w_stop "$1"
}
# A table's name quoted for the engine's client.
qt() { # engine table
	if [ "$1" = mysql ]; then echo "\`$2\`"; else echo "\"$2\""; fi
}

# The rows of a 1.2 table without its id, as one digest.
digest() { # engine db table
	query "$1" "$2" "SELECT * FROM $(qt "$1" "$3")" | tr '\t' '|' | cut -d'|' -f2- | sort | md5sum | cut -c1-12
}

for e in $ENGINES; do
	case $e in
	sqlite) ;;
	pgsql) [ -n "$PG_PID" ] || start_pg ;;
	mysql) [ -n "$MD_PID" ] || start_mariadb ;;
	*) die "unknown engine $e (sqlite, mysql, pgsql)" ;;
	esac
	echo
	echo "$e:"
	echo
	echo "| N | offline upgrade (s) | writer alone (ops/s) | writer with triggers (ops/s) | prepare (s) | writer's longest write during prepare (ms) | changes at finish | finish (s) | finish / offline | rows lost |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for n in $NS; do
		generate "$e" "$n"
		copy_base "$e" off
		off=$(secs "$BIN" -d "$(url "$e" off)" --yes --no-snapshot upgrade)
		drop_db "$e" off
		# The writer alone, on its own copy.
		copy_base "$e" w
		sync
		if [ "$e" = sqlite ]; then
			alone="$(python3 $B/writer.py "$D/w.db" "$WRITE" "$D/stop" a nosync | cut -d' ' -f3) no sync /"
			alone="$alone $(python3 $B/writer.py "$D/w.db" "$WRITE" "$D/stop" b | cut -d' ' -f3) sync"
		else
			alone=$(w_for "$e" w "$WRITE" a | cut -d' ' -f3)
		fi
		drop_db "$e" w
		# prepare with the writer running.
		copy_base "$e" on
		rm -f "$D/stop"
		if [ "$e" = sqlite ]; then
			python3 $B/writer.py "$D/on.db" 3600 "$D/stop" p >"$D/wp" &
			wpid=$!
		else
			w_start "$e" on p
		fi
		sleep 0.5
		# (The writer never pauses, which OpenSER does: prepare may wait long for SQLite's write lock.)
		prep=$(secs "$BIN" -d "$(url "$e" on)" --lock-timeout 300 prepare)
		if [ "$e" = sqlite ]; then
			touch "$D/stop"
			wait $wpid
		else
			w_stop "$e" >"$D/wp"
		fi
		longest=$(cut -d' ' -f4 "$D/wp")
		# The writer with the triggers installed, then a catch-up.
		sync
		if [ "$e" = sqlite ]; then
			with="$(python3 $B/writer.py "$D/on.db" "$WRITE" "$D/stop2" t nosync | cut -d' ' -f3) no sync /"
			with="$with $(python3 $B/writer.py "$D/on.db" "$WRITE" "$D/stop2" s | cut -d' ' -f3) sync"
		else
			with=$(w_for "$e" on "$WRITE" t | cut -d' ' -f3)
		fi
		"$BIN" -d "$(url "$e" on)" --lock-timeout 300 prepare >/dev/null 2>&1
		# Last writes, OpenSER stops, finish.
		if [ "$e" = sqlite ]; then
			python3 $B/writer.py "$D/on.db" 1 "$D/stop2" l >/dev/null
		else
			w_for "$e" on 1 l >/dev/null
		fi
		pending=$("$BIN" -d "$(url "$e" on)" status 2>/dev/null |
			sed -n 's/.*phase prepared, \([0-9]*\) change.*/\1/p')
		case $e in
		sqlite) cp "$D/on.db" "$D/ref.db" ;;
		pgsql) $PSQL -d postgres -c "DROP DATABASE IF EXISTS ref" -c "CREATE DATABASE ref TEMPLATE \"on\"" ;;
		mysql)
			{ echo "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';"
			  echo "DROP DATABASE IF EXISTS ref; CREATE DATABASE ref CHARACTER SET latin1 COLLATE latin1_swedish_ci;"
			  $MY on -e "SHOW TABLES" | while read -r t; do
				echo "CREATE TABLE ref.\`$t\` LIKE \`on\`.\`$t\`; INSERT INTO ref.\`$t\` SELECT * FROM \`on\`.\`$t\`;"
			  done; } >"$D/copy.sql"
			$MY <"$D/copy.sql" ;;
		esac
		fin=$(secs "$BIN" -d "$(url "$e" on)" --yes --no-snapshot finish)
		"$BIN" -d "$(url "$e" ref)" --yes abort >/dev/null 2>&1
		"$BIN" -d "$(url "$e" ref)" --yes --no-snapshot upgrade >/dev/null 2>&1
		lost=0
		for t in acc missed_calls location subscriber; do
			[ "$(digest "$e" on $t)" = "$(digest "$e" ref $t)" ] || lost=$((lost + 1))
			a=$(query "$e" on "SELECT count(*) FROM $(qt "$e" "$t")")
			b=$(query "$e" ref "SELECT count(*) FROM $(qt "$e" "$t")")
			[ "$a" = "$b" ] || echo "bench-online: $e: $t: $a rows after finish, $b after the offline upgrade" >&2
		done
		ratio=$(echo "scale=3; $fin / $off" | bc)
		echo "| $n | $(printf %.2f "$off") | $alone | $with | $(printf %.2f "$prep") | $longest | $pending | $(printf %.2f "$fin") | $ratio | $lost tables differ |"
		drop_db "$e" on
		drop_db "$e" ref
	done
done
