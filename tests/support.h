/*
 * support.h: helpers shared by the Check suites: temporary directories,
 * running the CLI, reading files.  Test code only.
 */
#ifndef OM_TEST_SUPPORT_H
#define OM_TEST_SUPPORT_H

#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "strbuf.h"

/* Absolute path of the source tree (plans/, tests/, the binary). */
#define OM_TEST_SRCDIR OM_SRCDIR

/*
 * A fresh directory under $TMPDIR (or /tmp), removed with its contents by
 * om_test_rmtree.  Returns a malloc'd path; the caller frees it.
 */
char *om_test_mkdtemp(void);
void om_test_rmtree(const char *path);

/* Read a whole file; malloc'd, NUL-terminated; NULL if unreadable. */
char *om_test_read_file(const char *path, size_t *len_out);
/* Write (create or truncate) a file; aborts the test on failure. */
void om_test_write_file(const char *path, const char *text);

/*
 * Run the built openser-migrate with argv (NULL-terminated, without
 * argv[0]), stdin from /dev/null, capturing stdout and stderr (malloc'd,
 * NUL-terminated; pass NULL to discard).  extra_env is a NULL-terminated
 * list of "KEY=VALUE" added to the environment, or NULL.  Returns the exit
 * code, or 128+signal when killed by a signal.
 */
int om_test_run(const char *const *argv, const char *const *extra_env,
		char **out, char **errout);

/* Path of the built binary. */
const char *om_test_binary(void);
/*
 * Remove the log lines ("openser-migrate: [  1.23s] ...", one per step
 * and per copy without a terminal) from text, in place; returns text.
 */
char *om_test_strip_log(char *text);

/* The binary running on its own: started, then waited for (or killed) later. */
struct om_test_child {
	int pid;
	int out_fd, err_fd;
	char out_path[32], err_path[32];
	struct timespec t0;  /* when it was started (CLOCK_MONOTONIC) */
	double seconds;      /* from the start to its end, set by om_test_finish */
	bool reaped;         /* om_test_ended saw it end */
	int status;          /* then its wait status */
};

/* Start the binary as om_test_run does, without waiting for it. */
void om_test_start(struct om_test_child *c, const char *const *argv, const char *const *extra_env);
/*
 * Wait for a child of om_test_start, at most timeout seconds (<= 0: no
 * limit).  Returns the exit code as om_test_run does, or -1 when it had
 * not ended by then (it is killed with SIGKILL and reaped).  out and
 * errout as om_test_run.
 */
int om_test_finish(struct om_test_child *c, double timeout, char **out, char **errout);
/* Has the child ended?  (Never waits; om_test_finish then returns at once.) */
bool om_test_ended(struct om_test_child *c);
/* Seconds since t0 (CLOCK_MONOTONIC). */
double om_test_elapsed(const struct timespec *t0);

/*
 * `upgrade` of url (it must succeed) with `status --lock-timeout 10` of
 * url started beside it once the upgrade has copied acc
 * (OPENSER_MIGRATE_TEST_EXEC_AT=acc): status must wait for the upgrade,
 * then report OpenSER 1.2 and exit 0.
 */
void om_test_check_status_beside_upgrade(const char *url);
/*
 * `status` of url (a 1.1 database), with `upgrade --yes --lock-timeout 1`
 * of url run at its step "catalog" (between its catalog and its
 * pre-checks): the upgrade must wait for status and give up (exit 4, its
 * output holding upgrade_says), and status report OpenSER 1.1 and exit 7
 * with nothing on stderr.
 */
void om_test_check_upgrade_inside_status(const char *url, const char *upgrade_says);

/* Run a Check suite and return the process exit status (0 = all passed). */
int om_test_main(Suite *s);

/*
 * The stride of the kill and drift matrices: OM_TEST_STRIDE=s (s > 1)
 * runs every s-th iteration of them, the last always, instead of all (the
 * bounded form CI's sanitized pass runs; the plain `make check` runs
 * every one).  1 when unset.
 */
int om_test_stride(void);
/* Loop test tf over [0, n), sampled by om_test_stride(). */
#define OM_TEST_ADD_LOOP(tc, tf, n)                                                      \
	do {                                                                             \
		int om_n_ = (n), om_s_ = om_test_stride();                               \
		if (om_s_ <= 1)                                                          \
			tcase_add_loop_test((tc), tf, 0, om_n_);                         \
		else                                                                     \
			for (int om_i_ = 0; om_i_ < om_n_; om_i_++)                      \
				if (om_i_ % om_s_ == 0 || om_i_ == om_n_ - 1)            \
					tcase_add_loop_test((tc), tf, om_i_, om_i_ + 1); \
	} while (0)

/* ---- SQLite helpers (test code talks to the files directly) ---- */

/*
 * Create (or extend) the SQLite database at path by running the fixture
 * files tests/fixtures/NAME of the source tree, in order (NULL-terminated).
 */
void om_test_build_db(const char *path, const char *const *fixtures);

/* Run SQL on the database at path; aborts the test on error. */
void om_test_sql(const char *path, const char *sql);

/*
 * Rows of a query as text: values separated by '|', rows by '\n', NULL as
 * "NULL".  malloc'd; aborts the test on error.
 */
char *om_test_query(const char *path, const char *sql);

/*
 * The catalog of the database at path as canonical text (tables sorted by
 * name, columns in order with type, NOT NULL, default, primary key
 * position and AUTOINCREMENT, then indexes sorted by name), leaving out the
 * migrator's own tables (openser_migrate_*) and retained ones (old11_*).
 * malloc'd.
 */
char *om_test_catalog(const char *path);
/* The same for the tables whose name satisfies the SQL condition where on sqlite_master's name. */
char *om_test_catalog_where(const char *path, const char *where);
/*
 * The rows of the tables whose name satisfies where (sqlite_sequence
 * included), a line each: "TABLE|ROWS|MD5", the MD5 of the rows' text
 * sorted (NULL as NULL, blobs in hex), so that the same rows in another
 * physical order compare equal.  malloc'd.
 */
char *om_test_contents(const char *path, const char *where);

/*
 * Compare text with the golden file tests/golden/NAME; with
 * OM_TEST_UPDATE_GOLDEN=1 in the environment, (re)write the file instead.
 */
void om_test_golden(const char *name, const char *text);

/*
 * The SQL script of a run through the library (no binary): `plan` of the
 * database at url (new_db NULL), or a whole `migrate` of url's database
 * into new_db (a path for SQLite, a database name of the same server
 * otherwise), with the run's start time replaced by 2007-03-12 12:00:00
 * and each replace[i] by replace[i + 1] (NULL-terminated pairs, or NULL),
 * so that it can be compared with a golden file.  malloc'd.
 */
char *om_test_script(const char *url, const char *new_db, const char *const *replace);

/* Every occurrence of from in sb replaced by to. */
void om_test_replace(struct strbuf *sb, const char *from, const char *to);

/* Copy a file (byte for byte); aborts the test on failure. */
void om_test_copy_file(const char *from, const char *to);
/* True when the two files have the same bytes. */
int om_test_same_file(const char *a, const char *b);

/* ---- throwaway MariaDB servers ---- */

struct om_test_mariadb {
	char *dir;      /* temporary folder: data directory, socket, log */
	char *socket;   /* Unix socket path */
	int pid;
	char charset[32];
	const char *const *extra;  /* more server options (NULL-terminated), or NULL */
};

/*
 * Start a MariaDB server of our own: a fresh data directory under a
 * temporary folder, a Unix socket, no network, root without a password,
 * the server character set given ("latin1", or NULL for the Debian
 * default utf8mb4) and an explicit sql_mode.  Aborts the test with a
 * message naming the missing package when mariadbd cannot be found or
 * does not start.  Stop it with om_test_mariadb_stop.
 */
void om_test_mariadb_start(struct om_test_mariadb *m, const char *charset);
void om_test_mariadb_stop(struct om_test_mariadb *m);
/*
 * The same with more server options (NULL-terminated, kept by pointer:
 * static strings), after the usual ones, which they override (a binary
 * log, a server id, networking on a port of 127.0.0.1 for a replica).
 */
void om_test_mariadb_start_with(struct om_test_mariadb *m, const char *charset, const char *const *extra);
/* A TCP port of 127.0.0.1 that is free now. */
int om_test_free_port(void);
/*
 * kill -9 the server (a crash), then start it again on the same data
 * directory and socket.  Only in the process that started it (a test
 * that crashes its server starts its own).
 */
void om_test_mariadb_crash_restart(struct om_test_mariadb *m);

/*
 * Run SQL through the mariadb client as root on the server (database db,
 * or none when NULL), with the session sql_mode set to mode first (NULL:
 * the server's).  Returns the output (tab-separated, no headers; malloc'd).
 * Aborts the test when the client fails.
 */
char *om_test_mariadb_sql(const struct om_test_mariadb *m, const char *db, const char *mode,
			  const char *sql);
/* Run the SQL of a fixture file (tests/fixtures/NAME) the same way. */
void om_test_mariadb_fixture(const struct om_test_mariadb *m, const char *db, const char *mode,
			     const char *name);
/* SQL built from fmt, run as root with no default database; the output with tabs as '|'. */
char *om_test_mariadb_queryf(const struct om_test_mariadb *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *om_test_mariadb_vqueryf(const struct om_test_mariadb *m, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The tables OpenSER sees: not the migrator's own (openser_migrate_*), not the retained ones (old11_*). */
#define OM_TEST_MARIADB_LIVE \
	"TABLE_NAME NOT LIKE 'openser\\_migrate\\_%' AND TABLE_NAME NOT REGEXP '^old[0-9]+_'"
/*
 * The catalog of database db from information_schema (tables with engine
 * and collation, columns, indexes) for the tables satisfying the SQL
 * condition where on TABLE_NAME (NULL: every table).  malloc'd.
 */
char *om_test_mariadb_catalog(const struct om_test_mariadb *m, const char *db, const char *where);
/*
 * CHECKSUM TABLE ... EXTENDED (the exact rows) of the tables of db
 * satisfying where (NULL: all), a line each: "table|checksum", without the
 * database name, so that two databases can be compared.  malloc'd.
 */
char *om_test_mariadb_checksums(const struct om_test_mariadb *m, const char *db, const char *where);
/*
 * A 1.1 database `name` as openser_mysql.sh 1.1 made it (MyISAM, latin1,
 * zero dates; the fixtures mysql-1.1-*.sql and their rows), with the
 * serweb and module tables when asked.
 */
void om_test_mariadb_openser_db(const struct om_test_mariadb *m, const char *name, bool serweb, bool modules);
/* Wait (up to 60 s) until no session but ours uses database db: a killed client's statements have ended. */
void om_test_mariadb_wait_idle(const struct om_test_mariadb *m, const char *db);

/* ---- throwaway PostgreSQL servers ---- */

struct om_test_pg {
	char *dir;      /* temporary folder: data directory, socket directory, log */
	char *sockdir;  /* the Unix socket's directory (libpq host=) */
	int port;
	int pid;
};

/*
 * Start a PostgreSQL server of our own: initdb into a temporary folder
 * (superuser "postgres", trust authentication on the local socket, UTF8),
 * then postgres with a Unix socket in that folder and no TCP.  PostgreSQL
 * refuses to run as root: as root, both run as the user "nobody".  Aborts
 * the test with a message naming the missing package (postgresql) when
 * the programs cannot be found or the server does not start.
 */
void om_test_pg_start(struct om_test_pg *p);
void om_test_pg_stop(struct om_test_pg *p);
/*
 * A streaming standby of the running server primary: pg_basebackup -R
 * into a temporary folder of its own, then postgres there on its own port
 * and socket (hot standby: it answers reads).  Stop it with om_test_pg_stop.
 */
void om_test_pg_start_standby(struct om_test_pg *standby, const struct om_test_pg *primary);

/*
 * Run SQL through psql as postgres on database db (NULL: "postgres"),
 * stopping at the first error.  Returns the output (unaligned, '|'
 * separated, no headers; malloc'd).  Aborts the test when psql fails.
 */
char *om_test_pg_sql(const struct om_test_pg *p, const char *db, const char *sql);
/* Run the SQL of a fixture file (tests/fixtures/NAME) the same way. */
void om_test_pg_fixture(const struct om_test_pg *p, const char *db, const char *name);
/*
 * A 1.1 database `name` as the fixed 1.1 script made it (the fixtures
 * pgsql-1.1-*.sql and their rows), with the serweb and module tables when
 * asked; the roles openser and openserro (which must exist) get the rights
 * openser_postgresql.sh granted: everything to rw (sequences too), reading
 * to ro.
 */
void om_test_pg_openser_db(const struct om_test_pg *p, const char *name, bool serweb, bool modules);
/* SQL built from fmt, run as om_test_pg_sql runs it. */
char *om_test_pg_queryf(const struct om_test_pg *p, const char *db, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *om_test_pg_vqueryf(const struct om_test_pg *p, const char *db, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/*
 * kill -9 the server and every backend (a crash), then start it again on
 * the same data directory and socket and wait until it answers.  Only in
 * the process that started it (a test that crashes its server starts its
 * own).
 */
void om_test_pg_crash_restart(struct om_test_pg *p);
/*
 * The catalog of schema `schema` of database db (columns with type, NOT
 * NULL and default; constraints; indexes; sequences), without the
 * migrator's tables.  malloc'd.
 */
char *om_test_pg_catalog(const struct om_test_pg *p, const char *db, const char *schema);
/* Every row of every table of schema `schema` as an md5 per table, without the migrator's tables. */
char *om_test_pg_state(const struct om_test_pg *p, const char *db, const char *schema);
/* Wait (up to 60 s) until no session of openser-migrate is left on database db (NULL: on any). */
void om_test_pg_wait_idle(const struct om_test_pg *p, const char *db);

/* ---- the C reference of the mapping functions (the *_fn suites) ---------- */

/*
 * The expected result of a mapping function for bytes (s, n) (null: SQL
 * NULL), from the C of sipfn.c/hash.c, written to out; returns false
 * when the result is SQL NULL.
 */
typedef bool om_ref_fn(const char *s, size_t n, bool null, struct strbuf *out);

bool om_ref_uri_user(const char *s, size_t n, bool null, struct strbuf *out);
bool om_ref_uri_host(const char *s, size_t n, bool null, struct strbuf *out);
bool om_ref_status_code(const char *s, size_t n, bool null, struct strbuf *out);
bool om_ref_status_reason(const char *s, size_t n, bool null, struct strbuf *out);
bool om_ref_ip_text(const char *s, size_t n, bool null, struct strbuf *out);
/* "1" when ip_from_le_int finds the text invalid, else "0". */
bool om_ref_ip_text_invalid(const char *s, size_t n, bool null, struct strbuf *out);
/* ip_to_le_int's integer in decimal, or false (SQL NULL) where it refuses the text. */
bool om_ref_ip_to_le_int(const char *s, size_t n, bool null, struct strbuf *out);
/* "1" when ip_to_le_int refuses the text (NULL included), else "0". */
bool om_ref_ip_to_le_int_invalid(const char *s, size_t n, bool null, struct strbuf *out);
/* ip_from_le_int(ip_to_le_int(x)): a valid quad as it is, anything else (NULL too) "0.0.0.0". */
bool om_ref_ip_round_trip(const char *s, size_t n, bool null, struct strbuf *out);
/* A value of the *_fn corpora: n bytes (NULs kept), or s NULL for SQL NULL. */
struct om_test_value {
	const char *s;
	size_t n;
};

/* A literal as a value: sizeof keeps embedded NULs. */
#define OM_TEST_V(lit) { lit, sizeof(lit) - 1 }

/* The inputs of the amended URI rules (tel:, user=phone, name-addr, unparsable), for both corpora. */
extern const struct om_test_value om_test_uri_values[];
extern const size_t om_test_nuri_values;

/*
 * Two acc rows of the amended URI rules for an upgrade's tests, as
 * "(columns) VALUES ...": a name-addr with user=phone and a tel:; values
 * the rules cannot parse.  They get ids 5 and 6; OM_TEST_ACC_URI_PARTS is
 * their src_user|src_domain|dst_user|dst_domain, and
 * om_test_check_uri_report checks what the upgrade's report says of them.
 */
#define OM_TEST_ACC_URI_ROWS \
	"(sip_method, from_uri, to_uri, i_uri, sip_callid, time) VALUES " \
	"('INVITE', '\"Alice\" <sip:+4930123;npdi@gw.example.com;USER=phone>;tag=x', " \
	"'<tel:+49301234;phone-context=example.com>', '', 'call-5', '2007-03-01 13:00:00'), " \
	"('INVITE', '<sip:@>', 'sip:', '', 'call-6', '2007-03-01 13:05:00')"
#define OM_TEST_ACC_URI_PARTS "5|+4930123|gw.example.com|+49301234|\n6||||\n"
void om_test_check_uri_report(const char *report);

/*
 * The inputs of ip_to_le_int (dotted quads, valid and not: every class of
 * sipfn.h's rule and its boundaries), for every engine's corpus.
 */
extern const struct om_test_value om_test_quad_values[];
extern const size_t om_test_nquad_values;

/* "1" when the URI rules cannot parse the value (user and host ''), else "0"; "0" for NULL. */
bool om_ref_uri_unparsable(const char *s, size_t n, bool null, struct strbuf *out);
bool om_ref_md5(const char *s, size_t n, bool null, struct strbuf *out);

/* s made printable for a message: "...", \xNN for anything but printable ASCII; NULL. */
void om_test_add_printable(struct strbuf *sb, const char *s, size_t n, bool null);
/* A hex field of a client's output (or "NULL") decoded, made printable. */
void om_test_add_printable_hex(struct strbuf *sb, const char *hex, size_t n);
/* Field k (0-based, separated by sep) of line [p, end): its start and length. */
bool om_test_field(const char *p, const char *end, size_t k, char sep, const char **f, size_t *len);

/* Differences gathered over many results, reported together at the end. */
struct om_test_report {
	struct strbuf text;
	int bad;
};

void om_test_report_init(struct om_test_report *r);
/* Fails the test when any result differed; frees r. */
void om_test_report_finish(struct om_test_report *r, const char *what);

#endif
