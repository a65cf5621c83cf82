/*
 * sv_ops.c
 *		Operators on sv: addition, scaling, ordering and hashing.
 *
 * Ordering is by net, then benefit, then the counts, so that it is total
 * and deterministic; the display scale never affects equality or hashes
 * (120.5 and 120.50 are the same amount).
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "svtoms.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(sv_add);
PG_FUNCTION_INFO_V1(sv_mul_numeric);
PG_FUNCTION_INFO_V1(numeric_mul_sv);
PG_FUNCTION_INFO_V1(sv_cmp);
PG_FUNCTION_INFO_V1(sv_eq);
PG_FUNCTION_INFO_V1(sv_ne);
PG_FUNCTION_INFO_V1(sv_lt);
PG_FUNCTION_INFO_V1(sv_le);
PG_FUNCTION_INFO_V1(sv_gt);
PG_FUNCTION_INFO_V1(sv_ge);
PG_FUNCTION_INFO_V1(sv_hash);
PG_FUNCTION_INFO_V1(sv_hash_extended);
PG_FUNCTION_INFO_V1(sv_larger);
PG_FUNCTION_INFO_V1(sv_smaller);

Datum
sv_add(PG_FUNCTION_ARGS)
{
	Sv		   *result = (Sv *) palloc(sizeof(Sv));

	memcpy(result, PG_GETARG_SV_P(0), sizeof(Sv));
	sv_add_into(result, PG_GETARG_SV_P(1));
	PG_RETURN_SV_P(result);
}

/* amount * factor, exactly, then rounded half away from zero to 6 decimals */
static int128
scale_amount(int128 micro, Numeric factor)
{
	Numeric		product;
	int128		result;
	int			dscale;

	if (micro == 0)
		return 0;
	product = numeric_mul_opt_error(sv_micro_to_numeric(micro, SV_SCALE),
									factor, NULL);
	if (sv_numeric_to_micro(product, &result, &dscale) != SV_DECIMAL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("svtoms.sv scaled by %s is out of range",
						numeric_normalize(factor)),
				 errdetail("An account holds at most 32 integral digits.")));
	return result;
}

static Sv *
sv_scale(const Sv *sv, Numeric factor)
{
	Sv		   *result;

	if (numeric_is_nan(factor) || numeric_is_inf(factor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot scale an svtoms.sv by %s", numeric_normalize(factor)),
				 errhint("The factor must be a finite number, 0 or more.")));
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(factor),
										  NumericGetDatum(int64_to_numeric(0)))) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot scale an svtoms.sv by negative factor %s",
						numeric_normalize(factor)),
				 errdetail("Scaling multiplies benefit and harm alike; a negative factor would turn one into the other."),
				 errhint("Use a factor of 0 or more; record a harm as a negative response instead.")));

	result = (Sv *) palloc(sizeof(Sv));
	memcpy(result, sv, sizeof(Sv));
	result->benefit = scale_amount(sv->benefit, factor);
	result->harm = scale_amount(sv->harm, factor);
	result->dscale = Min(SV_SCALE, sv->dscale + sv_numeric_dscale(factor));
	return result;
}

Datum
sv_mul_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_SV_P(sv_scale(PG_GETARG_SV_P(0), PG_GETARG_NUMERIC(1)));
}

Datum
numeric_mul_sv(PG_FUNCTION_ARGS)
{
	PG_RETURN_SV_P(sv_scale(PG_GETARG_SV_P(1), PG_GETARG_NUMERIC(0)));
}

/* ---------- ordering ---------- */

#define CMP3(a, b)	((a) < (b) ? -1 : ((a) > (b) ? 1 : 0))

static int
sv_cmp_internal(const Sv *a, const Sv *b)
{
	int			c;

	if ((c = CMP3(a->benefit - a->harm, b->benefit - b->harm)) != 0)
		return c;
	if ((c = CMP3(a->benefit, b->benefit)) != 0)
		return c;
	if ((c = CMP3(a->responses, b->responses)) != 0)
		return c;
	if ((c = CMP3(a->negatives, b->negatives)) != 0)
		return c;
	if ((c = CMP3(a->missing, b->missing)) != 0)
		return c;
	return CMP3(a->excluded, b->excluded);
}

#define SV_CMP_ARGS sv_cmp_internal(PG_GETARG_SV_P(0), PG_GETARG_SV_P(1))

Datum
sv_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(SV_CMP_ARGS);
}

Datum
sv_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SV_CMP_ARGS == 0);
}

Datum
sv_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SV_CMP_ARGS != 0);
}

Datum
sv_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SV_CMP_ARGS < 0);
}

Datum
sv_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SV_CMP_ARGS <= 0);
}

Datum
sv_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SV_CMP_ARGS > 0);
}

Datum
sv_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SV_CMP_ARGS >= 0);
}

Datum
sv_larger(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(SV_CMP_ARGS >= 0 ? PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1));
}

Datum
sv_smaller(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(SV_CMP_ARGS <= 0 ? PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1));
}

/* ---------- hashing ---------- */

/* The components that define equality, in a fixed byte layout */
static void
sv_hash_key(const Sv *sv, uint64 key[8])
{
	key[0] = (uint64) ((uint128) sv->benefit >> 64);
	key[1] = (uint64) sv->benefit;
	key[2] = (uint64) ((uint128) sv->harm >> 64);
	key[3] = (uint64) sv->harm;
	key[4] = (uint64) sv->responses;
	key[5] = (uint64) sv->negatives;
	key[6] = (uint64) sv->missing;
	key[7] = (uint64) sv->excluded;
}

Datum
sv_hash(PG_FUNCTION_ARGS)
{
	uint64		key[8];

	sv_hash_key(PG_GETARG_SV_P(0), key);
	return hash_any((unsigned char *) key, sizeof(key));
}

Datum
sv_hash_extended(PG_FUNCTION_ARGS)
{
	uint64		key[8];

	sv_hash_key(PG_GETARG_SV_P(0), key);
	return hash_any_extended((unsigned char *) key, sizeof(key),
							 PG_GETARG_INT64(1));
}
