/*
 * clientlib.h: the engines' client libraries, loaded when a database of
 * their engine is first opened, not when the program starts.
 *
 * Linked in, libmariadb and libpq (with libpq's Kerberos, LDAP and TLS
 * libraries) were loaded and started by every command, a SQLite user's
 * too: some 14 ms of each run (BENCHMARKS.md, "status, clocked").  Each
 * driver calls its library through a table of pointers instead: the
 * functions are listed once (OM_MYSQL_FUNCS, OM_PGSQL_FUNCS), the table
 * is filled from the library by om_mysql_load() or om_pgsql_load(), and
 * the driver's sources, which include this header after the library's,
 * call the table under the functions' own names.
 *
 * OM_CLIENTLIB_RAW (clientlib.c, the packaging probe) leaves the names
 * to the library.
 */
#ifndef OM_CLIENTLIB_H
#define OM_CLIENTLIB_H

#include "error.h"

#ifdef OM_HAVE_MYSQL
#include <mysql.h>

#define OM_MYSQL_FUNCS(X) \
	X(mysql_affected_rows) X(mysql_close) X(mysql_errno) X(mysql_error) X(mysql_fetch_fields) \
	X(mysql_fetch_row) X(mysql_field_count) X(mysql_free_result) X(mysql_get_server_info) \
	X(mysql_get_server_version) X(mysql_init) X(mysql_next_result) X(mysql_num_fields) \
	X(mysql_options) X(mysql_query) X(mysql_real_connect) X(mysql_real_escape_string) \
	X(mysql_real_query) X(mysql_select_db) X(mysql_store_result) X(mysql_use_result)

struct om_mysql_api {
#define OM_CLIENTLIB_SLOT(f) __typeof__(f) *f;
	OM_MYSQL_FUNCS(OM_CLIENTLIB_SLOT)
#undef OM_CLIENTLIB_SLOT
};
extern struct om_mysql_api om_mysql_api;

/* Load the MySQL client library once (thread-safe); -1 with err set (exit 2) when it cannot be. */
int om_mysql_load(struct om_error *err);

#ifndef OM_CLIENTLIB_RAW
#define mysql_affected_rows (*om_mysql_api.mysql_affected_rows)
#define mysql_close (*om_mysql_api.mysql_close)
#define mysql_errno (*om_mysql_api.mysql_errno)
#define mysql_error (*om_mysql_api.mysql_error)
#define mysql_fetch_fields (*om_mysql_api.mysql_fetch_fields)
#define mysql_fetch_row (*om_mysql_api.mysql_fetch_row)
#define mysql_field_count (*om_mysql_api.mysql_field_count)
#define mysql_free_result (*om_mysql_api.mysql_free_result)
#define mysql_get_server_info (*om_mysql_api.mysql_get_server_info)
#define mysql_get_server_version (*om_mysql_api.mysql_get_server_version)
#define mysql_init (*om_mysql_api.mysql_init)
#define mysql_next_result (*om_mysql_api.mysql_next_result)
#define mysql_num_fields (*om_mysql_api.mysql_num_fields)
#define mysql_options (*om_mysql_api.mysql_options)
#define mysql_query (*om_mysql_api.mysql_query)
#define mysql_real_connect (*om_mysql_api.mysql_real_connect)
#define mysql_real_escape_string (*om_mysql_api.mysql_real_escape_string)
#define mysql_real_query (*om_mysql_api.mysql_real_query)
#define mysql_select_db (*om_mysql_api.mysql_select_db)
#define mysql_store_result (*om_mysql_api.mysql_store_result)
#define mysql_use_result (*om_mysql_api.mysql_use_result)
#endif
#endif /* OM_HAVE_MYSQL */

#ifdef OM_HAVE_PGSQL
#include <libpq-fe.h>

#define OM_PGSQL_FUNCS(X) \
	X(PQcancel) X(PQclear) X(PQcmdTuples) X(PQconnectdbParams) X(PQconnectionNeedsPassword) \
	X(PQconninfoFree) X(PQconninfoParse) X(PQdb) X(PQerrorMessage) X(PQescapeLiteral) X(PQexec) \
	X(PQexecParams) X(PQfinish) X(PQfreeCancel) X(PQfreemem) X(PQgetCancel) X(PQgetCopyData) \
	X(PQgetResult) X(PQgetisnull) X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQputCopyData) \
	X(PQputCopyEnd) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus) X(PQstatus) \
	X(PQtransactionStatus) X(PQuser)

struct om_pgsql_api {
#define OM_CLIENTLIB_SLOT(f) __typeof__(f) *f;
	OM_PGSQL_FUNCS(OM_CLIENTLIB_SLOT)
#undef OM_CLIENTLIB_SLOT
};
extern struct om_pgsql_api om_pgsql_api;

/* Load libpq once (thread-safe); -1 with err set (exit 2) when it cannot be. */
int om_pgsql_load(struct om_error *err);

#ifndef OM_CLIENTLIB_RAW
#define PQcancel (*om_pgsql_api.PQcancel)
#define PQclear (*om_pgsql_api.PQclear)
#define PQcmdTuples (*om_pgsql_api.PQcmdTuples)
#define PQconnectdbParams (*om_pgsql_api.PQconnectdbParams)
#define PQconnectionNeedsPassword (*om_pgsql_api.PQconnectionNeedsPassword)
#define PQconninfoFree (*om_pgsql_api.PQconninfoFree)
#define PQconninfoParse (*om_pgsql_api.PQconninfoParse)
#define PQdb (*om_pgsql_api.PQdb)
#define PQerrorMessage (*om_pgsql_api.PQerrorMessage)
#define PQescapeLiteral (*om_pgsql_api.PQescapeLiteral)
#define PQexec (*om_pgsql_api.PQexec)
#define PQexecParams (*om_pgsql_api.PQexecParams)
#define PQfinish (*om_pgsql_api.PQfinish)
#define PQfreeCancel (*om_pgsql_api.PQfreeCancel)
#define PQfreemem (*om_pgsql_api.PQfreemem)
#define PQgetCancel (*om_pgsql_api.PQgetCancel)
#define PQgetCopyData (*om_pgsql_api.PQgetCopyData)
#define PQgetResult (*om_pgsql_api.PQgetResult)
#define PQgetisnull (*om_pgsql_api.PQgetisnull)
#define PQgetvalue (*om_pgsql_api.PQgetvalue)
#define PQnfields (*om_pgsql_api.PQnfields)
#define PQntuples (*om_pgsql_api.PQntuples)
#define PQputCopyData (*om_pgsql_api.PQputCopyData)
#define PQputCopyEnd (*om_pgsql_api.PQputCopyEnd)
#define PQresultErrorField (*om_pgsql_api.PQresultErrorField)
#define PQresultErrorMessage (*om_pgsql_api.PQresultErrorMessage)
#define PQresultStatus (*om_pgsql_api.PQresultStatus)
#define PQstatus (*om_pgsql_api.PQstatus)
#define PQtransactionStatus (*om_pgsql_api.PQtransactionStatus)
#define PQuser (*om_pgsql_api.PQuser)
#endif
#endif /* OM_HAVE_PGSQL */

#endif
