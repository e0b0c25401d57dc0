#define _XOPEN_SOURCE 700
/*
 * support.c: temporary directories, running the CLI under test, files.
 */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strbuf.h"

char *om_test_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/om-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(sb.buf))
		ck_abort_msg("mkdtemp: %s", strerror(errno));
	return strbuf_detach(&sb);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void om_test_rmtree(const char *path)
{
	if (path && !getenv("OM_TEST_KEEP"))
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *om_test_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	if (len_out)
		*len_out = sb.len;
	return strbuf_detach(&sb);
}

void om_test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

const char *om_test_binary(void)
{
	return OM_TEST_SRCDIR "/openser-migrate";
}

static char *slurp_fd(int fd)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	ssize_t n;

	strbuf_init(&sb);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	return strbuf_detach(&sb);
}

int om_test_run(const char *const *argv, const char *const *extra_env,
		char **out, char **errout)
{
	char outpath[] = "/tmp/om-out-XXXXXX";
	char errpath[] = "/tmp/om-err-XXXXXX";
	int ofd = mkstemp(outpath), efd = mkstemp(errpath);
	size_t argc = 0;
	pid_t pid;
	int status;

	ck_assert(ofd >= 0 && efd >= 0);
	while (argv[argc])
		argc++;
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		const char **av = calloc(argc + 2, sizeof(*av));
		int devnull = open("/dev/null", O_RDONLY);

		av[0] = om_test_binary();
		for (size_t i = 0; i < argc; i++)
			av[i + 1] = argv[i];
		if (extra_env)
			for (size_t i = 0; extra_env[i]; i++)
				putenv((char *)extra_env[i]);
		dup2(devnull, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		execv(av[0], (char *const *)av);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	lseek(ofd, 0, SEEK_SET);
	lseek(efd, 0, SEEK_SET);
	if (out)
		*out = slurp_fd(ofd);
	if (errout)
		*errout = slurp_fd(efd);
	close(ofd);
	close(efd);
	unlink(outpath);
	unlink(errpath);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int om_test_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
