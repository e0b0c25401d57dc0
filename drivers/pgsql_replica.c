/*
 * pgsql_replica.c: is a PostgreSQL server a standby?  pg_is_in_recovery()
 * says so (streaming, or restoring from an archive); its primary is read
 * from primary_conninfo where the role may read it (a superuser, or
 * pg_read_all_settings), and only its host and port are kept: the string
 * may hold a password.
 */
#include "driver.h"
#include "driver_replica.h"

#ifdef OM_HAVE_PGSQL
#include "clientlib.h"
#include <stdio.h>
#include <string.h>

bool om_pgsql_conninfo_primary(const char *conninfo, struct strbuf *out)
{
	PQconninfoOption *opts;
	const char *host = NULL, *hostaddr = NULL, *port = NULL;

	/* (Loaded already when a connection asks; not when the tests call it alone.) */
	if (om_pgsql_load(NULL))
		return false;
	opts = PQconninfoParse(conninfo, NULL);
	if (!opts)
		return false;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "hostaddr"))
			hostaddr = o->val;
		else if (!strcmp(o->keyword, "port"))
			port = o->val;
	}
	strbuf_addf(out, "%s:%s", host ? host : hostaddr ? hostaddr : "localhost", port ? port : "5432");
	PQconninfoFree(opts);
	return true;
}

int om_pgsql_replica_status(struct om_conn *c, struct om_replica_state *out, struct om_error *err)
{
	PGconn *pg = om_pgsql_handle(c);
	PGresult *res;
	bool recovery;

	out->replica = false;
	strbuf_reset(&out->why);
	strbuf_reset(&out->primary);
	res = PQexec(pg, "SELECT pg_is_in_recovery()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		om_pgsql_fail(c, res, "cannot read whether the server is a standby", err);
		PQclear(res);
		return -1;
	}
	recovery = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (!recovery)
		return 0;
	out->replica = true;
	strbuf_adds(&out->why, "the server is in recovery (a standby)");
	/* pg_settings shows the row only to those who may read it. */
	res = PQexec(pg, "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'primary_conninfo'");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) &&
	    *PQgetvalue(res, 0, 0))
		om_pgsql_conninfo_primary(PQgetvalue(res, 0, 0), &out->primary);
	PQclear(res);
	return 0;
}
#else
typedef int om_pgsql_replica_unused;
#endif
