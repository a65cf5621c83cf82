/*
 * svtoms.c
 *		Module entry: svtoms evaluates the social value of procurement bids.
 *
 * The parts live in one folder per concept under src/, each with its C and
 * SQL (src/README.md maps them): account/ (exact amounts, the sv type, its
 * operators and aggregates), profile/ (the profile type and aggregates),
 * scoring/ (valuation, scoring and the evidence rule), frameworks/ (CSV
 * reading for value sets) and award/ (whether a tender is awarded, past
 * the transaction's snapshot).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
