/*
 * cfgcheck.c: one check of a routing script: the context, the findings
 * and their edits, and the order of the rule sets.  The rules themselves
 * are in cfgcore.c, cfgparams.c, cfgcode.c and cfgmods.c.
 */
#include "cfgint.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void om_cfg_findings_init(struct om_cfg_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void om_cfg_finding_release(struct om_cfg_finding *f)
{
	free(f->message);
	free(f->replacement);
	for (size_t k = 0; k < f->nedits; k++)
		free(f->edits[k].text);
	free(f->edits);
	memset(f, 0, sizeof(*f));
}

void om_cfg_findings_release(struct om_cfg_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		om_cfg_finding_release(&f->v[i]);
	free(f->v);
	om_cfg_findings_init(f);
}

size_t om_cfg_count(const struct om_cfg_findings *f, enum om_cfg_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].kind == k;
	return n;
}

bool om_cfg_needs_change(const struct om_cfg_findings *f)
{
	return om_cfg_count(f, OM_CFG_ERROR) || om_cfg_count(f, OM_CFG_WARNING);
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 when there is none. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;

	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

void om_cfg_add_shown(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t u = p[i] >= 0x80 ? utf8_len(p + i, n - i) : 0;

		if (u) {
			strbuf_add(sb, p + i, u);
			i += u;
		} else if (p[i] < 0x20 || p[i] >= 0x7f) {
			strbuf_addf(sb, "\\x%02X", p[i++]);
		} else {
			strbuf_addch(sb, (char)p[i++]);
		}
	}
}

static char *shown(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	om_cfg_add_shown(&sb, s, strlen(s));
	return strbuf_detach(&sb);
}

struct om_cfg_finding *cfg_finding(struct cfg_ctx *c, size_t tok, enum om_cfg_kind kind, enum om_cfg_when when,
				   const char *fmt, ...)
{
	struct om_cfg_findings *o = c->out;
	struct om_cfg_finding *f;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (when == OM_CFG_AT_STARTUP)
		strbuf_adds(&sb, " (openser -c does not notice; start-up fails)");
	OM_GROW(o->v, o->n + 1, o->alloc);
	f = &o->v[o->n++];
	memset(f, 0, sizeof(*f));
	f->line = tok < c->s->ntok ? c->s->tok[tok].line : 1;
	f->col = tok < c->s->ntok ? c->s->tok[tok].col : 1;
	f->kind = kind;
	f->message = shown(sb.buf);
	strbuf_release(&sb);
	return f;
}

void cfg_message_add(struct om_cfg_finding *f, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	strbuf_adds(&sb, f->message);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(f->message);
	f->message = shown(sb.buf);
	strbuf_release(&sb);
}

void cfg_replacement(struct om_cfg_finding *f, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	size_t start = 0;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* Shown as it is but for the bytes a terminal or JSON cannot take; line breaks separate statements. */
	for (size_t i = 0; i <= sb.len; i++)
		if (i == sb.len || sb.buf[i] == '\n') {
			om_cfg_add_shown(&out, sb.buf + start, i - start);
			if (i < sb.len)
				strbuf_addch(&out, '\n');
			start = i + 1;
		}
	free(f->replacement);
	f->replacement = strbuf_detach(&out);
	strbuf_release(&sb);
}

void cfg_edit(struct cfg_ctx *c, struct om_cfg_finding *f, size_t start, size_t end, const char *text)
{
	struct om_cfg_edit *e;

	OM_GROW(f->edits, f->nedits + 1, f->aedits);
	e = &f->edits[f->nedits++];
	e->start = start;
	e->end = end;
	e->text = om_xstrdup(text);
	e->seq = c->seq++;
}

void cfg_edit_tok(struct cfg_ctx *c, struct om_cfg_finding *f, size_t tok, const char *text)
{
	const struct om_cfg_tok *t = &c->s->tok[tok];

	cfg_edit(c, f, t->off, t->off + t->len, text);
}

void cfg_edit_string(struct cfg_ctx *c, struct om_cfg_finding *f, size_t tok, const char *value)
{
	const struct om_cfg_tok *t = &c->s->tok[tok];
	char quote = c->s->text[t->off];
	struct strbuf sb = STRBUF_INIT;

	/* Keep the script's own quotes when the value needs no escape in them. */
	if (om_cfg_string_is_raw(t, c->s->text) && !strchr(value, quote) && (quote == '\'' || !strchr(value, '\\'))) {
		strbuf_addch(&sb, quote);
		strbuf_adds(&sb, value);
		strbuf_addch(&sb, quote);
	} else {
		cfg_add_literal(&sb, value);
	}
	cfg_edit_tok(c, f, tok, sb.buf);
	strbuf_release(&sb);
}

void cfg_delete_statement(struct cfg_ctx *c, struct om_cfg_finding *f, size_t first, size_t last)
{
	const struct om_cfg_script *s = c->s;
	size_t start, end;

	if (last + 1 < s->ntok && om_cfg_is(s, last + 1, ";") && s->tok[last + 1].line == s->tok[last].line)
		last++;
	if (cfg_statement_alone(s, first, last)) {
		cfg_statement_lines(s, first, last, &start, &end);
	} else {
		start = s->tok[first].off;
		end = s->tok[last].off + s->tok[last].len;
	}
	cfg_edit(c, f, start, end, "");
}

bool cfg_insert_line(struct cfg_ctx *c, struct om_cfg_finding *f, const char *line)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->insert_at == SIZE_MAX)
		return false;
	if (c->insert_needs_eol)
		strbuf_adds(&sb, c->eol);
	strbuf_adds(&sb, line);
	if (!c->insert_needs_eol)
		strbuf_adds(&sb, c->eol);
	cfg_edit(c, f, c->insert_at, c->insert_at, sb.buf);
	strbuf_release(&sb);
	return true;
}

/* New statements go on their own line after the last loadmodule, where mpath and the modules are set. */
static void find_insert_point(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;
	const char *nl = memchr(s->text, '\n', s->len);
	size_t start, end;

	c->eol = nl && nl > s->text && nl[-1] == '\r' ? "\r\n" : "\n";
	c->insert_at = SIZE_MAX;
	if (!s->nmods)
		return;
	cfg_statement_lines(s, s->mods[s->nmods - 1].kw, s->mods[s->nmods - 1].path, &start, &end);
	if (!cfg_top_level_at(s, end))
		return;
	c->insert_at = end;
	c->insert_needs_eol = end == s->len && (end == 0 || s->text[end - 1] != '\n');
	if (end >= 2 && s->text[end - 1] == '\n')
		c->eol = s->text[end - 2] == '\r' ? "\r\n" : "\n";
}

/* Stable: findings at one place keep the order the rules made them in. */
static void sort_findings(struct om_cfg_findings *o, size_t first)
{
	for (size_t i = first + 1; i < o->n; i++) {
		struct om_cfg_finding f = o->v[i];
		size_t j = i;

		while (j > first && (o->v[j - 1].line > f.line || (o->v[j - 1].line == f.line && o->v[j - 1].col > f.col))) {
			o->v[j] = o->v[j - 1];
			j--;
		}
		o->v[j] = f;
	}
}

void om_cfg_check(struct om_cfg_findings *out, const struct om_cfg_script *s)
{
	struct cfg_ctx c;
	size_t first = out->n;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.out = out;
	find_insert_point(&c);
	cfg_check_core(&c);
	cfg_check_params(&c);
	cfg_check_calls(&c);
	cfg_check_modules(&c);
	sort_findings(out, first);
}
