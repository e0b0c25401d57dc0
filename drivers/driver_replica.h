/*
 * driver_replica.h: how the MySQL and PostgreSQL drivers tell a replica
 * (drivers/mysql_replica.c, drivers/pgsql_replica.c): the hook
 * replica_status of driver.h, and the handle each reads it through.
 */
#ifndef OM_DRIVERS_REPLICA_H
#define OM_DRIVERS_REPLICA_H

#include "driver.h"

#ifdef OM_HAVE_MYSQL
#include <mysql.h>
/* The client handle of a MySQL connection (mysql.c). */
MYSQL *om_mysql_handle(struct om_conn *c);
/*
 * The last error of c as "what: message (MySQL error N)" into err, with its
 * exit code: a lost server OM_EXIT_INTERRUPTED (a rerun resumes), a lock
 * wait OM_EXIT_LOCKED, else OM_EXIT_FAILED.  Returns -1.
 */
int om_mysql_fail(struct om_conn *c, const char *what, struct om_error *err);
int om_mysql_replica_status(struct om_conn *c, struct om_replica_state *out, struct om_error *err);
/*
 * Statement-based binary logging writes INSERT ... SELECT into a table with
 * an AUTO_INCREMENT column as the statement, whose ids depend on the order
 * the replica reads the rows in (a scan of a table without a key, ties of
 * an ORDER BY): the server flags it unsafe.  When the server logs with
 * binlog_format STATEMENT, the session is switched to MIXED (such
 * statements are then logged as their rows, the others as statements), and
 * *mixed set.  Fails (OM_EXIT_REFUSED) when the account may not (SUPER,
 * BINLOG ADMIN).
 */
#define OM_MYSQL_BINLOG_MIXED_SQL "SET SESSION binlog_format = 'MIXED'"
int om_mysql_binlog_setup(struct om_conn *c, bool *mixed, struct om_error *err);
#endif

#ifdef OM_HAVE_PGSQL
#include <libpq-fe.h>
/* The libpq connection of a PostgreSQL connection (pgsql.c). */
PGconn *om_pgsql_handle(struct om_conn *c);
/* The error of res (NULL: of the connection) into err, with its exit code as om_mysql_fail's.  Returns -1. */
int om_pgsql_fail(struct om_conn *c, const PGresult *res, const char *what, struct om_error *err);
int om_pgsql_replica_status(struct om_conn *c, struct om_replica_state *out, struct om_error *err);
/*
 * The host and port of a libpq connection string (primary_conninfo) as
 * "host:port" into out, never its password nor any other parameter;
 * false when it cannot be parsed.
 */
bool om_pgsql_conninfo_primary(const char *conninfo, struct strbuf *out);
#endif

#endif
