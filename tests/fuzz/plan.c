/*
 * plan.c: libFuzzer target of the plan parsers.  The input is read as a
 * schema file (om_schema_parse), as a set of tables (om_tables_parse) and
 * as a map file (om_map_parse).  Besides the sanitizers, it checks what
 * plan.h promises (check_plan.h): a result is whole and consistent, with
 * the checksum of the input, or there is no result and the error names
 * the file; the two schema parsers agree but for what sets the version
 * rules apart.  A map that parses is also validated (om_map_validate)
 * against the real plans/ schemas it names, when there are such.
 */
#include "fuzz.h"

#include "check_plan.h"
#include "error.h"
#include "plan.h"

/* plans/ of the source tree, loaded once. */
static struct om_planset *real;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct om_error err;

	(void)argc;
	(void)argv;
	om_error_clear(&err);
	if (om_planset_load(&real, OM_FUZZ_PLANDIR, &err)) {
		fprintf(stderr, "plan fuzzer: %s\n", err.msg);
		abort();
	}
	return 0;
}

/* Parse text as a schema (tables_only 0) or a set of tables; 0 or -1, *out kept. */
static int schema(const char *text, size_t len, int tables_only, struct om_schema **out,
		  struct om_error *err)
{
	const char *file = tables_only ? "fuzz.tables" : "fuzz.schema";
	struct om_schema *s = (struct om_schema *)1;
	int ret;

	om_error_clear(err);
	ret = tables_only ? om_tables_parse(&s, file, text, len, err)
		: om_schema_parse(&s, file, text, len, err);
	*out = s;
	if (ret) {
		FUZZ_CHECK(ret == -1 && !s);
		fuzz_check_error(err, file);
		return -1;
	}
	fuzz_check_schema(s, file, text, len);
	if (tables_only) {
		FUZZ_CHECK(!s->base);
	} else if (!s->base) {
		FUZZ_CHECK(om_schema_class(s, "core"));
		FUZZ_CHECK(om_schema_table(s, "version"));
	}
	return 0;
}

/*
 * A set of tables is a schema without the version's requirements: what
 * om_schema_parse takes (but a derived schema) om_tables_parse takes the
 * same, and what om_tables_parse takes om_schema_parse refuses only for
 * the missing class core or version table.
 */
static void schemas(const char *text, size_t len)
{
	struct om_schema *s, *t;
	struct om_error serr, terr;
	int sret = schema(text, len, 0, &s, &serr);
	int tret = schema(text, len, 1, &t, &terr);

	if (!sret && !s->base)
		FUZZ_CHECK(!tret && t->ntables == s->ntables && t->nclasses == s->nclasses);
	if (!tret && sret)
		FUZZ_CHECK(!strcmp(serr.msg, "fuzz.schema: no \"class core\" declared") ||
			   !strcmp(serr.msg, "fuzz.schema: the schema has no \"version\" table"));
	om_schema_free(s);
	om_schema_free(t);
}

static void map(const char *text, size_t len)
{
	const char *file = "fuzz.map";
	struct om_map *m = (struct om_map *)1;
	const struct om_schema *from, *to;
	struct om_error err;
	int ret;

	om_error_clear(&err);
	ret = om_map_parse(&m, file, text, len, &err);
	if (ret) {
		FUZZ_CHECK(ret == -1 && !m);
		fuzz_check_error(&err, file);
		return;
	}
	fuzz_check_map(m, file, text, len);
	from = om_planset_schema(real, m->from);
	to = om_planset_schema(real, m->to);
	if (from && to) {
		om_error_clear(&err);
		if (om_map_validate(m, from, to, &err))
			fuzz_check_error(&err, file);
	}
	om_map_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	schemas(text, size);
	map(text, size);
	return 0;
}
