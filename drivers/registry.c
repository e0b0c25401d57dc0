/*
 * registry.c: which drivers this build has, the connection target, and a
 * row of numbers read through any driver.
 */
#include "driver.h"

#include <stdlib.h>
#include <string.h>

const struct om_driver *om_driver_for(enum om_engine e)
{
	switch (e) {
	case OM_ENGINE_SQLITE:
		return &om_driver_sqlite;
#ifdef OM_HAVE_MYSQL
	case OM_ENGINE_MYSQL:
		return &om_driver_mysql;
#endif
#ifdef OM_HAVE_PGSQL
	case OM_ENGINE_PGSQL:
		return &om_driver_pgsql;
#endif
	default:
		return NULL;
	}
}

struct counts {
	long long *v;
	size_t n;
};

static int counts_row(void *ud, int ncols, const char *const *vals)
{
	struct counts *c = ud;

	for (int i = 0; i < ncols && (size_t)i < c->n; i++)
		c->v[i] = vals[i] ? strtoll(vals[i], NULL, 10) : 0;
	return 0;
}

int om_query_counts(const struct om_driver *drv, struct om_conn *c, const char *sql, long long *v, size_t n,
		    struct om_error *err)
{
	struct counts cnt = { v, n };

	return drv->query(c, sql, counts_row, &cnt, err);
}

void om_dbtarget_init(struct om_dbtarget *t)
{
	memset(t, 0, sizeof(*t));
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	/* volatile: the compiler must not drop the wipe of memory about to be freed. */
	for (volatile char *p = s; *p; p++)
		*p = '\0';
	free(s);
}

void om_dbtarget_release(struct om_dbtarget *t)
{
	free(t->path);
	free(t->user);
	free(t->host);
	free(t->db);
	free(t->socket);
	free(t->uri);
	free(t->rw_user);
	free(t->ro_user);
	wipe_free(t->password);
	om_dbtarget_init(t);
}
