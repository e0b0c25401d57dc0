#!/bin/sh
# dbc-run.sh SHARE PACKAGE DBTYPE OLDVERSION: run the dbconfig-common
# upgrade scripts under SHARE/scripts/PACKAGE/upgrade/DBTYPE the way
# dbconfig-common's postinst runs them on an upgrade from OLDVERSION, with
# its own code: _dbc_find_upgrades (which versions, in which order) and
# _dbc_apply_upgrades (`sh -c "SCRIPT VERSION"`) of
# /usr/share/dbconfig-common/dpkg/postinst.  Only the debconf question
# after a failure is not asked: it gets the answer "abort", its default,
# and this exits 1 as dbconfig-common's abort does.  Test code only.
set -u
share=$1
package=$2
dbtype=$3
oldversion=$4
dbc=/usr/share/dbconfig-common

if [ ! -f "$dbc/dpkg/postinst" ]; then
	echo "dbc-run.sh: dbconfig-common is not installed (scripts/install-deps installs it)" >&2
	exit 99
fi
# Its log, where dbconfig-common would write /var/log/dbconfig-common/dbc.log.
_dbc_logfile=$share/dbc.log
: >"$_dbc_logfile"
. "$dbc/dpkg/common"
. "$dbc/dpkg/postinst"

# The variables dbc_config sets from dbc_go's arguments.
dbc_share=$share
dbc_package=$package
dbc_basepackage=$package
dbc_dbtype=$dbtype
dbc_oldversion=$oldversion
dbc_tried_again=''
dbc_sql_substitutions=''

# dbconfig-common's dbc_upgrade_error, answered "abort" (dbc_abort).
dbc_upgrade_error() {
	echo "error encountered $1:" >&2
	echo "$dbc_error" >&2
	echo "dbconfig-common: $dbc_package configure: aborted." >&2
	return 1
}

pending=$(_dbc_find_upgrades)
echo "dbc-run.sh: pending upgrades: ${pending:-none}"
for v in $pending; do
	_dbc_apply_upgrades "$v" || exit 1
done
exit 0
