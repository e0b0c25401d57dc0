/*
 * plan.c: libFuzzer target of the plan parsers.  The input is read as a
 * schema file (om_schema_parse), as a set of tables (om_tables_parse) and
 * as a map file (om_map_parse).  Besides the sanitizers, it checks what
 * plan.h promises (check_plan.h): a result is whole and consistent, with
 * the checksum of the input, or there is no result and the error names
 * the file.  A map that parses is also validated (om_map_validate)
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

static void schema(const char *text, size_t len, int tables_only)
{
	const char *file = tables_only ? "fuzz.tables" : "fuzz.schema";
	struct om_schema *s = (struct om_schema *)1;
	struct om_error err;
	int ret;

	om_error_clear(&err);
	ret = tables_only ? om_tables_parse(&s, file, text, len, &err)
		: om_schema_parse(&s, file, text, len, &err);
	if (ret) {
		FUZZ_CHECK(ret == -1 && !s);
		fuzz_check_error(&err, file);
		return;
	}
	fuzz_check_schema(s, file, text, len);
	if (tables_only) {
		FUZZ_CHECK(!s->base);
	} else if (!s->base) {
		FUZZ_CHECK(om_schema_class(s, "core"));
		FUZZ_CHECK(om_schema_table(s, "version"));
	}
	om_schema_free(s);
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

	schema(text, size, 0);
	schema(text, size, 1);
	map(text, size);
	return 0;
}
