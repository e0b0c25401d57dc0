/*
 * names.h: the names the migrator gives its own objects in a database.
 * The core and the drivers both use them (a driver tells the migrator's
 * own tables from OpenSER's when it reads the catalog), so they stand
 * apart from detection.
 */
#ifndef OM_NAMES_H
#define OM_NAMES_H

#define OM_HISTORY_TABLE "openser_migrate_history"
#define OM_JOURNAL_TABLE "openser_migrate_journal"
#define OM_DRIFT_TABLE "openser_migrate_drift"
/* The version rows an upgrade replaced (engines that keep no old version table). */
#define OM_VERSION_KEPT_TABLE "openser_migrate_version"
#define OM_OWN_PREFIX "openser_migrate_"
/* Tables built beside the live ones before a switch (MySQL). */
#define OM_SHADOW_PREFIX "openser_migrate_new_"
/* A switched-in table set aside when its switch is undone: openser_migrate_kept<run>_<table>. */
#define OM_KEPT_PREFIX "openser_migrate_kept"
/*
 * A count of the writes to a source from before the hold until the switch
 * (MySQL, tripwire.c): table openser_migrate_tw_<source>, its triggers
 * openser_migrate_tw_<source>_i, _u and _d.
 */
#define OM_TRIPWIRE_PREFIX "openser_migrate_tw_"
/*
 * The triggers of a capture (online.c) or a tripwire: one for each event,
 * named by its prefix and these letters: INSERT, UPDATE, DELETE.
 */
#define OM_TRIGGER_SUFFIXES "iud"

#endif
