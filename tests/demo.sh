#!/bin/sh
# make demo: build a sample OpenSER 1.1 SQLite database (rows in every
# table), show its status, upgrade it, and show the status again.
set -eu
SQLFILE=$1
BIN=./openser-migrate
F=tests/fixtures
DB=demo/openser-1.1.db
mkdir -p demo
rm -f "$DB" "$DB-journal"
"$SQLFILE" "$DB" $F/sqlite-1.1-core.sql $F/sqlite-1.1-serweb.sql $F/sqlite-1.1-modules.sql \
	$F/rows-1.1-core.sql $F/rows-1.1-serweb.sql $F/rows-1.1-modules.sql
echo "== a sample OpenSER 1.1 database: $DB"
echo
echo "\$ openser-migrate -d sqlite:$DB status"
rc=0
$BIN -d "sqlite:$DB" status || rc=$?
echo "(exit $rc: 7 means an upgrade is pending)"
echo
echo "\$ openser-migrate -d sqlite:$DB --yes upgrade"
$BIN -d "sqlite:$DB" --yes upgrade
echo
echo "\$ openser-migrate -d sqlite:$DB status"
$BIN -d "sqlite:$DB" status
echo
echo "== done: $DB is now an OpenSER 1.2 database; its 1.1 tables are kept as old11_*"
echo "   until \`$BIN -d sqlite:$DB --yes cleanup\`."
