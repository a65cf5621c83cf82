/*
 * profile_agg.c
 *		svtoms.theme_profile(theme, amount | value): a bid's account theme
 *		by theme.
 *
 * The state is a ProfileBuild in the aggregate's memory context: one
 * entry per theme, so memory grows with the themes, never with the rows.
 * Partial states travel between parallel workers serialized in the
 * profile binary body, their themes sorted, so that the leader merges
 * them in one pass.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "profile.h"

PG_FUNCTION_INFO_V1(profile_accum_numeric);
PG_FUNCTION_INFO_V1(profile_accum_sv);
PG_FUNCTION_INFO_V1(profile_combine);
PG_FUNCTION_INFO_V1(profile_serialize);
PG_FUNCTION_INFO_V1(profile_deserialize);
PG_FUNCTION_INFO_V1(profile_final);

/* The theme's account in the state (made on first use); NULL theme refused */
static Sv *
state_theme(FunctionCallInfo fcinfo, ProfileBuild **state, const char *fname)
{
	text	   *theme;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("theme of a profile row cannot be NULL"),
				 errhint("Every response belongs to a theme: join the outcomes' themes, or COALESCE the theme.")));
	if (PG_ARGISNULL(0))
		*state = profile_build_new(svtoms_aggregate_context(fcinfo, fname));
	else
		*state = (ProfileBuild *) PG_GETARG_POINTER(0);
	theme = PG_GETARG_TEXT_PP(1);
	return profile_build_theme(*state, VARDATA_ANY(theme), VARSIZE_ANY_EXHDR(theme));
}

/* theme_profile(theme, amount): a NULL amount is a missing response */
Datum
profile_accum_numeric(PG_FUNCTION_ARGS)
{
	ProfileBuild *state;
	Sv		   *account = state_theme(fcinfo, &state, "profile_accum_numeric");

	if (PG_ARGISNULL(2))
		sv_count_one(&account->missing);
	else
		sv_add_numeric(account, PG_GETARG_DATUM(2));
	PG_RETURN_POINTER(state);
}

/* theme_profile(theme, value): accounts added per theme; NULL values ignored */
Datum
profile_accum_sv(PG_FUNCTION_ARGS)
{
	ProfileBuild *state;
	Sv		   *account;

	if (PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	account = state_theme(fcinfo, &state, "profile_accum_sv");
	sv_add_into(account, PG_GETARG_SV_P(2));
	PG_RETURN_POINTER(state);
}

Datum
profile_combine(PG_FUNCTION_ARGS)
{
	ProfileBuild *state;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	/* never keep the other state: it belongs to another group or worker */
	if (PG_ARGISNULL(0))
		state = profile_build_new(svtoms_aggregate_context(fcinfo, "profile_combine"));
	else
		state = (ProfileBuild *) PG_GETARG_POINTER(0);
	profile_build_add_build(state, (ProfileBuild *) PG_GETARG_POINTER(1));
	PG_RETURN_POINTER(state);
}

Datum
profile_serialize(PG_FUNCTION_ARGS)
{
	ProfileBuild *state;
	StringInfoData buf;

	svtoms_aggregate_context(fcinfo, "profile_serialize");
	state = (ProfileBuild *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	profile_send_body(&buf, profile_build_finish(state));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
profile_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = svtoms_aggregate_context(fcinfo, "profile_deserialize");
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	ProfileBuild *state = profile_build_new(aggcontext);
	StringInfoData buf;

	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	profile_recv_body(&buf, state);
	PG_RETURN_POINTER(state);
}

/* The profile; over no rows, the empty profile */
Datum
profile_final(PG_FUNCTION_ARGS)
{
	ProfileBuild *state;

	if (PG_ARGISNULL(0))
	{
		ProfileBuild empty = {0};

		PG_RETURN_POINTER(profile_build_finish(&empty));
	}
	state = (ProfileBuild *) PG_GETARG_POINTER(0);
	PG_RETURN_POINTER(profile_build_finish(state));
}
