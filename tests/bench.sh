#!/bin/sh
# make bench: openser-migrate against a hand-written SQL script, on SQLite,
# MariaDB and PostgreSQL (servers of its own, in a temporary folder, as the
# test suites start them).
#
# For each size N (BENCH_N, default "10000 100000") and each engine, a 1.1
# database is generated server-side (tests/bench/generate.sql: acc N rows,
# missed_calls N/2, subscriber and location N/10, the rest proportionate),
# then, on identical copies, in turn (A B C A B C ..., BENCH_ROUNDS rounds,
# default 3; the median is reported):
#   tool     openser-migrate --yes --no-snapshot --jobs J upgrade (the whole
#            process; J = BENCH_JOBS, default the number of processors)
#   tool1    the same with --jobs 1 (MySQL, PostgreSQL, when J > 1: what the jobs buy)
#   script   tests/bench/ENGINE-upgrade.sql, the one-pass script a DBA would
#            write for the same 1.2 result, run by the engine's client
#   migrate  openser-migrate --yes migrate OLD NEW (MySQL, PostgreSQL)
# Each is timed as a whole process by /usr/bin/time (wall seconds, peak
# RSS of the process).  After each tool run, `status` on the database it
# upgraded is clocked to the millisecond (median of 5), beside the engine's
# own client running SELECT 1 there (the floor of a connecting command).  After the last round the script's result is
# checked: `openser-migrate verify` exits 0 on it, and every 1.2 table has
# the tool's row count; values that differ from the tool's in acc and
# missed_calls are counted (the script's URI parsing is simpler).
#
#   BENCH_N="10000 100000 1000000"   sizes
#   BENCH_ENGINES="sqlite mysql pgsql"
#   BENCH_ROUNDS=3
#   BENCH_JOBS=J                     --jobs of the tool's runs (default: nproc)
#   BENCH_BIN=PATH                   another build of openser-migrate
#   BENCH_OUT=FILE                   also write the table (markdown) there
# Usage: tests/bench.sh [SQLFILE]   (SQLFILE: build/tests/sqlfile, used when
# there is no sqlite3 client)
set -eu
SQLFILE=${1:-build/tests/sqlfile}
BIN=${BENCH_BIN:-$(pwd)/openser-migrate}
NS=${BENCH_N:-10000 100000}
ENGINES=${BENCH_ENGINES:-sqlite mysql pgsql}
ROUNDS=${BENCH_ROUNDS:-3}
JOBS=${BENCH_JOBS:-$(nproc)}
OUT=${BENCH_OUT:-}
F=tests/fixtures
B=tests/bench
NAME=bench
D=$(mktemp -d "${TMPDIR:-/tmp}/om-bench-XXXXXX")
chmod 755 "$D"

. $B/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$BIN" ] || die "build openser-migrate first (make)"
TIME=/usr/bin/time
[ -x "$TIME" ] || die "/usr/bin/time is missing (apt-get install time)"

# ---- one timed run: "seconds peak_kib" into $D/t ----------------------

timed() { # what, then the command
	what=$1
	shift
	if ! "$TIME" -f '%e %M' -o "$D/t" "$@" >"$D/run.out" 2>&1; then
		cat "$D/run.out" >&2
		die "$what failed"
	fi
}

run_kind() { # engine kind db
	case $2 in
	tool) timed "openser-migrate upgrade" "$BIN" -q -d "$(url "$1" "$3")" --yes --no-snapshot --jobs "$JOBS" upgrade ;;
	tool1) timed "openser-migrate upgrade --jobs 1" "$BIN" -q -d "$(url "$1" "$3")" --yes --no-snapshot --jobs 1 upgrade ;;
	script)
		case $1 in
		sqlite) if command -v sqlite3 >/dev/null; then timed "the script" sqlite3 -bail "$D/$3.db" ".read $B/sqlite-upgrade.sql"
			else timed "the script" "$SQLFILE" "$D/$3.db" $B/sqlite-upgrade.sql; fi ;;
		mysql) timed "the script" $MY "$3" -e "source $B/mysql-upgrade.sql" ;;
		pgsql) timed "the script" $PSQL -d "$3" -f $B/pgsql-upgrade.sql ;;
		esac ;;
	migrate) timed "openser-migrate migrate" "$BIN" -q -d "$(url "$1" base)" --yes migrate base "$3" ;;
	esac
}

# A command's wall time to the millisecond, as a shell sees it (bash's
# clock, read before and after the process: no other process is started
# around it, whose own start would be counted), the median of 5, into $D/ms.
clocked() { # command...
	LC_ALL=C bash -c 'for i in 1 2 3 4 5; do
			t0=$EPOCHREALTIME
			"$@" >/dev/null 2>&1 || exit 1
			t1=$EPOCHREALTIME
			echo "$t0 $t1"
		done' sh "$@" >"$D/ts" || return 1
	LC_ALL=C awk '{ print ($2 - $1) }' "$D/ts" | median >"$D/ms"
}

# status on an up-to-date database: its wall time (clocked), and its peak
# RSS from one more run under /usr/bin/time.  Beside it, the same clock on
# the engine's own client running SELECT 1 on that database: the floor of
# any command that connects (a PostgreSQL backend's start, mostly).
timed_status() { # engine db
	u=$(url "$1" "$2")
	"$TIME" -f '%M' -o "$D/ts" "$BIN" -q -d "$u" status >"$D/run.out" 2>&1 ||
		{ cat "$D/run.out" >&2; die "status of the upgraded database did not exit 0"; }
	kib=$(cat "$D/ts")
	clocked "$BIN" -q -d "$u" status || die "status of the upgraded database did not exit 0"
	echo "$(cat "$D/ms") $kib" | awk '{ printf "%.3f %d\n", $1, $2 }' >"$D/t"
	case $1 in
	sqlite) if command -v sqlite3 >/dev/null; then clocked sqlite3 "$D/$2.db" "SELECT 1"; else echo 0 >"$D/ms"; fi ;;
	mysql) clocked $MY "$2" -e "SELECT 1" ;;
	pgsql) clocked $PSQL -d "$2" -c "SELECT 1" ;;
	esac || die "the $1 client's SELECT 1 failed"
	awk '{ printf "%.3f 0\n", $1 }' "$D/ms" >"$D/tf"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The 1.2 tables' row counts, one "table count" a line.
counts() { # engine db
	for t in acc missed_calls subscriber location aliases dbaliases grp re_grp silo domain uri \
		usr_preferences trusted speed_dial gw lcr address pdt sip_trace pending version; do
		echo "$t $(query "$1" "$2" "SELECT count(*) FROM $t")"
	done
}
# acc and missed_calls rows (in id order) whose values differ between two databases.
differing() { # engine db_a db_b
	n=0
	for t in acc missed_calls; do
		c="SELECT id, method, from_tag, to_tag, callid, sip_code, sip_reason, time, src_user, src_domain, dst_user, dst_domain FROM $t ORDER BY id"
		query "$1" "$2" "$c" >"$D/va"
		query "$1" "$3" "$c" >"$D/vb"
		n=$((n + $(diff "$D/va" "$D/vb" | grep -c '^<' || true)))
	done
	echo $n
}

check_script() { # engine n
	e=$1
	copy_base "$e" chk_tool
	copy_base "$e" chk_script
	run_kind "$e" tool chk_tool
	run_kind "$e" script chk_script
	if ! "$BIN" -q -d "$(url "$e" chk_script)" verify >"$D/verify.out" 2>&1; then
		cat "$D/verify.out" >&2
		die "$e: openser-migrate verify does not accept the script's result"
	fi
	counts "$e" chk_tool >"$D/ca"
	counts "$e" chk_script >"$D/cb"
	diff "$D/ca" "$D/cb" >&2 || die "$e: the script's row counts differ from the tool's"
	DIFFERING=$(differing "$e" chk_tool chk_script)
	drop_db "$e" chk_tool
	drop_db "$e" chk_script
}

# ---- the runs --------------------------------------------------------------

for e in $ENGINES; do
	case $e in
	sqlite) ;;
	mysql) [ -n "$MD_PID" ] || start_mariadb ;;
	pgsql) [ -n "$PG_PID" ] || start_pg ;;
	*) die "unknown engine $e (sqlite, mysql, pgsql)" ;;
	esac
done

TABLES11="acc missed_calls subscriber location aliases dbaliases grp re_grp silo domain uri usr_preferences
	trusted speed_dial gw lcr pending sip_trace version"
ROWS_FILE=$D/rows
: >"$ROWS_FILE"
for n in $NS; do
	for e in $ENGINES; do
		echo "== $e, N=$n: generating" >&2
		generate "$e" "$n"
		total=0
		for t in $TABLES11; do total=$((total + $(query "$e" base "SELECT count(*) FROM $t"))); done
		kinds="tool script"
		[ "$e" = sqlite ] || kinds="tool script migrate"
		# --jobs spreads MySQL's and PostgreSQL's copies over connections: the same run on one beside it.
		[ "$e" = sqlite ] || [ "$JOBS" -le 1 ] || kinds="tool tool1 script migrate"
		: >"$D/times"
		r=1
		while [ $r -le "$ROUNDS" ]; do
			for k in $kinds; do
				copy_base "$e" run
				[ "$k" != migrate ] || drop_db "$e" run
				run_kind "$e" "$k" run
				echo "$k $(cat "$D/t")" >>"$D/times"
				echo "   round $r $k: $(cat "$D/t" | awk '{ printf "%.2f s, %d MiB", $1, $2 / 1024 }')" >&2
				if [ "$k" = tool ]; then
					# status on the database just upgraded (up to date: exit 0), to the millisecond.
					timed_status "$e" run
					echo "status $(cat "$D/t")" >>"$D/times"
					echo "floor $(cat "$D/tf")" >>"$D/times"
				fi
				drop_db "$e" run
			done
			r=$((r + 1))
		done
		check_script "$e" "$n"
		st=$(awk '$1 == "script" { print $2 }' "$D/times" | median)
		fl=$(awk '$1 == "floor" { print $2 }' "$D/times" | median)
		for k in $kinds status floor; do
			t=$(awk -v k="$k" '$1 == k { print $2 }' "$D/times" | median)
			m=$(awk -v k="$k" '$1 == k { print $3 }' "$D/times" | median)
			# status is compared with the client's SELECT 1, the rest with the script.
			ref=$st
			[ "$k" != status ] || ref=$fl
			echo "$e $n $k $t $ref $m $total $DIFFERING" >>"$ROWS_FILE"
		done
	done
done

# ---- the table ---------------------------------------------------------------
machine() {
	echo "Machine: $(nproc) processors, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)," \
		"$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
		"$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), Linux $(uname -r)."
	echo "Engines: SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)" \
		"(sqlite3 client; the tool links $(pkg-config --modversion sqlite3 2>/dev/null)), $(mariadbd --version 2>/dev/null | sed 's/.*Ver //; s/ for.*//')," \
		"PostgreSQL $(psql --version | sed 's/.*) //')."
	echo "Command: BENCH_N=\"$NS\" BENCH_ENGINES=\"$ENGINES\" BENCH_ROUNDS=$ROUNDS BENCH_JOBS=$JOBS make bench"
	echo "openser-migrate upgrade runs with --jobs $JOBS (MySQL and PostgreSQL; SQLite copies on one connection)."
	echo
}
table() {
	machine
	echo "| engine | N (acc rows) | rows in all | run | median s | ratio to the script (status: to the client's SELECT 1) | rows/s | peak RSS MiB |"
	echo "|---|---:|---:|---|---:|---:|---:|---:|"
	awk '{
		name = $3 == "tool" ? "openser-migrate upgrade" : $3 == "tool1" ? "openser-migrate upgrade --jobs 1" : $3 == "script" ? "hand-written script" : $3 == "status" ? "openser-migrate status (up to date)" : $3 == "floor" ? "the engine client, SELECT 1" : "openser-migrate migrate"
		if ($3 == "status")
			printf "| %s | %d | %d | %s | %.3f | %.2f | | %.1f |\n", $1, $2, $7, name, $4, ($5 > 0 ? $4 / $5 : 0), $6 / 1024
		else if ($3 == "floor")
			printf "| %s | %d | %d | %s | %.3f | | | |\n", $1, $2, $7, name, $4
		else
			printf "| %s | %d | %d | %s | %.2f | %.2f | %d | %.1f |\n", $1, $2, $7, name, $4, ($5 > 0 ? $4 / $5 : 0), ($4 > 0 ? $7 / $4 : 0), $6 / 1024
	}' "$ROWS_FILE"
	echo
	echo "Values of acc and missed_calls where the script differs from openser-migrate (its URI parsing is simpler):"
	awk '$3 == "script" { printf "%s N=%d: %d rows; ", $1, $2, $8 } END { print "" }' "$ROWS_FILE"
}
table
if [ -n "$OUT" ]; then table >"$OUT"; fi
