/*
 * restore.c
 *		Loading svtoms's tables from a dump, in any order.
 *
 * svtoms's tables belong to the extension, so CREATE EXTENSION makes their
 * foreign keys and triggers before a restore loads any row.  pg_dump
 * writes their data in an order that satisfies the foreign keys, but a
 * parallel pg_restore (-j) loads tables in an order of its own, and the
 * triggers refuse rows that only a CALL svtoms.award may write (award
 * records) or that the server stamps (delivery history).  A restore is
 * a superuser reloading what a dump holds; for it, the statement trigger
 * here turns off triggers and foreign-key checks until the end of the
 * transaction that loads the table, as pg_restore --disable-triggers
 * does for a data-only restore.  Only a superuser may do that by hand
 * (session_replication_role), so nobody gains a power.
 *
 * A session is a restore when pg_restore runs it, or when it carries the
 * settings every pg_dump script starts with (a plain-format dump run by
 * psql): row_security off and function bodies unchecked.
 */
#include "postgres.h"

#include "commands/extension.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/rls.h"

PG_FUNCTION_INFO_V1(restore_load);

static bool
is_restore_session(void)
{
	const char *application = GetConfigOption("application_name", true, false);

	if (application != NULL && strcmp(application, "pg_restore") == 0)
		return true;
	return !row_security && !check_function_bodies;
}

/* BEFORE INSERT ... FOR EACH STATEMENT on each table a dump holds */
Datum
restore_load(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		elog(ERROR, "restore_load: not called as a statement trigger");

	/* the install script's own rows (bundled frameworks) are checked as usual */
	if (!creating_extension && superuser() && is_restore_session())
		(void) set_config_option("session_replication_role", "replica",
								 PGC_SUSET, PGC_S_SESSION, GUC_ACTION_LOCAL,
								 true, 0, false);
	return PointerGetDatum(NULL);
}
