/*
 * profile.c
 *		The profile type: a map from theme to sv account, with text and
 *		binary I/O, lookup, and the theme aggregates' measures (balance,
 *		coverage, weighted net).
 *
 * Text form, themes in bytewise order, names always quoted:
 *	 {"environment": (benefit=0 harm=190000 ...), "jobs": (benefit=210000 ...)}
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "compat.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "mb/pg_wchar.h"
#include "profile.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(profile_in);
PG_FUNCTION_INFO_V1(profile_out);
PG_FUNCTION_INFO_V1(profile_recv);
PG_FUNCTION_INFO_V1(profile_send);
PG_FUNCTION_INFO_V1(profile_get);
PG_FUNCTION_INFO_V1(profile_themes);
PG_FUNCTION_INFO_V1(profile_total);
PG_FUNCTION_INFO_V1(profile_balance);
PG_FUNCTION_INFO_V1(profile_coverage);
PG_FUNCTION_INFO_V1(profile_weighted_net);
PG_FUNCTION_INFO_V1(profile_to_jsonb);

StaticAssertDecl(sizeof(ProfileEntry) % MAXIMUM_ALIGNOF == 0,
				 "profile entries must stay aligned");
/* what the limits promise: a profile at the limits is built, stored and output */
StaticAssertDecl((Size) PROFILE_MAX_THEMES * sizeof(ProfileBuildEntry) <= MaxAllocSize,
				 "the themes of a profile being built must fit in one allocation");
StaticAssertDecl(PROFILE_SIZE(PROFILE_MAX_THEMES, 0) <= PROFILE_MAX_SIZE,
				 "a profile of the most themes must be able to have names");
StaticAssertDecl(2 + (Size) PROFILE_MAX_THEMES * PROFILE_THEME_TEXT_MAX +
				 2 * (Size) PROFILE_MAX_SIZE <= MaxAllocSize,
				 "the text of a profile at the limits must fit in one allocation");
StaticAssertDecl(PROFILE_MAX_SIZE <= MaxAllocSize, "a profile is one value");

/* ---------- limits ---------- */

/*
 * Refuse a profile of nthemes themes whose names take namebytes: called
 * before a profile grows, so that no profile beyond the limits is made.
 */
void
profile_check_limits(int64 nthemes, Size namebytes)
{
	Size		size;

	if (nthemes > PROFILE_MAX_THEMES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("svtoms.profile of %lld themes exceeds the limit of %d themes",
						(long long) nthemes, PROFILE_MAX_THEMES),
				 errhint("Group the rows into fewer themes, or build several profiles (one per group of themes).")));
	size = PROFILE_SIZE(nthemes, namebytes);
	if (size > PROFILE_MAX_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("svtoms.profile of %zu bytes exceeds the limit of %d bytes",
						size, PROFILE_MAX_SIZE),
				 errdetail("A profile takes 8 bytes, 80 bytes per theme and the bytes of its theme names."),
				 errhint("Use shorter theme names, or fewer themes per profile.")));
}

/* ---------- building ---------- */

ProfileBuild *
profile_build_new(MemoryContext context)
{
	ProfileBuild *build = MemoryContextAllocZero(context, sizeof(ProfileBuild));

	build->context = context;
	build->maxthemes = 8;
	build->entries = MemoryContextAlloc(context, sizeof(ProfileBuildEntry) * build->maxthemes);
	return build;
}

static int
name_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* The account of a theme, added (as an empty account) when new */
Sv *
profile_build_theme(ProfileBuild *build, const char *name, int len)
{
	int			lo = 0;
	int			hi = build->nthemes;
	ProfileBuildEntry *e;

	if (build->last < build->nthemes)
	{
		e = &build->entries[build->last];
		if (name_cmp(e->name, e->len, name, len) == 0)
			return &e->value;
	}
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		int			c;

		e = &build->entries[mid];
		c = name_cmp(e->name, e->len, name, len);
		if (c == 0)
		{
			build->last = mid;
			return &e->value;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}

	profile_check_limits((int64) build->nthemes + 1, build->namebytes + len);
	/* never beyond PROFILE_MAX_THEMES entries: a power of two, as 8 is */
	if (build->nthemes == build->maxthemes)
	{
		build->maxthemes *= 2;
		build->entries = repalloc(build->entries, sizeof(ProfileBuildEntry) * build->maxthemes);
	}
	memmove(&build->entries[lo + 1], &build->entries[lo],
			sizeof(ProfileBuildEntry) * (build->nthemes - lo));
	e = &build->entries[lo];
	e->name = MemoryContextAlloc(build->context, Max(len, 1));
	memcpy(e->name, name, len);
	e->len = len;
	memset(&e->value, 0, sizeof(Sv));
	build->nthemes++;
	build->namebytes += len;
	build->last = lo;
	return &e->value;
}

void
profile_build_add_build(ProfileBuild *build, const ProfileBuild *other)
{
	int			i;

	for (i = 0; i < other->nthemes; i++)
		sv_add_into(profile_build_theme(build, other->entries[i].name, other->entries[i].len),
					&other->entries[i].value);
}

/* The flat profile, in the current memory context */
Profile *
profile_build_finish(const ProfileBuild *build)
{
	Size		size = PROFILE_SIZE(build->nthemes, build->namebytes);
	Profile    *profile;
	int			i;
	int32		off = 0;

	/* profile_build_theme kept the build within the limits */
	Assert(build->nthemes <= PROFILE_MAX_THEMES && size <= PROFILE_MAX_SIZE);
	profile = palloc0(size);
	SET_VARSIZE(profile, size);
	profile->nthemes = build->nthemes;
	for (i = 0; i < build->nthemes; i++)
	{
		profile->entries[i].value = build->entries[i].value;
		profile->entries[i].name_off = off;
		profile->entries[i].name_len = build->entries[i].len;
		memcpy(PROFILE_NAMES(profile) + off, build->entries[i].name, build->entries[i].len);
		off += build->entries[i].len;
	}
	return profile;
}

/* ---------- text I/O ---------- */

#define PROFILE_SYNTAX_ERROR(escontext, str, ...) \
	ereturn(escontext, false, \
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
			 errmsg("invalid input syntax for type svtoms.profile: \"%s\"", str), \
			 errdetail(__VA_ARGS__), \
			 errhint("Write a profile as {\"jobs\": (benefit=10 responses=1), \"carbon\": (harm=4 responses=1 negatives=1)}.")))

static bool
profile_parse(const char *str, ProfileBuild *build, Node *escontext)
{
	const char *p = str;
	StringInfoData name;

	initStringInfo(&name);
	while (isspace((unsigned char) *p))
		p++;
	if (*p != '{')
		PROFILE_SYNTAX_ERROR(escontext, str, "A profile starts with \"{\".");
	p++;
	while (isspace((unsigned char) *p))
		p++;
	if (*p == '}')
		p++;
	else
	{
		for (;;)
		{
			const char *close;
			char	   *account;
			Sv			value;
			Sv		   *slot;
			int			before = build->nthemes;

			/* sorting themes in costs up to O(n) each: let a long input be cancelled */
			CHECK_FOR_INTERRUPTS();

			/* "theme name", with \" and \\ escapes */
			if (*p != '"')
				PROFILE_SYNTAX_ERROR(escontext, str, "Expected a quoted theme name at \"%s\".", p);
			p++;
			resetStringInfo(&name);
			while (*p != '"')
			{
				if (*p == '\0')
					PROFILE_SYNTAX_ERROR(escontext, str, "A theme name is not closed.");
				if (*p == '\\')
				{
					p++;
					if (*p == '\0')
						PROFILE_SYNTAX_ERROR(escontext, str, "A theme name is not closed.");
				}
				appendStringInfoChar(&name, *p++);
			}
			p++;
			while (isspace((unsigned char) *p))
				p++;
			if (*p != ':')
				PROFILE_SYNTAX_ERROR(escontext, str, "Expected \":\" after theme \"%s\".", name.data);
			p++;
			while (isspace((unsigned char) *p))
				p++;
			if (*p != '(' || (close = strchr(p, ')')) == NULL)
				PROFILE_SYNTAX_ERROR(escontext, str,
									 "Expected an account in parentheses after theme \"%s\".", name.data);
			account = pnstrdup(p + 1, close - p - 1);
			if (!sv_parse(account, &value, escontext))
				return false;
			p = close + 1;

			slot = profile_build_theme(build, name.data, name.len);
			if (build->nthemes == before)
				PROFILE_SYNTAX_ERROR(escontext, str, "Theme \"%s\" appears twice.", name.data);
			*slot = value;

			while (isspace((unsigned char) *p))
				p++;
			if (*p == ',')
			{
				p++;
				while (isspace((unsigned char) *p))
					p++;
				continue;
			}
			if (*p == '}')
			{
				p++;
				break;
			}
			PROFILE_SYNTAX_ERROR(escontext, str, "Expected \",\" or \"}\" at \"%s\".", p);
		}
	}
	while (isspace((unsigned char) *p))
		p++;
	if (*p != '\0')
		PROFILE_SYNTAX_ERROR(escontext, str, "Unexpected \"%s\" after the profile.", p);
	return true;
}

Datum
profile_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	ProfileBuild *build = profile_build_new(CurrentMemoryContext);

	if (!profile_parse(str, build, fcinfo->context))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(profile_build_finish(build));
}

static void
append_quoted_name(StringInfo buf, const char *name, int len)
{
	int			i;

	appendStringInfoChar(buf, '"');
	for (i = 0; i < len; i++)
	{
		if (name[i] == '"' || name[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, name[i]);
	}
	appendStringInfoChar(buf, '"');
}

Datum
profile_out(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < profile->nthemes; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		append_quoted_name(&buf, PROFILE_NAME(profile, i), profile->entries[i].name_len);
		appendStringInfo(&buf, ": (%s)", sv_to_cstring(&profile->entries[i].value));
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/*
 * Format version 1: version byte, int32 number of themes, then for each
 * theme in order: int32 name length, the name's bytes, the sv fields.
 * The same body, without the version byte, serializes aggregate states.
 */
void
profile_send_body(StringInfo buf, const Profile *profile)
{
	int			i;

	pq_sendint32(buf, profile->nthemes);
	for (i = 0; i < profile->nthemes; i++)
	{
		pq_sendint32(buf, profile->entries[i].name_len);
		pq_sendbytes(buf, PROFILE_NAME(profile, i), profile->entries[i].name_len);
		sv_send_fields(buf, &profile->entries[i].value);
	}
}

void
profile_recv_body(StringInfo buf, ProfileBuild *build)
{
	int			n;
	int			i;

	sv_recv_need(buf, 4, "svtoms.profile");
	n = pq_getmsgint(buf, 4);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary svtoms.profile: %d themes", n)));
	/* before reading any theme: a value claiming too many is refused at once */
	profile_check_limits(n, 0);
	for (i = 0; i < n; i++)
	{
		int			len;
		const char *name;
		Sv			value;
		Sv		   *slot;

		CHECK_FOR_INTERRUPTS();
		sv_recv_need(buf, 4, "svtoms.profile");
		len = pq_getmsgint(buf, 4);
		/* as for the count, a name too long is refused before it is read */
		if (len >= 0)
			profile_check_limits(build->nthemes + 1, build->namebytes + len);
		if (len < 0 || len > buf->len - buf->cursor)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary svtoms.profile: theme name of %d bytes", len)));
		name = pq_getmsgbytes(buf, len);
		/* as text input: no NUL byte, valid in the server encoding */
		if (!pg_verify_mbstr(GetDatabaseEncoding(), name, len, true))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary svtoms.profile: theme name of %d bytes is not valid %s text",
							len, GetDatabaseEncodingName())));
		sv_recv_fields(buf, &value);
		slot = profile_build_theme(build, name, len);
		if (build->nthemes != i + 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary svtoms.profile: theme \"%.*s\" appears twice", len, name)));
		*slot = value;
	}
}

Datum
profile_send(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PROFILE_BINARY_VERSION);
	profile_send_body(&buf, profile);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
profile_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ProfileBuild *build = profile_build_new(CurrentMemoryContext);

	sv_recv_version(buf, PROFILE_BINARY_VERSION, "svtoms.profile");
	profile_recv_body(buf, build);
	sv_recv_end(buf, "svtoms.profile");
	PG_RETURN_POINTER(profile_build_finish(build));
}

/* ---------- reading a profile ---------- */

static const Sv *
profile_find(const Profile *profile, const char *name, int len)
{
	int			lo = 0;
	int			hi = profile->nthemes;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = name_cmp(PROFILE_NAME(profile, mid), profile->entries[mid].name_len,
								 name, len);

		if (c == 0)
			return &profile->entries[mid].value;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* profile -> theme: the theme's account, NULL when the theme is absent */
Datum
profile_get(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	text	   *theme = PG_GETARG_TEXT_PP(1);
	const Sv   *found = profile_find(profile, VARDATA_ANY(theme), VARSIZE_ANY_EXHDR(theme));
	Sv		   *result;

	if (found == NULL)
		PG_RETURN_NULL();
	result = palloc(sizeof(Sv));
	memcpy(result, found, sizeof(Sv));
	PG_RETURN_POINTER(result);
}

/* themes(profile): one row (theme, value) per theme, in theme order */
Datum
profile_themes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < profile->nthemes; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		Sv		   *value = palloc(sizeof(Sv));

		memcpy(value, &profile->entries[i].value, sizeof(Sv));
		values[0] = PointerGetDatum(cstring_to_text_with_len(PROFILE_NAME(profile, i),
															 profile->entries[i].name_len));
		values[1] = PointerGetDatum(value);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* total(profile): the accounts of all themes added up */
Datum
profile_total(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	Sv		   *total = sv_palloc_zero();
	int			i;

	for (i = 0; i < profile->nthemes; i++)
		sv_add_into(total, &profile->entries[i].value);
	PG_RETURN_POINTER(total);
}

/*
 * balance(profile): Pielou's evenness of the positive nets.  With k themes,
 * x_t = max(net_t, 0) and S = sum x_t: 0 when S = 0, 1 when k = 1, else
 * -sum_{p_t > 0} p_t ln p_t / ln k with p_t = x_t / S.
 */
Datum
profile_balance(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	int			k = profile->nthemes;
	long double sum = 0;
	long double entropy = 0;
	int			i;

	for (i = 0; i < k; i++)
	{
		int128		net = profile->entries[i].value.benefit - profile->entries[i].value.harm;

		if (net > 0)
			sum += (long double) net;
	}
	if (sum == 0)
		PG_RETURN_FLOAT8(0.0);
	if (k == 1)
		PG_RETURN_FLOAT8(1.0);
	for (i = 0; i < k; i++)
	{
		int128		net = profile->entries[i].value.benefit - profile->entries[i].value.harm;

		if (net > 0)
		{
			long double p = (long double) net / sum;

			entropy -= p * logl(p);
		}
	}
	PG_RETURN_FLOAT8((double) (entropy / logl((long double) k)));
}

/* coverage(profile): the share of the themes present whose net is > 0 */
Datum
profile_coverage(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	int			positive = 0;
	int			i;

	if (profile->nthemes == 0)
		PG_RETURN_FLOAT8(0.0);
	for (i = 0; i < profile->nthemes; i++)
		if (profile->entries[i].value.benefit > profile->entries[i].value.harm)
			positive++;
	PG_RETURN_FLOAT8((double) positive / profile->nthemes);
}

/*
 * weighted_net(profile, weights): sum of weight_t * net_t, exactly; a theme
 * not named in weights weighs 1.  Weights are JSON numbers >= 0.
 */
Datum
profile_weighted_net(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	Jsonb	   *weights = PG_GETARG_JSONB_P(1);
	Numeric		result = int64_to_numeric(0);
	Numeric		zero = int64_to_numeric(0);
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			i;

	if (!JB_ROOT_IS_OBJECT(weights))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("theme weights must be a JSON object"),
				 errhint("Write them as {\"jobs\": 2, \"environment\": 1.5}.")));

	/* every weight given must be a number >= 0, used or not */
	it = JsonbIteratorInit(&weights->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			char	   *key = pnstrdup(v.val.string.val, v.val.string.len);

			tok = JsonbIteratorNext(&it, &v, true);
			if (v.type != jbvNumeric)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("weight of theme \"%s\" is not a number", key)));
			if (numeric_is_nan(v.val.numeric) || numeric_is_inf(v.val.numeric) ||
				DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(v.val.numeric),
												  NumericGetDatum(zero))) < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("weight %s of theme \"%s\" must be a finite number >= 0",
								numeric_normalize(v.val.numeric), key)));
		}
	}

	for (i = 0; i < profile->nthemes; i++)
	{
		const Sv   *sv = &profile->entries[i].value;
		Numeric		net = sv_micro_to_numeric(sv->benefit - sv->harm, sv->dscale);
		JsonbValue	key;
		JsonbValue *w;

		key.type = jbvString;
		key.val.string.val = PROFILE_NAME(profile, i);
		key.val.string.len = profile->entries[i].name_len;
		w = findJsonbValueFromContainer(&weights->root, JB_FOBJECT, &key);
		if (w != NULL)
			net = numeric_mul_opt_error(net, w->val.numeric, NULL);
		result = numeric_add_opt_error(result, net, NULL);
	}
	PG_RETURN_NUMERIC(result);
}

/* profile::jsonb: {"theme": {sv as json}, ...} */
Datum
profile_to_jsonb(PG_FUNCTION_ARGS)
{
	Profile    *profile = PG_GETARG_PROFILE_P(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < profile->nthemes; i++)
	{
		char	   *name = pnstrdup(PROFILE_NAME(profile, i), profile->entries[i].name_len);

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		escape_json(&buf, name);
		appendStringInfo(&buf, ": %s", sv_to_json_cstring(&profile->entries[i].value));
	}
	appendStringInfoChar(&buf, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}
