/*
 * cfgrules.h: the changes from OpenSER 1.1.0 to 1.2.0 that a routing
 * script can meet, as tables: module parameters, functions, core
 * statements, and 1.1 defaults that 1.2 turned off.
 *
 * Written by hand from the export tables and start-up code of both
 * releases (the project's notes on them); the checks that need more than
 * a row (load order, flags, the acc columns) are code in cfgmods.c.  Only
 * what changed is here: a parameter that still takes the plain AVP form
 * in 1.2 (lcr, permissions, group) has no row, so nothing rewrites it.
 */
#ifndef OM_CFGRULES_H
#define OM_CFGRULES_H

#include "cfgcheck.h"

/* When 1.2 notices the 1.1 form. */
enum om_cfg_when {
	OM_CFG_AT_CHECK,    /* openser -c already refuses it */
	OM_CFG_AT_STARTUP,  /* openser -c passes; start-up fails */
	OM_CFG_AT_RUNTIME   /* nothing fails: SIP traffic is handled differently */
};

/* What cfg-fix does with a changed module parameter. */
enum om_cfg_param_fix {
	OM_CFG_PARAM_REMOVED,        /* nothing: the note says what to do */
	OM_CFG_PARAM_MOVED,          /* nothing: the value belongs to `to` of to_module now, used differently */
	OM_CFG_PARAM_RENAMED,        /* the same value under `to` */
	OM_CFG_PARAM_AVP_NAME,       /* a plain AVP ("i:24", "s:x", an alias) becomes "$avp(i:24)" */
	OM_CFG_PARAM_AVP_ID,         /* 1.1's AVP number 42 becomes "$avp(i:42)"; 0 (off) is deleted;
				      * a string is treated as AVP_NAME */
	OM_CFG_PARAM_RENAMED_AVP_ID, /* AVP_ID under `to` */
	OM_CFG_PARAM_CREDENTIALS,    /* each AVP of "avp=column;..." as AVP_NAME */
	OM_CFG_PARAM_TO_CORE,        /* the core statement `to`="value" instead */
	OM_CFG_PARAM_USE_DOMAIN,     /* deleted when usrloc's use_domain has the same value */
	OM_CFG_PARAM_MILLISECONDS    /* nothing: `to` takes the value in milliseconds */
};

struct om_cfg_param_rule {
	const char *module, *param;
	enum om_cfg_param_fix fix;
	const char *to_module;  /* MOVED: the module that has the value now */
	const char *to;         /* the 1.2 parameter or core statement, or NULL */
	const char *note;       /* what to do instead; NULL when the message says it all */
};

/* What cfg-fix does with a call of a changed function. */
enum om_cfg_call_fix {
	OM_CFG_CALL_NONE,       /* nothing: the message says what to do */
	OM_CFG_CALL_AVP_WRITE,  /* avp_write("i:1", "$avp(x)"); becomes $avp(x) = 1; */
	OM_CFG_CALL_M_STORE,    /* m_store("0"|"1"|"2") becomes m_store() / m_store("$ou") / m_store("$tu") */
	OM_CFG_CALL_DOMAIN,     /* "$ruri" / "$from" / a plain AVP becomes "$rd" / "$fd" / "$avp(...)" */
	OM_CFG_CALL_SHELL       /* in the command, a '$' that starts no pseudo-variable becomes "$$" */
};

struct om_cfg_call_rule {
	const char *module;     /* the module that exports it; NULL for a core action */
	const char *name;
	int nargs;              /* the argument count the rule is about; -1: any */
	enum om_cfg_kind kind;
	enum om_cfg_when when;
	enum om_cfg_call_fix fix;
	const char *message;    /* what changed */
	const char *instead;    /* the 1.2 text, or NULL */
};

/* What cfg-fix does with a changed core statement (NAME = VALUE). */
enum om_cfg_core_fix {
	OM_CFG_CORE_NONE,       /* nothing: the message says what to do */
	OM_CFG_CORE_MI_FIFO,    /* loadmodule mi_fifo, its fifo_name, and the statement deleted */
	OM_CFG_CORE_SOCK_ALIAS, /* renamed `to` (the unix socket's); the FIFO's part goes to mi_fifo */
	OM_CFG_CORE_TM_PARAM    /* the tm module parameter `to`, and the statement deleted */
};

struct om_cfg_core_rule {
	const char *name;
	enum om_cfg_core_fix fix;
	const char *to;
	const char *message;
};

/*
 * A default of 1.1 that 1.2 turned off.  The script relies on it when it
 * sets neither param nor old_param, and a string or pseudo-variable holds
 * `mention`, or it calls `call`, or parameter flags_param has flags_bit.
 * cfg-fix then sets the 1.1 value, written the 1.2 way.
 */
struct om_cfg_default_rule {
	const char *module, *param, *old_param;
	const char *value;
	const char *mention, *call, *flags_param;
	int flags_bit;
	const char *message;
};

/* Each table ends with a row whose name (param, name) is NULL. */
extern const struct om_cfg_param_rule om_cfg_param_rules[];
extern const struct om_cfg_call_rule om_cfg_call_rules[];
extern const struct om_cfg_core_rule om_cfg_core_rules[];
extern const struct om_cfg_default_rule om_cfg_default_rules[];

/*
 * The pseudo-variables OpenSER 1.2 knows by name (without '$'), for the
 * exec module's commands; NULL-terminated.  A name followed by '(' (a
 * class such as avp, hdr, var) and the tm names starting with "T_" are
 * taken as known too.
 */
extern const char *const om_cfg_pvars_12[];

#endif
