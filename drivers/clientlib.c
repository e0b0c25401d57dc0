/*
 * clientlib.c: the client libraries' tables (clientlib.h), filled from the
 * library by dlopen the first time a database of its engine is opened.
 */
#define OM_CLIENTLIB_RAW
#include "clientlib.h"

#if defined(OM_HAVE_MYSQL) || defined(OM_HAVE_PGSQL)
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The library of soname, global as if linked (libmariadb's own plugins,
 * loaded later, resolve against it); NULL with err set.
 */
static void *open_lib(const char *what, const char *soname, struct om_error *err)
{
	/* Tests: another name, to see what a user without the library is told. */
	const char *test = getenv("OPENSER_MIGRATE_TEST_CLIENTLIB");
	void *h;

	if (test && *test)
		soname = test;
	h = dlopen(soname, RTLD_NOW | RTLD_GLOBAL);

	if (!h) {
		const char *why = dlerror();

		om_error_set(err, OM_EXIT_USAGE, "cannot load %s (%s): %s; is it installed?", what, soname,
			     why ? why : "unknown error");
	}
	return h;
}

/* A library, and where its functions go. */
struct lib {
	const char *what, *soname;
	const char *const *names;
	void **const *slots; /* POSIX: a function's address from dlsym is written through a void pointer to it */
	size_t n;
	bool loaded;
};

/* Load lib once; -1 with err set when the library or one of its functions cannot be found. */
static int load(struct lib *l, struct om_error *err)
{
	int rc = 0;

	pthread_mutex_lock(&load_lock);
	if (!l->loaded) {
		void *h = open_lib(l->what, l->soname, err);

		rc = h ? 0 : -1;
		for (size_t i = 0; !rc && i < l->n; i++) {
			dlerror();
			*l->slots[i] = dlsym(h, l->names[i]);
			if (!*l->slots[i])
				rc = om_error_set(err, OM_EXIT_USAGE, "%s (%s) has no function %s: too old a version",
						  l->what, l->soname, l->names[i]);
		}
		l->loaded = !rc;
	}
	pthread_mutex_unlock(&load_lock);
	return rc;
}

#define OM_CLIENTLIB_NAME(f) #f,
#endif

#ifdef OM_HAVE_MYSQL
struct om_mysql_api om_mysql_api;

int om_mysql_load(struct om_error *err)
{
#define OM_CLIENTLIB_ADDR(f) (void **)&om_mysql_api.f,
	static const char *const names[] = { OM_MYSQL_FUNCS(OM_CLIENTLIB_NAME) };
	static void **const slots[] = { OM_MYSQL_FUNCS(OM_CLIENTLIB_ADDR) };
#undef OM_CLIENTLIB_ADDR
	static struct lib lib = { "the MySQL client library", OM_MYSQL_SONAME, names, slots,
				  sizeof(names) / sizeof(names[0]), false };

	return load(&lib, err);
}
#endif

#ifdef OM_HAVE_PGSQL
struct om_pgsql_api om_pgsql_api;

int om_pgsql_load(struct om_error *err)
{
#define OM_CLIENTLIB_ADDR(f) (void **)&om_pgsql_api.f,
	static const char *const names[] = { OM_PGSQL_FUNCS(OM_CLIENTLIB_NAME) };
	static void **const slots[] = { OM_PGSQL_FUNCS(OM_CLIENTLIB_ADDR) };
#undef OM_CLIENTLIB_ADDR
	static struct lib lib = { "the PostgreSQL client library", OM_PGSQL_SONAME, names, slots,
				  sizeof(names) / sizeof(names[0]), false };

	return load(&lib, err);
}
#endif
