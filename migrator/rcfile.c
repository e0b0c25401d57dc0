/*
 * rcfile.c: the openserctlrc reader.  A hand-written scanner for the shell
 * subset described in rcfile.h: assignments, quotes, comments and $NAME
 * expansions.  Nothing in the file is ever executed or given to a shell.
 */
#include "rcfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Longest piece of the file quoted in an error message. */
#define SHOW_MAX 60

enum word_mode {
	WORD_VALUE,	/* an assignment's value: expand, refuse tilde */
	WORD_SHOW	/* a word quoted in an error: no expansion */
};

struct rc_parser {
	struct om_rc *rc;
	/*
	 * Assignments of the current line, moved into rc at its end, so
	 * that an error leaves rc with whole lines only.
	 */
	struct om_rc pending;
	const char *name;
	const char *s;
	size_t len;
	size_t pos;
	int line;
	struct om_error *err;
};

void om_rc_init(struct om_rc *rc)
{
	rc->vars = NULL;
	rc->nr = 0;
	rc->alloc = 0;
}

void om_rc_release(struct om_rc *rc)
{
	for (size_t i = 0; i < rc->nr; i++) {
		free(rc->vars[i].key);
		free(rc->vars[i].value);
		free(rc->vars[i].file);
	}
	free(rc->vars);
	om_rc_init(rc);
}

static struct om_rc_var *find_var(const struct om_rc *rc, const char *key, size_t n)
{
	for (size_t i = 0; i < rc->nr; i++)
		if (!strncmp(rc->vars[i].key, key, n) && rc->vars[i].key[n] == '\0')
			return rc->vars + i;
	return NULL;
}

const struct om_rc_var *om_rc_find(const struct om_rc *rc, const char *key)
{
	return find_var(rc, key, strlen(key));
}

const char *om_rc_get(const struct om_rc *rc, const char *key)
{
	const struct om_rc_var *v = om_rc_find(rc, key);

	return v ? v->value : NULL;
}

/* Takes ownership of key and value; copies file (which may be NULL). */
static void rc_set(struct om_rc *rc, char *key, char *value, const char *file, int line)
{
	struct om_rc_var *v = find_var(rc, key, strlen(key));

	if (v) {
		free(key);
		free(v->value);
		free(v->file);
	} else {
		OM_GROW(rc->vars, rc->nr + 1, rc->alloc);
		v = rc->vars + rc->nr++;
		v->key = key;
	}
	v->value = value;
	v->file = file ? om_xstrdup(file) : NULL;
	v->line = line;
}

static void commit(struct rc_parser *p)
{
	for (size_t i = 0; i < p->pending.nr; i++) {
		struct om_rc_var *v = p->pending.vars + i;

		rc_set(p->rc, v->key, v->value, p->name, v->line);
		free(v->file);
	}
	p->pending.nr = 0;
}

static int rc_error(struct rc_parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rc_error(struct rc_parser *p, int line, const char *fmt, ...)
{
	char msg[OM_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return om_error_set(p->err, OM_EXIT_USAGE, "%s:%d: %s", p->name, line, msg);
}

static int shown(size_t len)
{
	return len > SHOW_MAX ? SHOW_MAX : (int)len;
}

static const char *more(size_t len)
{
	return len > SHOW_MAX ? "..." : "";
}

static int is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int is_name(const char *s, size_t n)
{
	if (!n || !is_name_start((unsigned char)s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!is_name_char((unsigned char)s[i]))
			return 0;
	return 1;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* The shell's control and redirection operators start with these. */
static int is_operator(int c)
{
	return c && strchr("|&;<>()", c);
}

/* Width of the line end at i: 1 for "\n", 2 for "\r\n", else 0. */
static size_t newline_at(const struct rc_parser *p, size_t i)
{
	if (i < p->len && p->s[i] == '\n')
		return 1;
	if (i + 1 < p->len && p->s[i] == '\r' && p->s[i + 1] == '\n')
		return 2;
	return 0;
}

static int at_word_end(const struct rc_parser *p)
{
	int c;

	if (p->pos >= p->len)
		return 1;
	c = (unsigned char)p->s[p->pos];
	return is_blank(c) || is_operator(c) || newline_at(p, p->pos);
}

static int nul_error(struct rc_parser *p)
{
	return rc_error(p, p->line, "NUL byte (not a text file?)");
}

static int subst_error(struct rc_parser *p)
{
	return rc_error(p, p->line, "command substitution is not supported");
}

/* Blanks, and backslash-newline which joins lines anywhere outside quotes. */
static void skip_blanks(struct rc_parser *p)
{
	for (;;) {
		size_t w;

		if (p->pos < p->len && is_blank(p->s[p->pos])) {
			p->pos++;
		} else if (p->pos < p->len && p->s[p->pos] == '\\' &&
			   (w = newline_at(p, p->pos + 1))) {
			p->pos += 1 + w;
			p->line++;
		} else {
			break;
		}
	}
}

static int expand(struct rc_parser *p, struct strbuf *out, const char *name,
		  size_t n, int braces)
{
	const struct om_rc_var *v = find_var(&p->pending, name, n);

	if (!v)
		v = find_var(p->rc, name, n);
	if (!v)
		return rc_error(p, p->line, braces ?
				"\"${%.*s%s}\" is not set earlier in the file" :
				"\"$%.*s%s\" is not set earlier in the file",
				shown(n), name, more(n));
	strbuf_adds(out, v->value);
	return 0;
}

/* At a '$', unquoted or (in_dq) inside double quotes. */
static int dollar(struct rc_parser *p, struct strbuf *out, enum word_mode mode, int in_dq)
{
	const char *s = p->s;
	size_t start = p->pos, i = p->pos + 1, j;
	int c = i < p->len ? (unsigned char)s[i] : -1;

	if (c == '(') {
		if (i + 1 < p->len && s[i + 1] == '(')
			return rc_error(p, p->line, "arithmetic expansion is not supported");
		return subst_error(p);
	}
	if (mode == WORD_SHOW || c == -1) {
		strbuf_addch(out, '$');
		p->pos++;
		return 0;
	}
	if (c == '{') {
		for (j = i + 1; j < p->len && is_name_char((unsigned char)s[j]); j++)
			;
		if (is_name(s + i + 1, j - i - 1) && j < p->len && s[j] == '}') {
			if (expand(p, out, s + i + 1, j - i - 1, 1))
				return -1;
			p->pos = j + 1;
			return 0;
		}
		while (j < p->len && s[j] != '}' && s[j] != '\n' && s[j] != '\0')
			j++;
		if (j < p->len && s[j] == '}')
			return rc_error(p, p->line,
					"\"%.*s%s\" is not supported (only $NAME and ${NAME} are)",
					shown(j + 1 - start), s + start, more(j + 1 - start));
		return rc_error(p, p->line, "\"${\" without a closing \"}\"");
	}
	if (is_name_start(c)) {
		for (j = i; j < p->len && is_name_char((unsigned char)s[j]); j++)
			;
		if (expand(p, out, s + i, j - i, 0))
			return -1;
		p->pos = j;
		return 0;
	}
	if ((c >= '0' && c <= '9') || (c && strchr("@*#?-$!", c)))
		return rc_error(p, p->line,
				"\"$%c\" is not supported (only $NAME and ${NAME} are)", c);
	if (!in_dq && (c == '\'' || c == '"'))
		return rc_error(p, p->line, "\"$%c...%c\" quoting is not supported", c, c);
	/* Like the shell: a '$' that starts nothing is itself. */
	strbuf_addch(out, '$');
	p->pos++;
	return 0;
}

static int single_quote(struct rc_parser *p, struct strbuf *out)
{
	int qline = p->line;

	p->pos++;
	for (;;) {
		size_t w;

		if (p->pos >= p->len)
			return rc_error(p, qline, "unterminated single quote (opened here)");
		if (p->s[p->pos] == '\'') {
			p->pos++;
			return 0;
		}
		if (p->s[p->pos] == '\0')
			return nul_error(p);
		if ((w = newline_at(p, p->pos))) {
			strbuf_addch(out, '\n');
			p->pos += w;
			p->line++;
			continue;
		}
		strbuf_addch(out, p->s[p->pos++]);
	}
}

static int double_quote(struct rc_parser *p, struct strbuf *out, enum word_mode mode)
{
	int qline = p->line;

	p->pos++;
	for (;;) {
		size_t w;
		char c;

		if (p->pos >= p->len)
			return rc_error(p, qline, "unterminated double quote (opened here)");
		c = p->s[p->pos];
		if (c == '"') {
			p->pos++;
			return 0;
		}
		if (c == '\0')
			return nul_error(p);
		if (c == '`')
			return subst_error(p);
		if (c == '$') {
			if (dollar(p, out, mode, 1))
				return -1;
			continue;
		}
		if (c == '\\') {
			if (p->pos + 1 >= p->len)
				return rc_error(p, qline, "unterminated double quote (opened here)");
			if ((w = newline_at(p, p->pos + 1))) {
				p->pos += 1 + w;
				p->line++;
				continue;
			}
			if (p->s[p->pos + 1] && strchr("$`\"\\", p->s[p->pos + 1])) {
				strbuf_addch(out, p->s[p->pos + 1]);
				p->pos += 2;
				continue;
			}
			/* Any other backslash stays, as in the shell. */
			strbuf_addch(out, '\\');
			p->pos++;
			continue;
		}
		if ((w = newline_at(p, p->pos))) {
			strbuf_addch(out, '\n');
			p->pos += w;
			p->line++;
			continue;
		}
		strbuf_addch(out, c);
		p->pos++;
	}
}

/*
 * One word, up to an unquoted blank, newline, operator or the end, with
 * quotes removed.  A value undergoes no field splitting or globbing, as in
 * a shell assignment.
 */
static int parse_word(struct rc_parser *p, struct strbuf *out, enum word_mode mode)
{
	/* The shell expands a '~' at the start of a value or after a ':'. */
	int tilde_here = mode == WORD_VALUE;

	while (!at_word_end(p)) {
		char c = p->s[p->pos];
		size_t w;
		int ret = 0;

		if (c == '\\' && (w = newline_at(p, p->pos + 1))) {
			p->pos += 1 + w;
			p->line++;
			continue;
		}
		if (c == '~' && tilde_here)
			return rc_error(p, p->line,
					"tilde expansion is not supported (quote the \"~\" or write the path out)");
		tilde_here = 0;
		switch (c) {
		case '\0':
			return nul_error(p);
		case '\\':
			if (p->pos + 1 >= p->len)
				return rc_error(p, p->line, "backslash at the end of the file");
			if (p->s[p->pos + 1] == '\0')
				return nul_error(p);
			strbuf_addch(out, p->s[p->pos + 1]);
			p->pos += 2;
			break;
		case '\'':
			ret = single_quote(p, out);
			break;
		case '"':
			ret = double_quote(p, out, mode);
			break;
		case '`':
			return subst_error(p);
		case '$':
			ret = dollar(p, out, mode, 0);
			break;
		default:
			strbuf_addch(out, c);
			p->pos++;
			tilde_here = mode == WORD_VALUE && c == ':';
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* One KEY=VALUE word; anything else is the error. */
static int parse_assignment(struct rc_parser *p, int after_export)
{
	struct strbuf word = STRBUF_INIT;
	size_t start = p->pos, i;
	int line = p->line;

	for (i = start; i < p->len; i++) {
		int c = (unsigned char)p->s[i];

		if (!c || c == '=' || is_blank(c) || is_operator(c) ||
		    newline_at(p, i) || strchr("'\"\\$`", c))
			break;
	}
	if (i < p->len && p->s[i] == '=' && i > start) {
		if (!is_name(p->s + start, i - start))
			return rc_error(p, line, "invalid variable name \"%.*s%s\"",
					shown(i - start), p->s + start, more(i - start));
		p->pos = i + 1;
		if (parse_word(p, &word, WORD_VALUE)) {
			strbuf_release(&word);
			return -1;
		}
		rc_set(&p->pending, om_xstrndup(p->s + start, i - start),
		       strbuf_detach(&word), NULL, line);
		return 0;
	}

	strbuf_init(&word);
	if (parse_word(p, &word, WORD_SHOW)) {
		strbuf_release(&word);
		return -1;
	}
	if (after_export) {
		rc_error(p, line, "\"export %.*s%s\" is not supported (only export KEY=VALUE is)",
			 shown(word.len), word.buf, more(word.len));
	} else {
		skip_blanks(p);
		if (is_name(word.buf, word.len) && p->pos < p->len && p->s[p->pos] == '=')
			rc_error(p, line,
				 "\"%.*s%s\" is not an assignment (blanks around \"=\" are not allowed)",
				 shown(word.len), word.buf, more(word.len));
		else
			rc_error(p, line,
				 "\"%.*s%s\" is not an assignment (only KEY=VALUE lines are allowed)",
				 shown(word.len), word.buf, more(word.len));
	}
	strbuf_release(&word);
	return -1;
}

static int at_statement_end(const struct rc_parser *p)
{
	return p->pos >= p->len || newline_at(p, p->pos) || p->s[p->pos] == '#' ||
		is_operator((unsigned char)p->s[p->pos]);
}

static int starts_with_export(struct rc_parser *p)
{
	size_t i = p->pos + 6;

	if (p->len - p->pos < 6 || memcmp(p->s + p->pos, "export", 6))
		return 0;
	return i >= p->len || is_blank(p->s[i]) || newline_at(p, i) ||
		is_operator((unsigned char)p->s[i]) ||
		(p->s[i] == '\\' && newline_at(p, i + 1));
}

/* Assignments up to a ';', a comment or the end of the line. */
static int parse_statement(struct rc_parser *p)
{
	int exported = 0;

	if (starts_with_export(p)) {
		int line = p->line;

		p->pos += 6;
		skip_blanks(p);
		if (at_statement_end(p))
			return rc_error(p, line, "\"export\" without KEY=VALUE is not supported");
		exported = 1;
	}
	if (parse_assignment(p, exported))
		return -1;
	for (;;) {
		int c;

		skip_blanks(p);
		if (p->pos >= p->len || newline_at(p, p->pos) || p->s[p->pos] == '#')
			return 0;
		c = (unsigned char)p->s[p->pos];
		if (c == ';') {
			p->pos++;
			return 0;
		}
		if (is_operator(c))
			return rc_error(p, p->line,
					"unexpected \"%c\" (only KEY=VALUE lines are allowed)", c);
		if (parse_assignment(p, 0))
			return -1;
	}
}

static int parse_text(struct rc_parser *p)
{
	for (;;) {
		size_t w;
		int c;

		skip_blanks(p);
		if (p->pos >= p->len)
			break;
		c = (unsigned char)p->s[p->pos];
		if ((w = newline_at(p, p->pos))) {
			p->pos += w;
			p->line++;
			commit(p);
			continue;
		}
		if (c == '#') {
			while (p->pos < p->len && !newline_at(p, p->pos)) {
				if (p->s[p->pos] == '\0')
					return nul_error(p);
				p->pos++;
			}
			continue;
		}
		if (is_operator(c))
			return rc_error(p, p->line,
					"unexpected \"%c\" (only KEY=VALUE lines are allowed)", c);
		if (parse_statement(p))
			return -1;
	}
	commit(p);
	return 0;
}

int om_rc_parse(struct om_rc *rc, const char *name, const char *text, size_t len,
		struct om_error *err)
{
	struct rc_parser p;
	int ret;

	p.rc = rc;
	om_rc_init(&p.pending);
	p.name = name ? name : "-";
	p.s = text ? text : "";
	p.len = text ? len : 0;
	p.pos = 0;
	p.line = 1;
	p.err = err;
	ret = parse_text(&p);
	om_rc_release(&p.pending);
	return ret;
}

int om_rc_load_file(struct om_rc *rc, const char *path, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	FILE *f;
	size_t n;
	int ret;

	f = fopen(path, "rb");
	if (!f)
		return om_error_set(err, OM_EXIT_USAGE, "cannot read \"%s\": %s",
				    path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(&sb, buf, n);
		/* An openserctlrc is a few kilobytes; /dev/zero or a log file given by mistake is not one. */
		if (sb.len > OM_RC_MAX_SIZE) {
			fclose(f);
			strbuf_release(&sb);
			return om_error_set(err, OM_EXIT_USAGE, "\"%s\" is larger than %d KiB: not an openserctlrc",
					    path, OM_RC_MAX_SIZE / 1024);
		}
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		strbuf_release(&sb);
		return om_error_set(err, OM_EXIT_USAGE, "cannot read \"%s\": %s",
				    path, strerror(e));
	}
	fclose(f);
	ret = om_rc_parse(rc, path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}
