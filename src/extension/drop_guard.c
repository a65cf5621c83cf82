/*
 * drop_guard.c
 *		The deciding half of the drop guard (drop_guard.sql): refuses to
 *		drop the svtoms extension or its schema while it holds a council's
 *		data, whatever command drops it.
 *
 * Event triggers alone cannot do it.  ddl_command_start does not know what
 * a command will drop (DROP OWNED BY a role, a CASCADE from plpgsql, a
 * schema), and svtoms's own sql_drop trigger is dropped with the extension,
 * so it never fires for that drop.  So the ddl_command_start trigger
 * measures the data and arms this object access hook (loading the module),
 * and the hook decides from the objects the command really deletes.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/objectaccess.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "utils/rel.h"

PG_FUNCTION_INFO_V1(drop_guard_arm);

/*
 * Armed by the last DROP EXTENSION, DROP SCHEMA or DROP OWNED of the
 * transaction; strings in TopMemoryContext.
 */
static bool guard_armed = false;
static Oid	guard_extension = InvalidOid;
static Oid	guard_schema = InvalidOid;
static char *guard_holding = NULL;	/* what svtoms holds; NULL: nothing */
static char *guard_tag = NULL;

static bool guard_hooked = false;
static object_access_hook_type prev_object_access_hook = NULL;

static void
guard_disarm(void)
{
	if (guard_holding)
		pfree(guard_holding);
	if (guard_tag)
		pfree(guard_tag);
	guard_holding = NULL;
	guard_tag = NULL;
	guard_armed = false;
	guard_extension = InvalidOid;
	guard_schema = InvalidOid;
}

/* An armed guard lasts one transaction at most */
static void
guard_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			guard_disarm();
			break;
		default:
			break;
	}
}

static void
guard_object_access(ObjectAccessType access, Oid classId, Oid objectId,
					int subId, void *arg)
{
	const char *allow;

	if (prev_object_access_hook)
		prev_object_access_hook(access, classId, objectId, subId, arg);

	if (access != OAT_DROP || !guard_armed || guard_holding == NULL)
		return;
	if (!((classId == ExtensionRelationId && objectId == guard_extension) ||
		  (classId == NamespaceRelationId && objectId == guard_schema)))
		return;
	allow = GetConfigOption("svtoms.allow_drop", true, false);
	if (allow != NULL && strcmp(allow, "on") == 0)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
			 errmsg("svtoms holds data (%s) that %s would delete", guard_holding, guard_tag),
			 errdetail("Dropping the extension drops its tables, with every row in them."),
			 errhint("Export first (pg_dump --schema=svtoms, or svtoms.framework_json for frameworks), then SET svtoms.allow_drop = on in the same session to drop it.")));
}

/* The schema of an extension (extension.c keeps its own lookup static) */
static Oid
extension_schema(Oid extension)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	Oid			schema = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extension));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		schema = ((Form_pg_extension) GETSTRUCT(tuple))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return schema;
}

/*
 * drop_guard_arm(tag, holding): called by the ddl_command_start trigger
 * before each DROP EXTENSION, DROP SCHEMA and DROP OWNED.  holding names
 * the data svtoms holds, NULL when it holds none or the drop is allowed.
 * Calling it by hand changes nothing: every such drop arms it anew.
 */
Datum
drop_guard_arm(PG_FUNCTION_ARGS)
{
	Oid			extension = get_extension_oid("svtoms", true);

	if (!guard_hooked)
	{
		prev_object_access_hook = object_access_hook;
		object_access_hook = guard_object_access;
		RegisterXactCallback(guard_xact_callback, NULL);
		guard_hooked = true;
	}
	guard_disarm();
	if (!OidIsValid(extension))
		PG_RETURN_VOID();
	guard_extension = extension;
	guard_schema = extension_schema(extension);
	guard_tag = PG_ARGISNULL(0) ? MemoryContextStrdup(TopMemoryContext, "DROP")
		: MemoryContextStrdup(TopMemoryContext, text_to_cstring(PG_GETARG_TEXT_PP(0)));
	if (!PG_ARGISNULL(1))
		guard_holding = MemoryContextStrdup(TopMemoryContext,
											text_to_cstring(PG_GETARG_TEXT_PP(1)));
	guard_armed = true;
	PG_RETURN_VOID();
}
