/*
 * award_record.c
 *		The one writer of award records, and the trigger that refuses every
 *		other write to them.
 *
 * svtoms.award, svtoms.award_result and svtoms.award_robustness are
 * written only while record_award() runs its own fixed statements for one
 * tender: the
 * backend-local awarding_tender says which, and nothing but record_award
 * sets it.  A user's INSERT, UPDATE or DELETE, whoever the user is, finds
 * it unset and is refused.  The extension's own scripts (an update that
 * records what an earlier version did not) and a restore (see
 * src/extension/restore.c, which loads without triggers) are the only
 * other writers.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/rel.h"

PG_FUNCTION_INFO_V1(record_award);
PG_FUNCTION_INFO_V1(guard_award_record);

/* the tender whose award record this backend is writing, or NULL */
static char *awarding_tender = NULL;

/* Run one of record_award's statements with the tender as $1. */
static void
run_award_statement(const char *sql, const char *tender, int expected)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	int			ret;

	values[0] = CStringGetTextDatum(tender);
	ret = SPI_execute_with_args(sql, 1, argtypes, values, NULL, false, 0);
	if (ret != expected)
		elog(ERROR, "record_award: unexpected SPI result %d for \"%s\"", ret, sql);
}

/*
 * record_award(tender_id): freeze the tender's evaluation and inputs as its
 * award, under the award's locks, or refuse: a tender that does not exist,
 * is already awarded, or has no ranked bid.  CALL svtoms.award calls it;
 * called directly it makes the same award or none.
 */
Datum
record_award(PG_FUNCTION_ARGS)
{
	char	   *tender = text_to_cstring(PG_GETARG_TEXT_PP(0));
	bool		ranked;

	/* the evaluation must see every change committed before the lock */
	if (XactIsoLevel != XACT_READ_COMMITTED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_STATE),
				 errmsg("svtoms.award runs at READ COMMITTED, not %s",
						XactIsoLevel == XACT_SERIALIZABLE ? "SERIALIZABLE" :
						XactIsoLevel == XACT_REPEATABLE_READ ? "REPEATABLE READ" : "READ UNCOMMITTED"),
				 errhint("CALL svtoms.award(...) in a transaction at the default isolation level, READ COMMITTED.")));
	if (awarding_tender != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the award of tender \"%s\" is being recorded", awarding_tender),
				 errhint("Award one tender at a time.")));

	SPI_connect();
	run_award_statement("SELECT svtoms.advisory_xact_lock('tender', $1, false),"
						" svtoms.advisory_xact_lock('value_set', t.value_set_id, false)"
						" FROM svtoms.tender t WHERE t.id OPERATOR(pg_catalog.=) $1",
						tender, SPI_OK_SELECT);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tender \"%s\" does not exist", tender)));
	run_award_statement("SELECT 1 FROM svtoms.award a WHERE a.tender_id OPERATOR(pg_catalog.=) $1",
						tender, SPI_OK_SELECT);
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNIQUE_VIOLATION),
				 errmsg("tender \"%s\" is already awarded", tender),
				 errhint("An award is made once; svtoms.evaluate returns it.")));

	awarding_tender = MemoryContextStrdup(TopMemoryContext, tender);
	PG_TRY();
	{
		/*
		 * One statement, one snapshot: the evaluation is read before the
		 * award row exists (evaluate returns an award once there is one).
		 */
		run_award_statement("WITH results AS MATERIALIZED (SELECT e.* FROM svtoms.evaluate($1) e),"
							" recorded AS (INSERT INTO svtoms.award (tender_id, framework_id, value_set_id, inputs)"
							"  SELECT t.id, t.framework_id, t.value_set_id, svtoms.award_inputs(t.id)"
							"  FROM svtoms.tender t WHERE t.id OPERATOR(pg_catalog.=) $1)"
							" INSERT INTO svtoms.award_result SELECT $1, r.* FROM results r",
							tender, SPI_OK_INSERT);

		/*
		 * The robustness of each competition, from what was just frozen
		 * (the award's inputs and results), in the same transaction.
		 */
		run_award_statement("INSERT INTO svtoms.award_robustness SELECT r.* FROM svtoms.robustness_compute($1) r",
							tender, SPI_OK_INSERT);
	}
	PG_FINALLY();
	{
		pfree(awarding_tender);
		awarding_tender = NULL;
	}
	PG_END_TRY();

	/* every lot is frozen at once, but a tender with no ranked bid at all is not awarded */
	run_award_statement("SELECT 1 FROM svtoms.award_result r WHERE r.tender_id OPERATOR(pg_catalog.=) $1"
						" AND r.rank IS NOT NULL LIMIT 1",
						tender, SPI_OK_SELECT);
	ranked = SPI_processed > 0;
	SPI_finish();
	if (!ranked)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("tender \"%s\" has no qualified bid to award", tender),
				 errhint("SELECT * FROM svtoms.evaluate(...) shows why each bid was disqualified.")));
	PG_RETURN_VOID();
}

/*
 * Trigger on svtoms.award, svtoms.award_result and svtoms.award_robustness:
 * rows are inserted only
 * by record_award, for the tender it is recording, and never changed.
 */
Datum
guard_award_record(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	HeapTuple	tuple;
	int			attnum;
	char	   *tender;
	const char *table;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		elog(ERROR, "guard_award_record: not called as a BEFORE ROW trigger");

	rel = trigdata->tg_relation;
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ? trigdata->tg_newtuple : trigdata->tg_trigtuple;

	/* an update script of svtoms itself, recording what earlier versions did not */
	if (creating_extension && CurrentExtensionObject == get_extension_oid("svtoms", true))
		return PointerGetDatum(tuple);

	table = RelationGetRelationName(rel);
	attnum = SPI_fnumber(RelationGetDescr(rel), "tender_id");
	if (attnum <= 0)
		elog(ERROR, "guard_award_record: svtoms.%s has no tender_id column", table);
	tender = SPI_getvalue(trigdata->tg_trigtuple, RelationGetDescr(rel), attnum);

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
	{
		if (awarding_tender != NULL && tender != NULL && strcmp(tender, awarding_tender) == 0)
			return PointerGetDatum(tuple);
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("svtoms.%s is written only by CALL svtoms.award", table),
				 errdetail("The %s row of tender \"%s\" was not inserted.", table, tender ? tender : "(null)"),
				 errhint("Award a tender with CALL svtoms.award(tender_id); an award is made once, from the tender's own evaluation.")));
	}
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("the award of tender \"%s\" cannot be changed", tender ? tender : "(null)"),
			 errdetail("An award record is kept as made, so that the decision can be reproduced.")));
	PG_RETURN_NULL();			/* not reached */
}
