/*
 * rcfile.c: libFuzzer target of the openserctlrc parser (om_rc_parse, the
 * function om_rc_load_file gives a file's contents to).  The input is the
 * file's text.  Besides the sanitizers, it checks what rcfile.h promises:
 *
 *   - success: every variable has a valid name, a value, this file and a
 *     line of the text; names are unique; the text has no NUL byte; the
 *     same text read again into the same rc (a second file) succeeds and
 *     gives the same variables, now of the second file;
 *   - failure: code OM_EXIT_USAGE, "NAME:LINE: ...", and rc keeps only
 *     assignments of lines before the bad one;
 *   - "\r\n" counts as a newline everywhere: a text without '\r' read with
 *     every "\n" made "\r\n" gives the same result, the same variables
 *     and the same error line.
 */
#include "fuzz.h"

#include "error.h"
#include "rcfile.h"

static int is_name(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_' ||
		      (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* The line number of "name:LINE: message". */
static int error_line(const struct om_error *err, const char *name)
{
	size_t n = strlen(name);
	const char *p;
	long line = 0;

	FUZZ_CHECK(err->code == OM_EXIT_USAGE);
	FUZZ_CHECK(!strncmp(err->msg, name, n) && err->msg[n] == ':');
	p = err->msg + n + 1;
	FUZZ_CHECK(*p >= '1' && *p <= '9');
	for (; *p >= '0' && *p <= '9'; p++) {
		line = line * 10 + (*p - '0');
		FUZZ_CHECK(line <= 0x7fffffff);
	}
	FUZZ_CHECK(p[0] == ':' && p[1] == ' ' && p[2] != '\0');
	return (int)line;
}

/* rc as a file called name with `lines` lines left it. */
static void check_vars(const struct om_rc *rc, const char *name, int lines)
{
	FUZZ_CHECK(rc->nr <= rc->alloc);
	for (size_t i = 0; i < rc->nr; i++) {
		const struct om_rc_var *v = &rc->vars[i];

		FUZZ_CHECK(v->key && is_name(v->key));
		FUZZ_CHECK(v->value);
		FUZZ_CHECK(v->file && !strcmp(v->file, name));
		FUZZ_CHECK(v->line >= 1 && v->line <= lines);
		FUZZ_CHECK(om_rc_find(rc, v->key) == v);
		FUZZ_CHECK(om_rc_get(rc, v->key) == v->value);
	}
}

static int same_vars(const struct om_rc *a, const struct om_rc *b)
{
	if (a->nr != b->nr)
		return 0;
	for (size_t i = 0; i < a->nr; i++)
		if (strcmp(a->vars[i].key, b->vars[i].key) ||
		    strcmp(a->vars[i].value, b->vars[i].value) ||
		    a->vars[i].line != b->vars[i].line)
			return 0;
	return 1;
}

/* Parse text as a file called name into a fresh rc; check it; return the result. */
static int parse_checked(struct om_rc *rc, const char *name, const char *text, size_t len,
			 int *err_line)
{
	struct om_error err;
	int lines = 1;
	int ret;

	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	om_rc_init(rc);
	om_error_clear(&err);
	ret = om_rc_parse(rc, name, text, len, &err);
	FUZZ_CHECK(ret == 0 || ret == -1);
	check_vars(rc, name, lines);
	*err_line = 0;
	if (ret == 0) {
		FUZZ_CHECK(!memchr(text, '\0', len));
		return 0;
	}
	*err_line = error_line(&err, name);
	FUZZ_CHECK(*err_line <= lines);
	for (size_t i = 0; i < rc->nr; i++)
		FUZZ_CHECK(rc->vars[i].line < *err_line);
	return -1;
}

/* The text with every "\n" made "\r\n"; *n is its length. */
static char *to_crlf(const char *text, size_t size, size_t *n)
{
	size_t nl = 0;
	char *crlf;

	for (size_t i = 0; i < size; i++)
		nl += text[i] == '\n';
	crlf = malloc(size + nl + 1);
	if (!crlf)
		abort();
	*n = 0;
	for (size_t i = 0; i < size; i++) {
		if (text[i] == '\n')
			crlf[(*n)++] = '\r';
		crlf[(*n)++] = text[i];
	}
	return crlf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct om_rc rc;
	int ret, line;

	ret = parse_checked(&rc, "a", text, size, &line);
	if (ret == 0) {
		/* The same text as a second file, "each overriding the one before". */
		struct om_rc twice;
		struct om_error err;
		int line2;

		FUZZ_CHECK(parse_checked(&twice, "a", text, size, &line2) == 0);
		om_error_clear(&err);
		FUZZ_CHECK(om_rc_parse(&twice, "b", text, size, &err) == 0);
		FUZZ_CHECK(same_vars(&rc, &twice));
		for (size_t i = 0; i < twice.nr; i++)
			FUZZ_CHECK(!strcmp(twice.vars[i].file, "b"));
		om_rc_release(&twice);
	}
	if (!memchr(text, '\r', size)) {
		struct om_rc crlf_rc;
		size_t n;
		char *crlf = to_crlf(text, size, &n);
		int line2;

		FUZZ_CHECK(parse_checked(&crlf_rc, "a", crlf, n, &line2) == ret);
		FUZZ_CHECK(line2 == line);
		FUZZ_CHECK(same_vars(&rc, &crlf_rc));
		om_rc_release(&crlf_rc);
		free(crlf);
	}
	om_rc_release(&rc);
	return 0;
}
