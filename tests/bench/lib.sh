# tests/bench/lib.sh: what tests/bench.sh and tests/bench-online.sh share,
# sourced by them: servers of their own in $D (MariaDB, PostgreSQL as the
# test suites start them), the 1.1 database of size N generated
# server-side (tests/bench/generate.sql) and copies of it.  The sourcing
# script sets D, F (tests/fixtures), B (tests/bench), SQLFILE and NAME
# (its name in messages), and calls cleanup on exit.
MD_PID=
PG_PID=

cleanup() {
	if [ -n "$MD_PID" ]; then kill "$MD_PID" 2>/dev/null || true; fi
	if [ -n "$PG_PID" ]; then kill -QUIT "$PG_PID" 2>/dev/null || true; fi
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		{ [ -n "$MD_PID" ] && kill -0 "$MD_PID" 2>/dev/null; } ||
			{ [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; } || break
		sleep 0.5
	done
	rm -rf "$D"
}

die() { echo "$NAME: $*" >&2; exit 1; }

# ---- servers of our own -------------------------------------------------

start_mariadb() {
	md=$D/mariadb
	mkdir -p "$md"
	u=$(id -un)
	command -v mariadbd >/dev/null || PATH=$PATH:/usr/sbin
	command -v mariadbd >/dev/null || die "mariadbd not found (install mariadb-server)"
	mariadb-install-db --no-defaults --datadir="$md/data" --user="$u" --basedir=/usr --force \
		--skip-name-resolve --auth-root-authentication-method=normal --skip-test-db \
		>"$md/install.log" 2>&1 || { cat "$md/install.log" >&2; die "mariadb-install-db failed"; }
	# The server the test suites start, with a larger buffer pool.
	mariadbd --no-defaults --datadir="$md/data" --socket="$md/sock" --log-error="$md/server.log" \
		--pid-file="$md/server.pid" --user="$u" --skip-networking --skip-name-resolve \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
		--sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION \
		--explicit-defaults-for-timestamp=OFF --skip-log-bin --innodb-buffer-pool-size=256M \
		--key-buffer-size=64M --max-connections=50 </dev/null >/dev/null 2>&1 &
	MD_PID=$!
	i=0
	until mariadb-admin --no-defaults --socket="$md/sock" -uroot ping >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 600 ] || { cat "$md/server.log" >&2; die "mariadbd did not start"; }
		sleep 0.1
	done
	MY="mariadb --no-defaults --socket=$md/sock -uroot --batch --skip-column-names"
	MYURL="mysql://root@localhost/DB?socket=$md/sock"
}

start_pg() {
	pd=$D/pgsql
	mkdir -p "$pd"
	as=
	if [ "$(id -u)" = 0 ]; then
		# PostgreSQL refuses to run as root: as the tests do, run it as nobody.
		chown nobody "$pd"
		as="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
	fi
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	[ -n "$pgbin" ] || pgbin=$(dirname "$(command -v initdb || echo /nonexistent/initdb)")
	[ -x "$pgbin/initdb" ] || die "initdb not found (install postgresql)"
	PGPORT_BENCH=$((54000 + $$ % 900))
	$as "$pgbin/initdb" -D "$pd/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
		>"$pd/initdb.log" 2>&1 || { cat "$pd/initdb.log" >&2; die "initdb failed"; }
	$as "$pgbin/postgres" -D "$pd/data" -k "$pd" -p "$PGPORT_BENCH" -c listen_addresses= \
		-c fsync=off -c max_connections=40 -c shared_buffers=256MB -c work_mem=64MB \
		-c maintenance_work_mem=256MB </dev/null >"$pd/server.log" 2>&1 &
	PG_PID=$!
	PSQL="env PGOPTIONS=-cclient_min_messages=warning psql -X -q -A -t -v ON_ERROR_STOP=1 -h $pd -p $PGPORT_BENCH -U postgres"
	i=0
	until $PSQL -d postgres -c 'SELECT 1' >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 600 ] || { cat "$pd/server.log" >&2; die "postgres did not start"; }
		sleep 0.1
	done
	PGURL="postgres://postgres@/DB?host=$pd&port=$PGPORT_BENCH"
}

url() { # engine db
	case $1 in
	sqlite) echo "sqlite:$D/$2.db" ;;
	mysql) echo "$MYURL" | sed "s|/DB?|/$2?|" ;;
	pgsql) echo "$PGURL" | sed "s|/DB?|/$2?|" ;;
	esac
}

# Run SQL from a file on database db of the engine (untimed work).
sql_file() { # engine db file
	case $1 in
	sqlite) if command -v sqlite3 >/dev/null; then sqlite3 -bail "$D/$2.db" <"$3" >/dev/null
		else "$SQLFILE" "$D/$2.db" "$3"; fi ;;
	mysql) $MY "$2" <"$3" ;;
	pgsql) $PSQL -d "$2" -f "$3" >/dev/null ;;
	esac
}
# One query's output (tab or | separated, no header).
query() { # engine db sql
	case $1 in
	sqlite) if command -v sqlite3 >/dev/null; then sqlite3 "$D/$2.db" "$3"
		else die "sqlite3 client missing"; fi ;;
	mysql) $MY "$2" -e "$3" ;;
	pgsql) $PSQL -d "$2" -c "$3" ;;
	esac
}

# ---- the 1.1 database of size N ----------------------------------------

generate() { # engine n
	n=$2
	sed -e "s/\bROWS\b/$n/g" -e "s/\bHALF\b/$((n / 2))/g" -e "s/\bTENTH\b/$((n / 10))/g" \
		-e "s/\bHUNDREDTH\b/$((n / 100 > 0 ? n / 100 : 1))/g" $B/generate.sql >"$D/gen.sql"
	case $1 in
	sqlite)
		rm -f "$D/base.db"
		sed -e 's/DT\[\([^]]*\)\]/\1/g' "$D/gen.sql" >"$D/gen-sqlite.sql"
		{ echo "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);"
		  echo "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n) INSERT INTO bench_n SELECT i FROM s;"
		  cat "$D/gen-sqlite.sql"
		  echo "DROP TABLE bench_n; COMMIT;"; } >"$D/gen-run.sql"
		"$SQLFILE" "$D/base.db" $F/sqlite-1.1-core.sql $F/sqlite-1.1-serweb.sql "$D/gen-run.sql" ;;
	mysql)
		$MY -e "DROP DATABASE IF EXISTS base; CREATE DATABASE base CHARACTER SET latin1 COLLATE latin1_swedish_ci"
		$MY base <$F/mysql-1.1-core.sql
		$MY base <$F/mysql-1.1-serweb.sql
		sed -e 's/DT\[\([^]]*\)\]/\1/g' "$D/gen.sql" >"$D/gen-mysql.sql"
		{ echo "SET SESSION sql_mode = 'PIPES_AS_CONCAT,ANSI_QUOTES,NO_BACKSLASH_ESCAPES,NO_ENGINE_SUBSTITUTION';"
		  echo "CREATE TABLE bench_n (i int PRIMARY KEY) ENGINE=MyISAM;"
		  echo "INSERT INTO bench_n SELECT seq FROM seq_1_to_$n;"
		  cat "$D/gen-mysql.sql"
		  echo "DROP TABLE bench_n;"; } >"$D/gen-run.sql"
		$MY base <"$D/gen-run.sql" ;;
	pgsql)
		$PSQL -d postgres -c "DROP DATABASE IF EXISTS base" -c "CREATE DATABASE base"
		$PSQL -d base -f $F/pgsql-1.1-core.sql >/dev/null
		$PSQL -d base -f $F/pgsql-1.1-serweb.sql >/dev/null
		sed -e 's/DT\[\([^]]*\)\]/CAST(\1 AS timestamp)/g' "$D/gen.sql" >"$D/gen-pg.sql"
		{ echo "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);"
		  echo "INSERT INTO bench_n SELECT generate_series(1, $n);"
		  cat "$D/gen-pg.sql"
		  echo "DROP TABLE bench_n; COMMIT; VACUUM ANALYZE;"; } >"$D/gen-run.sql"
		$PSQL -d base -f "$D/gen-run.sql" >/dev/null ;;
	esac
}

# A fresh copy of the 1.1 database `base` named db (untimed).
copy_base() { # engine db
	case $1 in
	sqlite) cp "$D/base.db" "$D/$2.db" ;;
	mysql)
		{ echo "SET SESSION sql_mode = '';"
		  echo "DROP DATABASE IF EXISTS \`$2\`; CREATE DATABASE \`$2\` CHARACTER SET latin1 COLLATE latin1_swedish_ci;"
		  $MY base -e "SHOW TABLES" | while read -r t; do
			echo "CREATE TABLE \`$2\`.\`$t\` LIKE base.\`$t\`; INSERT INTO \`$2\`.\`$t\` SELECT * FROM base.\`$t\`;"
		  done; } >"$D/copy.sql"
		$MY <"$D/copy.sql" ;;
	pgsql) $PSQL -d postgres -c "DROP DATABASE IF EXISTS \"$2\"" -c "CREATE DATABASE \"$2\" TEMPLATE base" ;;
	esac
}
drop_db() { # engine db
	case $1 in
	sqlite) rm -f "$D/$2.db" ;;
	mysql) $MY -e "DROP DATABASE IF EXISTS \`$2\`" ;;
	pgsql) $PSQL -d postgres -c "DROP DATABASE IF EXISTS \"$2\"" ;;
	esac
}
