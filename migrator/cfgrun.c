/*
 * cfgrun.c: cfg-check and cfg-fix of a text or a file: parse, check,
 * rewrite, check the result again, and write it atomically.  FILE is
 * opened for reading only.
 */
#include "cfgrun.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfgfix.h"
#include "cfgparse.h"

void om_cfg_run_init(struct om_cfg_run *r)
{
	memset(r, 0, sizeof(*r));
	om_cfg_findings_init(&r->fixed);
	om_cfg_findings_init(&r->findings);
}

void om_cfg_run_release(struct om_cfg_run *r)
{
	free(r->file);
	free(r->output);
	om_cfg_findings_release(&r->fixed);
	om_cfg_findings_release(&r->findings);
	om_cfg_run_init(r);
}

int om_cfg_run_exit(const struct om_cfg_run *r)
{
	return om_cfg_needs_change(&r->findings) ? OM_EXIT_FAILED : OM_EXIT_OK;
}

static int check_into(struct om_cfg_findings *out, struct om_cfg_pos *where, const char *name, const char *text,
		      size_t len, struct om_error *err)
{
	struct om_cfg_script s;
	int ret;

	om_cfg_script_init(&s);
	ret = om_cfg_parse(&s, name, text, len, where, err);
	if (!ret)
		om_cfg_check(out, &s);
	om_cfg_script_release(&s);
	return ret;
}

int om_cfg_check_text(struct om_cfg_run *r, const char *name, const char *text, size_t len,
		      struct om_error *err)
{
	free(r->file);
	r->file = om_xstrdup(name);
	return check_into(&r->findings, &r->where, name, text, len, err);
}

/*
 * cfg-fix runs the rules again on what it wrote until nothing more is
 * fixed: a change can make another possible (two edits that overlapped,
 * a statement that shares its line with another only once one is
 * rewritten), and fixing the output again must change nothing.  Each
 * round's changes are reported at their places in the input.
 */
#define FIX_ROUNDS 8

/* The byte offset of line:col (both from 1, columns in bytes) in text. */
static size_t offset_of(const char *text, size_t len, int line, int col)
{
	size_t off = 0;

	for (int l = 1; l < line && off < len; off++)
		if (text[off] == '\n')
			l++;
	off += col > 1 ? (size_t)(col - 1) : 0;
	return off < len ? off : len;
}

static void position_of(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

struct fix_round {
	struct strbuf text;     /* what the round checked */
	struct om_cfg_map map;  /* where the round's output came from in text */
};

/*
 * The findings whose edits were made go to r->fixed (as OM_CFG_FIXED),
 * placed in the input rounds[0].text through the maps of the rounds
 * before round k; the others are dropped.
 */
static void keep_applied(struct om_cfg_run *r, struct om_cfg_findings *all, const bool *applied,
			 const struct fix_round *rounds, size_t k)
{
	for (size_t i = 0; i < all->n; i++) {
		struct om_cfg_finding *f = &all->v[i];

		if (!applied[i]) {
			om_cfg_finding_release(f);
			continue;
		}
		if (k) {
			size_t off = offset_of(rounds[k].text.buf, rounds[k].text.len, f->line, f->col);

			for (size_t j = k; j-- > 0;)
				off = om_cfg_map_back(&rounds[j].map, off);
			position_of(rounds[0].text.buf, off, &f->line, &f->col);
		}
		f->kind = OM_CFG_FIXED;
		OM_GROW(r->fixed.v, r->fixed.n + 1, r->fixed.alloc);
		r->fixed.v[r->fixed.n++] = *f;
	}
	free(all->v);
	om_cfg_findings_init(all);
}

/* r->fixed in the order of their places (stable: a place's changes in the order made). */
static void sort_fixed(struct om_cfg_findings *fx)
{
	for (size_t i = 1; i < fx->n; i++) {
		struct om_cfg_finding f = fx->v[i];
		size_t j = i;

		while (j > 0 && (fx->v[j - 1].line > f.line || (fx->v[j - 1].line == f.line && fx->v[j - 1].col > f.col))) {
			fx->v[j] = fx->v[j - 1];
			j--;
		}
		fx->v[j] = f;
	}
}

int om_cfg_fix_text(struct om_cfg_run *r, const char *name, const char *text, size_t len, const char *out_name,
		    struct strbuf *fixed, struct om_error *err)
{
	struct fix_round rounds[FIX_ROUNDS + 1];
	struct om_cfg_findings all;
	struct om_cfg_pos ignored;
	size_t k = 0, made = 1;
	int ret = -1;

	free(r->file);
	free(r->output);
	r->file = om_xstrdup(name);
	r->output = om_xstrdup(out_name);
	om_cfg_findings_init(&all);
	strbuf_init(&rounds[0].text);
	strbuf_add(&rounds[0].text, text, len);
	for (k = 0; made && k < FIX_ROUNDS; k++) {
		struct strbuf *in = &rounds[k].text;
		bool *applied;

		om_cfg_map_init(&rounds[k].map);
		strbuf_init(&rounds[k + 1].text);
		if (check_into(&all, k ? &ignored : &r->where, k ? out_name : name, in->buf, in->len, err)) {
			om_cfg_findings_release(&all);
			if (k) {
				om_error_prefix(err, "internal error: the rewritten script does not parse");
				err->code = OM_EXIT_FAILED;
			}
			k++;
			goto out;
		}
		applied = om_xcalloc(all.n + 1, sizeof(*applied));
		made = om_cfg_apply(in->buf, in->len, &all, applied, &rounds[k + 1].text, &rounds[k].map);
		keep_applied(r, &all, applied, rounds, k);
		free(applied);
	}
	sort_fixed(&r->fixed);
	if (check_into(&r->findings, &ignored, out_name, rounds[k].text.buf, rounds[k].text.len, err)) {
		om_error_prefix(err, "internal error: the rewritten script does not parse");
		err->code = OM_EXIT_FAILED;
		goto out;
	}
	strbuf_add(fixed, rounds[k].text.buf, rounds[k].text.len);
	ret = 0;
out:
	for (size_t j = 0; j <= k; j++) {
		strbuf_release(&rounds[j].text);
		if (j < k)
			om_cfg_map_release(&rounds[j].map);
	}
	return ret;
}

/* The whole file, at most OM_CFG_MAX_SIZE bytes. */
static int read_script(const char *path, struct strbuf *sb, struct om_error *err)
{
	char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int e;

	if (!f)
		return om_error_set(err, OM_EXIT_USAGE, "cannot read \"%s\": %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(sb, buf, n);
		if (sb->len > OM_CFG_MAX_SIZE) {
			fclose(f);
			return om_error_set(err, OM_EXIT_USAGE, "\"%s\" is larger than %d MiB: not a routing script",
					    path, OM_CFG_MAX_SIZE / (1024 * 1024));
		}
	}
	e = errno;
	if (ferror(f)) {
		fclose(f);
		return om_error_set(err, OM_EXIT_USAGE, "cannot read \"%s\": %s", path, strerror(e));
	}
	fclose(f);
	return 0;
}

int om_cfg_check_file(struct om_cfg_run *r, const char *path, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	free(r->file);
	r->file = om_xstrdup(path);
	ret = read_script(path, &sb, err);
	if (!ret)
		ret = om_cfg_check_text(r, path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}

/* OUT's directory, for the temporary file that is renamed over OUT. */
static char *temp_template(const char *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(out, '/');

	if (slash)
		strbuf_add(&sb, out, (size_t)(slash - out + 1));
	strbuf_addf(&sb, ".%s.XXXXXX", slash ? slash + 1 : out);
	return strbuf_detach(&sb);
}

/* Write data to out through a temporary file and a rename: OUT is whole or untouched. */
static int write_atomic(const char *out, const char *data, size_t len, mode_t mode, struct om_error *err)
{
	char *tmp = temp_template(out);
	int fd = mkstemp(tmp), e = 0;
	size_t done = 0;

	if (fd < 0) {
		e = errno;
		free(tmp);
		return om_error_set(err, OM_EXIT_USAGE, "cannot write \"%s\": %s", out, strerror(e));
	}
	while (done < len && !e) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno != EINTR)
			e = errno;
		else if (n > 0)
			done += (size_t)n;
	}
	if (!e && (fchmod(fd, mode) || fsync(fd)))
		e = errno;
	if (close(fd) && !e)
		e = errno;
	if (!e && rename(tmp, out))
		e = errno;
	if (e)
		unlink(tmp);
	free(tmp);
	if (e)
		return om_error_set(err, OM_EXIT_USAGE, "cannot write \"%s\": %s", out, strerror(e));
	return 0;
}

int om_cfg_fix_file(struct om_cfg_run *r, const char *path, const char *out, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, fixed = STRBUF_INIT;
	struct stat in_st, out_st;
	int ret = -1;

	free(r->file);
	r->file = om_xstrdup(path);
	if (stat(path, &in_st))
		return om_error_set(err, OM_EXIT_USAGE, "cannot read \"%s\": %s", path, strerror(errno));
	if (!strcmp(path, out) || (!stat(out, &out_st) && out_st.st_dev == in_st.st_dev && out_st.st_ino == in_st.st_ino))
		return om_error_set(err, OM_EXIT_USAGE,
				    "\"%s\" is the script being fixed: cfg-fix never changes it, give another output file",
				    out);
	if (read_script(path, &sb, err))
		goto out;
	if (om_cfg_fix_text(r, path, sb.buf, sb.len, out, &fixed, err))
		goto out;
	ret = write_atomic(out, fixed.buf, fixed.len, in_st.st_mode & 0777, err);
out:
	strbuf_release(&sb);
	strbuf_release(&fixed);
	return ret;
}
