/*
 * cfgrun.h: the commands cfg-check and cfg-fix as library calls: read
 * the script, check it, rewrite it into another file, and report the
 * findings as text or JSON.  No database and no openserctlrc are needed.
 */
#ifndef OM_CFGRUN_H
#define OM_CFGRUN_H

#include <stddef.h>

#include "cfgcheck.h"
#include "error.h"
#include "strbuf.h"

/* A script larger than this is refused (openser.cfg files are kilobytes). */
#define OM_CFG_MAX_SIZE (8 * 1024 * 1024)

struct om_cfg_run {
	char *file;                       /* the script checked or fixed (owned) */
	char *output;                     /* cfg-fix: the file written (owned); NULL for cfg-check */
	struct om_cfg_findings fixed;     /* cfg-fix: the changes made, at their places in file */
	struct om_cfg_findings findings;  /* what is left: in file (cfg-check) or in output (cfg-fix) */
	struct om_cfg_pos where;          /* where the script could not be scanned or parsed; 0, 0 otherwise */
};

/* A run owns its names and findings; release frees them (a run can be used again after). */
void om_cfg_run_init(struct om_cfg_run *r);
void om_cfg_run_release(struct om_cfg_run *r);

/* The exit code of a finished run: 1 when an error or a warning is left, else 0. */
int om_cfg_run_exit(const struct om_cfg_run *r);

/*
 * Check len bytes of text, called name in the findings.  Fails
 * (OM_EXIT_USAGE, "NAME:LINE:COL: message", r->where set) when the text
 * cannot be scanned or its brackets do not balance.
 */
int om_cfg_check_text(struct om_cfg_run *r, const char *name, const char *text, size_t len,
		      struct om_error *err);

/*
 * Fix len bytes of text: the rewritten script is appended to fixed (the
 * caller's buffer),
 * r->fixed lists the changes (kind OM_CFG_FIXED) and r->findings what
 * cfg-check says of the result, called out_name.  Fails as
 * om_cfg_check_text, or with OM_EXIT_FAILED if the result itself would
 * not parse (a fault of ours: nothing is to be written then).
 */
int om_cfg_fix_text(struct om_cfg_run *r, const char *name, const char *text, size_t len, const char *out_name,
		    struct strbuf *fixed, struct om_error *err);

/* cfg-check FILE.  Fails with OM_EXIT_USAGE when the file cannot be read or parsed. */
int om_cfg_check_file(struct om_cfg_run *r, const char *path, struct om_error *err);

/*
 * cfg-fix FILE -o OUT.  FILE is only read.  OUT is written whole or not at
 * all (a temporary file in OUT's directory, then renamed over OUT), with
 * FILE's permission bits (a script may hold database passwords).  Fails
 * with OM_EXIT_USAGE, OUT untouched, when FILE cannot be read or parsed,
 * when OUT is FILE (the same path, or a link to the same file), or when
 * OUT cannot be written.
 */
int om_cfg_fix_file(struct om_cfg_run *r, const char *path, const char *out, struct om_error *err);

/*
 * One line per change made ("FILE:LINE:COL: fixed: ...") and one per
 * finding ("FILE:LINE:COL: error|warning|hint: message; in 1.2: text"),
 * appended to out.  A 1.2 text of several statements is joined by " + ".
 */
void om_cfg_report_text(const struct om_cfg_run *r, struct strbuf *out);

/* One line for stderr: how many findings of each kind (and changes made). */
void om_cfg_report_summary(const struct om_cfg_run *r, struct strbuf *out);

/*
 * The run's own members as one JSON object (README, "cfg-check and
 * cfg-fix"; jsonout.h wraps them in the common shape): {"file", "output",
 * "fixed": [...], "findings": [...], "counts": {"error", "warning",
 * "hint", "fixed"}}, each finding {"file", "line", "col", "kind",
 * "message", "replacement", "fixable"}.
 */
void om_cfg_report_json(const struct om_cfg_run *r, struct strbuf *out);

#endif
