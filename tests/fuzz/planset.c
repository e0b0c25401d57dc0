/*
 * planset.c: libFuzzer target of om_planset_load, the loading of a plan
 * directory: derived schemas built from their bases, maps checked against
 * the schemas they join.
 *
 * The input is up to MAX_FILES files separated by lines "%%"; a file whose
 * text starts with "map" is written as pN.map, any other as pN.schema
 * (N its place), into a directory made once under $TMPDIR; the files are
 * removed after each run.  Besides the sanitizers, it checks what plan.h
 * promises (check_plan.h): a loaded set has no derived schema left, one
 * schema per version, and maps whose schemas are in the set and that
 * validate against them; a failure names a file of the directory.
 */
#include "fuzz.h"

#include <fcntl.h>
#include <unistd.h>

#include "check_plan.h"
#include "error.h"
#include "plan.h"

#define MAX_FILES 8

static char dir[4096];
static char paths[MAX_FILES][4200];
static size_t npaths;

static void remove_dir(void)
{
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	(void)argc;
	(void)argv;
	n = snprintf(dir, sizeof(dir), "%s/om-fuzz-planset-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(dir) || !mkdtemp(dir)) {
		perror("planset fuzzer: mkdtemp");
		abort();
	}
	atexit(remove_dir);
	return 0;
}

static void put(const char *text, size_t len)
{
	size_t i = npaths, w = 0;
	int is_map = len >= 3 && !memcmp(text, "map", 3);
	int fd;

	snprintf(paths[i], sizeof(paths[i]), "%s/p%zu.%s", dir, i, is_map ? "map" : "schema");
	fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(paths[i]);
		abort();
	}
	while (w < len) {
		ssize_t r = write(fd, text + w, len - w);

		if (r <= 0) {
			perror(paths[i]);
			abort();
		}
		w += (size_t)r;
	}
	close(fd);
	npaths++;
}

/* Split text at lines "%%" into the files of dir. */
static void put_files(const char *text, size_t len)
{
	size_t start = 0, pos = 0;

	npaths = 0;
	while (pos < len && npaths < MAX_FILES - 1) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (end - pos == 2 && !memcmp(text + pos, "%%", 2)) {
			put(text + start, pos - start);
			start = nl ? end + 1 : len;
		}
		pos = nl ? end + 1 : len;
	}
	put(text + start, len - start);
}

static void check_set(const struct om_planset *ps)
{
	FUZZ_CHECK(ps->dir && !strcmp(ps->dir, dir));
	FUZZ_CHECK(ps->nschemas >= 1);
	for (size_t i = 0; i < ps->nschemas; i++) {
		const struct om_schema *s = ps->schemas[i];

		FUZZ_CHECK(s && !s->base);
		fuzz_check_schema(s, s->file, NULL, 0);
		FUZZ_CHECK(fuzz_starts_with(s->file, dir));
		FUZZ_CHECK(om_planset_schema(ps, s->version) == s);
	}
	for (size_t i = 0; i < ps->nmaps; i++) {
		const struct om_map *m = ps->maps[i];
		const struct om_schema *from, *to;
		struct om_error err;

		FUZZ_CHECK(m);
		fuzz_check_map(m, m->file, NULL, 0);
		FUZZ_CHECK(om_planset_map(ps, m->from, m->to) == m);
		from = om_planset_schema(ps, m->from);
		to = om_planset_schema(ps, m->to);
		FUZZ_CHECK(from && to);
		om_error_clear(&err);
		FUZZ_CHECK(om_map_validate(m, from, to, &err) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct om_planset *ps = (struct om_planset *)1;
	struct om_error err;
	int ret;

	put_files((const char *)data, size);
	om_error_clear(&err);
	ret = om_planset_load(&ps, dir, &err);
	if (ret) {
		FUZZ_CHECK(ret == -1 && !ps);
		FUZZ_CHECK(err.code == OM_EXIT_USAGE);
		FUZZ_CHECK(strstr(err.msg, dir));
	} else {
		check_set(ps);
		om_planset_free(ps);
	}
	for (size_t i = 0; i < npaths; i++)
		unlink(paths[i]);
	return 0;
}
