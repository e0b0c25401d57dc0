-- The upgrade of an OpenSER 1.1 MySQL/MariaDB database to 1.2 as a DBA
-- would write it by hand, for `make bench` (tests/bench.sh): each changed
-- table created as OpenSER 1.2 defines it (plans/1.2.schema) under the
-- name new12_NAME, keys disabled during the load, filled by one
-- INSERT ... SELECT, then one RENAME TABLE puts them all in place and
-- keeps the old ones as old11_NAME (as openser-migrate keeps them).  The
-- same mapping as plans/1.1-1.2.map, in plain SQL: the URI user and host
-- by SUBSTRING_INDEX and REGEXP_SUBSTR, simpler than openser-migrate's SIP
-- rules (bench.sh counts the values where they differ).  No pre-check,
-- no verification, no lock, no history, no journal.
SET NAMES utf8mb4;
SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES';
SET SESSION explicit_defaults_for_timestamp = ON;
DROP TABLE IF EXISTS `new12_subscriber`;

CREATE TABLE `new12_subscriber` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `password` varchar(25) NOT NULL DEFAULT '',
  `first_name` varchar(25) NOT NULL DEFAULT '',
  `last_name` varchar(45) NOT NULL DEFAULT '',
  `email_address` varchar(50) NOT NULL DEFAULT '',
  `datetime_created` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `ha1` varchar(128) NOT NULL DEFAULT '',
  `ha1b` varchar(128) NOT NULL DEFAULT '',
  `timezone` varchar(128) NULL DEFAULT NULL,
  `rpid` varchar(128) NULL DEFAULT NULL,
  `phplib_id` varchar(32) NOT NULL DEFAULT '',
  `phone` varchar(15) NOT NULL DEFAULT '',
  `datetime_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `confirmation` varchar(64) NOT NULL DEFAULT '',
  `flag` char(1) NOT NULL DEFAULT 'o',
  `sendnotification` varchar(50) NOT NULL DEFAULT '',
  `greeting` varchar(50) NOT NULL DEFAULT '',
  `allow_find` char(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`),
  UNIQUE KEY `user_id` (`username`, `domain`),
  UNIQUE KEY `phplib_id` (`phplib_id`),
  KEY `username_id` (`username`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_subscriber` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_acc`;

CREATE TABLE `new12_acc` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `method` varchar(16) NOT NULL DEFAULT '',
  `from_tag` varchar(64) NOT NULL DEFAULT '',
  `to_tag` varchar(64) NOT NULL DEFAULT '',
  `callid` varchar(128) NOT NULL DEFAULT '',
  `sip_code` char(3) NOT NULL DEFAULT '',
  `sip_reason` varchar(32) NOT NULL DEFAULT '',
  `time` datetime NOT NULL,
  `src_user` varchar(64) NOT NULL DEFAULT '',
  `src_domain` varchar(128) NOT NULL DEFAULT '',
  `dst_user` varchar(64) NOT NULL DEFAULT '',
  `dst_domain` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `acc_callid` (`callid`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_acc` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_missed_calls`;

CREATE TABLE `new12_missed_calls` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `method` varchar(16) NOT NULL DEFAULT '',
  `from_tag` varchar(64) NOT NULL DEFAULT '',
  `to_tag` varchar(64) NOT NULL DEFAULT '',
  `callid` varchar(128) NOT NULL DEFAULT '',
  `sip_code` char(3) NOT NULL DEFAULT '',
  `sip_reason` varchar(32) NOT NULL DEFAULT '',
  `time` datetime NOT NULL,
  `src_user` varchar(64) NOT NULL DEFAULT '',
  `src_domain` varchar(128) NOT NULL DEFAULT '',
  `dst_user` varchar(64) NOT NULL DEFAULT '',
  `dst_domain` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `acc_callid` (`callid`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_missed_calls` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_location`;

CREATE TABLE `new12_location` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `contact` varchar(255) NOT NULL DEFAULT '',
  `received` varchar(255) NULL DEFAULT NULL,
  `path` varchar(255) NULL DEFAULT NULL,
  `expires` datetime NOT NULL DEFAULT '2020-05-28 21:32:15',
  `q` float(10,2) NOT NULL DEFAULT 1.00,
  `callid` varchar(255) NOT NULL DEFAULT 'Default-Call-ID',
  `cseq` int(11) NOT NULL DEFAULT 13,
  `last_modified` datetime NOT NULL DEFAULT '1900-01-01 00:00:00',
  `flags` int(11) NOT NULL DEFAULT 0,
  `cflags` int(11) NOT NULL DEFAULT 0,
  `user_agent` varchar(255) NOT NULL DEFAULT '',
  `socket` varchar(128) NULL DEFAULT NULL,
  `methods` int(11) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `udc_loc` (`username`, `domain`, `contact`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_location` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_aliases`;

CREATE TABLE `new12_aliases` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `contact` varchar(255) NOT NULL DEFAULT '',
  `received` varchar(255) NULL DEFAULT NULL,
  `path` varchar(255) NULL DEFAULT NULL,
  `expires` datetime NOT NULL DEFAULT '2020-05-28 21:32:15',
  `q` float(10,2) NOT NULL DEFAULT 1.00,
  `callid` varchar(255) NOT NULL DEFAULT 'Default-Call-ID',
  `cseq` int(11) NOT NULL DEFAULT 13,
  `last_modified` datetime NOT NULL DEFAULT '1900-01-01 00:00:00',
  `flags` int(11) NOT NULL DEFAULT 0,
  `cflags` int(11) NOT NULL DEFAULT 0,
  `user_agent` varchar(255) NOT NULL DEFAULT '',
  `socket` varchar(128) NULL DEFAULT NULL,
  `methods` int(11) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `udc_als` (`username`, `domain`, `contact`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_aliases` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_dbaliases`;

CREATE TABLE `new12_dbaliases` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `alias_username` varchar(64) NOT NULL DEFAULT '',
  `alias_domain` varchar(128) NOT NULL DEFAULT '',
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `alias_key` (`alias_username`, `alias_domain`),
  KEY `alias_user` (`username`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_dbaliases` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_grp`;

CREATE TABLE `new12_grp` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `grp` varchar(50) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udg_grp` (`username`, `domain`, `grp`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DROP TABLE IF EXISTS `new12_re_grp`;

CREATE TABLE `new12_re_grp` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `reg_exp` varchar(128) NOT NULL DEFAULT '',
  `group_id` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  KEY `gid_grp` (`group_id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_re_grp` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_silo`;

CREATE TABLE `new12_silo` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `src_addr` varchar(255) NOT NULL DEFAULT '',
  `dst_addr` varchar(255) NOT NULL DEFAULT '',
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `inc_time` int(11) NOT NULL DEFAULT 0,
  `exp_time` int(11) NOT NULL DEFAULT 0,
  `snd_time` int(11) NOT NULL DEFAULT 0,
  `ctype` varchar(32) NOT NULL DEFAULT 'text/plain',
  `body` blob NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `ud_silo` (`username`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_silo` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_domain`;

CREATE TABLE `new12_domain` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `domain` varchar(128) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `d_domain` (`domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DROP TABLE IF EXISTS `new12_uri`;

CREATE TABLE `new12_uri` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `uri_user` varchar(50) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udu_uri` (`username`, `domain`, `uri_user`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DROP TABLE IF EXISTS `new12_usr_preferences`;

CREATE TABLE `new12_usr_preferences` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `uuid` varchar(64) NOT NULL DEFAULT '',
  `username` varchar(64) NOT NULL DEFAULT '0',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `attribute` varchar(32) NOT NULL DEFAULT '',
  `type` int(11) NOT NULL DEFAULT 0,
  `value` varchar(128) NOT NULL DEFAULT '',
  `last_modified` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  KEY `ua_idx` (`uuid`, `attribute`),
  KEY `uda_idx` (`username`, `domain`, `attribute`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_usr_preferences` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_trusted`;

CREATE TABLE `new12_trusted` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `src_ip` varchar(39) NOT NULL,
  `proto` varchar(4) NOT NULL,
  `from_pattern` varchar(64) NULL DEFAULT NULL,
  `tag` varchar(32) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `Key1` (`src_ip`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_trusted` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_speed_dial`;

CREATE TABLE `new12_speed_dial` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `sd_username` varchar(64) NOT NULL DEFAULT '',
  `sd_domain` varchar(128) NOT NULL DEFAULT '',
  `new_uri` varchar(192) NOT NULL DEFAULT '',
  `fname` varchar(128) NOT NULL DEFAULT '',
  `lname` varchar(128) NOT NULL DEFAULT '',
  `description` varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udss_sd` (`username`, `domain`, `sd_domain`, `sd_username`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DROP TABLE IF EXISTS `new12_gw`;

CREATE TABLE `new12_gw` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `gw_name` varchar(128) NOT NULL,
  `grp_id` int(10) unsigned NOT NULL,
  `ip_addr` varchar(15) NOT NULL,
  `port` smallint(5) unsigned NULL DEFAULT NULL,
  `uri_scheme` tinyint(3) unsigned NULL DEFAULT NULL,
  `transport` tinyint(3) unsigned NULL DEFAULT NULL,
  `strip` tinyint(3) unsigned NULL DEFAULT NULL,
  `prefix` varchar(16) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `name_gw` (`gw_name`),
  KEY `gid_gw` (`grp_id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_gw` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_lcr`;

CREATE TABLE `new12_lcr` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `prefix` varchar(16) NOT NULL,
  `from_uri` varchar(128) NULL DEFAULT NULL,
  `grp_id` int(10) unsigned NOT NULL,
  `priority` tinyint(3) unsigned NOT NULL,
  PRIMARY KEY (`id`),
  KEY `prefix` (`prefix`),
  KEY `from_uri` (`from_uri`),
  KEY `grp_id` (`grp_id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_lcr` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_address`;

CREATE TABLE `new12_address` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `grp` smallint(5) unsigned NOT NULL DEFAULT 0,
  `ip_addr` varchar(15) NOT NULL,
  `mask` tinyint(4) NOT NULL DEFAULT 32,
  `port` smallint(5) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DROP TABLE IF EXISTS `new12_pdt`;

CREATE TABLE `new12_pdt` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `sdomain` varchar(255) NOT NULL,
  `prefix` varchar(32) NOT NULL,
  `domain` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `sp_pdt` (`sdomain`, `prefix`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DROP TABLE IF EXISTS `new12_sip_trace`;

CREATE TABLE `new12_sip_trace` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `date` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `callid` varchar(254) NOT NULL DEFAULT '',
  `traced_user` varchar(128) NOT NULL DEFAULT '',
  `msg` text NOT NULL,
  `method` varchar(50) NOT NULL DEFAULT '',
  `status` varchar(254) NOT NULL DEFAULT '',
  `fromip` varchar(50) NOT NULL DEFAULT '',
  `toip` varchar(50) NOT NULL DEFAULT '',
  `fromtag` varchar(64) NOT NULL DEFAULT '',
  `direction` varchar(4) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `user_idx` (`traced_user`),
  KEY `date_id` (`date`),
  KEY `ip_idx` (`fromip`),
  KEY `call_id` (`callid`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_sip_trace` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_pending`;

CREATE TABLE `new12_pending` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `phplib_id` varchar(32) NOT NULL DEFAULT '',
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `password` varchar(25) NOT NULL DEFAULT '',
  `first_name` varchar(25) NOT NULL DEFAULT '',
  `last_name` varchar(45) NOT NULL DEFAULT '',
  `phone` varchar(15) NOT NULL DEFAULT '',
  `email_address` varchar(50) NOT NULL DEFAULT '',
  `datetime_created` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `datetime_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `confirmation` varchar(64) NOT NULL DEFAULT '',
  `flag` char(1) NOT NULL DEFAULT 'o',
  `sendnotification` varchar(50) NOT NULL DEFAULT '',
  `greeting` varchar(50) NOT NULL DEFAULT '',
  `ha1` varchar(128) NOT NULL DEFAULT '',
  `ha1b` varchar(128) NOT NULL DEFAULT '',
  `allow_find` char(1) NOT NULL DEFAULT '0',
  `timezone` varchar(128) NULL DEFAULT NULL,
  `rpid` varchar(128) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `user_id` (`username`, `domain`),
  UNIQUE KEY `phplib_id` (`phplib_id`),
  KEY `username_id` (`username`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `new12_pending` DISABLE KEYS;
DROP TABLE IF EXISTS `new12_version`;

CREATE TABLE `new12_version` (
  `table_name` varchar(64) NOT NULL,
  `table_version` smallint(5) NOT NULL DEFAULT 0,
  PRIMARY KEY (`table_name`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

INSERT INTO `new12_subscriber` (`username`, `domain`, `password`, `first_name`, `last_name`, `email_address`, `datetime_created`, `ha1`, `ha1b`, `timezone`, `rpid`, `phplib_id`, `phone`, `datetime_modified`, `confirmation`, `flag`, `sendnotification`, `greeting`, `allow_find`)
SELECT `username`,
       `domain`,
       `password`,
       `first_name`,
       `last_name`,
       `email_address`,
       `datetime_created`,
       `ha1`,
       `ha1b`,
       `timezone`,
       `rpid`,
       `phplib_id`,
       `phone`,
       `datetime_modified`,
       `confirmation`,
       `flag`,
       `sendnotification`,
       `greeting`,
       `allow_find`
FROM `subscriber`
ORDER BY `username`, `domain`;
ALTER TABLE `new12_subscriber` ENABLE KEYS;
INSERT INTO `new12_acc` (`method`, `from_tag`, `to_tag`, `callid`, `sip_code`, `sip_reason`, `time`, `src_user`, `src_domain`, `dst_user`, `dst_domain`)
SELECT m, LEFT(ft, 64), LEFT(tt, 64), cid,
       IF(st REGEXP '^[0-9]{3}( |$)', LEFT(st, 3), ''),
       LEFT(IF(st REGEXP '^[0-9]{3}( |$)', SUBSTRING(st, 5), st), 32),
       t,
       LEFT(CASE WHEN f REGEXP '^sips?:' THEN IF(LOCATE('@', f) > 0,
                 SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(f, LOCATE(':', f) + 1), '@', 1), ':', 1), ';', 1), '')
                 WHEN f REGEXP '^tels?:' THEN SUBSTRING_INDEX(SUBSTRING(f, LOCATE(':', f) + 1), ';', 1) ELSE '' END, 64),
       IF(f REGEXP '^sips?:', REGEXP_SUBSTR(SUBSTRING(f, IF(LOCATE('@', f) > 0, LOCATE('@', f), LOCATE(':', f)) + 1),
                                          '^(\[[^]]*\]|[^:;?]*)'), ''),
       LEFT(CASE WHEN d REGEXP '^sips?:' THEN IF(LOCATE('@', d) > 0,
                 SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(d, LOCATE(':', d) + 1), '@', 1), ':', 1), ';', 1), '')
                 WHEN d REGEXP '^tels?:' THEN SUBSTRING_INDEX(SUBSTRING(d, LOCATE(':', d) + 1), ';', 1) ELSE '' END, 64),
       IF(d REGEXP '^sips?:', REGEXP_SUBSTR(SUBSTRING(d, IF(LOCATE('@', d) > 0, LOCATE('@', d), LOCATE(':', d)) + 1),
                                          '^(\[[^]]*\]|[^:;?]*)'), '')
FROM (SELECT `sip_method` AS m, `fromtag` AS ft, `totag` AS tt, `sip_callid` AS cid, `sip_status` AS st, `time` AS t,
             SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS f,
             SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(`i_uri` <> '', `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS d,
             `sip_from`, `sip_to`, `i_uri`, `o_uri`, `from_uri`, `to_uri`, `username`, `domain`, `timestamp`, `src_leg`, `dst_leg`
      FROM `acc`) AS x
ORDER BY BINARY t, BINARY `sip_from`, BINARY `sip_to`, BINARY st, BINARY m, BINARY `i_uri`, BINARY `o_uri`,
         BINARY `from_uri`, BINARY `to_uri`, BINARY cid, BINARY `username`, BINARY `domain`, BINARY ft, BINARY tt,
         BINARY `timestamp`, BINARY `src_leg`, BINARY `dst_leg`;
ALTER TABLE `new12_acc` ENABLE KEYS;
INSERT INTO `new12_missed_calls` (`method`, `from_tag`, `to_tag`, `callid`, `sip_code`, `sip_reason`, `time`, `src_user`, `src_domain`, `dst_user`, `dst_domain`)
SELECT m, LEFT(ft, 64), LEFT(tt, 64), cid,
       IF(st REGEXP '^[0-9]{3}( |$)', LEFT(st, 3), ''),
       LEFT(IF(st REGEXP '^[0-9]{3}( |$)', SUBSTRING(st, 5), st), 32),
       t,
       LEFT(CASE WHEN f REGEXP '^sips?:' THEN IF(LOCATE('@', f) > 0,
                 SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(f, LOCATE(':', f) + 1), '@', 1), ':', 1), ';', 1), '')
                 WHEN f REGEXP '^tels?:' THEN SUBSTRING_INDEX(SUBSTRING(f, LOCATE(':', f) + 1), ';', 1) ELSE '' END, 64),
       IF(f REGEXP '^sips?:', REGEXP_SUBSTR(SUBSTRING(f, IF(LOCATE('@', f) > 0, LOCATE('@', f), LOCATE(':', f)) + 1),
                                          '^(\[[^]]*\]|[^:;?]*)'), ''),
       LEFT(CASE WHEN d REGEXP '^sips?:' THEN IF(LOCATE('@', d) > 0,
                 SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(d, LOCATE(':', d) + 1), '@', 1), ':', 1), ';', 1), '')
                 WHEN d REGEXP '^tels?:' THEN SUBSTRING_INDEX(SUBSTRING(d, LOCATE(':', d) + 1), ';', 1) ELSE '' END, 64),
       IF(d REGEXP '^sips?:', REGEXP_SUBSTR(SUBSTRING(d, IF(LOCATE('@', d) > 0, LOCATE('@', d), LOCATE(':', d)) + 1),
                                          '^(\[[^]]*\]|[^:;?]*)'), '')
FROM (SELECT `sip_method` AS m, `fromtag` AS ft, `totag` AS tt, `sip_callid` AS cid, `sip_status` AS st, `time` AS t,
             SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS f,
             SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(`i_uri` <> '', `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS d,
             `sip_from`, `sip_to`, `i_uri`, `o_uri`, `from_uri`, `to_uri`, `username`, `domain`, `timestamp`, `src_leg`, `dst_leg`
      FROM `missed_calls`) AS x
ORDER BY BINARY t, BINARY `sip_from`, BINARY `sip_to`, BINARY st, BINARY m, BINARY `i_uri`, BINARY `o_uri`,
         BINARY `from_uri`, BINARY `to_uri`, BINARY cid, BINARY `username`, BINARY `domain`, BINARY ft, BINARY tt,
         BINARY `timestamp`, BINARY `src_leg`, BINARY `dst_leg`;
ALTER TABLE `new12_missed_calls` ENABLE KEYS;

INSERT INTO `new12_location` (`username`, `domain`, `contact`, `received`, `path`, `expires`, `q`, `callid`, `cseq`, `last_modified`, `flags`, `user_agent`, `socket`, `methods`)
SELECT `username`,
       `domain`,
       `contact`,
       `received`,
       `path`,
       `expires`,
       `q`,
       `callid`,
       `cseq`,
       `last_modified`,
       `flags`,
       `user_agent`,
       `socket`,
       `methods`
FROM `location`
ORDER BY `username`, `domain`, `contact`;
ALTER TABLE `new12_location` ENABLE KEYS;

INSERT INTO `new12_aliases` (`username`, `domain`, `contact`, `received`, `path`, `expires`, `q`, `callid`, `cseq`, `last_modified`, `flags`, `user_agent`, `socket`, `methods`)
SELECT `username`,
       `domain`,
       `contact`,
       `received`,
       `path`,
       `expires`,
       `q`,
       `callid`,
       `cseq`,
       `last_modified`,
       `flags`,
       `user_agent`,
       `socket`,
       `methods`
FROM `aliases`
ORDER BY `username`, `domain`, `contact`;
ALTER TABLE `new12_aliases` ENABLE KEYS;

INSERT INTO `new12_dbaliases` (`alias_username`, `alias_domain`, `username`, `domain`)
SELECT `alias_username`,
       `alias_domain`,
       `username`,
       `domain`
FROM `dbaliases`
ORDER BY `alias_username`, `alias_domain`;
ALTER TABLE `new12_dbaliases` ENABLE KEYS;

INSERT INTO `new12_grp` (`username`, `domain`, `grp`, `last_modified`)
SELECT `username`,
       `domain`,
       `grp`,
       `last_modified`
FROM `grp`
ORDER BY `username`, `domain`, `grp`;

INSERT INTO `new12_re_grp` (`reg_exp`, `group_id`)
SELECT `reg_exp`,
       `group_id`
FROM `re_grp`
ORDER BY `reg_exp`;
ALTER TABLE `new12_re_grp` ENABLE KEYS;

INSERT INTO `new12_silo` (`id`, `src_addr`, `dst_addr`, `username`, `domain`, `inc_time`, `exp_time`, `snd_time`, `ctype`, `body`)
SELECT `mid`,
       `src_addr`,
       `dst_addr`,
       `username`,
       `domain`,
       `inc_time`,
       `exp_time`,
       `snd_time`,
       `ctype`,
       `body`
FROM `silo`;
ALTER TABLE `new12_silo` ENABLE KEYS;

INSERT INTO `new12_domain` (`domain`, `last_modified`)
SELECT `domain`,
       `last_modified`
FROM `domain`
ORDER BY `domain`;

INSERT INTO `new12_uri` (`username`, `domain`, `uri_user`, `last_modified`)
SELECT `username`,
       `domain`,
       `uri_user`,
       `last_modified`
FROM `uri`
ORDER BY `username`, `domain`, `uri_user`;

INSERT INTO `new12_usr_preferences` (`id`, `uuid`, `username`, `domain`, `attribute`, `type`, `value`, `last_modified`)
SELECT `id`,
       `uuid`,
       LEFT(`username`, 64),
       `domain`,
       `attribute`,
       `type`,
       `value`,
       `modified`
FROM `usr_preferences`;
ALTER TABLE `new12_usr_preferences` ENABLE KEYS;

INSERT INTO `new12_trusted` (`src_ip`, `proto`, `from_pattern`, `tag`)
SELECT `src_ip`,
       `proto`,
       `from_pattern`,
       `tag`
FROM `trusted`
ORDER BY BINARY `src_ip`, BINARY `proto`, BINARY `from_pattern`, BINARY `tag`;
ALTER TABLE `new12_trusted` ENABLE KEYS;

INSERT INTO `new12_speed_dial` (`username`, `domain`, `sd_username`, `sd_domain`, `new_uri`, `fname`, `lname`, `description`)
SELECT `username`,
       `domain`,
       `sd_username`,
       `sd_domain`,
       `new_uri`,
       `fname`,
       `lname`,
       `description`
FROM `speed_dial`
ORDER BY `username`, `domain`, `sd_domain`, `sd_username`;

INSERT INTO `new12_gw` (`gw_name`, `grp_id`, `ip_addr`, `port`, `uri_scheme`, `transport`, `strip`, `prefix`)
SELECT `gw_name`,
       `grp_id`,
       CONCAT(`ip_addr` & 255, '.', `ip_addr` >> 8 & 255, '.', `ip_addr` >> 16 & 255, '.', `ip_addr` >> 24 & 255),
       `port`,
       `uri_scheme`,
       `transport`,
       `strip`,
       `prefix`
FROM `gw`
ORDER BY `gw_name`;
ALTER TABLE `new12_gw` ENABLE KEYS;

INSERT INTO `new12_lcr` (`prefix`, `from_uri`, `grp_id`, `priority`)
SELECT `prefix`,
       `from_uri`,
       `grp_id`,
       `priority`
FROM `lcr`
ORDER BY BINARY `prefix`, BINARY `from_uri`, BINARY `grp_id`, BINARY `priority`;
ALTER TABLE `new12_lcr` ENABLE KEYS;

INSERT INTO `new12_sip_trace` (`id`, `date`, `callid`, `traced_user`, `msg`, `method`, `status`, `fromip`, `toip`, `fromtag`, `direction`)
SELECT `id`,
       `date`,
       `callid`,
       `traced_user`,
       `msg`,
       `method`,
       `status`,
       `fromip`,
       `toip`,
       `fromtag`,
       `direction`
FROM `sip_trace`;
ALTER TABLE `new12_sip_trace` ENABLE KEYS;

INSERT INTO `new12_pending` (`phplib_id`, `username`, `domain`, `password`, `first_name`, `last_name`, `phone`, `email_address`, `datetime_created`, `datetime_modified`, `confirmation`, `flag`, `sendnotification`, `greeting`, `ha1`, `ha1b`, `allow_find`, `timezone`, `rpid`)
SELECT `phplib_id`,
       `username`,
       `domain`,
       `password`,
       `first_name`,
       `last_name`,
       `phone`,
       `email_address`,
       `datetime_created`,
       `datetime_modified`,
       `confirmation`,
       `flag`,
       `sendnotification`,
       `greeting`,
       `ha1`,
       `ha1b`,
       `allow_find`,
       `timezone`,
       `rpid`
FROM `pending`
ORDER BY `username`, `domain`;
ALTER TABLE `new12_pending` ENABLE KEYS;

INSERT INTO `new12_version` (`table_name`, `table_version`) SELECT `table_name`, `table_version` FROM `version`;
DELETE FROM `new12_version` WHERE `table_name` IN ('subscriber', 'acc', 'missed_calls', 'location', 'aliases', 'silo', 'trusted', 'gw', 'address', 'pending');

INSERT INTO `new12_version` (`table_name`, `table_version`) VALUES
  ('subscriber', 6),
  ('acc', 4),
  ('missed_calls', 3),
  ('location', 1004),
  ('aliases', 1004),
  ('silo', 5),
  ('trusted', 4),
  ('gw', 4),
  ('address', 3),
  ('pending', 6);

RENAME TABLE
  `subscriber` TO `old11_subscriber`,
  `new12_subscriber` TO `subscriber`,
  `acc` TO `old11_acc`,
  `new12_acc` TO `acc`,
  `missed_calls` TO `old11_missed_calls`,
  `new12_missed_calls` TO `missed_calls`,
  `location` TO `old11_location`,
  `new12_location` TO `location`,
  `aliases` TO `old11_aliases`,
  `new12_aliases` TO `aliases`,
  `dbaliases` TO `old11_dbaliases`,
  `new12_dbaliases` TO `dbaliases`,
  `grp` TO `old11_grp`,
  `new12_grp` TO `grp`,
  `re_grp` TO `old11_re_grp`,
  `new12_re_grp` TO `re_grp`,
  `silo` TO `old11_silo`,
  `new12_silo` TO `silo`,
  `domain` TO `old11_domain`,
  `new12_domain` TO `domain`,
  `uri` TO `old11_uri`,
  `new12_uri` TO `uri`,
  `usr_preferences` TO `old11_usr_preferences`,
  `new12_usr_preferences` TO `usr_preferences`,
  `trusted` TO `old11_trusted`,
  `new12_trusted` TO `trusted`,
  `speed_dial` TO `old11_speed_dial`,
  `new12_speed_dial` TO `speed_dial`,
  `gw` TO `old11_gw`,
  `new12_gw` TO `gw`,
  `lcr` TO `old11_lcr`,
  `new12_lcr` TO `lcr`,
  `new12_address` TO `address`,
  `new12_pdt` TO `pdt`,
  `sip_trace` TO `old11_sip_trace`,
  `new12_sip_trace` TO `sip_trace`,
  `pending` TO `old11_pending`,
  `new12_pending` TO `pending`,
  `version` TO `old11_version`,
  `new12_version` TO `version`;
