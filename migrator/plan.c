/*
 * plan.c: reading plans/NAME.schema and plans/NAME.map (format: plans/README.md)
 * into the structures of plan.h, and validating them.  Every error names
 * the file and line.  Nothing here knows about engines beyond the variant
 * slots; nothing here touches a database.
 */
#include "plan.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strbuf.h"

const struct om_function om_functions[] = {
#define OM_FN_ROW(name, min, max, rule, width, validated) { #name, min, max, rule, width, validated },
	OM_FUNCTIONS(OM_FN_ROW)
#undef OM_FN_ROW
	{ NULL, 0, 0, OM_W_FIXED, 0, false }
};

int om_function_find(const char *name)
{
	for (int i = 0; om_functions[i].name; i++)
		if (!strcmp(om_functions[i].name, name))
			return i;
	return -1;
}

/* ---- tokens of one line ---------------------------------------------- */

enum tok_kind { T_END, T_WORD, T_NUM, T_STR, T_QSTR, T_PUNCT };

struct tok {
	enum tok_kind kind;
	char *text;      /* owned; for T_PUNCT the character(s) */
	size_t start;    /* byte offset in the line */
	size_t end;
};

struct lexline {
	const char *file;
	int line;
	const char *text;  /* the line, without newline */
	size_t len;
	struct tok *toks;
	size_t ntoks, atoks;
	size_t pos;        /* parser cursor */
};

static void lexline_release(struct lexline *l)
{
	for (size_t i = 0; i < l->ntoks; i++)
		free(l->toks[i].text);
	free(l->toks);
	l->toks = NULL;
	l->ntoks = l->atoks = 0;
	l->pos = 0;
}

static int lerr(const struct lexline *l, struct om_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int lerr(const struct lexline *l, struct om_error *err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return om_error_set(err, OM_EXIT_USAGE, "%s:%d: %s", l->file, l->line, msg);
}

static void push_tok(struct lexline *l, enum tok_kind k, char *text, size_t s, size_t e)
{
	OM_GROW(l->toks, l->ntoks + 1, l->atoks);
	l->toks[l->ntoks].kind = k;
	l->toks[l->ntoks].text = text;
	l->toks[l->ntoks].start = s;
	l->toks[l->ntoks].end = e;
	l->ntoks++;
}

/*
 * A check's SQL is the engine's own text, not our tokens: a check line is
 * lexed only up to its '(' and parse_check takes the rest verbatim.
 */
static size_t lex_stop(const struct lexline *l)
{
	size_t i = 0;

	while (i < l->len && (l->text[i] == ' ' || l->text[i] == '\t'))
		i++;
	if (l->len - i > 6 && !strncmp(l->text + i, "check", 5) &&
	    (l->text[i + 5] == ' ' || l->text[i + 5] == '\t')) {
		const char *hash = memchr(l->text, '#', l->len);
		size_t limit = hash ? (size_t)(hash - l->text) : l->len;
		const char *paren = memchr(l->text, '(', limit);

		if (paren)
			return (size_t)(paren - l->text);
	}
	return l->len;
}

/* Where the number starting at i ends. */
static size_t number_end(const struct lexline *l, size_t i)
{
	i++;
	while (i < l->len && isdigit((unsigned char)l->text[i]))
		i++;
	/* 1.00 (a default) or 1.2.0 (a version). */
	while (i + 1 < l->len && l->text[i] == '.' && isdigit((unsigned char)l->text[i + 1])) {
		i++;
		while (i < l->len && isdigit((unsigned char)l->text[i]))
			i++;
	}
	return i;
}

/* 'text' with '' for a quote, from the quote at *i; *i moves past it. */
static int lex_string(struct lexline *l, size_t *i, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t s = *i, j = s + 1;

	for (;;) {
		if (j >= l->len) {
			strbuf_release(&sb);
			return lerr(l, err, "unterminated string");
		}
		if (l->text[j] == '\'') {
			if (j + 1 < l->len && l->text[j + 1] == '\'') {
				strbuf_addch(&sb, '\'');
				j += 2;
				continue;
			}
			j++;
			break;
		}
		strbuf_addch(&sb, l->text[j++]);
	}
	push_tok(l, T_STR, strbuf_detach(&sb), s, j);
	*i = j;
	return 0;
}

/* "title", from the quote at *i; *i moves past it. */
static int lex_title(struct lexline *l, size_t *i, struct om_error *err)
{
	size_t s = *i, j = s + 1;

	while (j < l->len && l->text[j] != '"')
		j++;
	if (j >= l->len)
		return lerr(l, err, "unterminated title string");
	push_tok(l, T_QSTR, om_xstrndup(l->text + s + 1, j - s - 1), s, j + 1);
	*i = j + 1;
	return 0;
}

static int lex(struct lexline *l, struct om_error *err)
{
	size_t i = 0, stop = lex_stop(l);

	while (i < stop) {
		unsigned char c = (unsigned char)l->text[i];
		size_t s = i;

		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
		} else if (c == '#') {
			break;
		} else if (isalpha(c) || c == '_') {
			while (i < l->len && (isalnum((unsigned char)l->text[i]) || l->text[i] == '_'))
				i++;
			push_tok(l, T_WORD, om_xstrndup(l->text + s, i - s), s, i);
		} else if (isdigit(c) || (c == '-' && i + 1 < l->len && isdigit((unsigned char)l->text[i + 1]))) {
			i = number_end(l, i);
			push_tok(l, T_NUM, om_xstrndup(l->text + s, i - s), s, i);
		} else if (c == '\'') {
			if (lex_string(l, &i, err))
				return -1;
		} else if (c == '"') {
			if (lex_title(l, &i, err))
				return -1;
		} else if (c == '-' && i + 1 < l->len && l->text[i + 1] == '>') {
			push_tok(l, T_PUNCT, om_xstrdup("->"), s, i + 2);
			i += 2;
		} else if (strchr("(),=:.", c)) {
			push_tok(l, T_PUNCT, om_xstrndup(l->text + i, 1), s, i + 1);
			i++;
		} else {
			return lerr(l, err, "unexpected character '%c'", c);
		}
	}
	if (stop < l->len)
		push_tok(l, T_PUNCT, om_xstrdup("("), stop, stop + 1);
	push_tok(l, T_END, om_xstrdup(""), l->len, l->len);
	return 0;
}

static const struct tok *peek(const struct lexline *l)
{
	return &l->toks[l->pos];
}

static const struct tok *next(struct lexline *l)
{
	const struct tok *t = &l->toks[l->pos];

	if (t->kind != T_END)
		l->pos++;
	return t;
}

static bool is_word(const struct tok *t, const char *w)
{
	return t->kind == T_WORD && !strcmp(t->text, w);
}

static bool is_punct(const struct tok *t, const char *p)
{
	return t->kind == T_PUNCT && !strcmp(t->text, p);
}

static const char *tok_desc(const struct tok *t)
{
	return t->kind == T_END ? "end of line" : t->text;
}

static int expect_punct(struct lexline *l, const char *p, struct om_error *err)
{
	const struct tok *t = next(l);

	if (!is_punct(t, p))
		return lerr(l, err, "expected '%s', found \"%s\"", p, tok_desc(t));
	return 0;
}

static int expect_word(struct lexline *l, const char *what, char **out, struct om_error *err)
{
	const struct tok *t = next(l);

	if (t->kind != T_WORD)
		return lerr(l, err, "expected %s, found \"%s\"", what, tok_desc(t));
	*out = om_xstrdup(t->text);
	return 0;
}

static int expect_int(struct lexline *l, const char *what, int *out, struct om_error *err)
{
	const struct tok *t = next(l);
	char *end;
	long v;

	if (t->kind != T_NUM || strchr(t->text, '.'))
		return lerr(l, err, "expected %s (an integer), found \"%s\"", what, tok_desc(t));
	errno = 0;
	v = strtol(t->text, &end, 10);
	if (errno || *end || v < -2147483647L || v > 2147483647L)
		return lerr(l, err, "%s \"%s\" is out of range", what, t->text);
	*out = (int)v;
	return 0;
}

static int expect_end(struct lexline *l, struct om_error *err)
{
	const struct tok *t = peek(l);

	if (t->kind != T_END)
		return lerr(l, err, "unexpected \"%s\"", t->text);
	return 0;
}

static enum om_engine engine_word(const struct tok *t)
{
	if (t->kind != T_WORD)
		return OM_ENGINE_NONE;
	if (!strcmp(t->text, "mysql"))
		return OM_ENGINE_MYSQL;
	if (!strcmp(t->text, "pgsql"))
		return OM_ENGINE_PGSQL;
	if (!strcmp(t->text, "sqlite"))
		return OM_ENGINE_SQLITE;
	return OM_ENGINE_NONE;
}

/* An engine name followed by ':' starts a variant. */
static bool at_variant(const struct lexline *l)
{
	return engine_word(&l->toks[l->pos]) != OM_ENGINE_NONE &&
	       l->pos + 1 < l->ntoks && is_punct(&l->toks[l->pos + 1], ":");
}

/* ( a, b, c ) */
static int parse_namelist(struct lexline *l, char ***out, size_t *n, struct om_error *err)
{
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	if (expect_punct(l, "(", err))
		return -1;
	for (;;) {
		char *w;

		if (expect_word(l, "a column name", &w, err))
			return -1;
		for (size_t i = 0; i < *n; i++)
			if (!strcmp((*out)[i], w)) {
				lerr(l, err, "column \"%s\" is listed twice", w);
				free(w);
				return -1;
			}
		OM_GROW(*out, *n + 1, alloc);
		(*out)[(*n)++] = w;
		if (is_punct(peek(l), ","))
			next(l);
		else
			break;
	}
	return expect_punct(l, ")", err);
}

static void free_namelist(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- schema ------------------------------------------------------------ */

static void type_release(struct om_type *t)
{
	free(t->base);
	memset(t, 0, sizeof(*t));
}

static void default_release(struct om_default *d)
{
	free(d->text);
	memset(d, 0, sizeof(*d));
}

static const char *const known_types[] = {
	"varchar", "char", "text", "blob", "int", "integer", "smallint", "tinyint",
	"bigint", "float", "real", "numeric", "datetime", "timestamp", NULL
};

static int parse_type(struct lexline *l, struct om_type *t, struct om_error *err)
{
	const struct tok *w = next(l);
	bool known = false;

	memset(t, 0, sizeof(*t));
	if (w->kind != T_WORD)
		return lerr(l, err, "expected a type, found \"%s\"", tok_desc(w));
	for (int i = 0; known_types[i]; i++)
		if (!strcmp(known_types[i], w->text))
			known = true;
	if (!known)
		return lerr(l, err, "unknown type \"%s\"", w->text);
	t->base = om_xstrdup(w->text);
	if (is_punct(peek(l), "(")) {
		next(l);
		if (expect_int(l, "a type argument", &t->arg[0], err))
			return -1;
		if (t->arg[0] < 0)
			return lerr(l, err, "type \"%s\" has a negative argument", t->base);
		t->nargs = 1;
		if (is_punct(peek(l), ",")) {
			next(l);
			if (expect_int(l, "a type argument", &t->arg[1], err))
				return -1;
			if (t->arg[1] < 0)
				return lerr(l, err, "type \"%s\" has a negative argument", t->base);
			t->nargs = 2;
		}
		if (expect_punct(l, ")", err))
			return -1;
	}
	if ((!strcmp(t->base, "varchar") || !strcmp(t->base, "char")) && t->nargs != 1)
		return lerr(l, err, "type \"%s\" needs a length", t->base);
	if (is_word(peek(l), "unsigned")) {
		next(l);
		t->is_unsigned = true;
	}
	return 0;
}

static int parse_default(struct lexline *l, struct om_default *d, struct om_error *err)
{
	const struct tok *t = next(l);

	memset(d, 0, sizeof(*d));
	switch (t->kind) {
	case T_STR:
		d->kind = OM_DEF_STRING;
		d->text = om_xstrdup(t->text);
		return 0;
	case T_NUM:
		d->kind = OM_DEF_NUMBER;
		d->text = om_xstrdup(t->text);
		return 0;
	case T_WORD:
		if (!strcmp(t->text, "null")) {
			d->kind = OM_DEF_NULL;
			return 0;
		}
		if (!strcmp(t->text, "current_timestamp")) {
			d->kind = OM_DEF_CURRENT_TIMESTAMP;
			return 0;
		}
		break;
	default:
		break;
	}
	return lerr(l, err, "expected a default value ('text', a number, null or current_timestamp), found \"%s\"",
		    tok_desc(t));
}

static int parse_column_variant(struct lexline *l, struct om_colvariant *v, struct om_error *err)
{
	v->present = true;
	v->notnull = -1;
	for (;;) {
		const struct tok *t = peek(l);

		if (t->kind == T_END || at_variant(l))
			return 0;
		next(l);
		if (is_word(t, "type")) {
			if (v->set_type)
				return lerr(l, err, "variant sets the type twice");
			if (parse_type(l, &v->type, err))
				return -1;
			v->set_type = true;
		} else if (is_word(t, "default")) {
			if (v->set_default)
				return lerr(l, err, "variant sets the default twice");
			if (parse_default(l, &v->def, err))
				return -1;
			v->set_default = true;
		} else if (is_word(t, "no")) {
			if (!is_word(next(l), "default"))
				return lerr(l, err, "expected \"no default\"");
			if (v->set_default)
				return lerr(l, err, "variant sets the default twice");
			v->set_default = true;
			v->def.kind = OM_DEF_NONE;
		} else if (is_word(t, "null")) {
			if (v->notnull >= 0)
				return lerr(l, err, "variant sets null and not null");
			v->notnull = 0;
		} else if (is_word(t, "not")) {
			if (!is_word(next(l), "null"))
				return lerr(l, err, "expected \"not null\"");
			if (v->notnull >= 0)
				return lerr(l, err, "variant sets null and not null");
			v->notnull = 1;
		} else if (is_word(t, "absent")) {
			v->absent = true;
		} else {
			return lerr(l, err, "unknown column variant attribute \"%s\"", tok_desc(t));
		}
	}
}

static int parse_variants_engine(struct lexline *l, enum om_engine *e, struct om_error *err)
{
	*e = engine_word(next(l));
	return expect_punct(l, ":", err);
}

/* ENGINE: ATTRS on column c */
static int column_variant(struct lexline *l, struct om_column *c, struct om_error *err)
{
	enum om_engine e;

	if (parse_variants_engine(l, &e, err))
		return -1;
	if (c->var[e].present)
		return lerr(l, err, "two %s variants on column \"%s\"", om_engine_name(e), c->name);
	return parse_column_variant(l, &c->var[e], err);
}

static int parse_column(struct lexline *l, struct om_table *t, struct om_error *err)
{
	struct om_column *c;
	bool null_seen = false;

	OM_GROW(t->cols, t->ncols + 1, t->acols);
	c = &t->cols[t->ncols];
	memset(c, 0, sizeof(*c));
	c->line = l->line;
	t->ncols++;
	if (expect_word(l, "a column name", &c->name, err))
		return -1;
	for (size_t i = 0; i + 1 < t->ncols; i++)
		if (!strcmp(t->cols[i].name, c->name))
			return lerr(l, err, "column \"%s\" is declared twice in table \"%s\"", c->name, t->name);
	if (parse_type(l, &c->type, err))
		return -1;
	for (;;) {
		const struct tok *k = peek(l);

		if (k->kind == T_END)
			break;
		if (at_variant(l)) {
			if (column_variant(l, c, err))
				return -1;
			continue;
		}
		next(l);
		if (is_word(k, "not")) {
			if (!is_word(next(l), "null"))
				return lerr(l, err, "expected \"not null\"");
			if (null_seen)
				return lerr(l, err, "column \"%s\" says null and not null", c->name);
			c->notnull = true;
			null_seen = true;
		} else if (is_word(k, "null")) {
			if (null_seen)
				return lerr(l, err, "column \"%s\" says null and not null", c->name);
			null_seen = true;
		} else if (is_word(k, "default")) {
			if (c->def.kind != OM_DEF_NONE)
				return lerr(l, err, "column \"%s\" has two defaults", c->name);
			if (parse_default(l, &c->def, err))
				return -1;
		} else if (is_word(k, "auto_increment")) {
			c->autoinc = true;
		} else if (is_word(k, "on")) {
			if (!is_word(next(l), "update") || !is_word(next(l), "current_timestamp"))
				return lerr(l, err, "expected \"on update current_timestamp\"");
			c->on_update_ts = true;
		} else if (is_word(k, "class")) {
			if (c->cls)
				return lerr(l, err, "column \"%s\" has two classes", c->name);
			if (expect_word(l, "a class name", &c->cls, err))
				return -1;
		} else {
			return lerr(l, err, "unexpected \"%s\" in column \"%s\"", tok_desc(k), c->name);
		}
	}
	if (c->def.kind == OM_DEF_NULL && c->notnull)
		return lerr(l, err, "column \"%s\" is not null but defaults to null", c->name);
	return 0;
}

static int parse_key(struct lexline *l, struct om_table *t, enum om_key_kind kind, struct om_error *err)
{
	struct om_key *k;

	OM_GROW(t->keys, t->nkeys + 1, t->akeys);
	k = &t->keys[t->nkeys];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->line = l->line;
	t->nkeys++;
	if (kind == OM_KEY_PRIMARY) {
		if (!is_word(next(l), "key"))
			return lerr(l, err, "expected \"primary key\"");
		for (size_t i = 0; i + 1 < t->nkeys; i++)
			if (t->keys[i].kind == OM_KEY_PRIMARY)
				return lerr(l, err, "table \"%s\" has two primary keys", t->name);
	} else {
		if (expect_word(l, "a key name", &k->name, err))
			return -1;
		for (size_t i = 0; i + 1 < t->nkeys; i++)
			if (t->keys[i].name && !strcmp(t->keys[i].name, k->name))
				return lerr(l, err, "key \"%s\" is declared twice in table \"%s\"", k->name, t->name);
	}
	if (parse_namelist(l, &k->cols, &k->ncols, err))
		return -1;
	for (;;) {
		const struct tok *w = peek(l);

		if (w->kind == T_END)
			break;
		if (at_variant(l)) {
			enum om_engine e;

			if (parse_variants_engine(l, &e, err))
				return -1;
			if (kind == OM_KEY_PRIMARY)
				return lerr(l, err, "a primary key has no per-engine name");
			if (k->ename[e])
				return lerr(l, err, "two %s names for key \"%s\"", om_engine_name(e), k->name);
			if (expect_word(l, "a key name", &k->ename[e], err))
				return -1;
			continue;
		}
		next(l);
		if (is_word(w, "class")) {
			if (k->cls)
				return k->name ? lerr(l, err, "key \"%s\" has two classes", k->name) :
					lerr(l, err, "the primary key of \"%s\" has two classes", t->name);
			if (expect_word(l, "a class name", &k->cls, err))
				return -1;
		} else {
			return lerr(l, err, "unexpected \"%s\" in a key", tok_desc(w));
		}
	}
	return 0;
}

static int parse_check(struct lexline *l, struct om_table *t, struct om_error *err)
{
	struct om_check *c;
	const struct tok *open;
	size_t depth = 0, i;

	OM_GROW(t->checks, t->nchecks + 1, t->achecks);
	c = &t->checks[t->nchecks];
	memset(c, 0, sizeof(*c));
	c->line = l->line;
	t->nchecks++;
	if (expect_word(l, "a constraint name", &c->name, err))
		return -1;
	c->engine = engine_word(peek(l));
	if (c->engine == OM_ENGINE_NONE)
		return lerr(l, err, "expected an engine (mysql, pgsql, sqlite) after check \"%s\"", c->name);
	next(l);
	open = peek(l);
	if (!is_punct(open, "("))
		return lerr(l, err, "expected '(' starting the check's SQL");
	/* The SQL is raw text: take it from the line up to the matching ')'. */
	for (i = open->start; i < l->len; i++) {
		if (l->text[i] == '(')
			depth++;
		else if (l->text[i] == ')' && --depth == 0)
			break;
		else if (l->text[i] == '\'') {
			for (i++; i < l->len && l->text[i] != '\''; i++)
				;
		}
	}
	if (i >= l->len)
		return lerr(l, err, "unbalanced parentheses in check \"%s\"", c->name);
	c->sql = om_xstrndup(l->text + open->start, i + 1 - open->start);
	/* After the SQL: only blanks and a comment. */
	for (i++; i < l->len && (l->text[i] == ' ' || l->text[i] == '\t' || l->text[i] == '\r'); i++)
		;
	if (i < l->len && l->text[i] != '#') {
		size_t e = i;

		while (e < l->len && l->text[e] != ' ' && l->text[e] != '\t')
			e++;
		return lerr(l, err, "unexpected \"%.*s\"", (int)(e - i), l->text + i);
	}
	for (size_t k = 0; k + 1 < t->nchecks; k++)
		if (!strcmp(t->checks[k].name, c->name))
			return lerr(l, err, "check \"%s\" is declared twice in table \"%s\"", c->name, t->name);
	return 0;
}

static int parse_order(struct lexline *l, struct om_table *t, struct om_error *err)
{
	enum om_engine e = engine_word(next(l));
	size_t n;

	if (e == OM_ENGINE_NONE)
		return lerr(l, err, "expected an engine (mysql, pgsql, sqlite) after \"order\"");
	char **names;

	if (t->order[e])
		return lerr(l, err, "two %s orders for table \"%s\"", om_engine_name(e), t->name);
	if (parse_namelist(l, &names, &n, err)) {
		free_namelist(names, n);
		return -1;
	}
	/* NULL-terminated for om_schema_free; its columns are checked at the table's end. */
	names = om_xrealloc(names, (n + 1) * sizeof(char *));
	names[n] = NULL;
	t->order[e] = names;
	t->order_line[e] = l->line;
	return expect_end(l, err);
}

static int parse_table_head(struct lexline *l, struct om_schema *s, struct om_error *err)
{
	struct om_table *t;

	OM_GROW(s->tables, s->ntables + 1, s->atables);
	t = &s->tables[s->ntables];
	memset(t, 0, sizeof(*t));
	t->line = l->line;
	s->ntables++;
	if (expect_word(l, "a table name", &t->name, err))
		return -1;
	for (size_t i = 0; i + 1 < s->ntables; i++)
		if (!strcmp(s->tables[i].name, t->name))
			return lerr(l, err, "table \"%s\" is declared twice (first at line %d)",
				    t->name, s->tables[i].line);
	for (;;) {
		const struct tok *w = peek(l);

		if (w->kind == T_END)
			break;
		if (at_variant(l)) {
			enum om_engine e;

			if (parse_variants_engine(l, &e, err))
				return -1;
			if (!is_word(next(l), "version"))
				return lerr(l, err, "a table variant can only set \"version N\"");
			if (t->has_eversion[e])
				return lerr(l, err, "table \"%s\" has two %s versions", t->name, om_engine_name(e));
			if (expect_int(l, "a version", &t->eversion[e], err))
				return -1;
			t->has_eversion[e] = true;
			continue;
		}
		next(l);
		if (is_word(w, "class")) {
			if (t->cls)
				return lerr(l, err, "table \"%s\" has two classes", t->name);
			if (expect_word(l, "a class name", &t->cls, err))
				return -1;
		} else if (is_word(w, "version")) {
			if (t->has_version)
				return lerr(l, err, "table \"%s\" has two versions", t->name);
			if (expect_int(l, "a version", &t->version, err))
				return -1;
			t->has_version = true;
		} else if (is_word(w, "optional")) {
			t->optional = true;
		} else {
			return lerr(l, err, "unexpected \"%s\" after table \"%s\"", tok_desc(w), t->name);
		}
	}
	if (!t->cls)
		t->cls = om_xstrdup("core");
	return 0;
}

static const char *known_class(const struct om_schema *s, const char *cls)
{
	return om_schema_class(s, cls) ? cls : NULL;
}

/* An error at a given line of the file being parsed (not the current one). */
static int line_err(const struct lexline *l, int line, struct om_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int line_err(const struct lexline *l, int line, struct om_error *err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return om_error_set(err, OM_EXIT_USAGE, "%s:%d: %s", l->file, line, msg);
}

static int check_cols_exist(const struct lexline *l, int line, const struct om_table *t, char **cols,
			    size_t n, const char *what, struct om_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (!om_table_column(t, cols[i]))
			return line_err(l, line, err, "%s names column \"%s\", which table \"%s\" does not have",
					what, cols[i], t->name);
	return 0;
}

static int finish_columns(const struct lexline *l, const struct om_schema *s, const struct om_table *t,
			  struct om_error *err)
{
	for (size_t i = 0; i < t->ncols; i++) {
		const struct om_column *c = &t->cols[i];

		if (c->cls && !known_class(s, c->cls))
			return line_err(l, c->line, err, "column \"%s.%s\": unknown class \"%s\"", t->name, c->name,
					c->cls);
		for (int e = 0; e < OM_NENGINES; e++) {
			bool notnull;
			struct om_default d;

			if (!c->var[e].present || !om_column_effective(c, (enum om_engine)e, NULL, &notnull, &d))
				continue;
			if (notnull && d.kind == OM_DEF_NULL)
				return line_err(l, c->line, err, "column \"%s\" is not null but defaults to null on %s",
						c->name, om_engine_name((enum om_engine)e));
		}
	}
	return 0;
}

/* The keys' columns and classes, then auto_increment, which needs the primary key. */
static int finish_keys(const struct lexline *l, const struct om_schema *s, const struct om_table *t,
		       struct om_error *err)
{
	const struct om_key *pk = NULL;

	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];
		char what[200];

		if (k->kind == OM_KEY_PRIMARY) {
			pk = k;
			snprintf(what, sizeof(what), "the primary key of \"%s\"", t->name);
		} else {
			snprintf(what, sizeof(what), "key \"%s\"", k->name);
		}
		if (check_cols_exist(l, k->line, t, k->cols, k->ncols, what, err))
			return -1;
		if (k->cls && !known_class(s, k->cls))
			return line_err(l, k->line, err, "%s: unknown class \"%s\"", what, k->cls);
	}
	for (size_t i = 0; i < t->ncols; i++) {
		const struct om_column *c = &t->cols[i];

		if (!c->autoinc)
			continue;
		if (!pk || pk->ncols != 1 || strcmp(pk->cols[0], c->name))
			return line_err(l, c->line, err, "auto_increment column \"%s.%s\" must be the whole primary key",
					t->name, c->name);
	}
	return 0;
}

static int finish_orders(const struct lexline *l, const struct om_table *t, struct om_error *err)
{
	for (int e = 0; e < OM_NENGINES; e++) {
		size_t n = 0;

		if (!t->order[e])
			continue;
		while (t->order[e][n])
			n++;
		if (check_cols_exist(l, t->order_line[e], t, t->order[e], n, "the column order", err))
			return -1;
		if (n != t->ncols)
			return line_err(l, t->order_line[e], err, "the %s column order of \"%s\" lists %zu of its %zu columns",
					om_engine_name((enum om_engine)e), t->name, n, t->ncols);
	}
	return 0;
}

/* Checks that need the whole table, run at its `end`; errors name the line at fault. */
static int finish_table(struct lexline *l, const struct om_schema *s, struct om_table *t,
			struct om_error *err)
{
	if (!t->ncols)
		return lerr(l, err, "table \"%s\" has no columns", t->name);
	if (!known_class(s, t->cls))
		return line_err(l, t->line, err, "table \"%s\": unknown class \"%s\"", t->name, t->cls);
	if (finish_columns(l, s, t, err) || finish_keys(l, s, t, err))
		return -1;
	return finish_orders(l, t, err);
}

/* ---- a plan file: lines, statements and their dispatch ----------------- */

/* Split text into lines, counting them. */
struct line_iter {
	const char *text;
	size_t len, pos;
	int line;
};

static bool next_line(struct line_iter *it, const char **s, size_t *n)
{
	size_t start = it->pos;

	if (it->pos >= it->len)
		return false;
	while (it->pos < it->len && it->text[it->pos] != '\n')
		it->pos++;
	*s = it->text + start;
	*n = it->pos - start;
	if (it->pos < it->len)
		it->pos++;
	it->line++;
	return true;
}

static int check_text(const char *file, const char *text, size_t len, struct om_error *err)
{
	const char *nul = memchr(text, '\0', len);
	int line = 1;

	if (!nul)
		return 0;
	for (const char *p = text; p < nul; p++)
		if (*p == '\n')
			line++;
	return om_error_set(err, OM_EXIT_USAGE, "%s:%d: contains a NUL byte (not a text file)", file, line);
}

/*
 * The next statement of the file: lex its line into l and point *kw at its
 * keyword.  Returns 1, 0 at the end of the text, -1 on error.
 */
static int next_statement(struct line_iter *it, struct lexline *l, const struct tok **kw,
			  struct om_error *err)
{
	const char *ls;
	size_t ln;

	while (next_line(it, &ls, &ln)) {
		lexline_release(l);
		l->line = it->line;
		l->text = ls;
		l->len = ln;
		if (lex(l, err))
			return -1;
		*kw = next(l);
		if ((*kw)->kind == T_END)
			continue;
		if ((*kw)->kind != T_WORD)
			return lerr(l, err, "expected a statement, found \"%s\"", (*kw)->text);
		return 1;
	}
	return 0;
}

/*
 * The state of reading one schema or map file.  A statement's handler
 * parses the rest of its line (l, after the keyword kw) into the plan,
 * and opens or closes its table block.
 */
struct parser {
	struct line_iter it;
	struct lexline l;
	const struct tok *kw;
	bool started;               /* the first statement was seen */
	bool tables_only;           /* om_tables_parse: not an OpenSER version */
	struct om_schema *s;        /* a schema file's plan, or NULL */
	struct om_table *table;     /* its open table block */
	struct om_map *m;           /* a map file's plan, or NULL */
	struct om_map_table *mt;    /* its open table block */
};

typedef int (*stmt_fn)(struct parser *p, struct om_error *err);

/* Where a keyword is a statement. */
enum { AT_TOP = 1, IN_BLOCK = 2, ANYWHERE = AT_TOP | IN_BLOCK };

struct stmt {
	const char *kw;
	int where;
	stmt_fn fn;
};

/* A kind of plan file: its first statement and its keyword table. */
struct plan_kind {
	const char *first;          /* the keyword of the first statement */
	const char *usage;          /* that statement as errors show it */
	const struct stmt *stmts;   /* up to an entry without kw */
	stmt_fn other_in_block;     /* a line in a block that no entry takes */
	stmt_fn finish;             /* checks once the text is read, or NULL */
};

static bool in_block(const struct parser *p)
{
	return p->table || p->mt;
}

static int dispatch(struct parser *p, const struct plan_kind *k, struct om_error *err)
{
	const char *kw = p->kw->text;
	int here = in_block(p) ? IN_BLOCK : AT_TOP;

	if (!p->started && strcmp(kw, k->first))
		return lerr(&p->l, err, "the first statement must be \"%s\"", k->usage);
	p->started = true;
	for (const struct stmt *st = k->stmts; st->kw; st++)
		if (!strcmp(st->kw, kw) && (st->where & here))
			return st->fn(p, err);
	if (here == IN_BLOCK)
		return k->other_in_block(p, err);
	return lerr(&p->l, err, "unknown statement \"%s\"", kw);
}

/*
 * What reading any plan file takes: its name and checksum into the plan
 * (*file_copy, sha256), a text without NUL bytes, each statement through
 * k's table, and at least the first statement.
 */
static int parse_plan(struct parser *p, const struct plan_kind *k, const char *file, const char *text,
		      size_t len, char **file_copy, char *sha256, struct om_error *err)
{
	int r;

	p->it = (struct line_iter){ text, len, 0, 0 };
	memset(&p->l, 0, sizeof(p->l));
	p->l.file = file;
	*file_copy = om_xstrdup(file);
	om_sha256_hex(text, len, sha256);
	if (check_text(file, text, len, err))
		return -1;
	while ((r = next_statement(&p->it, &p->l, &p->kw, err)) > 0)
		if (dispatch(p, k, err)) {
			r = -1;
			break;
		}
	lexline_release(&p->l);
	if (r < 0)
		return -1;
	if (!p->started)
		return om_error_set(err, OM_EXIT_USAGE, "%s:1: empty plan: expected \"%s\"", file, k->usage);
	return k->finish ? k->finish(p, err) : 0;
}

/* A version is written as a number (1.2.0) or a word. */
static bool is_version(const struct tok *t)
{
	return t->kind == T_NUM || t->kind == T_WORD;
}

/* title "..." (schemas and maps) */
static int st_title(struct parser *p, struct om_error *err)
{
	char **title = p->s ? &p->s->title : &p->m->title;
	const struct tok *v = next(&p->l);

	if (v->kind != T_QSTR)
		return lerr(&p->l, err, "expected a \"quoted\" title");
	free(*title);
	*title = om_xstrdup(v->text);
	return expect_end(&p->l, err);
}

/* end (schemas and maps): a schema's table is checked whole here. */
static int st_end(struct parser *p, struct om_error *err)
{
	if (!in_block(p))
		return lerr(&p->l, err, "\"end\" outside a table block");
	if (expect_end(&p->l, err) || (p->table && finish_table(&p->l, p->s, p->table, err)))
		return -1;
	p->table = NULL;
	p->mt = NULL;
	return 0;
}

/* ---- schema statements ------------------------------------------------- */

/* schema VERSION */
static int st_schema(struct parser *p, struct om_error *err)
{
	const struct tok *v = next(&p->l);

	if (p->s->version)
		return lerr(&p->l, err, "a second \"schema\" statement");
	if (!is_version(v))
		return lerr(&p->l, err, "expected a version after \"schema\"");
	p->s->version = om_xstrdup(v->text);
	return expect_end(&p->l, err);
}

static int refuse_in_derived(struct parser *p, struct om_error *err)
{
	if (!p->s->base)
		return 0;
	return lerr(&p->l, err, "a derived schema (\"base %s\") has only drop and set statements", p->s->base);
}

/* class NAME [option VAR] [partial] */
static int st_class(struct parser *p, struct om_error *err)
{
	struct lexline *l = &p->l;
	struct om_schema *s = p->s;
	struct om_class *c;

	if (refuse_in_derived(p, err))
		return -1;
	OM_GROW(s->classes, s->nclasses + 1, s->aclasses);
	c = &s->classes[s->nclasses];
	memset(c, 0, sizeof(*c));
	s->nclasses++;
	if (expect_word(l, "a class name", &c->name, err))
		return -1;
	for (size_t i = 0; i + 1 < s->nclasses; i++)
		if (!strcmp(s->classes[i].name, c->name))
			return lerr(l, err, "class \"%s\" is declared twice", c->name);
	if (is_word(peek(l), "option")) {
		next(l);
		if (expect_word(l, "an openserctlrc variable", &c->option, err))
			return -1;
	}
	if (is_word(peek(l), "partial")) {
		next(l);
		c->partial = true;
	}
	return expect_end(l, err);
}

/* table NAME ...: opens its block */
static int st_table(struct parser *p, struct om_error *err)
{
	if (refuse_in_derived(p, err) || parse_table_head(&p->l, p->s, err))
		return -1;
	p->table = &p->s->tables[p->s->ntables - 1];
	return 0;
}

/* base, drop and set make one version's schema from another's. */
static int refuse_in_tables(struct parser *p, struct om_error *err)
{
	if (!p->tables_only)
		return 0;
	return lerr(&p->l, err, "\"%s\" is a derived-schema statement, not allowed in a set of tables",
		    p->kw->text);
}

/* base VERSION */
static int st_base(struct parser *p, struct om_error *err)
{
	struct om_schema *s = p->s;
	const struct tok *v = next(&p->l);

	if (refuse_in_tables(p, err))
		return -1;
	if (s->base || s->ntables || s->nclasses)
		return lerr(&p->l, err, "\"base\" must come before any class or table, once");
	if (!is_version(v))
		return lerr(&p->l, err, "expected a version after \"base\"");
	s->base = om_xstrdup(v->text);
	return expect_end(&p->l, err);
}

/* A new edit of a derived schema (drop, set). */
static struct om_edit *new_edit(struct parser *p, struct om_error *err)
{
	struct om_schema *s = p->s;
	struct om_edit *e;

	if (refuse_in_tables(p, err))
		return NULL;
	if (!s->base) {
		lerr(&p->l, err, "\"%s\" needs a \"base VERSION\" first", p->kw->text);
		return NULL;
	}
	OM_GROW(s->edits, s->nedits + 1, s->aedits);
	e = &s->edits[s->nedits];
	memset(e, 0, sizeof(*e));
	e->line = p->l.line;
	s->nedits++;
	return e;
}

/* drop column TABLE.COLUMN */
static int st_drop(struct parser *p, struct om_error *err)
{
	struct lexline *l = &p->l;
	struct om_edit *e = new_edit(p, err);

	if (!e)
		return -1;
	e->kind = OM_EDIT_DROP_COLUMN;
	if (!is_word(next(l), "column"))
		return lerr(l, err, "expected \"drop column TABLE.COLUMN\"");
	if (expect_word(l, "a table name", &e->table, err))
		return -1;
	if (!is_punct(next(l), "."))
		return lerr(l, err, "expected \"drop column TABLE.COLUMN\"");
	if (expect_word(l, "a column name", &e->column, err))
		return -1;
	return expect_end(l, err);
}

/* set version TABLE N            set version TABLE ENGINE: N */
static int st_set(struct parser *p, struct om_error *err)
{
	struct lexline *l = &p->l;
	struct om_edit *e = new_edit(p, err);

	if (!e)
		return -1;
	if (!is_word(next(l), "version"))
		return lerr(l, err, "expected \"set version TABLE [ENGINE:] N\"");
	e->kind = OM_EDIT_SET_VERSION;
	if (expect_word(l, "a table name", &e->table, err))
		return -1;
	if (at_variant(l) && parse_variants_engine(l, &e->engine, err))
		return -1;
	if (expect_int(l, "a version", &e->version, err))
		return -1;
	return expect_end(l, err);
}

/* The statements of a table block. */
static int st_column(struct parser *p, struct om_error *err)
{
	return parse_column(&p->l, p->table, err);
}

static int st_primary(struct parser *p, struct om_error *err)
{
	return parse_key(&p->l, p->table, OM_KEY_PRIMARY, err);
}

static int st_unique(struct parser *p, struct om_error *err)
{
	return parse_key(&p->l, p->table, OM_KEY_UNIQUE, err);
}

static int st_index(struct parser *p, struct om_error *err)
{
	return parse_key(&p->l, p->table, OM_KEY_INDEX, err);
}

static int st_check(struct parser *p, struct om_error *err)
{
	return parse_check(&p->l, p->table, err);
}

static int st_order(struct parser *p, struct om_error *err)
{
	return parse_order(&p->l, p->table, err);
}

static int not_in_table(struct parser *p, struct om_error *err)
{
	return lerr(&p->l, err, "unexpected \"%s\" inside table \"%s\" (missing \"end\"?)",
		    p->kw->text, p->table->name);
}

static int schema_finish(struct parser *p, struct om_error *err)
{
	const struct om_schema *s = p->s;

	if (p->table)
		return om_error_set(err, OM_EXIT_USAGE, "%s:%d: table \"%s\" is not closed with \"end\"",
				    p->l.file, p->table->line, p->table->name);
	/*
	 * A derived schema is checked once it is built from its base; a set
	 * of tables that is not a version needs neither.
	 */
	if (s->base || p->tables_only)
		return 0;
	if (!om_schema_class(s, "core"))
		return om_error_set(err, OM_EXIT_USAGE, "%s: no \"class core\" declared", p->l.file);
	if (!om_schema_table(s, "version"))
		return om_error_set(err, OM_EXIT_USAGE, "%s: the schema has no \"version\" table", p->l.file);
	return 0;
}

static const struct stmt schema_stmts[] = {
	{ "schema",  AT_TOP,   st_schema },
	{ "title",   AT_TOP,   st_title },
	{ "class",   AT_TOP,   st_class },
	{ "table",   AT_TOP,   st_table },
	{ "base",    AT_TOP,   st_base },
	{ "drop",    AT_TOP,   st_drop },
	{ "set",     AT_TOP,   st_set },
	{ "end",     ANYWHERE, st_end },
	{ "column",  IN_BLOCK, st_column },
	{ "primary", IN_BLOCK, st_primary },
	{ "unique",  IN_BLOCK, st_unique },
	{ "index",   IN_BLOCK, st_index },
	{ "check",   IN_BLOCK, st_check },
	{ "order",   IN_BLOCK, st_order },
	{ NULL, 0, NULL }
};

static const struct plan_kind schema_plan = {
	"schema", "schema VERSION", schema_stmts, not_in_table, schema_finish
};

static int schema_parse(struct om_schema **out, const char *file, const char *text, size_t len,
			bool tables_only, struct om_error *err)
{
	struct om_schema *s = om_xcalloc(1, sizeof(*s));
	struct parser p = { .s = s, .tables_only = tables_only };

	*out = NULL;
	if (parse_plan(&p, &schema_plan, file, text, len, &s->file, s->sha256, err)) {
		om_schema_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int om_schema_parse(struct om_schema **out, const char *file, const char *text,
		    size_t len, struct om_error *err)
{
	return schema_parse(out, file, text, len, false, err);
}

int om_tables_parse(struct om_schema **out, const char *file, const char *text,
		    size_t len, struct om_error *err)
{
	return schema_parse(out, file, text, len, true, err);
}

static void colvariant_release(struct om_colvariant *v)
{
	type_release(&v->type);
	default_release(&v->def);
}

static void column_release(struct om_column *c)
{
	free(c->name);
	type_release(&c->type);
	default_release(&c->def);
	free(c->cls);
	for (int e = 0; e < OM_NENGINES; e++)
		colvariant_release(&c->var[e]);
}

void om_schema_free(struct om_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ntables; i++) {
		struct om_table *t = &s->tables[i];

		for (size_t j = 0; j < t->ncols; j++)
			column_release(&t->cols[j]);
		free(t->cols);
		for (size_t j = 0; j < t->nkeys; j++) {
			struct om_key *k = &t->keys[j];

			free(k->name);
			free_namelist(k->cols, k->ncols);
			free(k->cls);
			for (int e = 0; e < OM_NENGINES; e++)
				free(k->ename[e]);
		}
		free(t->keys);
		for (size_t j = 0; j < t->nchecks; j++) {
			free(t->checks[j].name);
			free(t->checks[j].sql);
		}
		free(t->checks);
		for (int e = 0; e < OM_NENGINES; e++) {
			if (t->order[e]) {
				for (size_t j = 0; t->order[e][j]; j++)
					free(t->order[e][j]);
				free(t->order[e]);
			}
		}
		free(t->name);
		free(t->cls);
	}
	free(s->tables);
	for (size_t i = 0; i < s->nclasses; i++) {
		free(s->classes[i].name);
		free(s->classes[i].option);
	}
	free(s->classes);
	for (size_t i = 0; i < s->nedits; i++) {
		free(s->edits[i].table);
		free(s->edits[i].column);
	}
	free(s->edits);
	free(s->base);
	free(s->version);
	free(s->title);
	free(s->file);
	free(s);
}

/* ---- map --------------------------------------------------------------- */

void om_expr_free(struct om_expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nargs; i++)
		om_expr_free(e->args[i]);
	free(e->args);
	free(e->text);
	free(e);
}

static int parse_expr(struct lexline *l, struct om_expr **out, int depth, struct om_error *err);

/* NAME(ARGS): call e to the function e->text, whose '(' is next. */
static int parse_call(struct lexline *l, struct om_expr *e, int depth, struct om_error *err)
{
	const struct om_function *f;

	e->kind = OM_EXPR_CALL;
	e->fn = om_function_find(e->text);
	if (e->fn < 0)
		return lerr(l, err, "unknown function \"%s\"", e->text);
	f = &om_functions[e->fn];
	next(l);
	if (!is_punct(peek(l), ")")) {
		size_t alloc = 0;

		for (;;) {
			struct om_expr *a;

			if (parse_expr(l, &a, depth + 1, err))
				return -1;
			OM_GROW(e->args, e->nargs + 1, alloc);
			e->args[e->nargs++] = a;
			if (!is_punct(peek(l), ","))
				break;
			next(l);
		}
	}
	if (expect_punct(l, ")", err))
		return -1;
	if ((int)e->nargs < f->min_args || (f->max_args >= 0 && (int)e->nargs > f->max_args))
		return lerr(l, err, "function \"%s\" takes %d%s argument%s, not %zu", f->name,
			    f->min_args, f->max_args < 0 ? " or more" : "",
			    f->min_args == 1 && f->max_args == 1 ? "" : "s", e->nargs);
	return 0;
}

static int parse_expr(struct lexline *l, struct om_expr **out, int depth, struct om_error *err)
{
	const struct tok *t = next(l);
	struct om_expr *e;

	*out = NULL;
	if (depth > 32)
		return lerr(l, err, "expression nested too deeply");
	e = om_xcalloc(1, sizeof(*e));
	e->fn = -1;
	switch (t->kind) {
	case T_STR:
		e->kind = OM_EXPR_STRING;
		e->text = om_xstrdup(t->text);
		break;
	case T_NUM:
		e->kind = OM_EXPR_NUMBER;
		e->text = om_xstrdup(t->text);
		break;
	case T_WORD:
		e->text = om_xstrdup(t->text);
		if (!strcmp(t->text, "null")) {
			e->kind = OM_EXPR_NULL;
		} else if (!is_punct(peek(l), "(")) {
			e->kind = OM_EXPR_COLUMN;
		} else if (parse_call(l, e, depth, err)) {
			om_expr_free(e);
			return -1;
		}
		break;
	default:
		om_expr_free(e);
		return lerr(l, err, "expected an expression, found \"%s\"", tok_desc(t));
	}
	*out = e;
	return 0;
}

static int parse_assign(struct lexline *l, struct om_map_table *mt, const char *col, struct om_error *err)
{
	struct om_assign *a;

	OM_GROW(mt->assigns, mt->nassigns + 1, mt->aassigns);
	a = &mt->assigns[mt->nassigns];
	memset(a, 0, sizeof(*a));
	a->line = l->line;
	mt->nassigns++;
	a->column = om_xstrdup(col);
	if (expect_punct(l, "=", err))
		return -1;
	if (parse_expr(l, &a->expr, 0, err))
		return -1;
	if (is_word(peek(l), "when")) {
		const struct tok *v;

		next(l);
		if (expect_word(l, "an openserctlrc variable", &a->when_var, err))
			return -1;
		if (expect_punct(l, "=", err))
			return -1;
		v = next(l);
		if (v->kind != T_WORD && v->kind != T_NUM && v->kind != T_STR)
			return lerr(l, err, "expected a value after \"when %s=\"", a->when_var);
		a->when_value = om_xstrdup(v->text);
	}
	if (expect_end(l, err))
		return -1;
	for (size_t i = 0; i + 1 < mt->nassigns; i++)
		if (!strcmp(mt->assigns[i].column, a->column) && !mt->assigns[i].when_var && !a->when_var)
			return lerr(l, err, "column \"%s\" is assigned twice", a->column);
	return 0;
}

/* ---- map statements ---------------------------------------------------- */

/* map FROM -> TO */
static int st_map(struct parser *p, struct om_error *err)
{
	struct lexline *l = &p->l;
	struct om_map *m = p->m;
	const struct tok *v;

	if (m->from)
		return lerr(l, err, "a second \"map\" statement");
	v = next(l);
	if (!is_version(v))
		return lerr(l, err, "expected \"map FROM -> TO\"");
	m->from = om_xstrdup(v->text);
	m->line = l->line;
	if (expect_punct(l, "->", err))
		return -1;
	v = next(l);
	if (!is_version(v))
		return lerr(l, err, "expected \"map FROM -> TO\"");
	m->to = om_xstrdup(v->text);
	return expect_end(l, err);
}

/*
 * table TARGET from SOURCE [if exists]: opens its block, closing the one
 * before (a table block without lines may omit its `end`).
 */
static int st_map_table(struct parser *p, struct om_error *err)
{
	struct lexline *l = &p->l;
	struct om_map *m = p->m;
	struct om_map_table *mt;

	OM_GROW(m->tables, m->ntables + 1, m->atables);
	mt = p->mt = &m->tables[m->ntables];
	memset(mt, 0, sizeof(*mt));
	mt->line = l->line;
	m->ntables++;
	if (expect_word(l, "a target table", &mt->target, err))
		return -1;
	for (size_t i = 0; i + 1 < m->ntables; i++)
		if (!strcmp(m->tables[i].target, mt->target))
			return lerr(l, err, "target table \"%s\" is mapped twice", mt->target);
	if (!is_word(next(l), "from"))
		return lerr(l, err, "expected \"table TARGET from SOURCE\"");
	if (expect_word(l, "a source table", &mt->source, err))
		return -1;
	if (is_word(peek(l), "if")) {
		next(l);
		if (!is_word(next(l), "exists"))
			return lerr(l, err, "expected \"if exists\"");
		mt->if_exists = true;
	}
	return expect_end(l, err);
}

/* COLUMN = EXPR [when VAR=VALUE]: any other line of a block. */
static int st_assign(struct parser *p, struct om_error *err)
{
	return parse_assign(&p->l, p->mt, p->kw->text, err);
}

/* order by (COLS), order scan; else `order` is a column assigned to. */
static int st_map_order(struct parser *p, struct om_error *err)
{
	struct lexline *l = &p->l;
	struct om_map_table *mt = p->mt;

	if (!is_word(peek(l), "by") && !is_word(peek(l), "scan"))
		return st_assign(p, err);
	if (mt->order != OM_ORDER_DEFAULT)
		return lerr(l, err, "two orders for table \"%s\"", mt->target);
	if (is_word(next(l), "scan")) {
		mt->order = OM_ORDER_SCAN;
	} else {
		mt->order = OM_ORDER_BY;
		mt->order_line = l->line;
		if (parse_namelist(l, &mt->order_cols, &mt->norder_cols, err))
			return -1;
	}
	return expect_end(l, err);
}

static const struct stmt map_stmts[] = {
	{ "map",   ANYWHERE, st_map },
	{ "title", ANYWHERE, st_title },
	{ "table", ANYWHERE, st_map_table },
	{ "end",   ANYWHERE, st_end },
	{ "order", IN_BLOCK, st_map_order },
	{ NULL, 0, NULL }
};

static const struct plan_kind map_plan = {
	"map", "map FROM -> TO", map_stmts, st_assign, NULL
};

int om_map_parse(struct om_map **out, const char *file, const char *text,
		 size_t len, struct om_error *err)
{
	struct om_map *m = om_xcalloc(1, sizeof(*m));
	struct parser p = { .m = m };

	*out = NULL;
	if (parse_plan(&p, &map_plan, file, text, len, &m->file, m->sha256, err)) {
		om_map_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

void om_map_free(struct om_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ntables; i++) {
		struct om_map_table *t = &m->tables[i];

		for (size_t j = 0; j < t->nassigns; j++) {
			free(t->assigns[j].column);
			om_expr_free(t->assigns[j].expr);
			free(t->assigns[j].when_var);
			free(t->assigns[j].when_value);
		}
		free(t->assigns);
		free_namelist(t->order_cols, t->norder_cols);
		free(t->target);
		free(t->source);
	}
	free(m->tables);
	free(m->from);
	free(m->to);
	free(m->title);
	free(m->file);
	free(m);
}

/* ---- validation and the set -------------------------------------------- */

static int validate_expr(const struct om_map *m, const struct om_assign *a,
			 const struct om_table *src, const struct om_expr *e, struct om_error *err)
{
	if (e->kind == OM_EXPR_COLUMN && !om_table_column(src, e->text))
		return om_error_set(err, OM_EXIT_USAGE,
				    "%s:%d: \"%s\" reads column \"%s\", which source table \"%s\" does not have",
				    m->file, a->line, a->column, e->text, src->name);
	for (size_t i = 0; i < e->nargs; i++)
		if (validate_expr(m, a, src, e->args[i], err))
			return -1;
	return 0;
}

int om_map_validate(const struct om_map *m, const struct om_schema *from,
		    const struct om_schema *to, struct om_error *err)
{
	for (size_t i = 0; i < m->ntables; i++) {
		const struct om_map_table *mt = &m->tables[i];
		const struct om_table *src = om_schema_table(from, mt->source);
		const struct om_table *dst = om_schema_table(to, mt->target);

		if (!dst)
			return om_error_set(err, OM_EXIT_USAGE,
					    "%s:%d: target table \"%s\" is not in schema %s (%s)",
					    m->file, mt->line, mt->target, to->version, to->file);
		if (!src)
			return om_error_set(err, OM_EXIT_USAGE,
					    "%s:%d: source table \"%s\" is not in schema %s (%s)",
					    m->file, mt->line, mt->source, from->version, from->file);
		for (size_t j = 0; j < mt->nassigns; j++) {
			const struct om_assign *a = &mt->assigns[j];

			if (!om_table_column(dst, a->column))
				return om_error_set(err, OM_EXIT_USAGE,
						    "%s:%d: target table \"%s\" has no column \"%s\"",
						    m->file, a->line, dst->name, a->column);
			if (validate_expr(m, a, src, a->expr, err))
				return -1;
		}
		for (size_t j = 0; j < mt->norder_cols; j++)
			if (!om_table_column(src, mt->order_cols[j]))
				return om_error_set(err, OM_EXIT_USAGE,
						    "%s:%d: order names column \"%s\", which source table \"%s\" does not have",
						    m->file, mt->order_line, mt->order_cols[j], src->name);
	}
	return 0;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a > b && !strcmp(s + a - b, suf);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_all(const char *path, size_t *len, struct om_error *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (!f) {
		om_error_set(err, OM_EXIT_USAGE, "cannot read plan \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (ferror(f)) {
		om_error_set(err, OM_EXIT_USAGE, "cannot read plan \"%s\": %s", path, strerror(errno));
		fclose(f);
		strbuf_release(&sb);
		return NULL;
	}
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb);
}

/* Drop edit e's column from t, a table of derived schema d's base. */
static int drop_column(const struct om_schema *d, const struct om_edit *e, struct om_table *t,
		       struct om_error *err)
{
	struct om_column *c = (struct om_column *)om_table_column(t, e->column);

	if (!c)
		return om_error_set(err, OM_EXIT_USAGE, "%s:%d: table \"%s\" of schema %s has no column \"%s\"",
				    d->file, e->line, e->table, d->base, e->column);
	for (int eng = 0; eng < OM_NENGINES; eng++)
		for (size_t n = 0; t->order[eng] && t->order[eng][n]; n++)
			if (!strcmp(t->order[eng][n], e->column))
				return om_error_set(err, OM_EXIT_USAGE,
						    "%s:%d: column \"%s.%s\" is in a column order: it cannot be dropped",
						    d->file, e->line, e->table, e->column);
	for (size_t j = 0; j < t->nkeys; j++)
		for (size_t n = 0; n < t->keys[j].ncols; n++)
			if (!strcmp(t->keys[j].cols[n], e->column))
				return om_error_set(err, OM_EXIT_USAGE,
						    "%s:%d: column \"%s.%s\" is in a key: it cannot be dropped",
						    d->file, e->line, e->table, e->column);
	column_release(c);
	memmove(c, c + 1, (size_t)(t->cols + t->ncols - c - 1) * sizeof(*c));
	t->ncols--;
	return 0;
}

/* Apply edit e of derived schema d to copy, its base. */
static int apply_edit(const struct om_schema *d, const struct om_edit *e, struct om_schema *copy,
		      struct om_error *err)
{
	struct om_table *t = (struct om_table *)om_schema_table(copy, e->table);

	if (!t)
		return om_error_set(err, OM_EXIT_USAGE, "%s:%d: schema %s has no table \"%s\"", d->file, e->line,
				    d->base, e->table);
	if (e->kind == OM_EDIT_DROP_COLUMN)
		return drop_column(d, e, t, err);
	if (e->engine == OM_ENGINE_NONE) {
		t->has_version = true;
		t->version = e->version;
	} else {
		t->has_eversion[e->engine] = true;
		t->eversion[e->engine] = e->version;
	}
	return 0;
}

/* Give copy, the edited base, derived schema d's version, title, file and checksum. */
static void take_identity(struct om_schema *copy, const struct om_schema *d)
{
	char both[128];

	free(copy->version);
	copy->version = om_xstrdup(d->version);
	free(copy->title);
	copy->title = d->title ? om_xstrdup(d->title) : NULL;
	free(copy->file);
	copy->file = om_xstrdup(d->file);
	/*
	 * Over both files (the base as read here): an edit to the base changes
	 * the derived schema too.
	 */
	memcpy(both, d->sha256, 64);
	memcpy(both + 64, copy->sha256, 64);
	om_sha256_hex(both, sizeof(both), copy->sha256);
}

/*
 * Replace derived schema i by its base with the edits applied: the base
 * is parsed again from its file, so that the two own nothing in common.
 */
static int derive_schema(struct om_planset *ps, size_t i, struct om_error *err)
{
	struct om_schema *d = ps->schemas[i], *copy = NULL;
	/* There, and not derived: om_planset_load checked every base first. */
	const struct om_schema *b = om_planset_schema(ps, d->base);
	char *text;
	size_t len;
	int r;

	text = read_all(b->file, &len, err);
	if (!text)
		return -1;
	r = om_schema_parse(&copy, b->file, text, len, err);
	free(text);
	for (size_t k = 0; !r && k < d->nedits; k++)
		r = apply_edit(d, &d->edits[k], copy, err);
	if (r) {
		om_schema_free(copy);
		return -1;
	}
	take_identity(copy, d);
	om_schema_free(d);
	ps->schemas[i] = copy;
	return 0;
}

/* The *.schema and *.map files of dir, sorted (*names freed by the caller). */
static int list_plans(const char *dir, char ***names, size_t *n, struct om_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t alloc = 0;

	if (!d)
		return om_error_set(err, OM_EXIT_USAGE, "cannot open the plan directory \"%s\": %s", dir,
				    strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (!has_suffix(de->d_name, ".schema") && !has_suffix(de->d_name, ".map"))
			continue;
		OM_GROW(*names, *n + 1, alloc);
		(*names)[(*n)++] = om_xstrdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

/* Read and parse file name of dir into ps. */
static int load_plan(struct om_planset *ps, const char *dir, const char *name, struct om_error *err)
{
	struct strbuf path = STRBUF_INIT;
	struct om_schema *s = NULL;
	struct om_map *m = NULL;
	size_t len;
	char *text;
	int r = -1;

	strbuf_addf(&path, "%s/%s", dir, name);
	text = read_all(path.buf, &len, err);
	if (text && has_suffix(name, ".schema"))
		r = om_schema_parse(&s, path.buf, text, len, err);
	else if (text)
		r = om_map_parse(&m, path.buf, text, len, err);
	if (s && om_planset_schema(ps, s->version)) {
		r = om_error_set(err, OM_EXIT_USAGE, "%s: a second schema for version %s", path.buf, s->version);
		om_schema_free(s);
	} else if (s) {
		OM_GROW(ps->schemas, ps->nschemas + 1, ps->aschemas);
		ps->schemas[ps->nschemas++] = s;
	} else if (m) {
		OM_GROW(ps->maps, ps->nmaps + 1, ps->amaps);
		ps->maps[ps->nmaps++] = m;
	}
	free(text);
	strbuf_release(&path);
	return r;
}

/* Every base is a schema of its own: checked before any derived schema is replaced. */
static int check_bases(const struct om_planset *ps, struct om_error *err)
{
	for (size_t i = 0; i < ps->nschemas; i++) {
		const struct om_schema *ds = ps->schemas[i], *b;

		if (!ds->base)
			continue;
		b = om_planset_schema(ps, ds->base);
		if (!b || b->base)
			return om_error_set(err, OM_EXIT_USAGE, "%s: base %s is not a schema of its own in the plans",
					    ds->file, ds->base);
	}
	return 0;
}

/* Each map joins two schemas of the set, is the only one between them, and fits them. */
static int check_maps(const struct om_planset *ps, struct om_error *err)
{
	for (size_t i = 0; i < ps->nmaps; i++) {
		const struct om_map *m = ps->maps[i];
		const struct om_schema *a = om_planset_schema(ps, m->from);
		const struct om_schema *b = om_planset_schema(ps, m->to);

		if (!a || !b)
			return om_error_set(err, OM_EXIT_USAGE,
					    "%s:%d: map %s -> %s: there is no schema for version %s",
					    m->file, m->line, m->from, m->to, a ? m->to : m->from);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(ps->maps[j]->from, m->from) && !strcmp(ps->maps[j]->to, m->to))
				return om_error_set(err, OM_EXIT_USAGE, "%s: a second map %s -> %s (first: %s)",
						    m->file, m->from, m->to, ps->maps[j]->file);
		if (om_map_validate(m, a, b, err))
			return -1;
	}
	return 0;
}

int om_planset_load(struct om_planset **out, const char *dir, struct om_error *err)
{
	struct om_planset *ps = om_xcalloc(1, sizeof(*ps));
	char **names = NULL;
	size_t nnames = 0;
	int rc = -1;

	*out = NULL;
	ps->dir = om_xstrdup(dir);
	if (list_plans(dir, &names, &nnames, err))
		goto fail;
	for (size_t i = 0; i < nnames; i++)
		if (load_plan(ps, dir, names[i], err))
			goto fail;
	if (!ps->nschemas) {
		om_error_set(err, OM_EXIT_USAGE, "no plans (*.schema) in \"%s\"", dir);
		goto fail;
	}
	if (check_bases(ps, err))
		goto fail;
	for (size_t i = 0; i < ps->nschemas; i++)
		if (ps->schemas[i]->base && derive_schema(ps, i, err))
			goto fail;
	if (check_maps(ps, err))
		goto fail;
	rc = 0;
	*out = ps;
	ps = NULL;
fail:
	free_namelist(names, nnames);
	om_planset_free(ps);
	return rc;
}

void om_planset_free(struct om_planset *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->nschemas; i++)
		om_schema_free(ps->schemas[i]);
	free(ps->schemas);
	for (size_t i = 0; i < ps->nmaps; i++)
		om_map_free(ps->maps[i]);
	free(ps->maps);
	free(ps->dir);
	free(ps);
}

const struct om_schema *om_planset_schema(const struct om_planset *ps, const char *version)
{
	for (size_t i = 0; i < ps->nschemas; i++)
		if (!strcmp(ps->schemas[i]->version, version))
			return ps->schemas[i];
	return NULL;
}

const struct om_map *om_planset_map(const struct om_planset *ps, const char *from, const char *to)
{
	for (size_t i = 0; i < ps->nmaps; i++)
		if (!strcmp(ps->maps[i]->from, from) && !strcmp(ps->maps[i]->to, to))
			return ps->maps[i];
	return NULL;
}

const struct om_table *om_schema_table(const struct om_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (!strcmp(s->tables[i].name, name))
			return &s->tables[i];
	return NULL;
}

const struct om_class *om_schema_class(const struct om_schema *s, const char *name)
{
	for (size_t i = 0; i < s->nclasses; i++)
		if (!strcmp(s->classes[i].name, name))
			return &s->classes[i];
	return NULL;
}

const struct om_column *om_table_column(const struct om_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

const struct om_map_table *om_map_table_for(const struct om_map *m, const char *target)
{
	for (size_t i = 0; i < m->ntables; i++)
		if (!strcmp(m->tables[i].target, target))
			return &m->tables[i];
	return NULL;
}

bool om_table_version(const struct om_table *t, enum om_engine e, int *version)
{
	if (t->has_eversion[e]) {
		*version = t->eversion[e];
		return true;
	}
	if (t->has_version) {
		*version = t->version;
		return true;
	}
	return false;
}

bool om_column_effective(const struct om_column *c, enum om_engine e,
			 struct om_type *type, bool *notnull, struct om_default *def)
{
	const struct om_colvariant *v = &c->var[e];

	if (v->present && v->absent)
		return false;
	if (type)
		*type = v->present && v->set_type ? v->type : c->type;
	if (notnull)
		*notnull = v->present && v->notnull >= 0 ? v->notnull == 1 : c->notnull;
	if (def)
		*def = v->present && v->set_default ? v->def : c->def;
	return true;
}

size_t om_table_columns(const struct om_table *t, enum om_engine e, const struct om_column **out)
{
	size_t n = 0;

	if (t->order[e]) {
		for (size_t i = 0; t->order[e][i]; i++)
			out[n++] = om_table_column(t, t->order[e][i]);
	} else {
		for (size_t i = 0; i < t->ncols; i++)
			out[n++] = &t->cols[i];
	}
	return n;
}

const char *om_key_name(const struct om_key *k, enum om_engine e)
{
	if (k->ename[e])
		return k->ename[e];
	if (e == OM_ENGINE_SQLITE && k->ename[OM_ENGINE_PGSQL])
		return k->ename[OM_ENGINE_PGSQL];
	return k->name;
}

bool om_part_selected(const char *cls, bool (*has_class)(const char *cls, void *ud), void *ud)
{
	return !cls || has_class(cls, ud);
}

void om_type_format(struct strbuf *sb, const struct om_type *t)
{
	strbuf_adds(sb, t->base);
	if (t->nargs == 1)
		strbuf_addf(sb, "(%d)", t->arg[0]);
	else if (t->nargs == 2)
		strbuf_addf(sb, "(%d,%d)", t->arg[0], t->arg[1]);
	if (t->is_unsigned)
		strbuf_adds(sb, " unsigned");
}

int om_type_char_width(const struct om_type *t)
{
	if (!strcmp(t->base, "varchar") || !strcmp(t->base, "char"))
		return t->arg[0];
	return -1;
}

int om_type_text_width(const struct om_type *t)
{
	const char *b = t->base;

	if (!strcmp(b, "varchar") || !strcmp(b, "char"))
		return t->arg[0];
	if (!strcmp(b, "tinyint"))
		return 4;
	if (!strcmp(b, "smallint"))
		return 6;
	if (!strcmp(b, "int") || !strcmp(b, "integer"))
		return 11;
	if (!strcmp(b, "bigint"))
		return 20;
	if (!strcmp(b, "datetime") || !strcmp(b, "timestamp"))
		return 19;
	return -1;
}
