/*
 * svtoms.h
 *		Shared declarations: the sv account and its exact decimal amounts.
 *
 * Amounts are fixed-point integers counting micro-units (10^-6), held in
 * 128 bits: 6 fractional and 32 integral digits, with no floating point
 * anywhere.  Every amount also remembers a display scale (0..6), so that a
 * total of two-decimal money prints with two decimals, as numeric does.
 */
#ifndef SVTOMS_H
#define SVTOMS_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"
#include "utils/numeric.h"

#ifndef HAVE_INT128
#error "svtoms needs a compiler with 128-bit integers"
#endif

/* Fractional digits kept in an amount; more are rounded half away from zero */
#define SV_SCALE			6
#define SV_MICRO			((int128) 1000000)
/* Largest amount magnitude: 10^38 - 1 micro-units (32 integral digits) */
#define SV_AMOUNT_MAX		(((int128) 10000000000000000000ULL) * \
							 ((int128) 10000000000000000000ULL) - 1)
/* Longest text of one amount: sign, 32 digits, point, 6 digits, NUL */
#define SV_AMOUNT_BUFLEN	48

/* Binary format version written first by sv_send */
#define SV_BINARY_VERSION	1
/* bytes of the fields after the version byte: two int128, int16, four int64 */
#define SV_FIELDS_BYTES		(16 + 16 + 2 + 4 * 8)

/*
 * A social value account.  Fixed length, passed by reference.
 * Invariants (checked on every input path):
 *	benefit, harm in [0, SV_AMOUNT_MAX]; counts >= 0;
 *	negatives <= responses; harm > 0 needs negatives > 0;
 *	benefit > 0 needs responses > negatives;
 *	no nonzero digit beyond dscale.
 */
typedef struct Sv
{
	int128		benefit;		/* sum of positive amounts, micro-units */
	int128		harm;			/* sum of |negative amounts|, micro-units */
	int64		responses;		/* responses counted */
	int64		negatives;		/* of which negative */
	int64		missing;		/* required responses absent */
	int64		excluded;		/* responses present but not counted */
	int16		dscale;			/* display scale, 0..SV_SCALE */
	int16		pad1;			/* always zero */
	int32		pad2;			/* always zero */
} Sv;

#define DatumGetSvP(X)		((Sv *) DatumGetPointer(X))
#define SvPGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_SV_P(n)	DatumGetSvP(PG_GETARG_DATUM(n))
#define PG_RETURN_SV_P(x)	return SvPGetDatum(x)

/* decimal.c: exact conversions between micro-units, numeric and text */
typedef enum SvDecimalStatus
{
	SV_DECIMAL_OK,
	SV_DECIMAL_OVERFLOW,
	SV_DECIMAL_NAN,
	SV_DECIMAL_INFINITE
} SvDecimalStatus;

extern SvDecimalStatus sv_numeric_to_micro(Numeric num, int128 *micro,
										   int *dscale);
extern Numeric sv_micro_to_numeric(int128 micro, int dscale);
extern char *sv_micro_to_cstring(char *buf, int128 micro, int dscale);
extern int	sv_parse_amount(const char *str, int128 *micro, int *dscale);
extern bool sv_micro_add(int128 a, int128 b, int128 *result);
extern bool sv_micro_fits(int128 micro);
extern bool sv_micro_is_scaled(int128 micro, int dscale);
extern int	sv_numeric_dscale(Numeric num);

/* sv.c: shared helpers */
extern Sv  *sv_palloc_zero(void);
extern void sv_add_amount(Sv *sv, int128 micro, int dscale);
extern void sv_add_numeric(Sv *sv, Datum amount);
extern void sv_count_one(int64 *count);
extern void sv_add_into(Sv *acc, const Sv *other);
extern void sv_count_overflow(void) pg_attribute_noreturn();
extern const char *sv_invariant_violation(const Sv *sv);
extern char *sv_to_cstring(const Sv *sv);
extern char *sv_to_json_cstring(const Sv *sv);
extern bool sv_parse(const char *str, Sv *sv, Node *escontext);
extern void sv_send_fields(StringInfo buf, const Sv *sv);
extern void sv_recv_need(StringInfo buf, int nbytes, const char *type_name);
extern void sv_recv_version(StringInfo buf, int expected, const char *type_name);
extern void sv_recv_end(StringInfo buf, const char *type_name);
extern void sv_recv_fields(StringInfo buf, Sv *sv);
extern void sv_amount_from_numeric(Numeric num, int128 *micro, int *dscale);

/* The aggregate memory context of an aggregate support function (its state lives there) */
static inline MemoryContext
svtoms_aggregate_context(FunctionCallInfo fcinfo, const char *name)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", name);
	return aggcontext;
}

#endif							/* SVTOMS_H */
