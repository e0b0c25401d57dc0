/*
 * driver.h: the contract between the core and an engine driver.
 *
 * Like SQLite's VFS under its pager, the core (migrator/) decides what an
 * upgrade is: the order of the steps, one transaction or shadows and a
 * switch, the journal, the history, the version rows, where it verifies.
 * A driver only says how its engine does each primitive: connect, run,
 * read the catalog, lock, quote, spell a table, retire an old table,
 * switch, copy rows, and the mapping functions.  One struct of function
 * pointers per engine; a fourth engine is one new file here.
 *
 * Capabilities are the hooks a driver fills: a NULL hook means the engine
 * does not have (or need) that feature, never a flag beside it.  A driver
 * includes this header, its engine's library, its own *_fn.h and the plain
 * helpers; never the planner, the renderer or the commands.
 */
#ifndef OM_DRIVER_H
#define OM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "plan.h"
#include "strbuf.h"
#include "strlist.h"
#include "url.h"

struct om_conn;        /* a driver's connection; opaque to the core */

/* Where and how to connect, from -d or openserctlrc. */
struct om_dbtarget {
	enum om_engine engine;
	char *path;         /* sqlite */
	char *user, *host, *db, *socket, *uri;
	int port;
	char *password;     /* never printed; may be NULL */
	char *rw_user;      /* DBRWUSER: OpenSER's read/write user (default openser) */
	char *ro_user;      /* DBROUSER: OpenSER's read-only user (default openserro) */
	int wait;           /* seconds to wait where another run holds the database (--lock-timeout) */
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

/* snapshot_save: the place exists (another save claimed the name first); nothing was written. */
#define OM_SNAPSHOT_TAKEN 2

/*
 * What replica_status finds: whether the server is a replica (or read
 * only), why, and its primary where the engine tells ("host:port", a list
 * for several sources; never a password); both strings empty when not.
 */
struct om_replica_state {
	bool replica;
	struct strbuf why;
	struct strbuf primary;
};

/* Called for each result row; vals[i] NULL for SQL NULL.  Return nonzero to stop. */
struct om_probe;

/* A count one thread adds to while another reads it (watch_inserts). */
typedef _Atomic long long om_counter;

typedef int (*om_row_fn)(void *ud, int ncols, const char *const *vals);

/* Is class cls installed (for the table being rendered)? */
typedef bool (*om_class_fn)(const char *cls, void *ud);

/*
 * Append the SQL of one mapping function (enum om_fn) applied to the SQL
 * expressions args[0..nargs); the plan loader has checked nargs against
 * the function's arity.  A driver's table of them is built with
 * OM_FUNCTIONS (plan.h), one entry per function, so that a function the
 * driver does not render fails to compile.
 */
typedef void (*om_fn_render)(struct strbuf *sb, const char *const *args, size_t nargs);

/* One rename of a switch: from -> to. */
struct om_rename {
	const char *from, *to;
};

/*
 * What the DDL hook is asked to build: table t (its columns and keys of
 * the installed classes) under `name`, with the storage options of the
 * existing table `like` (NULL: those of the database's OpenSER tables).
 */
struct om_tabledef {
	const struct om_table *t;
	const char *name;
	const char *like;
	om_class_fn has_class;
	void *ud;
	bool if_not_exists;  /* CREATE ... IF NOT EXISTS */
	bool load;           /* rows are loaded between `before` and `after` */
	/*
	 * The migrator's own bookkeeping (history, journal): on an engine
	 * that survives a server crash whole, whatever the OpenSER tables'.
	 */
	bool own;
};

struct om_driver {
	const char *name;                 /* "sqlite" */
	enum om_engine engine;
	/*
	 * Old tables are retained in a schema (old11.acc, the schema created
	 * by the core) rather than renamed (old11_acc): on engines whose index,
	 * constraint and sequence names follow the table's, so that the new
	 * table can take every 1.2 name.
	 */
	bool retained_schema;

	/* ---- connection and execution ---- */

	int (*open)(struct om_conn **out, const struct om_dbtarget *t, unsigned flags,
		    struct om_error *err);
	void (*close)(struct om_conn *c);
	/* Run one statement. */
	int (*exec)(struct om_conn *c, const char *sql, struct om_error *err);
	int (*query)(struct om_conn *c, const char *sql, om_row_fn fn, void *ud,
		     struct om_error *err);
	/* Abort an open transaction (after a failure); never fails loudly. */
	void (*rollback)(struct om_conn *c);
	/* Make a running statement stop soon (safe to call from a signal handler). */
	void (*interrupt)(struct om_conn *c);
	/* Optional: the rows the last exec inserted (or changed); -1 when not known. */
	long long (*last_rows)(struct om_conn *c);
	/*
	 * Optional: while table (unquoted) is set, add 1 to *count for each
	 * row this connection inserts into it, as the statement runs (another
	 * thread reads it: the progress of a copy); table NULL stops.  Must
	 * cost nothing measurable.
	 */
	void (*watch_inserts)(struct om_conn *c, const char *table, om_counter *count);
	/*
	 * Optional, where a copy's rows cannot be counted as they are
	 * inserted: how far a copy into `into` (unquoted) from `from` (as the
	 * copy's FROM names it, quoted) with from_rows rows has got, read
	 * from a connection of the probe's own while the copy runs (the
	 * progress line).  probe_begin runs on c before the copy and must
	 * not disturb its transaction (NULL: no probe); probe_rows on another
	 * thread (rows so far, an estimate; -1 not known); probe_end after
	 * the copy, once probe_rows is no longer called.
	 */
	struct om_probe *(*probe_begin)(struct om_conn *c, const char *into, const char *from, long long from_rows);
	long long (*probe_rows)(struct om_probe *p);
	void (*probe_end)(struct om_probe *p);

	/*
	 * Read the catalog of database `db` (NULL: the one connected to;
	 * otherwise the name open_source gave) into out, including its
	 * `version` rows when it has a version table.
	 */
	int (*introspect)(struct om_conn *c, const char *db, struct om_catalog *out,
			  struct om_error *err);

	/* ---- locking and safety ---- */

	/*
	 * Take the run lock, waiting up to timeout seconds (exit code 4 when
	 * another run holds it).  On engines whose DDL is transactional (no
	 * switch_tables) the lock begins the transaction the script runs in.
	 */
	int (*lock)(struct om_conn *c, int timeout, struct om_error *err);
	/* Release the run lock, or end a read begun by begin_read; never fails loudly. */
	void (*unlock)(struct om_conn *c);
	/*
	 * The commands that only look (status, plan, verify): wait up to
	 * timeout seconds for a running upgrade to end (OM_EXIT_LOCKED when it
	 * does not), then begin one read-only view of the database in which
	 * every later read (catalog, history, pre-checks) sees the same state,
	 * never a mix of an upgrade's before and after.  Ended by unlock().
	 */
	int (*begin_read)(struct om_conn *c, int timeout, struct om_error *err);
	/*
	 * Sessions of the users (NULL-terminated) other than ours, one line
	 * each into out ("session 42: openser@host on openser").
	 * NULL: the engine cannot see other clients.
	 */
	int (*sessions)(struct om_conn *c, const char *const *users, struct om_strlist *out,
			struct om_error *err);
	/*
	 * Is there room for copying `tables` (of database `db`, NULL: the one
	 * connected to) where it can be known?  Exit code 3 when not.
	 * NULL: not known on this engine.
	 */
	int (*check_room)(struct om_conn *c, const char *db, const struct om_strlist *tables,
			  struct om_error *err);
	/*
	 * Can the connecting role do what an upgrade needs: replace the tables
	 * in `replace` (move or rename them, create their successors and give
	 * them their owner) and read `read`?  OM_EXIT_REFUSED naming what it
	 * lacks, before anything changed.  NULL: the engine's errors say it.
	 */
	int (*check_rights)(struct om_conn *c, const struct om_strlist *replace, const struct om_strlist *read,
			    struct om_error *err);
	/*
	 * Is the server a replica (MySQL read_only or a replica connection,
	 * PostgreSQL in recovery)?  Only reads; works on a replica.  NULL:
	 * the engine has no replicas (SQLite).
	 */
	int (*replica_status)(struct om_conn *c, struct om_replica_state *out, struct om_error *err);
	/*
	 * The largest value an integer column of type t accepts, as SQL
	 * digits, or NULL when any value fits.  NULL hook: the engine does not
	 * enforce integer ranges.
	 */
	const char *(*int_max)(const struct om_type *t);

	/* ---- migrate OLD NEW ---- */

	/*
	 * Make the old database `old` readable: either through c, setting
	 * *qualifier (malloc'd) to the name that qualifies its tables (SQLite:
	 * ATTACH read-only; MySQL: the database's name), or on a connection of
	 * its own, set into *own (owned by c; its rows then reach NEW through
	 * stream_copy).
	 */
	int (*open_source)(struct om_conn *c, const struct om_dbtarget *old, char **qualifier,
			   struct om_conn **own, struct om_error *err);
	/*
	 * Is name a database name the engine can create and find again (its
	 * length limit, its forbidden characters)?  OM_EXIT_USAGE naming what
	 * is wrong.  NULL: databases are files.
	 */
	int (*check_db_name)(const char *name, struct om_error *err);
	/* Does the new database t exist already (and hold anything)? */
	int (*db_exists)(struct om_conn *c, const struct om_dbtarget *t, bool *exists,
			 struct om_error *err);

	/* ---- the dialect: what the renderer asks ---- */

	void (*quote_ident)(struct strbuf *sb, const char *ident);
	/* A value as a literal, escaped by the engine's own function. */
	void (*quote_string)(struct om_conn *c, struct strbuf *sb, const char *s);

	/*
	 * How the engine stores a live column type against an expected one
	 * (both as introspect shows types): the same storage whatever the
	 * spelling, wider, narrower, or other.
	 */
	om_type_cmp_fn compare_types;
	/* The catalog form of table t (under t->name), as introspect shows it. */
	void (*expected_table)(const struct om_table *t, om_class_fn has_class, void *ud,
			       struct om_catalog *out);
	/*
	 * The statements that build d->t: those before the load (CREATE TABLE,
	 * indexes built with it) into before, those after it (indexes built
	 * after the load) into after; one statement per element.
	 */
	void (*create_table)(struct om_conn *c, const struct om_tabledef *d, struct om_strlist *before,
			     struct om_strlist *after);
	/*
	 * The statements that set the old table aside under `retained` so
	 * that the new one can take its name (and, on engines whose index
	 * names are global, free the names in drop_indexes).  Engines with
	 * transactional DDL.
	 */
	void (*retire_table)(const char *table, const char *retained, const struct om_strlist *drop_indexes,
			     struct om_strlist *out);
	/*
	 * The statements that put a retained table back under its name
	 * (rollback), the inverse of retire_table.  NULL: not on this engine.
	 */
	void (*restore_table)(struct om_conn *c, const char *retained, const char *table, struct om_strlist *out);
	/*
	 * Around rows inserted into table by a rollback: statements (before,
	 * after) that leave its auto-increment bookkeeping as it was when
	 * nothing is inserted (SQLite writes a counter for an empty INSERT).
	 * NULL: nothing to keep.
	 */
	void (*keep_counter)(struct om_conn *c, const char *table, struct om_strlist *before, struct om_strlist *after);
	/*
	 * Engines with switch_tables: the statement that creates `table` with
	 * exactly the definition of the existing table `like` (a rollback's
	 * shadow of a retained table).
	 */
	void (*create_like)(struct strbuf *sb, const char *table, const char *like);
	/*
	 * Engines whose DDL commits at once: the ONE statement that renames
	 * every pair at once (atomic), into sb.  Its presence makes the core
	 * build shadows and switch them; NULL: the whole upgrade is one
	 * transaction.
	 */
	void (*switch_tables)(struct strbuf *sb, const struct om_rename *pairs, size_t n);
	/*
	 * migrate with the old database on its own connection: the statement
	 * that streams the rows of `select` (run on OLD) into `into` (quoted)
	 * (`columns`, quoted and comma-separated), into sb.
	 */
	void (*stream_copy)(struct strbuf *sb, const char *into, const char *columns, const char *select);
	/*
	 * After ids were copied into table.column: the statement that moves its
	 * sequence past the highest one.  NULL: the engine's auto-increment
	 * follows the rows by itself.
	 */
	void (*sync_serial)(struct strbuf *sb, const char *table, const char *column);
	/* The same over the rows `where` (SQL) selects only (a rollback: the rows it wrote). */
	void (*sync_serial_where)(struct strbuf *sb, const char *table, const char *column, const char *where);
	/*
	 * The statements that give the new table t the owner of the existing
	 * table `like` and OpenSER's users the rights they have on it (in
	 * place), or the rights of a new database (migrate, like NULL:
	 * everything to the rw user, reading to the ro user, for the accounts
	 * that exist).  NULL: the engine's grants cover new tables by
	 * themselves.
	 */
	int (*grant_table)(struct om_conn *c, const struct om_table *t, const char *like,
			   struct om_strlist *out, struct om_error *err);
	/* migrate: the statements that give OpenSER's users their rights on NEW as a whole. */
	int (*grant_database)(struct om_conn *c, struct om_strlist *out, struct om_error *err);

	/* Statements the connection ran when it was set up (SET ..., ATTACH), shown by `plan`. */
	void (*session_sql)(struct om_conn *c, struct om_strlist *out);
	/* How lock() takes the lock, as SQL shown by `plan`.  NULL: the BEGIN is the lock. */
	void (*lock_sql)(struct om_conn *c, int timeout, struct om_strlist *out);
	/*
	 * Inside the upgrade's transaction, right after the lock: the
	 * statements that keep writers away from the tables the run replaces
	 * (`replace`) and reads or writes rows of (`read`) until it ends, so
	 * that they wait instead of racing the copy; waiting for a writer's
	 * transaction gives up after timeout seconds (OM_EXIT_LOCKED).  NULL:
	 * the transaction itself keeps writers out (SQLite).
	 */
	void (*lock_tables)(const struct om_strlist *replace, const struct om_strlist *read, int timeout,
			    struct om_strlist *out);
	/*
	 * Engines with switch_tables: the statements that make writers of the
	 * tables whose rows the run copies (`read`: those the switch replaces,
	 * the sources of new tables, OpenSER's version table) wait from before
	 * the first copy until the switch, readers going on; meanwhile the
	 * run's session writes only the tables in `write` (its shadows and its
	 * journal), which exist already.  Waiting for an application's
	 * transaction gives up after timeout seconds (OM_EXIT_LOCKED).  unhold
	 * is the statement that ends it, right before the switch.  NULL:
	 * writers are not held.
	 */
	void (*hold_tables)(const struct om_strlist *read, const struct om_strlist *write, int timeout,
			    struct om_strlist *out);
	const char *unhold;
	/*
	 * --jobs: the word after SELECT that lets another connection read a
	 * source held by hold_tables although a writer waits for it (MySQL:
	 * HIGH_PRIORITY; MyISAM gives a waiting writer the table before new
	 * readers).  NULL: copies are not spread over connections.
	 */
	const char *job_read_word;
	/*
	 * The statement that bounds this session's wait for a lock (printf,
	 * one %d: seconds): a --jobs session waits as long as the hold does;
	 * prepare's CREATE TRIGGER waits --lock-timeout at most on engines
	 * without lock_tables.
	 */
	const char *job_timeout;
	/*
	 * --jobs on an engine whose upgrade is one transaction (PostgreSQL):
	 * job k builds its tables in the schema job_schema followed by k
	 * (quote_ident takes "<that schema>.<table>" as the two names), in a
	 * transaction of its own that commits; the run's transaction, which
	 * holds their sources against writers (lock_tables' read list) from
	 * before any job starts, moves each one in with job_move and drops
	 * the schema.  A run that fails leaves only committed tables in
	 * those schemas, which the next run drops (its jobs each their own
	 * first; its transaction those no job of it uses).  NULL: no --jobs
	 * in one transaction.
	 */
	const char *job_schema;
	void (*job_move)(struct strbuf *sb, const char *schema, const char *table);
	/*
	 * How many other sessions of the database wait for a table lock now:
	 * writers that hold_tables keeps waiting, whose statements run on the
	 * old tables when the hold ends, before the switch can.
	 */
	int (*waiting)(struct om_conn *c, long long *n, struct om_error *err);
	/*
	 * A scalar subquery whose value is a digest of every row of `table`
	 * (its columns as introspect first showed them) read under the quoted
	 * name `from`: the same value for the same rows in any order, another
	 * one after any insert, update or delete.  Engines with switch_tables:
	 * the journal keeps it, so that a source written to after its copy is
	 * told whatever its row count.
	 */
	void (*digest)(struct om_conn *c, struct strbuf *sb, const char *table, const char *from);
	/* migrate: the statements that create NEW (unless it exists) and make it current. */
	void (*create_database)(struct om_conn *c, bool exists, struct om_strlist *out);

	/* The statement that begins the upgrade's transaction (engines without switch_tables). */
	const char *begin;
	/*
	 * How INSERT skips rows that collide on a unique key: a word after
	 * INSERT ("OR IGNORE ", "IGNORE ") or a clause at the end ("ON CONFLICT
	 * DO NOTHING"); the other one "".
	 */
	const char *ignore_word, *ignore_clause;

	/* The mapping functions, indexed by enum om_fn. */
	const om_fn_render *fn;
	/* expr cut to n characters; the length of expr in characters. */
	void (*cut)(struct strbuf *sb, const char *expr, int n);
	void (*length)(struct strbuf *sb, const char *expr);
	/*
	 * True where the mapping function whose result is expr cut it at a
	 * NUL byte (SQLite: a value read from a BLOB), never NULL; the
	 * pre-check counts these with the cut values.  NULL: the engine's
	 * functions return every byte of their result.
	 */
	void (*cut_at_nul)(struct strbuf *sb, const char *expr);
	/*
	 * The one predicate of the pre-check on function inputs (enum
	 * om_fn_check, plan.h), true where function fn rejects arg, never
	 * NULL: for a refused function (ip_from_le_int, ip_to_le_int) an
	 * invalid input, a NULL included; for a counted one (uri_user,
	 * uri_host) a value the rules cannot parse (om_sip_uri_unparsable), a
	 * NULL excluded.  False for the other functions.
	 */
	void (*invalid)(struct strbuf *sb, enum om_fn fn, const char *arg);
	/* The current time in UTC, "YYYY-MM-DD HH:MM:SS", as the engine's SQL. */
	void (*now)(struct strbuf *sb);
	/*
	 * a and b are the same value: NULL-safe, and byte for byte whatever
	 * the collation (a change of letter case is a change), never NULL.
	 */
	void (*same)(struct strbuf *sb, const char *a, const char *b);
	/*
	 * The column that names a row of a table (SQLite rowid, PostgreSQL
	 * ctid) and orders a plain scan, as a scan of an unchanged table reads
	 * it; NULL: none (MySQL).
	 */
	const char *row_id;
	/* Column col as an ORDER BY key that orders by its bytes (MySQL: BINARY).  NULL: the column as it is. */
	void (*order_exact)(struct strbuf *sb, const char *col);


	/*
	 * ---- snapshots (snapshot.c) ----
	 *
	 * The core names a snapshot, writes its marker, lists, compares and
	 * reports; a driver only copies, restores and drops whole databases.
	 * A snapshot's place is a file beside the database on engines whose
	 * databases are files (list_databases NULL), else a database beside
	 * it on the same server.
	 */

	/*
	 * expr as text that keeps its value exactly (every byte, NULL stays
	 * NULL) and sorts bytewise, for the row checksums of `snapshot diff`.
	 * Where the catalog lists no columns of a table (PostgreSQL's retained
	 * tables), expr is the table's alias: a row value.
	 */
	void (*exact_text)(struct strbuf *sb, const char *expr);
	/*
	 * expr as a value that compares (and groups) byte for byte with
	 * another of a different character set: a shadow's column against
	 * the value its copy mapped (prepare's full check).  NULL: as it is.
	 */
	void (*compared)(struct strbuf *sb, const char *expr);
	/*
	 * The names of the server's databases that start with prefix, into
	 * out.  NULL: databases are files (the core lists the directory).
	 */
	int (*list_databases)(struct om_conn *c, const char *prefix, struct om_strlist *out, struct om_error *err);
	/*
	 * Copy the whole database of c (t: how c was opened; every table with
	 * its definition, keys, indexes, sequences and rows, consistently)
	 * into the new file or database `place`, created exclusively: when
	 * `place` exists already (another run's save of the same name, at
	 * the same moment) it returns OM_SNAPSHOT_TAKEN and leaves it alone.
	 * Says how into method (one word) and why that way into why (a
	 * phrase).  May close and reopen c (PostgreSQL copies a database no
	 * session is connected to).  The core marks the copy complete
	 * afterwards.
	 */
	int (*snapshot_save)(struct om_conn *c, const struct om_dbtarget *t, const char *place,
			     struct strbuf *method, struct strbuf *why, struct om_error *err);
	/*
	 * Make the database of c exactly the snapshot at `place`, less the
	 * table `skip` (the core's marker), as atomically as the engine
	 * allows, and commit; says how into how.  Called with the run lock
	 * held (lock()), which the restore may end.
	 */
	int (*snapshot_restore)(struct om_conn *c, const struct om_dbtarget *t, const char *place, const char *skip,
				struct strbuf *how, struct om_error *err);
	/* Drop the database `place` (no session on it).  NULL: files, removed by the core. */
	int (*drop_database)(struct om_conn *c, const char *place, struct om_error *err);

	/* ---- prepare/finish (online.c); capture NULL: the engine refuses prepare ---- */
	/*
	 * The statements that create the change table `changes` (om_seq, a
	 * growing number, om_op 'I' or 'D', then the columns cols untyped, so
	 * that a value is kept as the row held it) and the triggers
	 * trg_prefix + "i", "u", "d" that record every write to `table` as raw
	 * rows with built-in SQL only: 'I' the new row, 'D' the old one, an
	 * UPDATE as both (old first).  Every statement IF NOT EXISTS.  c: the
	 * connection, for what the engine needs to know of `table` (MySQL:
	 * its storage engine, which the change table shares).
	 */
	void (*capture)(struct om_conn *c, const char *table, const char *changes, const char *trg_prefix,
			const char *const *cols, size_t ncols, struct om_strlist *out);
	/*
	 * Before prepare changes anything: fails (OM_EXIT_REFUSED, saying
	 * why) when the server lacks what the capture needs (several triggers
	 * per table and event, CREATE TRIGGER IF NOT EXISTS, EXCEPT).  NULL:
	 * every server of the engine has it.
	 */
	int (*online_ready)(struct om_conn *c, struct om_error *err);
	/*
	 * What ends the CREATE TABLE of prepare's bookkeeping table, as
	 * create_table ends the migrator's own tables (om_tabledef.own: an
	 * engine that survives a crash whole).  NULL: nothing.
	 */
	void (*own_table_options)(struct om_conn *c, struct strbuf *sb);
	/*
	 * Shadows, when the hold on writers ends before the switch (MySQL): the
	 * statements that create table `counter` with one row, 0, in the
	 * storage engine of `table` (so that a count is written or rolled back
	 * with its write), and triggers trg_prefix + i, u and d that add one to
	 * it BEFORE each row written to `table` (a crash never keeps a write
	 * without its count), and that never fail a write because `counter` is
	 * gone.  NULL: the retained tables are read again after the switch.
	 */
	void (*tripwire)(struct om_conn *c, const char *table, const char *counter, const char *trg_prefix,
			 const char *epoch, struct om_strlist *out);
	/*
	 * What the journal keeps of a source with a tripwire, in place of the
	 * digest of its rows (a scalar subquery, compared as digest()'s is):
	 * the counter's epoch (a new one each time the tripwire is set) and
	 * count, and how many of its triggers are on the table now named `now`
	 * (unquoted).  The same until a row of the source is written, or its
	 * tripwire is dropped.
	 */
	void (*tripwire_digest)(struct om_conn *c, struct strbuf *sb, const char *now, const char *counter,
				const char *trg_prefix);
	/* DROP TRIGGER IF EXISTS of trigger `name` on `table`. */
	void (*drop_trigger)(struct strbuf *sb, const char *table, const char *name);
	/*
	 * Engines whose change rows are not written in the transaction of the
	 * write they record (MyISAM: both at once, no transaction), where a
	 * server crash can keep one without the other: the server's clock now
	 * and the time it started, in seconds.  NULL: a crash keeps both or
	 * neither.
	 */
	int (*server_started)(struct om_conn *c, long long *now, long long *started, struct om_error *err);
	/* A query of the names of the triggers on `table` (one column). */
	void (*triggers_query)(struct om_conn *c, struct strbuf *sb, const char *table);
	/*
	 * prepare's shadows live in this schema under their real names, so
	 * that their index and sequence names are the target's (NULL: beside
	 * the tables, named OM_SHADOW_PREFIX + name).
	 */
	const char *online_schema;
	/* finish: the statement that moves prepare's shadow of `table` in place (its old table set aside). */
	void (*online_switch)(struct strbuf *sb, const char *table);
	/*
	 * Engines whose change rows are numbered before they commit (MVCC):
	 * a query of the current snapshot as text and of the highest change
	 * number of table `changes` it sees; the condition "this change row is
	 * not visible in snapshot `snap` (a quoted literal)"; and a query that
	 * answers 1 once every transaction in progress at `snap` has ended.
	 * NULL: changes are numbered in commit order (one writer at a time).
	 */
	void (*snapshot_query)(struct strbuf *sb, const char *changes);
	void (*not_in_snapshot)(struct strbuf *sb, const char *snap);
	void (*snapshot_ended)(struct strbuf *sb, const char *snap);
};

/* The driver of an engine, or NULL when this build has none. */
const struct om_driver *om_driver_for(enum om_engine e);

/*
 * Run sql (one row of numbers) through drv and put its first n values
 * into v (NULL counts 0); values the row lacks, or all of them when there
 * is no row, are left as they are.
 */
int om_query_counts(const struct om_driver *drv, struct om_conn *c, const char *sql, long long *v, size_t n,
		    struct om_error *err);

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
