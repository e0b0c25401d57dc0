/*
 * cfgrules.c: the rows of cfgrules.h.  One row per parameter, function or
 * core statement that changed between 1.1.0 and 1.2.0 in a way a script
 * can hit; the wording is ours.  Parameters and functions that 1.2 only
 * added, and argument counts that 1.2 only extended, need no row.
 */
#include "cfgrules.h"

#include <stddef.h>

#define REMOVED(m, p, note) { m, p, OM_CFG_PARAM_REMOVED, NULL, NULL, note }
#define DELETE_IT "nothing replaces it: delete the line"
#define NO_ACC_COLUMN "the 1.2 acc table has no such column: record the value with db_extra if it is needed"

const struct om_cfg_param_rule om_cfg_param_rules[] = {
	/* acc: the record was cut down to the basic fields; the rest comes from log_extra/db_extra. */
	REMOVED("acc", "acc_domain_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_dst_leg_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_from_uri_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_fromtag_column", "1.2 names the column of the From tag with acc_from_tag_column "
		"(column from_tag of the upgraded table)"),
	REMOVED("acc", "acc_i_uri_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_o_uri_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_sip_callid_column", "1.2 names the column of the Call-ID with acc_callid_column "
		"(column callid of the upgraded table)"),
	REMOVED("acc", "acc_sip_from_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_sip_method_column", "1.2 names the column of the method with acc_method_column "
		"(column method of the upgraded table)"),
	REMOVED("acc", "acc_sip_status_column", "1.2 splits the status into acc_sip_code_column and "
		"acc_sip_reason_column (columns sip_code and sip_reason of the upgraded table)"),
	REMOVED("acc", "acc_sip_to_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_src_leg_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_to_uri_column", NO_ACC_COLUMN),
	REMOVED("acc", "acc_user_column", NO_ACC_COLUMN),
	REMOVED("acc", "db_localtime", DELETE_IT),
	REMOVED("acc", "dst_leg_avp_id", "multi-leg accounting is set with multi_leg_info in 1.2"),
	REMOVED("acc", "src_leg_avp_id", "multi-leg accounting is set with multi_leg_info in 1.2"),
	REMOVED("acc", "multi_leg_enabled", "multi-leg accounting is set with multi_leg_info in 1.2"),
	REMOVED("acc", "log_fmt", "the 1.2 log line has fixed fields: add others with log_extra"),
	{ "auth", "rpid_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	{ "auth_db", "load_credentials", OM_CFG_PARAM_CREDENTIALS, NULL, NULL, NULL },
	{ "avpops", "avp_aliases", OM_CFG_PARAM_TO_CORE, NULL, "avp_aliases", NULL },
	{ "cpl-c", "nat_flag", OM_CFG_PARAM_MOVED, "usrloc", "nat_bflag",
	  "usrloc keeps the NAT mark as a branch flag in 1.2: set nat_bflag there and mark NATed "
	  "registrations with setbflag()" },
	{ "cpl-c", "timer_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	{ "dispatcher", "dst_avp_id", OM_CFG_PARAM_RENAMED_AVP_ID, NULL, "dst_avp", NULL },
	{ "dispatcher", "grp_avp_id", OM_CFG_PARAM_RENAMED_AVP_ID, NULL, "grp_avp", NULL },
	{ "dispatcher", "cnt_avp_id", OM_CFG_PARAM_RENAMED_AVP_ID, NULL, "cnt_avp", NULL },
	{ "dispatcher", "dst_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	{ "dispatcher", "grp_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	{ "dispatcher", "cnt_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	REMOVED("lcr", "db_mode", DELETE_IT),
	REMOVED("msilo", "userid_avp", DELETE_IT),
	{ "msilo", "snd_time_avp", OM_CFG_PARAM_AVP_ID, NULL, NULL, NULL },
	{ "nathelper", "received_avp", OM_CFG_PARAM_AVP_ID, NULL, NULL, NULL },
	{ "osp", "validate_call_id", OM_CFG_PARAM_RENAMED, NULL, "validate_callid", NULL },
	REMOVED("registrar", "desc_time_order", DELETE_IT),
	{ "registrar", "nat_flag", OM_CFG_PARAM_MOVED, "usrloc", "nat_bflag",
	  "usrloc keeps the NAT mark as a branch flag in 1.2: set nat_bflag there and mark NATed "
	  "REGISTERs with setbflag() instead of setflag()" },
	{ "registrar", "sip_natping_flag", OM_CFG_PARAM_MOVED, "nathelper", "sipping_bflag",
	  "the SIP-ping mark is nathelper's branch flag in 1.2: set sipping_bflag (and sipping_from) there "
	  "and mark the REGISTERs with setbflag()" },
	REMOVED("registrar", "use_branch_flags", "1.2 always keeps the NAT mark in the branch flags: delete the line, "
		"and use setbflag()/isbflagset() for that flag"),
	{ "registrar", "use_domain", OM_CFG_PARAM_USE_DOMAIN, NULL, NULL, NULL },
	{ "registrar", "received_avp", OM_CFG_PARAM_AVP_ID, NULL, NULL, NULL },
	{ "siptrace", "traced_user_avp", OM_CFG_PARAM_AVP_ID, NULL, NULL, NULL },
	REMOVED("tm", "branch_flag_mask", "1.2 has branch flags instead (setbflag, isbflagset): delete the line"),
	{ "tm", "retr_timer1p1", OM_CFG_PARAM_MILLISECONDS, NULL, "T1_timer", NULL },
	REMOVED("tm", "retr_timer1p2", "1.2 doubles T1_timer at each retransmission: delete the line"),
	REMOVED("tm", "retr_timer1p3", "1.2 doubles T1_timer at each retransmission: delete the line"),
	{ "tm", "retr_timer2", OM_CFG_PARAM_MILLISECONDS, NULL, "T2_timer", NULL },
	{ "tm", "fr_timer_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	{ "tm", "fr_inv_timer_avp", OM_CFG_PARAM_AVP_NAME, NULL, NULL, NULL },
	REMOVED("usrloc", "method_column", DELETE_IT),
	{ NULL, NULL, OM_CFG_PARAM_REMOVED, NULL, NULL, NULL }
};

#define GONE(m, f, n, msg, instead) { m, f, n, OM_CFG_ERROR, OM_CFG_AT_CHECK, OM_CFG_CALL_NONE, msg, instead }

const struct om_cfg_call_rule om_cfg_call_rules[] = {
	{ "avpops", "avp_write", 2, OM_CFG_ERROR, OM_CFG_AT_CHECK, OM_CFG_CALL_AVP_WRITE,
	  "avp_write() was removed from avpops in 1.2: an assignment does it", "$avp(NAME) = VALUE;" },
	{ NULL, "exec", -1, OM_CFG_ERROR, OM_CFG_AT_CHECK, OM_CFG_CALL_NONE,
	  "the core action exec() was removed in 1.2: use the exec module (exec_msg, exec_dset or exec_avp)",
	  NULL },
	{ "exec", "exec_msg", 1, OM_CFG_ERROR, OM_CFG_AT_STARTUP, OM_CFG_CALL_SHELL,
	  "1.2 reads every '$' in the command of exec_msg() as a pseudo-variable: write \"$$\" for the shell's '$'",
	  NULL },
	{ "exec", "exec_dset", 1, OM_CFG_ERROR, OM_CFG_AT_STARTUP, OM_CFG_CALL_SHELL,
	  "1.2 reads every '$' in the command of exec_dset() as a pseudo-variable: write \"$$\" for the shell's '$'",
	  NULL },
	{ "domain", "is_domain_local", 1, OM_CFG_WARNING, OM_CFG_AT_RUNTIME, OM_CFG_CALL_DOMAIN,
	  "the argument of is_domain_local() is a pseudo-variable in 1.2", NULL },
	GONE("enum", "is_from_user_e164", 0,
	     "is_from_user_e164() was removed from enum in 1.2: the uri module has is_uri_user_e164()",
	     "is_uri_user_e164(\"$fu\")"),
	{ "msilo", "m_store", 1, OM_CFG_WARNING, OM_CFG_AT_RUNTIME, OM_CFG_CALL_M_STORE,
	  "the argument of m_store() is the owner in 1.2, not a mode", NULL },
	GONE("msilo", "m_store", 2,
	     "m_store() takes one argument at most in 1.2 (the owner; the flags argument is gone)", NULL),
	GONE("osp", "preparefirstosproute", 0, "preparefirstosproute() was removed from osp in 1.2",
	     "prepareosproute()"),
	GONE("osp", "preparenextosproute", 0, "preparenextosproute() was removed from osp in 1.2",
	     "prepareosproute()"),
	GONE("osp", "reportospusage", 0, "reportospusage() takes one argument in 1.2 (see the osp module's README)",
	     NULL),
	GONE("permissions", "allow_refer_to", -1, "allow_refer_to() was removed from permissions in 1.2, "
	     "with nothing in its place", NULL),
	GONE("registrar", "save_memory", 1, "save_memory() was removed from registrar in 1.2: call save() with "
	     "the second argument's flag 0x01 (memory only)", NULL),
	GONE("registrar", "save_noreply", 1, "save_noreply() was removed from registrar in 1.2: call save() with "
	     "the second argument's flag 0x02 (no reply)", NULL),
	GONE("tm", "t_forward_nonack", -1, "t_forward_nonack() was removed from tm in 1.2: t_relay() forwards "
	     "statefully", NULL),
	GONE("tm", "t_lookup_request", 0, "t_lookup_request() was removed from tm in 1.2", NULL),
	GONE("tm", "t_retransmit_reply", 0, "t_retransmit_reply() was removed from tm in 1.2", NULL),
	{ NULL, NULL, 0, OM_CFG_ERROR, OM_CFG_AT_CHECK, OM_CFG_CALL_NONE, NULL, NULL }
};

const struct om_cfg_core_rule om_cfg_core_rules[] = {
	{ "fifo", OM_CFG_CORE_MI_FIFO, NULL,
	  "the core parameter \"fifo\" was removed in 1.2: the FIFO server is the mi_fifo module" },
	{ "fifo_dir", OM_CFG_CORE_NONE, NULL,
	  "the core parameter \"fifo_dir\" was removed in 1.2: delete the line (mi_fifo has its own "
	  "parameters for the reply FIFOs)" },
	{ "fifo_mode", OM_CFG_CORE_SOCK_ALIAS, "sock_mode",
	  "the core parameter \"fifo_mode\" (another name of sock_mode) was removed in 1.2" },
	{ "file_mode", OM_CFG_CORE_SOCK_ALIAS, "sock_mode",
	  "the core parameter \"file_mode\" (another name of sock_mode) was removed in 1.2" },
	{ "fifo_user", OM_CFG_CORE_SOCK_ALIAS, "sock_user",
	  "the core parameter \"fifo_user\" (another name of sock_user) was removed in 1.2" },
	{ "fifo_group", OM_CFG_CORE_SOCK_ALIAS, "sock_group",
	  "the core parameter \"fifo_group\" (another name of sock_group) was removed in 1.2" },
	{ "fifo_db_url", OM_CFG_CORE_NONE, NULL,
	  "the core parameter \"fifo_db_url\" was removed in 1.2 with the FIFO's database interface: "
	  "delete the line" },
	{ "syn_branch", OM_CFG_CORE_TM_PARAM, "syn_branch",
	  "the core parameter \"syn_branch\" is a parameter of the tm module in 1.2" },
	{ NULL, OM_CFG_CORE_NONE, NULL, NULL }
};

const struct om_cfg_default_rule om_cfg_default_rules[] = {
	{ "tm", "fr_timer_avp", NULL, "$avp(s:callee_fr_timer)", "callee_fr_timer", NULL, NULL, 0,
	  "the script sets the AVP callee_fr_timer, which tm read by default in 1.1; 1.2 reads no AVP "
	  "unless fr_timer_avp names it" },
	{ "tm", "fr_inv_timer_avp", NULL, "$avp(s:callee_fr_inv_timer)", "callee_fr_inv_timer", NULL, NULL, 0,
	  "the script sets the AVP callee_fr_inv_timer, which tm read by default in 1.1; 1.2 reads no AVP "
	  "unless fr_inv_timer_avp names it" },
	{ "nathelper", "received_avp", NULL, "$avp(i:42)", NULL, "fix_nated_register", NULL, 0,
	  "fix_nated_register() keeps the source address in AVP 42 by default in 1.1; in 1.2 it keeps "
	  "nothing unless nathelper's received_avp is set" },
	{ "registrar", "received_avp", NULL, "$avp(i:42)", NULL, "fix_nated_register", NULL, 0,
	  "registrar saved the address of fix_nated_register() from AVP 42 by default in 1.1; in 1.2 it "
	  "saves none unless registrar's received_avp is set" },
	{ "siptrace", "traced_user_avp", NULL, "$avp(i:6843)", "i:6843", NULL, NULL, 0,
	  "the script sets AVP 6843, which siptrace read by default in 1.1 to trace a user; 1.2 reads no "
	  "AVP unless traced_user_avp names it" },
	{ "dispatcher", "dst_avp", "dst_avp_id", "$avp(i:271)", NULL, NULL, "flags", 2,
	  "failover (flags 2) used AVP 271 by default in 1.1; in 1.2 failover does nothing unless dst_avp is set" },
	{ "dispatcher", "grp_avp", "grp_avp_id", "$avp(i:272)", NULL, NULL, "flags", 2,
	  "failover (flags 2) used AVP 272 by default in 1.1; in 1.2 failover does nothing unless grp_avp is set" },
	{ "dispatcher", "cnt_avp", "cnt_avp_id", "$avp(i:273)", NULL, NULL, "flags", 2,
	  "failover (flags 2) used AVP 273 by default in 1.1; in 1.2 failover does nothing unless cnt_avp is set" },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

const char *const om_cfg_pvars_12[] = {
	/* 1.1.0's names, all kept in 1.2.0 */
	"Ri", "Rp", "Tf", "Ts", "ar", "au", "bR", "br", "cT", "ci", "cl", "cs", "ct", "dP", "dd", "di", "dp",
	"ds", "du", "duri", "fU", "fd", "fn", "from", "fs", "ft", "fu", "mF", "mb", "mf", "mi", "ml", "oP",
	"oU", "od", "op", "ou", "ouri", "pp", "rP", "rU", "rb", "rc", "rd", "re", "rm", "rp", "rr", "rs", "rt",
	"ru", "ruri", "si", "sp", "src_ip", "tU", "td", "tn", "to", "tt", "tu", "ua",
	/* new in 1.2.0 */
	"Au", "ai", "bF", "bf", "pU", "pd", "pn", "pu", "retcode", "sF", "sf",
	NULL
};
