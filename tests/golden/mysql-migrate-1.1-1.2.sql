-- migrate: OpenSER 1.1 -> 1.2 from database DB into the new database NEWDB (plan 429a6b71add1); DB is only read
SET NAMES utf8mb4;
SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO';
SET SESSION explicit_defaults_for_timestamp = ON;
SET SESSION max_length_for_sort_data = 65536;
SELECT GET_LOCK('openser-migrate.NEWDB', 30);
CREATE DATABASE IF NOT EXISTS `NEWDB` CHARACTER SET latin1 COLLATE latin1_swedish_ci;
USE `NEWDB`;
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
INSERT IGNORE INTO `openser_migrate_history` (`id`, `plan`, `checksum`, `engine`, `command`, `options`, `source`, `tool`, `started`, `status`) VALUES (1, '1.1->1.2', '429a6b71add10434e13c8787dc5cb31ad8dc53cb95bec65ee108cc5c599c9060', 'mysql', 'migrate', 'HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) STORE_PLAINTEXT_PW=unset', 'DB', 'openser-migrate 0.1.0', '2007-03-12 12:00:00', 'running');

-- version: created empty
DROP TABLE IF EXISTS `version`;
CREATE TABLE `version` (
  `table_name` varchar(64) NOT NULL,
  `table_version` smallint(5) NOT NULL DEFAULT 0,
  PRIMARY KEY (`table_name`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
DELETE FROM `version` WHERE `table_name` IN ('subscriber', 'acc', 'missed_calls', 'location', 'aliases', 'dbaliases', 'grp', 're_grp', 'silo', 'domain', 'uri', 'usr_preferences', 'trusted', 'speed_dial', 'gw', 'gw_grp', 'lcr', 'address', 'cpl', 'sip_trace', 'active_sessions', 'pending', 'phonebook', 'server_monitoring', 'usr_preferences_types', 'server_monitoring_agg', 'admin_privileges');
INSERT INTO `version` (`table_name`, `table_version`) VALUES
  ('subscriber', 6),
  ('acc', 4),
  ('missed_calls', 3),
  ('location', 1004),
  ('aliases', 1004),
  ('dbaliases', 1),
  ('grp', 2),
  ('re_grp', 1),
  ('silo', 5),
  ('domain', 1),
  ('uri', 1),
  ('usr_preferences', 2),
  ('trusted', 4),
  ('speed_dial', 2),
  ('gw', 4),
  ('gw_grp', 1),
  ('lcr', 2),
  ('address', 3),
  ('cpl', 1),
  ('sip_trace', 1),
  ('active_sessions', 1),
  ('pending', 6),
  ('phonebook', 1),
  ('server_monitoring', 1),
  ('usr_preferences_types', 1),
  ('server_monitoring_agg', 1),
  ('admin_privileges', 1);
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`) VALUES (1, 1, 'version', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'));

-- subscriber: built from DB.subscriber
DROP TABLE IF EXISTS `subscriber`;
CREATE TABLE `subscriber` (
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
ALTER TABLE `subscriber` DISABLE KEYS;
INSERT INTO `subscriber` (`username`, `domain`, `password`, `first_name`, `last_name`, `email_address`, `datetime_created`, `ha1`, `ha1b`, `timezone`, `rpid`, `phplib_id`, `phone`, `datetime_modified`, `confirmation`, `flag`, `sendnotification`, `greeting`, `allow_find`)
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
FROM `DB`.`subscriber`
ORDER BY `username`, `domain`;
ALTER TABLE `subscriber` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 2, 'subscriber', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`subscriber`));

-- acc: built from DB.acc
DROP TABLE IF EXISTS `acc`;
CREATE TABLE `acc` (
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
ALTER TABLE `acc` DISABLE KEYS;
INSERT INTO `acc` (`method`, `from_tag`, `to_tag`, `callid`, `sip_code`, `sip_reason`, `time`, `src_user`, `src_domain`, `dst_user`, `dst_domain`)
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
FROM `DB`.`acc`
ORDER BY BINARY `time`, BINARY `sip_from`, BINARY `sip_to`, BINARY `sip_status`, BINARY `sip_method`, BINARY `i_uri`, BINARY `o_uri`, BINARY `from_uri`, BINARY `to_uri`, BINARY `sip_callid`, BINARY `username`, BINARY `domain`, BINARY `fromtag`, BINARY `totag`, BINARY `timestamp`, BINARY `src_leg`, BINARY `dst_leg`;
ALTER TABLE `acc` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 3, 'acc', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`acc`));

-- missed_calls: built from DB.missed_calls
DROP TABLE IF EXISTS `missed_calls`;
CREATE TABLE `missed_calls` (
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
ALTER TABLE `missed_calls` DISABLE KEYS;
INSERT INTO `missed_calls` (`method`, `from_tag`, `to_tag`, `callid`, `sip_code`, `sip_reason`, `time`, `src_user`, `src_domain`, `dst_user`, `dst_domain`)
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
FROM `DB`.`missed_calls`
ORDER BY BINARY `time`, BINARY `sip_from`, BINARY `sip_to`, BINARY `sip_status`, BINARY `sip_method`, BINARY `i_uri`, BINARY `o_uri`, BINARY `from_uri`, BINARY `to_uri`, BINARY `sip_callid`, BINARY `username`, BINARY `domain`, BINARY `fromtag`, BINARY `totag`, BINARY `timestamp`, BINARY `src_leg`, BINARY `dst_leg`;
ALTER TABLE `missed_calls` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 4, 'missed_calls', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`missed_calls`));

-- location: built from DB.location
DROP TABLE IF EXISTS `location`;
CREATE TABLE `location` (
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
ALTER TABLE `location` DISABLE KEYS;
INSERT INTO `location` (`username`, `domain`, `contact`, `received`, `path`, `expires`, `q`, `callid`, `cseq`, `last_modified`, `flags`, `user_agent`, `socket`, `methods`)
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
FROM `DB`.`location`
ORDER BY `username`, `domain`, `contact`;
ALTER TABLE `location` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 5, 'location', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`location`));

-- aliases: built from DB.aliases
DROP TABLE IF EXISTS `aliases`;
CREATE TABLE `aliases` (
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
ALTER TABLE `aliases` DISABLE KEYS;
INSERT INTO `aliases` (`username`, `domain`, `contact`, `received`, `path`, `expires`, `q`, `callid`, `cseq`, `last_modified`, `flags`, `user_agent`, `socket`, `methods`)
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
FROM `DB`.`aliases`
ORDER BY `username`, `domain`, `contact`;
ALTER TABLE `aliases` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 6, 'aliases', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`aliases`));

-- dbaliases: built from DB.dbaliases
DROP TABLE IF EXISTS `dbaliases`;
CREATE TABLE `dbaliases` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `alias_username` varchar(64) NOT NULL DEFAULT '',
  `alias_domain` varchar(128) NOT NULL DEFAULT '',
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `alias_key` (`alias_username`, `alias_domain`),
  KEY `alias_user` (`username`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `dbaliases` DISABLE KEYS;
INSERT INTO `dbaliases` (`alias_username`, `alias_domain`, `username`, `domain`)
SELECT `alias_username`,
       `alias_domain`,
       `username`,
       `domain`
FROM `DB`.`dbaliases`
ORDER BY `alias_username`, `alias_domain`;
ALTER TABLE `dbaliases` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 7, 'dbaliases', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`dbaliases`));

-- grp: built from DB.grp
DROP TABLE IF EXISTS `grp`;
CREATE TABLE `grp` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `grp` varchar(50) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udg_grp` (`username`, `domain`, `grp`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `grp` (`username`, `domain`, `grp`, `last_modified`)
SELECT `username`,
       `domain`,
       `grp`,
       `last_modified`
FROM `DB`.`grp`
ORDER BY `username`, `domain`, `grp`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 8, 'grp', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`grp`));

-- re_grp: built from DB.re_grp
DROP TABLE IF EXISTS `re_grp`;
CREATE TABLE `re_grp` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `reg_exp` varchar(128) NOT NULL DEFAULT '',
  `group_id` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  KEY `gid_grp` (`group_id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `re_grp` DISABLE KEYS;
INSERT INTO `re_grp` (`reg_exp`, `group_id`)
SELECT `reg_exp`,
       `group_id`
FROM `DB`.`re_grp`
ORDER BY `reg_exp`;
ALTER TABLE `re_grp` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 9, 're_grp', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`re_grp`));

-- silo: built from DB.silo
DROP TABLE IF EXISTS `silo`;
CREATE TABLE `silo` (
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
ALTER TABLE `silo` DISABLE KEYS;
INSERT INTO `silo` (`id`, `src_addr`, `dst_addr`, `username`, `domain`, `inc_time`, `exp_time`, `snd_time`, `ctype`, `body`)
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
FROM `DB`.`silo`;
ALTER TABLE `silo` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 10, 'silo', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`silo`));

-- domain: built from DB.domain
DROP TABLE IF EXISTS `domain`;
CREATE TABLE `domain` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `domain` varchar(128) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `d_domain` (`domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `domain` (`domain`, `last_modified`)
SELECT `domain`,
       `last_modified`
FROM `DB`.`domain`
ORDER BY `domain`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 11, 'domain', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`domain`));

-- uri: built from DB.uri
DROP TABLE IF EXISTS `uri`;
CREATE TABLE `uri` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `uri_user` varchar(50) NOT NULL DEFAULT '',
  `last_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  UNIQUE KEY `udu_uri` (`username`, `domain`, `uri_user`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `uri` (`username`, `domain`, `uri_user`, `last_modified`)
SELECT `username`,
       `domain`,
       `uri_user`,
       `last_modified`
FROM `DB`.`uri`
ORDER BY `username`, `domain`, `uri_user`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 12, 'uri', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`uri`));

-- usr_preferences: built from DB.usr_preferences
DROP TABLE IF EXISTS `usr_preferences`;
CREATE TABLE `usr_preferences` (
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
ALTER TABLE `usr_preferences` DISABLE KEYS;
INSERT INTO `usr_preferences` (`id`, `uuid`, `username`, `domain`, `attribute`, `type`, `value`, `last_modified`)
SELECT `id`,
       `uuid`,
       LEFT(`username`, 64),
       `domain`,
       `attribute`,
       `type`,
       `value`,
       `modified`
FROM `DB`.`usr_preferences`;
ALTER TABLE `usr_preferences` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 13, 'usr_preferences', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`usr_preferences`));

-- trusted: built from DB.trusted
DROP TABLE IF EXISTS `trusted`;
CREATE TABLE `trusted` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `src_ip` varchar(39) NOT NULL,
  `proto` varchar(4) NOT NULL,
  `from_pattern` varchar(64) NULL DEFAULT NULL,
  `tag` varchar(32) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `Key1` (`src_ip`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `trusted` DISABLE KEYS;
INSERT INTO `trusted` (`src_ip`, `proto`, `from_pattern`, `tag`)
SELECT `src_ip`,
       `proto`,
       `from_pattern`,
       `tag`
FROM `DB`.`trusted`
ORDER BY BINARY `src_ip`, BINARY `proto`, BINARY `from_pattern`, BINARY `tag`;
ALTER TABLE `trusted` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 14, 'trusted', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`trusted`));

-- speed_dial: built from DB.speed_dial
DROP TABLE IF EXISTS `speed_dial`;
CREATE TABLE `speed_dial` (
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
INSERT INTO `speed_dial` (`username`, `domain`, `sd_username`, `sd_domain`, `new_uri`, `fname`, `lname`, `description`)
SELECT `username`,
       `domain`,
       `sd_username`,
       `sd_domain`,
       `new_uri`,
       `fname`,
       `lname`,
       `description`
FROM `DB`.`speed_dial`
ORDER BY `username`, `domain`, `sd_domain`, `sd_username`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 15, 'speed_dial', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`speed_dial`));

-- gw: built from DB.gw
DROP TABLE IF EXISTS `gw`;
CREATE TABLE `gw` (
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
ALTER TABLE `gw` DISABLE KEYS;
INSERT INTO `gw` (`gw_name`, `grp_id`, `ip_addr`, `port`, `uri_scheme`, `transport`, `strip`, `prefix`)
SELECT `gw_name`,
       `grp_id`,
       IF(CONV(LPAD(CONV(TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(`ip_addr` AS BINARY), X'09', ' '))), 10, 16), 8, '0'), 16, 10) = TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(`ip_addr` AS BINARY), X'09', ' '))), INET6_NTOA(REVERSE(UNHEX(LPAD(CONV(TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(`ip_addr` AS BINARY), X'09', ' '))), 10, 16), 8, '0')))), '0.0.0.0'),
       `port`,
       `uri_scheme`,
       `transport`,
       `strip`,
       `prefix`
FROM `DB`.`gw`
ORDER BY `gw_name`;
ALTER TABLE `gw` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 16, 'gw', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`gw`));

-- gw_grp: built from DB.gw_grp
DROP TABLE IF EXISTS `gw_grp`;
CREATE TABLE `gw_grp` (
  `grp_id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `grp_name` varchar(64) NOT NULL,
  PRIMARY KEY (`grp_id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `gw_grp` (`grp_id`, `grp_name`)
SELECT `grp_id`,
       `grp_name`
FROM `DB`.`gw_grp`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 17, 'gw_grp', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`gw_grp`));

-- lcr: built from DB.lcr
DROP TABLE IF EXISTS `lcr`;
CREATE TABLE `lcr` (
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
ALTER TABLE `lcr` DISABLE KEYS;
INSERT INTO `lcr` (`prefix`, `from_uri`, `grp_id`, `priority`)
SELECT `prefix`,
       `from_uri`,
       `grp_id`,
       `priority`
FROM `DB`.`lcr`
ORDER BY BINARY `prefix`, BINARY `from_uri`, BINARY `grp_id`, BINARY `priority`;
ALTER TABLE `lcr` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 18, 'lcr', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`lcr`));

-- address: created empty
DROP TABLE IF EXISTS `address`;
CREATE TABLE `address` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `grp` smallint(5) unsigned NOT NULL DEFAULT 0,
  `ip_addr` varchar(15) NOT NULL,
  `mask` tinyint(4) NOT NULL DEFAULT 32,
  `port` smallint(5) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`) VALUES (1, 19, 'address', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'));

-- pdt: built from DB.pd_multidomain
DROP TABLE IF EXISTS `pdt`;
CREATE TABLE `pdt` (
  `id` int(10) NOT NULL AUTO_INCREMENT,
  `sdomain` varchar(255) NOT NULL,
  `prefix` varchar(32) NOT NULL,
  `domain` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `sp_pdt` (`sdomain`, `prefix`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `pdt` (`sdomain`, `prefix`, `domain`)
SELECT `sdomain`,
       `prefix`,
       `domain`
FROM `DB`.`pd_multidomain`
ORDER BY `sdomain`, `prefix`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 20, 'pdt', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`pd_multidomain`));

-- cpl: built from DB.cpl
DROP TABLE IF EXISTS `cpl`;
CREATE TABLE `cpl` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL,
  `domain` varchar(64) NOT NULL DEFAULT '',
  `cpl_xml` text NULL DEFAULT NULL,
  `cpl_bin` text NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ud_cpl` (`username`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `cpl` (`username`, `domain`, `cpl_xml`, `cpl_bin`)
SELECT `username`,
       `domain`,
       `cpl_xml`,
       `cpl_bin`
FROM `DB`.`cpl`
ORDER BY `username`, `domain`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 21, 'cpl', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`cpl`));

-- sip_trace: built from DB.sip_trace
DROP TABLE IF EXISTS `sip_trace`;
CREATE TABLE `sip_trace` (
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
ALTER TABLE `sip_trace` DISABLE KEYS;
INSERT INTO `sip_trace` (`id`, `date`, `callid`, `traced_user`, `msg`, `method`, `status`, `fromip`, `toip`, `fromtag`, `direction`)
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
FROM `DB`.`sip_trace`;
ALTER TABLE `sip_trace` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 22, 'sip_trace', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`sip_trace`));

-- active_sessions: built from DB.active_sessions
DROP TABLE IF EXISTS `active_sessions`;
CREATE TABLE `active_sessions` (
  `sid` varchar(32) NOT NULL DEFAULT '',
  `name` varchar(32) NOT NULL DEFAULT '',
  `val` text NULL DEFAULT NULL,
  `changed` varchar(14) NOT NULL DEFAULT '',
  PRIMARY KEY (`name`, `sid`),
  KEY `changed` (`changed`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
ALTER TABLE `active_sessions` DISABLE KEYS;
INSERT INTO `active_sessions` (`sid`, `name`, `val`, `changed`)
SELECT `sid`,
       `name`,
       `val`,
       `changed`
FROM `DB`.`active_sessions`;
ALTER TABLE `active_sessions` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 23, 'active_sessions', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`active_sessions`));

-- pending: built from DB.pending
DROP TABLE IF EXISTS `pending`;
CREATE TABLE `pending` (
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
ALTER TABLE `pending` DISABLE KEYS;
INSERT INTO `pending` (`phplib_id`, `username`, `domain`, `password`, `first_name`, `last_name`, `phone`, `email_address`, `datetime_created`, `datetime_modified`, `confirmation`, `flag`, `sendnotification`, `greeting`, `ha1`, `ha1b`, `allow_find`, `timezone`, `rpid`)
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
FROM `DB`.`pending`
ORDER BY `username`, `domain`;
ALTER TABLE `pending` ENABLE KEYS;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 24, 'pending', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`pending`));

-- phonebook: built from DB.phonebook
DROP TABLE IF EXISTS `phonebook`;
CREATE TABLE `phonebook` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `fname` varchar(32) NOT NULL DEFAULT '',
  `lname` varchar(32) NOT NULL DEFAULT '',
  `sip_uri` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `phonebook` (`id`, `username`, `domain`, `fname`, `lname`, `sip_uri`)
SELECT `id`,
       `username`,
       `domain`,
       `fname`,
       `lname`,
       `sip_uri`
FROM `DB`.`phonebook`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 25, 'phonebook', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`phonebook`));

-- server_monitoring: built from DB.server_monitoring
DROP TABLE IF EXISTS `server_monitoring`;
CREATE TABLE `server_monitoring` (
  `time` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `id` int(10) unsigned NOT NULL DEFAULT 0,
  `param` varchar(32) NOT NULL DEFAULT '',
  `value` int(10) NOT NULL DEFAULT 0,
  `increment` int(10) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`, `param`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `server_monitoring` (`time`, `id`, `param`, `value`, `increment`)
SELECT `time`,
       `id`,
       `param`,
       `value`,
       `increment`
FROM `DB`.`server_monitoring`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 26, 'server_monitoring', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`server_monitoring`));

-- usr_preferences_types: built from DB.usr_preferences_types
DROP TABLE IF EXISTS `usr_preferences_types`;
CREATE TABLE `usr_preferences_types` (
  `att_name` varchar(32) NOT NULL DEFAULT '',
  `att_rich_type` varchar(32) NOT NULL DEFAULT 'string',
  `att_raw_type` int(11) NOT NULL DEFAULT 2,
  `att_type_spec` text NULL DEFAULT NULL,
  `default_value` varchar(100) NOT NULL DEFAULT '',
  PRIMARY KEY (`att_name`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `usr_preferences_types` (`att_name`, `att_rich_type`, `att_raw_type`, `att_type_spec`, `default_value`)
SELECT `att_name`,
       `att_rich_type`,
       `att_raw_type`,
       `att_type_spec`,
       `default_value`
FROM `DB`.`usr_preferences_types`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 27, 'usr_preferences_types', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`usr_preferences_types`));

-- server_monitoring_agg: built from DB.server_monitoring_agg
DROP TABLE IF EXISTS `server_monitoring_agg`;
CREATE TABLE `server_monitoring_agg` (
  `param` varchar(32) NOT NULL DEFAULT '',
  `s_value` int(10) NOT NULL DEFAULT 0,
  `s_increment` int(10) NOT NULL DEFAULT 0,
  `last_aggregated_increment` int(10) NOT NULL DEFAULT 0,
  `av` float NOT NULL DEFAULT 0,
  `mv` int(10) NOT NULL DEFAULT 0,
  `ad` float NOT NULL DEFAULT 0,
  `lv` int(10) NOT NULL DEFAULT 0,
  `min_val` int(10) NOT NULL DEFAULT 0,
  `max_val` int(10) NOT NULL DEFAULT 0,
  `min_inc` int(10) NOT NULL DEFAULT 0,
  `max_inc` int(10) NOT NULL DEFAULT 0,
  `lastupdate` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`param`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `server_monitoring_agg` (`param`, `s_value`, `s_increment`, `last_aggregated_increment`, `av`, `mv`, `ad`, `lv`, `min_val`, `max_val`, `min_inc`, `max_inc`, `lastupdate`)
SELECT `param`,
       `s_value`,
       `s_increment`,
       `last_aggregated_increment`,
       `av`,
       `mv`,
       `ad`,
       `lv`,
       `min_val`,
       `max_val`,
       `min_inc`,
       `max_inc`,
       `lastupdate`
FROM `DB`.`server_monitoring_agg`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 28, 'server_monitoring_agg', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`server_monitoring_agg`));

-- admin_privileges: built from DB.admin_privileges
DROP TABLE IF EXISTS `admin_privileges`;
CREATE TABLE `admin_privileges` (
  `username` varchar(64) NOT NULL DEFAULT '',
  `domain` varchar(128) NOT NULL DEFAULT '',
  `priv_name` varchar(64) NOT NULL DEFAULT '',
  `priv_value` varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY (`username`, `priv_name`, `priv_value`, `domain`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
INSERT INTO `admin_privileges` (`username`, `domain`, `priv_name`, `priv_value`)
SELECT `username`,
       `domain`,
       `priv_name`,
       `priv_value`
FROM `DB`.`admin_privileges`;
INSERT INTO `openser_migrate_journal` (`run`, `step`, `name`, `finished`, `source_rows`) VALUES (1, 29, 'admin_privileges', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s'), (SELECT count(*) FROM `DB`.`admin_privileges`));
GRANT ALL PRIVILEGES ON `NEWDB`.* TO 'openser'@'localhost';
GRANT SELECT ON `NEWDB`.* TO 'openserro'@'localhost';
UPDATE `openser_migrate_history` SET `status` = 'done', `finished` = DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s') WHERE `id` = 1;
