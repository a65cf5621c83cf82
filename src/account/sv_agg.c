/*
 * sv_agg.c
 *		Aggregates building sv accounts: svtoms.sum(sv) and
 *		svtoms.social_value(amount [, counts]).
 *
 * The state is an sv itself (fixed length), so parallel plans pass partial
 * states between processes without serialization, and one transition
 * function doubles as the combine function.  Called as an aggregate, the
 * transition functions update their state in place (it lives in the
 * aggregate's memory context); called directly, they return a new value.
 */
#include "postgres.h"

#include "amount.h"
#include "svtoms.h"

PG_FUNCTION_INFO_V1(sv_sum_accum);
PG_FUNCTION_INFO_V1(sv_social_value_accum);
PG_FUNCTION_INFO_V1(sv_social_value_counts_accum);

/*
 * The state to update: argument 0 itself inside an aggregate, else a copy.
 * A NULL state becomes a zero account in the right context.
 */
static Sv *
writable_state_slow(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	Sv		   *state;

	if (PG_ARGISNULL(0))
		return (Sv *) MemoryContextAllocZero(in_agg ? aggcontext : CurrentMemoryContext,
											 sizeof(Sv));
	if (in_agg)
		return PG_GETARG_SV_P(0);
	state = (Sv *) palloc(sizeof(Sv));
	memcpy(state, PG_GETARG_SV_P(0), sizeof(Sv));
	return state;
}

/*
 * On every row but a group's first, the state is there and the caller is
 * an aggregate (what AggCheckCallContext tests first, without its call):
 * update it in place.
 */
static inline Sv *
writable_state(FunctionCallInfo fcinfo)
{
	if (likely(!PG_ARGISNULL(0) && fcinfo->context != NULL &&
			   (IsA(fcinfo->context, AggState) ||
				IsA(fcinfo->context, WindowAggState))))
		return PG_GETARG_SV_P(0);
	return writable_state_slow(fcinfo);
}

/* sum(sv) transition and the combine function of every sv aggregate */
Datum
sv_sum_accum(PG_FUNCTION_ARGS)
{
	Sv		   *state;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	state = writable_state(fcinfo);
	sv_add_into(state, PG_GETARG_SV_P(1));
	PG_RETURN_SV_P(state);
}

/* social_value(amount): a NULL amount is a missing response */
Datum
sv_social_value_accum(PG_FUNCTION_ARGS)
{
	Sv		   *state = writable_state(fcinfo);

	if (PG_ARGISNULL(1))
		sv_count_one_inline(&state->missing);
	else
		sv_add_numeric_inline(state, PG_GETARG_DATUM(1));
	PG_RETURN_SV_P(state);
}

/*
 * social_value(amount, counts): a present response whose counts is false
 * (or NULL, as FILTER treats it) is excluded; a NULL amount is missing
 * whatever counts says, as there is nothing to exclude.
 */
Datum
sv_social_value_counts_accum(PG_FUNCTION_ARGS)
{
	Sv		   *state = writable_state(fcinfo);

	if (PG_ARGISNULL(1))
		sv_count_one_inline(&state->missing);
	else if (PG_ARGISNULL(2) || !PG_GETARG_BOOL(2))
		sv_count_one_inline(&state->excluded);
	else
		sv_add_numeric_inline(state, PG_GETARG_DATUM(1));
	PG_RETURN_SV_P(state);
}
