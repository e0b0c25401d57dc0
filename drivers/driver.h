/*
 * driver.h: what an engine driver provides.  One struct of function
 * pointers per engine (drivers/sqlite.c now; mysql.c and pgsql.c later),
 * with capabilities.  The core never writes engine-specific SQL itself:
 * it asks the driver to quote, to render types, functions and whole
 * statements, and to run them.
 */
#ifndef OM_DRIVER_H
#define OM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "plan.h"
#include "strbuf.h"
#include "url.h"

struct om_conn;        /* a driver's connection; opaque to the core */
struct om_plan;        /* planner.h */
struct om_script;      /* script.h */

/* Capabilities. */
#define OM_CAP_TRANSACTIONAL_DDL 0x01  /* the whole upgrade is one transaction */
#define OM_CAP_LOCK_IS_TXN       0x02  /* lock() begins the upgrade's transaction */
#define OM_CAP_SESSIONS          0x04  /* sessions() can see other clients */
#define OM_CAP_INT_RANGES        0x08  /* integer column types enforce ranges */
#define OM_CAP_CROSS_DB          0x20  /* other databases of the server are reachable as db.table */
#define OM_CAP_SWITCH            0x10  /* tables are built as shadows, then switched in one statement;
					 verification follows the switch and is undone on failure */

/* Where and how to connect, from -d or openserctlrc. */
struct om_dbtarget {
	enum om_engine engine;
	char *path;         /* sqlite */
	char *user, *host, *db, *socket, *uri;
	int port;
	char *password;     /* never printed; may be NULL */
	char *rw_user;      /* DBRWUSER: OpenSER's read/write user (default openser) */
	char *ro_user;      /* DBROUSER: OpenSER's read-only user (default openserro) */
	/*
	 * Ask for a password when the server wants one and none was given
	 * (NULL: never ask).  Returns a malloc'd string or NULL.
	 */
	char *(*ask_password)(const char *prompt, void *ud);
	void *ask_ud;
};

/* How to open. */
#define OM_OPEN_READONLY     0x01  /* never write (status, plan, verify) */
#define OM_OPEN_CREATE       0x02  /* create it (migrate NEW) */

/* Called for each result row; vals[i] NULL for SQL NULL.  Return nonzero to stop. */
typedef int (*om_row_fn)(void *ud, int ncols, const char *const *vals);

struct om_driver {
	const char *name;                 /* "sqlite" */
	enum om_engine engine;
	unsigned caps;
	bool retained_schema;             /* old tables kept in a schema old11 (else as old11_<table>) */

	int (*open)(struct om_conn **out, const struct om_dbtarget *t, unsigned flags,
		    struct om_error *err);
	void (*close)(struct om_conn *c);

	/* Run one statement (or several, separated by ';', for sqlite). */
	int (*exec)(struct om_conn *c, const char *sql, struct om_error *err);
	int (*query)(struct om_conn *c, const char *sql, om_row_fn fn, void *ud,
		     struct om_error *err);

	/*
	 * Read the catalog of database `db` (NULL: the main one; otherwise an
	 * attached/other database name) into out, including its `version` rows
	 * when it has a version table.
	 */
	int (*introspect)(struct om_conn *c, const char *db, struct om_catalog *out,
			  struct om_error *err);

	/*
	 * migrate: make the old database `old` readable through c and set
	 * *name (malloc'd) to the name that qualifies its tables (SQLite:
	 * ATTACH read-only as "old"; MySQL: the old database's name).
	 */
	int (*open_source)(struct om_conn *c, const struct om_dbtarget *old, char **name,
			   struct om_error *err);

	/*
	 * migrate, engines without OM_CAP_CROSS_DB: the separate connection to
	 * the old database that open_source opened (owned by c), or NULL.
	 */
	struct om_conn *(*source_conn)(struct om_conn *c);

	/* migrate: does the new database t exist already (and hold anything)? */
	int (*db_exists)(struct om_conn *c, const struct om_dbtarget *t, bool *exists,
			 struct om_error *err);

	/*
	 * migrate: the statements that give OpenSER's users (rw: everything,
	 * ro: reading) their rights on the new database, one per line into
	 * out, for the accounts that exist.  NULL: nothing to grant.
	 */
	int (*grants)(struct om_conn *c, const char *rw, const char *ro, struct om_strlist *out,
		      struct om_error *err);

	/*
	 * Take the run lock, waiting up to timeout seconds (exit code 4 when
	 * another run holds it).  With OM_CAP_LOCK_IS_TXN this begins the
	 * transaction the script then runs in.
	 */
	int (*lock)(struct om_conn *c, int timeout, struct om_error *err);
	void (*unlock)(struct om_conn *c);
	/*
	 * Sessions of the users (NULL-terminated) other than ours, one line
	 * each into out ("id 42: openser@host on openser").  NULL: cannot know.
	 */
	int (*sessions)(struct om_conn *c, const char *const *users, struct om_strlist *out,
			struct om_error *err);

	/* OM_CAP_SWITCH: the statement that undoes the switch of plan p. */
	void (*render_unswitch)(struct om_conn *c, const struct om_plan *p, struct strbuf *sb);

	/*
	 * Is there room for the upgrade where it can be known (SQLite: the
	 * free space of the file system against what the rebuilt tables and
	 * the rollback journal take)?  NULL: not checked.  Exit code 3 when not.
	 */
	int (*check_room)(struct om_conn *c, const struct om_plan *p, struct om_error *err);

	/* Abort an open transaction (after a failure); never fails loudly. */
	void (*rollback)(struct om_conn *c);

	/*
	 * Make a running statement stop soon (called from a signal handler's
	 * consequences, not from the handler itself).
	 */
	void (*interrupt)(struct om_conn *c);

	/* ---- rendering ---- */
	void (*quote_ident)(struct strbuf *sb, const char *ident);
	void (*quote_string)(struct om_conn *c, struct strbuf *sb, const char *s);

	/*
	 * The expected catalog form of table t with the classes `has_class`
	 * says are installed (rendered under the name `name`, usually
	 * t->name).
	 */
	void (*render_ctable)(const struct om_table *t, bool (*has_class)(const char *cls, void *ud),
			      void *ud, struct om_catalog *out);

	/* CREATE TABLE (and its indexes) of table t with the given classes, into s. */
	void (*render_create)(const struct om_table *t, bool (*has_class)(const char *cls, void *ud),
			      void *ud, struct om_script *s);

	/*
	 * Render the whole script that carries out plan p (plan.h, planner.h)
	 * into s.  `plan` prints it; `upgrade`/`migrate` run it.
	 */
	int (*render_script)(struct om_conn *c, const struct om_plan *p, struct om_script *s,
			     struct om_error *err);

	/* A SQL expression of this engine for mapping function fn applied to args. */
	void (*render_call)(struct strbuf *sb, int fn, const char *const *args, size_t nargs);
	/* expr cut to n characters; the length of expr in characters. */
	void (*render_cut)(struct strbuf *sb, const char *expr, int n);
	void (*render_length)(struct strbuf *sb, const char *expr);
	/* True where ip_from_le_int(expr) would be invalid. */
	void (*render_invalid)(struct strbuf *sb, int fn, const char *arg);
	/* The current time, as the engine's SQL. */
	void (*render_now)(struct strbuf *sb);
};

/* The driver of an engine, or NULL when this build has none. */
const struct om_driver *om_driver_for(enum om_engine e);

extern const struct om_driver om_driver_sqlite;
#ifdef OM_HAVE_PGSQL
extern const struct om_driver om_driver_pgsql;
#endif
#ifdef OM_HAVE_MYSQL
extern const struct om_driver om_driver_mysql;
#endif

void om_dbtarget_init(struct om_dbtarget *t);
/* Frees the strings; the password's bytes are overwritten first. */
void om_dbtarget_release(struct om_dbtarget *t);

#endif
