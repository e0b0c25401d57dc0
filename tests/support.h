/*
 * support.h: helpers shared by the Check suites: temporary directories,
 * running the CLI, reading files.  Test code only.
 */
#ifndef OM_TEST_SUPPORT_H
#define OM_TEST_SUPPORT_H

#include <check.h>
#include <stddef.h>

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

/* Run a Check suite and return the process exit status (0 = all passed). */
int om_test_main(Suite *s);

#endif
