/*
 * mysql_fn.h: the plan's mapping functions (plans/README.md, "Functions";
 * reference definitions in migrator/sipfn.h) as MySQL/MariaDB SQL
 * expressions.  The server has no functions of ours, so every rule is
 * written with built-in string functions, evaluated on the server: no row
 * passes through the client.  The expressions work on MariaDB 10.3+ and
 * MySQL 8, whatever the column's character set and collation.
 */
#ifndef OM_MYSQL_FN_H
#define OM_MYSQL_FN_H

#include <stddef.h>

#include "driver.h"

/*
 * The renderers of the mapping functions, indexed by enum om_fn (plan.h):
 * each appends the SQL of its function applied to the SQL expressions
 * args[0..nargs).  Each argument
 * may be any expression (a column, a nested call); it may be repeated in
 * the result (uri_host repeats it most, 17 times, uri_user 9), so a nested
 * call may be evaluated that many times per row.  uri_* and status_* keep the
 * argument's character set; a NULL argument gives '' (uri_*, status_*) or
 * '0.0.0.0' (ip_from_le_int), NULL for md5 and concat, as in SQLite.
 * The SQL needs no backslash or double quote, so sql_mode does not matter.
 */
extern const om_fn_render om_mysql_fn[OM_NFUNCTIONS];

/* expr cut to its first n characters. */
void om_mysql_cut(struct strbuf *sb, const char *expr, int n);
/* The length of expr in characters. */
void om_mysql_length(struct strbuf *sb, const char *expr);
/*
 * 1 or 0, never NULL: for ip_from_le_int 1 where it rejects arg, a NULL
 * included; for uri_user and uri_host 1 where arg is not NULL and its
 * user and host are both '' (om_sip_uri_unparsable); 0 for the other
 * functions.
 */
void om_mysql_invalid(struct strbuf *sb, enum om_fn fn, const char *arg);

#endif
