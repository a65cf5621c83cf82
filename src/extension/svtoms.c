/*
 * svtoms.c
 *		Module entry: svtoms evaluates the social value of procurement bids.
 *
 * The parts live in their own files: decimal.c (exact amounts), sv.c (the
 * sv type), sv_ops.c (its operators), sv_agg.c (its aggregates),
 * scoring.c (valuation and scoring) and evidence.c (the evidence rule).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
