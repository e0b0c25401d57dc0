/*
 * mysql_replica.c: is a MySQL/MariaDB server a replica?  Read only:
 *
 *   - SHOW GLOBAL VARIABLES read_only / super_read_only (MySQL's; MariaDB
 *     has read_only only): a server that refuses writes of its users;
 *   - the configured replica connections: SHOW ALL SLAVES STATUS (MariaDB,
 *     every connection of a multi-source replica), else SHOW REPLICA
 *     STATUS (MySQL 8.0.22+, a row per channel), else SHOW SLAVE STATUS.
 *     A connection that is configured counts, running or stopped: its
 *     primary writes to this server whenever it runs.
 *
 * The columns of the status statements differ between engines and
 * versions, so they are found by name (Master_Host or Source_Host, ...).
 */
#include "driver.h"
#include "driver_replica.h"

#ifdef OM_HAVE_MYSQL
#include "clientlib.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The index of the first of names among res's fields, or -1. */
static int field_index(MYSQL_RES *res, const char *const *names)
{
	unsigned int n = mysql_num_fields(res);
	MYSQL_FIELD *f = mysql_fetch_fields(res);

	for (size_t k = 0; names[k]; k++)
		for (unsigned int i = 0; i < n; i++)
			if (!strcasecmp(f[i].name, names[k]))
				return (int)i;
	return -1;
}

static void add_sep(struct strbuf *sb, const char *sep)
{
	if (sb->len)
		strbuf_adds(sb, sep);
}

/* The rows of one replica status statement into out; false when the server does not know it. */
static bool read_connections(MYSQL *my, const char *sql, struct om_replica_state *out, int *nconn)
{
	static const char *const host_names[] = { "Master_Host", "Source_Host", NULL };
	static const char *const port_names[] = { "Master_Port", "Source_Port", NULL };
	static const char *const conn_names[] = { "Connection_name", "Channel_Name", NULL };
	MYSQL_RES *res;
	MYSQL_ROW row;
	int ih, ip, ic;

	if (mysql_query(my, sql))
		return false;
	res = mysql_store_result(my);
	if (!res)
		return true;
	ih = field_index(res, host_names);
	ip = field_index(res, port_names);
	ic = field_index(res, conn_names);
	while ((row = mysql_fetch_row(res))) {
		const char *host = ih >= 0 ? row[ih] : NULL;

		/* A connection reset to nothing keeps no host. */
		if (!host || !*host)
			continue;
		add_sep(&out->primary, ", ");
		if (ic >= 0 && row[ic] && *row[ic])
			strbuf_addf(&out->primary, "'%s' ", row[ic]);
		strbuf_addf(&out->primary, "%s:%s", host, ip >= 0 && row[ip] ? row[ip] : "3306");
		(*nconn)++;
	}
	mysql_free_result(res);
	return true;
}

int om_mysql_replica_status(struct om_conn *c, struct om_replica_state *out, struct om_error *err)
{
	MYSQL *my = om_mysql_handle(c);
	MYSQL_RES *res;
	MYSQL_ROW row;
	int nconn = 0;

	out->replica = false;
	strbuf_reset(&out->why);
	strbuf_reset(&out->primary);
	if (mysql_query(my, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')"))
		return om_mysql_fail(c, "cannot read whether the server is read only", err);
	res = mysql_store_result(my);
	while (res && (row = mysql_fetch_row(res)))
		if (row[0] && row[1] && (!strcasecmp(row[1], "ON") || !strcmp(row[1], "1"))) {
			add_sep(&out->why, ", ");
			strbuf_addf(&out->why, "%s is ON", row[0]);
			out->replica = true;
		}
	if (res)
		mysql_free_result(res);
	/* MariaDB (every connection), else MySQL's spellings, the newer first. */
	if (!read_connections(my, "SHOW ALL SLAVES STATUS", out, &nconn) &&
	    !read_connections(my, "SHOW REPLICA STATUS", out, &nconn) &&
	    !read_connections(my, "SHOW SLAVE STATUS", out, &nconn)) {
		/* Without the right to look (REPLICATION CLIENT, SUPER): only read_only tells. */
		if (mysql_errno(my) != 1227 && mysql_errno(my) != 1064)
			return om_mysql_fail(c, "cannot read the server's replica connections", err);
	}
	if (nconn) {
		add_sep(&out->why, ", ");
		strbuf_addf(&out->why, "%s configured", nconn == 1 ? "a replica connection is" : "replica connections are");
		out->replica = true;
	}
	return 0;
}


int om_mysql_binlog_setup(struct om_conn *c, bool *mixed, struct om_error *err)
{
	MYSQL *my = om_mysql_handle(c);
	MYSQL_RES *res;
	MYSQL_ROW row;
	bool statement = false;

	*mixed = false;
	if (mysql_query(my, "SELECT @@GLOBAL.log_bin, @@SESSION.binlog_format"))
		return om_mysql_fail(c, "cannot read the binary log's format", err);
	res = mysql_store_result(my);
	row = res ? mysql_fetch_row(res) : NULL;
	if (row && row[0] && row[1] && strcmp(row[0], "0") && !strcasecmp(row[1], "STATEMENT"))
		statement = true;
	if (res)
		mysql_free_result(res);
	if (!statement)
		return 0;
	if (mysql_query(my, OM_MYSQL_BINLOG_MIXED_SQL)) {
		/* A lost server is exit 6 as everywhere (om_mysql_fail); the server's refusal is explained. */
		om_mysql_fail(c, "cannot set the session's binlog_format", err);
		if (err->code == OM_EXIT_INTERRUPTED)
			return -1;
		return om_error_set(err, OM_EXIT_REFUSED,
				    "the server logs in binlog_format STATEMENT, and this account may not set its session "
				    "to MIXED (%s): the upgrade's INSERT ... SELECT into AUTO_INCREMENT tables would give "
				    "replicas other ids; run it as an account with SUPER or BINLOG ADMIN (root), nothing "
				    "was changed", mysql_error(my));
	}
	*mixed = true;
	return 0;
}
#else
typedef int om_mysql_replica_unused;
#endif
