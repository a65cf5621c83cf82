/*
 * award.c
 *		Whether a tender is awarded as of now, not as of the transaction's
 *		snapshot.
 *
 * The guard_awarded trigger waits for an award in progress and must then
 * see it.  At READ COMMITTED its next query does.  At REPEATABLE READ or
 * SERIALIZABLE the transaction's snapshot predates that award, so the
 * trigger asks here, where the award table is read with the latest
 * snapshot.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "fmgr.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

PG_FUNCTION_INFO_V1(tender_is_awarded);

Datum
tender_is_awarded(PG_FUNCTION_ARGS)
{
	text	   *tender = PG_GETARG_TEXT_PP(0);
	Oid			relid;
	Relation	rel;
	Oid			pkey;
	ScanKeyData key;
	Snapshot	snapshot;
	SysScanDesc scan;
	bool		found;

	relid = get_relname_relid("award", get_namespace_oid("svtoms", false));
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table svtoms.award does not exist"),
				 errhint("Install the extension again: DROP EXTENSION svtoms; CREATE EXTENSION svtoms.")));

	rel = table_open(relid, AccessShareLock);
	pkey = RelationGetPrimaryKeyIndex(rel);
	if (!OidIsValid(pkey))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table svtoms.award has no primary key")));

	/* tender_id is the first column of the table and of its key */
	ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid,
						   DEFAULT_COLLATION_OID, F_TEXTEQ, PointerGetDatum(tender));
	snapshot = RegisterSnapshot(GetLatestSnapshot());
	scan = systable_beginscan(rel, pkey, true, snapshot, 1, &key);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);

	PG_RETURN_BOOL(found);
}
