/*
 * svtoms.c
 *		Module entry: svtoms evaluates the social value of procurement bids.
 *
 * The parts live in one folder per concept under src/, each with its C and
 * SQL (src/README.md maps them): account/ (exact amounts, the sv type, its
 * operators and aggregates), profile/ (the profile type and aggregates),
 * scoring/ (valuation, scoring and the evidence rule), frameworks/ (CSV
 * reading for value sets), judgements/ (the moderate aggregate), award/
 * (the one writer of award records, and whether a tender is awarded past
 * the transaction's snapshot) and extension/ (this file, the drop guard's
 * hook, loading a dump).
 */
#include "postgres.h"

#include "commands/extension.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(in_extension_script);

/*
 * in_extension_script(): whether svtoms's own install or update script is
 * running.  A setting would not do: anyone may set a custom setting, while
 * only CREATE or ALTER EXTENSION svtoms runs its scripts.
 */
Datum
in_extension_script(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(creating_extension &&
				   CurrentExtensionObject == get_extension_oid("svtoms", true));
}
