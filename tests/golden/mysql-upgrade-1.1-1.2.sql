-- upgrade: OpenSER 1.1 -> 1.2: every table built as a shadow (openser_migrate_new_*), then one RENAME TABLE switches them all (plan 429a6b71add1)
SET NAMES utf8mb4;
SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO';
SET SESSION explicit_defaults_for_timestamp = ON;
SET SESSION max_length_for_sort_data = 65536;
SELECT GET_LOCK('openser-migrate.DB', 30);
CREATE TABLE IF NOT EXISTS `openser_migrate_history` (
  `id` int(10) unsigned NOT NULL,
  `plan` varchar(64) NOT NULL,
  `checksum` varchar(64) NOT NULL,
  `engine` varchar(16) NOT NULL,
  `command` varchar(16) NOT NULL,
  `options` varchar(255) NOT NULL DEFAULT '',
  `source` varchar(255) NULL DEFAULT NULL,
  `tool` varchar(32) NOT NULL,
  `started` varchar(19) NOT NULL,
  `finished` varchar(19) NULL DEFAULT NULL,
  `status` varchar(16) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE TABLE IF NOT EXISTS `openser_migrate_journal` (
  `run` int(10) unsigned NOT NULL,
  `step` int(10) unsigned NOT NULL,
  `name` varchar(128) NOT NULL,
  `finished` varchar(19) NOT NULL,
  `source_rows` bigint(20) NULL DEFAULT NULL,
  `source_digest` varchar(64) NULL DEFAULT NULL,
  PRIMARY KEY (`run`, `step`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE TABLE IF NOT EXISTS `openser_migrate_drift` (
  `run` int(10) unsigned NOT NULL,
  `kind` varchar(32) NOT NULL,
  `table_name` varchar(64) NOT NULL,
  `name` varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY (`run`, `kind`, `table_name`, `name`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE TABLE IF NOT EXISTS `openser_migrate_version` (
  `run` int(10) unsigned NOT NULL,
  `table_name` varchar(64) NOT NULL,
  `table_version` int(10) NULL DEFAULT NULL,
  PRIMARY KEY (`run`, `table_name`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT IGNORE INTO `openser_migrate_history` (`id`, `plan`, `checksum`, `engine`, `command`, `options`, `source`, `tool`, `started`, `status`) VALUES (1, '1.1->1.2', '429a6b71add10434e13c8787dc5cb31ad8dc53cb95bec65ee108cc5c599c9060', 'mysql', 'upgrade', 'HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) STORE_PLAINTEXT_PW=unset', NULL, 'openser-migrate 0.1.0', '2007-03-12 12:00:00', 'running');

-- subscriber: built as openser_migrate_new_subscriber; the old table will be kept as old11_subscriber
DROP TABLE IF EXISTS `openser_migrate_new_subscriber`;
CREATE TABLE `openser_migrate_new_subscriber` (
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
ALTER TABLE `openser_migrate_new_subscriber` DISABLE KEYS;

-- acc: built as openser_migrate_new_acc; the old table will be kept as old11_acc
DROP TABLE IF EXISTS `openser_migrate_new_acc`;
CREATE TABLE `openser_migrate_new_acc` (
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
ALTER TABLE `openser_migrate_new_acc` DISABLE KEYS;

-- missed_calls: built as openser_migrate_new_missed_calls; the old table will be kept as old11_missed_calls
DROP TABLE IF EXISTS `openser_migrate_new_missed_calls`;
CREATE TABLE `openser_migrate_new_missed_calls` (
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
ALTER TABLE `openser_migrate_new_missed_calls` DISABLE KEYS;

-- location: built as openser_migrate_new_location; the old table will be kept as old11_location
DROP TABLE IF EXISTS `openser_migrate_new_location`;
CREATE TABLE `openser_migrate_new_location` (
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
ALTER TABLE `openser_migrate_new_location` DISABLE KEYS;

-- aliases: built as openser_migrate_new_aliases; the old table will be kept as old11_aliases
DROP TABLE IF EXISTS `openser_migrate_new_aliases`;
CREATE TABLE `openser_migrate_new_aliases` (
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
ALTER TABLE `openser_migrate_new_aliases` DISABLE KEYS;

-- dbaliases: built as openser_migrate_new_dbaliases; the old table will be kept as old11_dbaliases
DROP TABLE IF EXISTS `openser_migrate_new_dbaliases`;
CREATE TABLE `openser_migrate_new_dbaliases` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `alias_username` varchar(64) NOT NULL DEFAULT '',
  `alias_domain` varchar(128) NOT NULL DEFAULT '',
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `alias_key` (`alias_username`, `alias_domain`),
  KEY `alias_user` (`username`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `openser_migrate_new_dbaliases` DISABLE KEYS;

-- grp: built as openser_migrate_new_grp; the old table will be kept as old11_grp
DROP TABLE IF EXISTS `openser_migrate_new_grp`;
CREATE TABLE `openser_migrate_new_grp` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `grp` varchar(50) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udg_grp` (`username`, `domain`, `grp`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- re_grp: built as openser_migrate_new_re_grp; the old table will be kept as old11_re_grp
DROP TABLE IF EXISTS `openser_migrate_new_re_grp`;
CREATE TABLE `openser_migrate_new_re_grp` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `reg_exp` varchar(128) NOT NULL DEFAULT '',
  `group_id` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  KEY `gid_grp` (`group_id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `openser_migrate_new_re_grp` DISABLE KEYS;

-- silo: built as openser_migrate_new_silo; the old table will be kept as old11_silo
DROP TABLE IF EXISTS `openser_migrate_new_silo`;
CREATE TABLE `openser_migrate_new_silo` (
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
ALTER TABLE `openser_migrate_new_silo` DISABLE KEYS;

-- domain: built as openser_migrate_new_domain; the old table will be kept as old11_domain
DROP TABLE IF EXISTS `openser_migrate_new_domain`;
CREATE TABLE `openser_migrate_new_domain` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `domain` varchar(128) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `d_domain` (`domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- uri: built as openser_migrate_new_uri; the old table will be kept as old11_uri
DROP TABLE IF EXISTS `openser_migrate_new_uri`;
CREATE TABLE `openser_migrate_new_uri` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `uri_user` varchar(50) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udu_uri` (`username`, `domain`, `uri_user`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- usr_preferences: built as openser_migrate_new_usr_preferences; the old table will be kept as old11_usr_preferences
DROP TABLE IF EXISTS `openser_migrate_new_usr_preferences`;
CREATE TABLE `openser_migrate_new_usr_preferences` (
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
ALTER TABLE `openser_migrate_new_usr_preferences` DISABLE KEYS;

-- trusted: built as openser_migrate_new_trusted; the old table will be kept as old11_trusted
DROP TABLE IF EXISTS `openser_migrate_new_trusted`;
CREATE TABLE `openser_migrate_new_trusted` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `src_ip` varchar(39) NOT NULL,
  `proto` varchar(4) NOT NULL,
  `from_pattern` varchar(64) NULL DEFAULT NULL,
  `tag` varchar(32) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `Key1` (`src_ip`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `openser_migrate_new_trusted` DISABLE KEYS;

-- speed_dial: built as openser_migrate_new_speed_dial; the old table will be kept as old11_speed_dial
DROP TABLE IF EXISTS `openser_migrate_new_speed_dial`;
CREATE TABLE `openser_migrate_new_speed_dial` (
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

-- gw: built as openser_migrate_new_gw; the old table will be kept as old11_gw
DROP TABLE IF EXISTS `openser_migrate_new_gw`;
CREATE TABLE `openser_migrate_new_gw` (
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
ALTER TABLE `openser_migrate_new_gw` DISABLE KEYS;

-- lcr: built as openser_migrate_new_lcr; the old table will be kept as old11_lcr
DROP TABLE IF EXISTS `openser_migrate_new_lcr`;
CREATE TABLE `openser_migrate_new_lcr` (
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
ALTER TABLE `openser_migrate_new_lcr` DISABLE KEYS;

-- address: new, built empty as openser_migrate_new_address
DROP TABLE IF EXISTS `openser_migrate_new_address`;
CREATE TABLE `openser_migrate_new_address` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `grp` smallint(5) unsigned NOT NULL DEFAULT 0,
  `ip_addr` varchar(15) NOT NULL,
  `mask` tinyint(4) NOT NULL DEFAULT 32,
  `port` smallint(5) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- pdt: new, built as openser_migrate_new_pdt from pd_multidomain
DROP TABLE IF EXISTS `openser_migrate_new_pdt`;
CREATE TABLE `openser_migrate_new_pdt` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `sdomain` varchar(255) NOT NULL,
  `prefix` varchar(32) NOT NULL,
  `domain` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `sp_pdt` (`sdomain`, `prefix`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- cpl: built as openser_migrate_new_cpl; the old table will be kept as old11_cpl
DROP TABLE IF EXISTS `openser_migrate_new_cpl`;
CREATE TABLE `openser_migrate_new_cpl` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL,
  `domain` varchar(64) NOT NULL DEFAULT '',
  `cpl_xml` text NULL DEFAULT NULL,
  `cpl_bin` text NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ud_cpl` (`username`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- sip_trace: built as openser_migrate_new_sip_trace; the old table will be kept as old11_sip_trace
DROP TABLE IF EXISTS `openser_migrate_new_sip_trace`;
CREATE TABLE `openser_migrate_new_sip_trace` (
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
ALTER TABLE `openser_migrate_new_sip_trace` DISABLE KEYS;

-- pending: built as openser_migrate_new_pending; the old table will be kept as old11_pending
DROP TABLE IF EXISTS `openser_migrate_new_pending`;
CREATE TABLE `openser_migrate_new_pending` (
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
ALTER TABLE `openser_migrate_new_pending` DISABLE KEYS;

-- version: a new version table with the 1.2 rows; the old one will be kept as old11_version
DROP TABLE IF EXISTS `openser_migrate_new_version`;
CREATE TABLE `openser_migrate_new_version` (
  `table_name` varchar(64) NOT NULL,
  `table_version` smallint(5) NOT NULL DEFAULT 0,
  PRIMARY KEY (`table_name`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

-- writers of the tables copied wait from here until the switch; readers go on
SET SESSION lock_wait_timeout = 30;
LOCK TABLES
  `subscriber` READ, `subscriber` AS `om_digest_subscriber` READ,
  `acc` READ, `acc` AS `om_digest_acc` READ,
  `missed_calls` READ, `missed_calls` AS `om_digest_missed_calls` READ,
  `location` READ, `location` AS `om_digest_location` READ,
  `aliases` READ, `aliases` AS `om_digest_aliases` READ,
  `dbaliases` READ, `dbaliases` AS `om_digest_dbaliases` READ,
  `grp` READ, `grp` AS `om_digest_grp` READ,
  `re_grp` READ, `re_grp` AS `om_digest_re_grp` READ,
  `silo` READ, `silo` AS `om_digest_silo` READ,
  `domain` READ, `domain` AS `om_digest_domain` READ,
  `uri` READ, `uri` AS `om_digest_uri` READ,
  `usr_preferences` READ, `usr_preferences` AS `om_digest_usr_preferences` READ,
  `trusted` READ, `trusted` AS `om_digest_trusted` READ,
  `speed_dial` READ, `speed_dial` AS `om_digest_speed_dial` READ,
  `gw` READ, `gw` AS `om_digest_gw` READ,
  `lcr` READ, `lcr` AS `om_digest_lcr` READ,
  `pd_multidomain` READ, `pd_multidomain` AS `om_digest_pd_multidomain` READ,
  `cpl` READ, `cpl` AS `om_digest_cpl` READ,
  `sip_trace` READ, `sip_trace` AS `om_digest_sip_trace` READ,
  `pending` READ, `pending` AS `om_digest_pending` READ,
  `version` READ, `version` AS `om_digest_version` READ,
  `openser_migrate_new_subscriber` WRITE,
  `openser_migrate_new_acc` WRITE,
  `openser_migrate_new_missed_calls` WRITE,
  `openser_migrate_new_location` WRITE,
  `openser_migrate_new_aliases` WRITE,
  `openser_migrate_new_dbaliases` WRITE,
  `openser_migrate_new_grp` WRITE,
  `openser_migrate_new_re_grp` WRITE,
  `openser_migrate_new_silo` WRITE,
  `openser_migrate_new_domain` WRITE,
  `openser_migrate_new_uri` WRITE,
  `openser_migrate_new_usr_preferences` WRITE,
  `openser_migrate_new_trusted` WRITE,
  `openser_migrate_new_speed_dial` WRITE,
  `openser_migrate_new_gw` WRITE,
  `openser_migrate_new_lcr` WRITE,
  `openser_migrate_new_address` WRITE,
  `openser_migrate_new_pdt` WRITE,
  `openser_migrate_new_cpl` WRITE,
  `openser_migrate_new_sip_trace` WRITE,
  `openser_migrate_new_pending` WRITE,
  `openser_migrate_new_version` WRITE,
  `openser_migrate_journal` WRITE;

-- subscriber: its rows
INSERT INTO `openser_migrate_new_subscriber` (`username`, `domain`, `password`, `first_name`, `last_name`, `email_address`, `datetime_created`, `ha1`, `ha1b`, `timezone`, `rpid`, `phplib_id`, `phone`, `datetime_modified`, `confirmation`, `flag`, `sendnotification`, `greeting`, `allow_find`)
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
ALTER TABLE `openser_migrate_new_subscriber` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 1, 'subscriber', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `subscriber`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`phplib_id` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`password` AS BINARY)), QUOTE(CAST(`first_name` AS BINARY)), QUOTE(CAST(`last_name` AS BINARY)), QUOTE(CAST(`phone` AS BINARY)), QUOTE(CAST(`email_address` AS BINARY)), QUOTE(CAST(`datetime_created` AS BINARY)), QUOTE(CAST(`datetime_modified` AS BINARY)), QUOTE(CAST(`confirmation` AS BINARY)), QUOTE(CAST(`flag` AS BINARY)), QUOTE(CAST(`sendnotification` AS BINARY)), QUOTE(CAST(`greeting` AS BINARY)), QUOTE(CAST(`ha1` AS BINARY)), QUOTE(CAST(`ha1b` AS BINARY)), QUOTE(CAST(`allow_find` AS BINARY)), QUOTE(CAST(`timezone` AS BINARY)), QUOTE(CAST(`rpid` AS BINARY)), QUOTE(CAST(`domn` AS BINARY)), QUOTE(CAST(`uuid` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `subscriber` AS `om_digest_subscriber`));

-- acc: its rows
INSERT INTO `openser_migrate_new_acc` (`method`, `from_tag`, `to_tag`, `callid`, `sip_code`, `sip_reason`, `time`, `src_user`, `src_domain`, `dst_user`, `dst_domain`)
SELECT `sip_method`,
       LEFT(`fromtag`, 64),
       LEFT(`totag`, 64),
       `sip_callid`,
       IF(HEX(LEFT(`sip_status`, 4)) REGEXP '^3[0-9]3[0-9]3[0-9](20)?$', LEFT(`sip_status`, 3), ''),
       LEFT(IF(HEX(LEFT(`sip_status`, 4)) REGEXP '^3[0-9]3[0-9]3[0-9](20)?$', SUBSTRING(`sip_status`, 5), IFNULL(`sip_status`, '')), 32),
       `time`,
       LEFT(CASE (FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') + 1) DIV 2 WHEN 1 THEN IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), ':', 2), ':', -1), '@', 1), IF(LOCATE('=phone', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)) = 0, ':', IF(HEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1)) REGEXP '^(?:[0-35-9A-F][0-9A-F]|4[1-9A-F])*40(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D70686F6E65(?=3B|3F|$)(?!(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D)', ';', ':')), 1), '') WHEN 2 THEN SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), LOCATE(':', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)) + 1), ';', 1) ELSE IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1), ':', 1), '') END, 64),
       IF(FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') > 2, '', IFNULL(IF(ASCII(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1)) = 91, LEFT(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ']', 1)) + 1), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ':', 1), ';', 1), '?', 1)), '')),
       LEFT(CASE (FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') + 1) DIV 2 WHEN 1 THEN IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), ':', 2), ':', -1), '@', 1), IF(LOCATE('=phone', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)) = 0, ':', IF(HEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1)) REGEXP '^(?:[0-35-9A-F][0-9A-F]|4[1-9A-F])*40(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D70686F6E65(?=3B|3F|$)(?!(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D)', ';', ':')), 1), '') WHEN 2 THEN SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), LOCATE(':', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)) + 1), ';', 1) ELSE IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1), ':', 1), '') END, 64),
       IF(FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') > 2, '', IFNULL(IF(ASCII(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1)) = 91, LEFT(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ']', 1)) + 1), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ':', 1), ';', 1), '?', 1)), ''))
FROM `acc`
ORDER BY BINARY `time`, BINARY `sip_from`, BINARY `sip_to`, BINARY `sip_status`, BINARY `sip_method`, BINARY `i_uri`, BINARY `o_uri`, BINARY `from_uri`, BINARY `to_uri`, BINARY `sip_callid`, BINARY `username`, BINARY `domain`, BINARY `fromtag`, BINARY `totag`, BINARY `timestamp`, BINARY `src_leg`, BINARY `dst_leg`;
ALTER TABLE `openser_migrate_new_acc` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 2, 'acc', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `acc`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`sip_from` AS BINARY)), QUOTE(CAST(`sip_to` AS BINARY)), QUOTE(CAST(`sip_status` AS BINARY)), QUOTE(CAST(`sip_method` AS BINARY)), QUOTE(CAST(`i_uri` AS BINARY)), QUOTE(CAST(`o_uri` AS BINARY)), QUOTE(CAST(`from_uri` AS BINARY)), QUOTE(CAST(`to_uri` AS BINARY)), QUOTE(CAST(`sip_callid` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`fromtag` AS BINARY)), QUOTE(CAST(`totag` AS BINARY)), QUOTE(CAST(`time` AS BINARY)), QUOTE(CAST(`timestamp` AS BINARY)), QUOTE(CAST(`src_leg` AS BINARY)), QUOTE(CAST(`dst_leg` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `acc` AS `om_digest_acc`));

-- missed_calls: its rows
INSERT INTO `openser_migrate_new_missed_calls` (`method`, `from_tag`, `to_tag`, `callid`, `sip_code`, `sip_reason`, `time`, `src_user`, `src_domain`, `dst_user`, `dst_domain`)
SELECT `sip_method`,
       LEFT(`fromtag`, 64),
       LEFT(`totag`, 64),
       `sip_callid`,
       IF(HEX(LEFT(`sip_status`, 4)) REGEXP '^3[0-9]3[0-9]3[0-9](20)?$', LEFT(`sip_status`, 3), ''),
       LEFT(IF(HEX(LEFT(`sip_status`, 4)) REGEXP '^3[0-9]3[0-9]3[0-9](20)?$', SUBSTRING(`sip_status`, 5), IFNULL(`sip_status`, '')), 32),
       `time`,
       LEFT(CASE (FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') + 1) DIV 2 WHEN 1 THEN IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), ':', 2), ':', -1), '@', 1), IF(LOCATE('=phone', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)) = 0, ':', IF(HEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1)) REGEXP '^(?:[0-35-9A-F][0-9A-F]|4[1-9A-F])*40(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D70686F6E65(?=3B|3F|$)(?!(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D)', ';', ':')), 1), '') WHEN 2 THEN SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), LOCATE(':', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)) + 1), ';', 1) ELSE IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1), ':', 1), '') END, 64),
       IF(FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') > 2, '', IFNULL(IF(ASCII(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1)) = 91, LEFT(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ']', 1)) + 1), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(`from_uri`, '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ':', 1), ';', 1), '?', 1)), '')),
       LEFT(CASE (FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') + 1) DIV 2 WHEN 1 THEN IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), ':', 2), ':', -1), '@', 1), IF(LOCATE('=phone', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)) = 0, ':', IF(HEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1)) REGEXP '^(?:[0-35-9A-F][0-9A-F]|4[1-9A-F])*40(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D70686F6E65(?=3B|3F|$)(?!(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])*3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D)', ';', ':')), 1), '') WHEN 2 THEN SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), LOCATE(':', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)) + 1), ';', 1) ELSE IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1), ':', 1), '') END, 64),
       IF(FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') > 2, '', IFNULL(IF(ASCII(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1)) = 91, LEFT(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ']', 1)) + 1), SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), IF(LOCATE('@', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1) AS BINARY)), CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), '@', 1)) + 1, CASE FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(IF(LENGTH(`i_uri`) > 0, `i_uri`, `to_uri`), '<', 2), '<', -1), '>', 1), 5), '.'), ':', 1) AS BINARY) USING latin1))), '736970', '73697073', '74656C', '74656C73') WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1), ':', 1), ';', 1), '?', 1)), ''))
FROM `missed_calls`
ORDER BY BINARY `time`, BINARY `sip_from`, BINARY `sip_to`, BINARY `sip_status`, BINARY `sip_method`, BINARY `i_uri`, BINARY `o_uri`, BINARY `from_uri`, BINARY `to_uri`, BINARY `sip_callid`, BINARY `username`, BINARY `domain`, BINARY `fromtag`, BINARY `totag`, BINARY `timestamp`, BINARY `src_leg`, BINARY `dst_leg`;
ALTER TABLE `openser_migrate_new_missed_calls` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 3, 'missed_calls', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `missed_calls`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`sip_from` AS BINARY)), QUOTE(CAST(`sip_to` AS BINARY)), QUOTE(CAST(`sip_status` AS BINARY)), QUOTE(CAST(`sip_method` AS BINARY)), QUOTE(CAST(`i_uri` AS BINARY)), QUOTE(CAST(`o_uri` AS BINARY)), QUOTE(CAST(`from_uri` AS BINARY)), QUOTE(CAST(`to_uri` AS BINARY)), QUOTE(CAST(`sip_callid` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`fromtag` AS BINARY)), QUOTE(CAST(`totag` AS BINARY)), QUOTE(CAST(`time` AS BINARY)), QUOTE(CAST(`timestamp` AS BINARY)), QUOTE(CAST(`src_leg` AS BINARY)), QUOTE(CAST(`dst_leg` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `missed_calls` AS `om_digest_missed_calls`));

-- location: its rows
INSERT INTO `openser_migrate_new_location` (`username`, `domain`, `contact`, `received`, `path`, `expires`, `q`, `callid`, `cseq`, `last_modified`, `flags`, `user_agent`, `socket`, `methods`)
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
ALTER TABLE `openser_migrate_new_location` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 4, 'location', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `location`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`contact` AS BINARY)), QUOTE(CAST(`received` AS BINARY)), QUOTE(CAST(`path` AS BINARY)), QUOTE(CAST(`expires` AS BINARY)), QUOTE(CAST(`q` AS BINARY)), QUOTE(CAST(`callid` AS BINARY)), QUOTE(CAST(`cseq` AS BINARY)), QUOTE(CAST(`last_modified` AS BINARY)), QUOTE(CAST(`flags` AS BINARY)), QUOTE(CAST(`user_agent` AS BINARY)), QUOTE(CAST(`socket` AS BINARY)), QUOTE(CAST(`methods` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `location` AS `om_digest_location`));

-- aliases: its rows
INSERT INTO `openser_migrate_new_aliases` (`username`, `domain`, `contact`, `received`, `path`, `expires`, `q`, `callid`, `cseq`, `last_modified`, `flags`, `user_agent`, `socket`, `methods`)
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
ALTER TABLE `openser_migrate_new_aliases` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 5, 'aliases', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `aliases`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`contact` AS BINARY)), QUOTE(CAST(`received` AS BINARY)), QUOTE(CAST(`path` AS BINARY)), QUOTE(CAST(`expires` AS BINARY)), QUOTE(CAST(`q` AS BINARY)), QUOTE(CAST(`callid` AS BINARY)), QUOTE(CAST(`cseq` AS BINARY)), QUOTE(CAST(`last_modified` AS BINARY)), QUOTE(CAST(`flags` AS BINARY)), QUOTE(CAST(`user_agent` AS BINARY)), QUOTE(CAST(`socket` AS BINARY)), QUOTE(CAST(`methods` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `aliases` AS `om_digest_aliases`));

-- dbaliases: its rows
INSERT INTO `openser_migrate_new_dbaliases` (`alias_username`, `alias_domain`, `username`, `domain`)
SELECT `alias_username`,
       `alias_domain`,
       `username`,
       `domain`
FROM `dbaliases`
ORDER BY `alias_username`, `alias_domain`;
ALTER TABLE `openser_migrate_new_dbaliases` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 6, 'dbaliases', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `dbaliases`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`alias_username` AS BINARY)), QUOTE(CAST(`alias_domain` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `dbaliases` AS `om_digest_dbaliases`));

-- grp: its rows
INSERT INTO `openser_migrate_new_grp` (`username`, `domain`, `grp`, `last_modified`)
SELECT `username`,
       `domain`,
       `grp`,
       `last_modified`
FROM `grp`
ORDER BY `username`, `domain`, `grp`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 7, 'grp', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `grp`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`grp` AS BINARY)), QUOTE(CAST(`last_modified` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `grp` AS `om_digest_grp`));

-- re_grp: its rows
INSERT INTO `openser_migrate_new_re_grp` (`reg_exp`, `group_id`)
SELECT `reg_exp`,
       `group_id`
FROM `re_grp`
ORDER BY `reg_exp`;
ALTER TABLE `openser_migrate_new_re_grp` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 8, 're_grp', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `re_grp`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`reg_exp` AS BINARY)), QUOTE(CAST(`group_id` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `re_grp` AS `om_digest_re_grp`));

-- silo: its rows
INSERT INTO `openser_migrate_new_silo` (`id`, `src_addr`, `dst_addr`, `username`, `domain`, `inc_time`, `exp_time`, `snd_time`, `ctype`, `body`)
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
ALTER TABLE `openser_migrate_new_silo` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 9, 'silo', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `silo`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`mid` AS BINARY)), QUOTE(CAST(`src_addr` AS BINARY)), QUOTE(CAST(`dst_addr` AS BINARY)), QUOTE(CAST(`r_uri` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`inc_time` AS BINARY)), QUOTE(CAST(`exp_time` AS BINARY)), QUOTE(CAST(`snd_time` AS BINARY)), QUOTE(CAST(`ctype` AS BINARY)), QUOTE(CAST(`body` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `silo` AS `om_digest_silo`));

-- domain: its rows
INSERT INTO `openser_migrate_new_domain` (`domain`, `last_modified`)
SELECT `domain`,
       `last_modified`
FROM `domain`
ORDER BY `domain`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 10, 'domain', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `domain`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`last_modified` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `domain` AS `om_digest_domain`));

-- uri: its rows
INSERT INTO `openser_migrate_new_uri` (`username`, `domain`, `uri_user`, `last_modified`)
SELECT `username`,
       `domain`,
       `uri_user`,
       `last_modified`
FROM `uri`
ORDER BY `username`, `domain`, `uri_user`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 11, 'uri', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `uri`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`uri_user` AS BINARY)), QUOTE(CAST(`last_modified` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `uri` AS `om_digest_uri`));

-- usr_preferences: its rows
INSERT INTO `openser_migrate_new_usr_preferences` (`id`, `uuid`, `username`, `domain`, `attribute`, `type`, `value`, `last_modified`)
SELECT `id`,
       `uuid`,
       LEFT(`username`, 64),
       `domain`,
       `attribute`,
       `type`,
       `value`,
       `modified`
FROM `usr_preferences`;
ALTER TABLE `openser_migrate_new_usr_preferences` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 12, 'usr_preferences', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `usr_preferences`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`id` AS BINARY)), QUOTE(CAST(`uuid` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`attribute` AS BINARY)), QUOTE(CAST(`type` AS BINARY)), QUOTE(CAST(`value` AS BINARY)), QUOTE(CAST(`modified` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `usr_preferences` AS `om_digest_usr_preferences`));

-- trusted: its rows
INSERT INTO `openser_migrate_new_trusted` (`src_ip`, `proto`, `from_pattern`, `tag`)
SELECT `src_ip`,
       `proto`,
       `from_pattern`,
       `tag`
FROM `trusted`
ORDER BY BINARY `src_ip`, BINARY `proto`, BINARY `from_pattern`, BINARY `tag`;
ALTER TABLE `openser_migrate_new_trusted` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 13, 'trusted', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `trusted`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`src_ip` AS BINARY)), QUOTE(CAST(`proto` AS BINARY)), QUOTE(CAST(`from_pattern` AS BINARY)), QUOTE(CAST(`tag` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `trusted` AS `om_digest_trusted`));

-- speed_dial: its rows
INSERT INTO `openser_migrate_new_speed_dial` (`username`, `domain`, `sd_username`, `sd_domain`, `new_uri`, `fname`, `lname`, `description`)
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
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 14, 'speed_dial', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `speed_dial`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`uuid` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`sd_username` AS BINARY)), QUOTE(CAST(`sd_domain` AS BINARY)), QUOTE(CAST(`new_uri` AS BINARY)), QUOTE(CAST(`fname` AS BINARY)), QUOTE(CAST(`lname` AS BINARY)), QUOTE(CAST(`description` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `speed_dial` AS `om_digest_speed_dial`));

-- gw: its rows
INSERT INTO `openser_migrate_new_gw` (`gw_name`, `grp_id`, `ip_addr`, `port`, `uri_scheme`, `transport`, `strip`, `prefix`)
SELECT `gw_name`,
       `grp_id`,
       IF(CONV(LPAD(CONV(TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(`ip_addr` AS BINARY), X'09', ' '))), 10, 16), 8, '0'), 16, 10) = TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(`ip_addr` AS BINARY), X'09', ' '))), INET6_NTOA(REVERSE(UNHEX(LPAD(CONV(TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(`ip_addr` AS BINARY), X'09', ' '))), 10, 16), 8, '0')))), '0.0.0.0'),
       `port`,
       `uri_scheme`,
       `transport`,
       `strip`,
       `prefix`
FROM `gw`
ORDER BY `gw_name`;
ALTER TABLE `openser_migrate_new_gw` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 15, 'gw', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `gw`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`gw_name` AS BINARY)), QUOTE(CAST(`grp_id` AS BINARY)), QUOTE(CAST(`ip_addr` AS BINARY)), QUOTE(CAST(`port` AS BINARY)), QUOTE(CAST(`uri_scheme` AS BINARY)), QUOTE(CAST(`transport` AS BINARY)), QUOTE(CAST(`strip` AS BINARY)), QUOTE(CAST(`prefix` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `gw` AS `om_digest_gw`));

-- lcr: its rows
INSERT INTO `openser_migrate_new_lcr` (`prefix`, `from_uri`, `grp_id`, `priority`)
SELECT `prefix`,
       `from_uri`,
       `grp_id`,
       `priority`
FROM `lcr`
ORDER BY BINARY `prefix`, BINARY `from_uri`, BINARY `grp_id`, BINARY `priority`;
ALTER TABLE `openser_migrate_new_lcr` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 16, 'lcr', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `lcr`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`prefix` AS BINARY)), QUOTE(CAST(`from_uri` AS BINARY)), QUOTE(CAST(`grp_id` AS BINARY)), QUOTE(CAST(`priority` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `lcr` AS `om_digest_lcr`));

-- address: its journal row
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`) VALUES (1, 17, 'address', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'));

-- pdt: its rows
INSERT INTO `openser_migrate_new_pdt` (`sdomain`, `prefix`, `domain`)
SELECT `sdomain`,
       `prefix`,
       `domain`
FROM `pd_multidomain`
ORDER BY `sdomain`, `prefix`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 18, 'pdt', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `pd_multidomain`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`sdomain` AS BINARY)), QUOTE(CAST(`prefix` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `pd_multidomain` AS `om_digest_pd_multidomain`));

-- cpl: its rows
INSERT INTO `openser_migrate_new_cpl` (`username`, `domain`, `cpl_xml`, `cpl_bin`)
SELECT `username`,
       `domain`,
       `cpl_xml`,
       `cpl_bin`
FROM `cpl`
ORDER BY `username`, `domain`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 19, 'cpl', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `cpl`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`cpl_xml` AS BINARY)), QUOTE(CAST(`cpl_bin` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `cpl` AS `om_digest_cpl`));

-- sip_trace: its rows
INSERT INTO `openser_migrate_new_sip_trace` (`id`, `date`, `callid`, `traced_user`, `msg`, `method`, `status`, `fromip`, `toip`, `fromtag`, `direction`)
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
ALTER TABLE `openser_migrate_new_sip_trace` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 20, 'sip_trace', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `sip_trace`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`id` AS BINARY)), QUOTE(CAST(`date` AS BINARY)), QUOTE(CAST(`callid` AS BINARY)), QUOTE(CAST(`traced_user` AS BINARY)), QUOTE(CAST(`msg` AS BINARY)), QUOTE(CAST(`method` AS BINARY)), QUOTE(CAST(`status` AS BINARY)), QUOTE(CAST(`fromip` AS BINARY)), QUOTE(CAST(`toip` AS BINARY)), QUOTE(CAST(`fromtag` AS BINARY)), QUOTE(CAST(`direction` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `sip_trace` AS `om_digest_sip_trace`));

-- pending: its rows
INSERT INTO `openser_migrate_new_pending` (`phplib_id`, `username`, `domain`, `password`, `first_name`, `last_name`, `phone`, `email_address`, `datetime_created`, `datetime_modified`, `confirmation`, `flag`, `sendnotification`, `greeting`, `ha1`, `ha1b`, `allow_find`, `timezone`, `rpid`)
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
ALTER TABLE `openser_migrate_new_pending` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 21, 'pending', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `pending`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`phplib_id` AS BINARY)), QUOTE(CAST(`username` AS BINARY)), QUOTE(CAST(`domain` AS BINARY)), QUOTE(CAST(`password` AS BINARY)), QUOTE(CAST(`first_name` AS BINARY)), QUOTE(CAST(`last_name` AS BINARY)), QUOTE(CAST(`phone` AS BINARY)), QUOTE(CAST(`email_address` AS BINARY)), QUOTE(CAST(`datetime_created` AS BINARY)), QUOTE(CAST(`datetime_modified` AS BINARY)), QUOTE(CAST(`confirmation` AS BINARY)), QUOTE(CAST(`flag` AS BINARY)), QUOTE(CAST(`sendnotification` AS BINARY)), QUOTE(CAST(`greeting` AS BINARY)), QUOTE(CAST(`ha1` AS BINARY)), QUOTE(CAST(`ha1b` AS BINARY)), QUOTE(CAST(`allow_find` AS BINARY)), QUOTE(CAST(`timezone` AS BINARY)), QUOTE(CAST(`rpid` AS BINARY)), QUOTE(CAST(`domn` AS BINARY)), QUOTE(CAST(`uuid` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `pending` AS `om_digest_pending`));

-- version: its rows
INSERT INTO `openser_migrate_new_version` (`table_name`, `table_version`) SELECT `table_name`, `table_version` FROM `version`;
DELETE FROM `openser_migrate_new_version` WHERE `table_name` IN ('subscriber', 'acc', 'missed_calls', 'location', 'aliases', 'silo', 'trusted', 'gw', 'address', 'cpl', 'pending');
INSERT INTO `openser_migrate_new_version` (`table_name`, `table_version`) VALUES
  ('subscriber', 6),
  ('acc', 4),
  ('missed_calls', 3),
  ('location', 1004),
  ('aliases', 1004),
  ('silo', 5),
  ('trusted', 4),
  ('gw', 4),
  ('address', 3),
  ('cpl', 1),
  ('pending', 6);
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`, `source_digest`) VALUES (1, 22, 'version', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `version`), (SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', QUOTE(CAST(`table_name` AS BINARY)), QUOTE(CAST(`table_version` AS BINARY)))), 16), 16, 10) AS UNSIGNED)), 0))) AS BINARY) FROM `version` AS `om_digest_version`));

-- the switch: one statement, atomic; verified after, undone if the result is not the target
UNLOCK TABLES;
RENAME TABLE
  `subscriber` TO `old11_subscriber`,
  `openser_migrate_new_subscriber` TO `subscriber`,
  `acc` TO `old11_acc`,
  `openser_migrate_new_acc` TO `acc`,
  `missed_calls` TO `old11_missed_calls`,
  `openser_migrate_new_missed_calls` TO `missed_calls`,
  `location` TO `old11_location`,
  `openser_migrate_new_location` TO `location`,
  `aliases` TO `old11_aliases`,
  `openser_migrate_new_aliases` TO `aliases`,
  `dbaliases` TO `old11_dbaliases`,
  `openser_migrate_new_dbaliases` TO `dbaliases`,
  `grp` TO `old11_grp`,
  `openser_migrate_new_grp` TO `grp`,
  `re_grp` TO `old11_re_grp`,
  `openser_migrate_new_re_grp` TO `re_grp`,
  `silo` TO `old11_silo`,
  `openser_migrate_new_silo` TO `silo`,
  `domain` TO `old11_domain`,
  `openser_migrate_new_domain` TO `domain`,
  `uri` TO `old11_uri`,
  `openser_migrate_new_uri` TO `uri`,
  `usr_preferences` TO `old11_usr_preferences`,
  `openser_migrate_new_usr_preferences` TO `usr_preferences`,
  `trusted` TO `old11_trusted`,
  `openser_migrate_new_trusted` TO `trusted`,
  `speed_dial` TO `old11_speed_dial`,
  `openser_migrate_new_speed_dial` TO `speed_dial`,
  `gw` TO `old11_gw`,
  `openser_migrate_new_gw` TO `gw`,
  `lcr` TO `old11_lcr`,
  `openser_migrate_new_lcr` TO `lcr`,
  `openser_migrate_new_address` TO `address`,
  `openser_migrate_new_pdt` TO `pdt`,
  `cpl` TO `old11_cpl`,
  `openser_migrate_new_cpl` TO `cpl`,
  `sip_trace` TO `old11_sip_trace`,
  `openser_migrate_new_sip_trace` TO `sip_trace`,
  `pending` TO `old11_pending`,
  `openser_migrate_new_pending` TO `pending`,
  `version` TO `old11_version`,
  `openser_migrate_new_version` TO `version`;
UPDATE `openser_migrate_history` SET `status` = 'done', `finished` = DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s') WHERE `id` = 1;
