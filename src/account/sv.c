/*
 * sv.c
 *		The sv type: a social value account of benefit, harm and counts.
 *
 * Text form, readable and exact (net is derived, and checked if given):
 *	 benefit=120.50 harm=30.00 net=90.50 responses=4 negatives=1 missing=1 excluded=0
 * Keys may come in any order, each at most once, separated by spaces or
 * commas; an omitted key is zero.
 */
#include "postgres.h"

#include <ctype.h>
#include <limits.h>

#include "amount.h"
#include "common/int.h"
#include "compat.h"
#include "libpq/pqformat.h"
#include "svtoms.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(sv_in);
PG_FUNCTION_INFO_V1(sv_out);
PG_FUNCTION_INFO_V1(sv_recv);
PG_FUNCTION_INFO_V1(sv_send);
PG_FUNCTION_INFO_V1(sv_from_numeric);
PG_FUNCTION_INFO_V1(sv_benefit);
PG_FUNCTION_INFO_V1(sv_harm);
PG_FUNCTION_INFO_V1(sv_net);
PG_FUNCTION_INFO_V1(sv_responses);
PG_FUNCTION_INFO_V1(sv_negatives);
PG_FUNCTION_INFO_V1(sv_missing);
PG_FUNCTION_INFO_V1(sv_excluded);
PG_FUNCTION_INFO_V1(sv_to_json);
PG_FUNCTION_INFO_V1(sv_to_jsonb);

StaticAssertDecl(sizeof(Sv) == 72, "sv must match its SQL INTERNALLENGTH");

Sv *
sv_palloc_zero(void)
{
	return (Sv *) palloc0(sizeof(Sv));
}

/*
 * Say which invariant of an account fails, or NULL when none does.  Every
 * input path (text, binary) checks this, so operators can trust their
 * arguments.
 */
const char *
sv_invariant_violation(const Sv *sv)
{
	if (sv->benefit < 0 || sv->harm < 0)
		return "benefit and harm cannot be negative";
	if (sv->benefit > SV_AMOUNT_MAX || sv->harm > SV_AMOUNT_MAX)
		return "an amount has more than 32 integral digits";
	if (sv->responses < 0 || sv->negatives < 0 ||
		sv->missing < 0 || sv->excluded < 0)
		return "counts cannot be negative";
	if (sv->negatives > sv->responses)
		return "negatives cannot exceed responses";
	if (sv->harm > 0 && sv->negatives == 0)
		return "a harm needs at least one negative response";
	if (sv->benefit > 0 && sv->responses == sv->negatives)
		return "a benefit needs at least one positive response";
	if (sv->dscale < 0 || sv->dscale > SV_SCALE)
		return "the display scale must be between 0 and 6";
	if (!sv_micro_is_scaled(sv->benefit, sv->dscale) ||
		!sv_micro_is_scaled(sv->harm, sv->dscale))
		return "an amount has more decimals than its display scale";
	return NULL;
}

void
sv_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("svtoms.sv count out of range"),
			 errdetail("A count holds at most %lld.", (long long) PG_INT64_MAX)));
}

/* A benefit or harm out of range after adding micro: 22003 */
void
sv_sum_overflow(int128 micro, int dscale)
{
	char		buf[SV_AMOUNT_BUFLEN];

	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("svtoms.sv %s out of range after adding %s",
					micro < 0 ? "harm" : "benefit",
					sv_micro_to_cstring(buf, micro, dscale)),
			 errdetail("An account holds at most 32 integral digits."),
			 errhint("Split the total into smaller groups.")));
}

/*
 * Add one response of the given signed amount.  The caller has checked the
 * amount's range; the sums are checked here.
 */
void
sv_add_amount(Sv *sv, int128 micro, int dscale)
{
	int128	   *target = micro < 0 ? &sv->harm : &sv->benefit;

	if (!sv_micro_add(*target, micro < 0 ? -micro : micro, target))
		sv_sum_overflow(micro, dscale);
	if (pg_add_s64_overflow(sv->responses, 1, &sv->responses) ||
		(micro < 0 && pg_add_s64_overflow(sv->negatives, 1, &sv->negatives)))
		sv_count_overflow();
	if (dscale > sv->dscale)
		sv->dscale = dscale;
}

/* One more of a count (missing, excluded), checked */
void
sv_count_one(int64 *count)
{
	if (unlikely(pg_add_s64_overflow(*count, 1, count)))
		sv_count_overflow();
}

/*
 * Add one response given as a numeric Datum.  The numeric is read where it
 * lies (a packed short header is not copied): aggregates call this per row.
 * Short numerics below 10^12 take the inline path of amount.h.
 */
void
sv_add_numeric(Sv *sv, Datum amount)
{
	Numeric		num;
	int64		magnitude;
	int64		negative;
	int128		micro;
	int			dscale;

	if (sv_short_numeric_read(DatumGetPointer(amount), &magnitude, &negative,
							  &dscale))
	{
		sv_add_small_amount(sv, magnitude, negative, dscale);
		return;
	}
	num = (Numeric) PG_DETOAST_DATUM_PACKED(amount);
	sv_amount_from_numeric(num, &micro, &dscale);
	sv_add_amount(sv, micro, dscale);
}

/* acc += other, componentwise */
void
sv_add_into(Sv *acc, const Sv *other)
{
	if (!sv_micro_add(acc->benefit, other->benefit, &acc->benefit) ||
		!sv_micro_add(acc->harm, other->harm, &acc->harm))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("svtoms.sv sum out of range"),
				 errdetail("An account holds at most 32 integral digits."),
				 errhint("Split the total into smaller groups.")));
	if (pg_add_s64_overflow(acc->responses, other->responses, &acc->responses) ||
		pg_add_s64_overflow(acc->negatives, other->negatives, &acc->negatives) ||
		pg_add_s64_overflow(acc->missing, other->missing, &acc->missing) ||
		pg_add_s64_overflow(acc->excluded, other->excluded, &acc->excluded))
		sv_count_overflow();
	if (other->dscale > acc->dscale)
		acc->dscale = other->dscale;
}

/*
 * Read a numeric amount into micro-units, raising the right error for NaN,
 * infinity and overflow.  num may be packed (short header).
 */
void
sv_amount_from_numeric(Numeric num, int128 *micro, int *dscale)
{
	switch (sv_numeric_to_micro(num, micro, dscale))
	{
		case SV_DECIMAL_OK:
			return;
		case SV_DECIMAL_NAN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("social value amount cannot be NaN"),
					 errhint("Give a number, or NULL for a missing response.")));
			break;
		case SV_DECIMAL_INFINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("social value amount cannot be infinite")));
			break;
		case SV_DECIMAL_OVERFLOW:
			{
				Numeric		plain = DatumGetNumeric(PointerGetDatum(
													   PG_DETOAST_DATUM(NumericGetDatum(num))));

				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("social value amount %s is out of range",
								numeric_normalize(plain)),
						 errdetail("Amounts are limited to 32 integral digits.")));
			}
			break;
	}
}

/* ---------- text input ---------- */

typedef enum SvKey
{
	SV_KEY_BENEFIT,
	SV_KEY_HARM,
	SV_KEY_NET,
	SV_KEY_RESPONSES,
	SV_KEY_NEGATIVES,
	SV_KEY_MISSING,
	SV_KEY_EXCLUDED,
	SV_NKEYS
} SvKey;

static const char *const sv_key_names[SV_NKEYS] = {
	"benefit", "harm", "net", "responses", "negatives", "missing", "excluded"
};

#define SV_SYNTAX_ERROR(escontext, str, ...) \
	ereturn(escontext, false, \
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
			 errmsg("invalid input syntax for type svtoms.sv: \"%s\"", str), \
			 errdetail(__VA_ARGS__), \
			 errhint("Write an account as \"benefit=120.50 harm=30 responses=4 negatives=1 missing=0 excluded=0\".")))

#define SV_RANGE_ERROR(escontext, str, key) \
	ereturn(escontext, false, \
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), \
			 errmsg("value for \"%s\" is out of range for type svtoms.sv: \"%s\"", key, str), \
			 errdetail("Amounts are limited to 32 integral digits and counts to %lld.", \
					   (long long) PG_INT64_MAX)))

bool
sv_parse(const char *str, Sv *sv, Node *escontext)
{
	const char *p = str;
	bool		seen[SV_NKEYS] = {0};
	int128		net = 0;

	memset(sv, 0, sizeof(Sv));

	while (isspace((unsigned char) *p))
		p++;
	if (*p == '\0')
		SV_SYNTAX_ERROR(escontext, str, "The text is empty.");

	while (*p != '\0')
	{
		const char *keystart = p;
		int			keylen;
		int			key;

		while (isalpha((unsigned char) *p))
			p++;
		keylen = p - keystart;
		if (keylen == 0)
			SV_SYNTAX_ERROR(escontext, str,
							"Expected a key such as \"benefit\" at \"%s\".", keystart);
		for (key = 0; key < SV_NKEYS; key++)
			if (strlen(sv_key_names[key]) == keylen &&
				pg_strncasecmp(keystart, sv_key_names[key], keylen) == 0)
				break;
		if (key == SV_NKEYS)
			SV_SYNTAX_ERROR(escontext, str, "Unknown key \"%.*s\".", keylen, keystart);
		if (seen[key])
			SV_SYNTAX_ERROR(escontext, str, "Key \"%s\" appears twice.", sv_key_names[key]);
		seen[key] = true;

		while (isspace((unsigned char) *p))
			p++;
		if (*p != '=')
			SV_SYNTAX_ERROR(escontext, str, "Expected \"=\" after \"%s\".", sv_key_names[key]);
		p++;
		while (isspace((unsigned char) *p))
			p++;

		if (key <= SV_KEY_NET)
		{
			/* an amount; only net may carry a sign */
			bool		negative = false;
			int128		micro;
			int			dscale;
			int			len;

			if (*p == '-' || *p == '+')
			{
				if (key != SV_KEY_NET && *p == '-')
					SV_SYNTAX_ERROR(escontext, str,
									"The %s cannot be negative; a harm is written as a positive \"harm\".",
									sv_key_names[key]);
				negative = (*p == '-');
				p++;
			}
			len = sv_parse_amount(p, &micro, &dscale);
			if (len == 0)
				SV_SYNTAX_ERROR(escontext, str,
								"Expected a decimal number for \"%s\".", sv_key_names[key]);
			if (len < 0)
				SV_RANGE_ERROR(escontext, str, sv_key_names[key]);
			p += len;
			if (key == SV_KEY_NET)
				net = negative ? -micro : micro;
			else
			{
				if (key == SV_KEY_BENEFIT)
					sv->benefit = micro;
				else
					sv->harm = micro;
				sv->dscale = Max(sv->dscale, dscale);
			}
		}
		else
		{
			/* a count: plain digits */
			int64		count = 0;
			const char *start = p;

			if (*p == '-')
				SV_SYNTAX_ERROR(escontext, str,
								"The count of %s cannot be negative.", sv_key_names[key]);
			while (isdigit((unsigned char) *p))
			{
				if (pg_mul_s64_overflow(count, 10, &count) ||
					pg_add_s64_overflow(count, *p - '0', &count))
					SV_RANGE_ERROR(escontext, str, sv_key_names[key]);
				p++;
			}
			if (p == start)
				SV_SYNTAX_ERROR(escontext, str,
								"Expected a whole number of %s.", sv_key_names[key]);
			if (key == SV_KEY_RESPONSES)
				sv->responses = count;
			else if (key == SV_KEY_NEGATIVES)
				sv->negatives = count;
			else if (key == SV_KEY_MISSING)
				sv->missing = count;
			else
				sv->excluded = count;
		}

		/* separator: spaces and at most one comma, or the end */
		if (*p != '\0' && *p != ',' && !isspace((unsigned char) *p))
			SV_SYNTAX_ERROR(escontext, str,
							"Unexpected \"%s\" after the value of \"%s\".", p, sv_key_names[key]);
		while (isspace((unsigned char) *p))
			p++;
		if (*p == ',')
		{
			p++;
			while (isspace((unsigned char) *p))
				p++;
			if (*p == '\0')
				SV_SYNTAX_ERROR(escontext, str, "The text ends with a comma.");
		}
	}

	if (seen[SV_KEY_NET] && net != sv->benefit - sv->harm)
	{
		char		buf[SV_AMOUNT_BUFLEN];

		SV_SYNTAX_ERROR(escontext, str,
						"The net must equal benefit - harm, which is %s.",
						sv_micro_to_cstring(buf, sv->benefit - sv->harm, sv->dscale));
	}

	{
		const char *violation = sv_invariant_violation(sv);

		if (violation)
			SV_SYNTAX_ERROR(escontext, str, "Inconsistent account: %s.", violation);
	}
	return true;
}

Datum
sv_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Sv		   *sv = sv_palloc_zero();

	if (!sv_parse(str, sv, fcinfo->context))
		PG_RETURN_NULL();
	PG_RETURN_SV_P(sv);
}

char *
sv_to_cstring(const Sv *sv)
{
	char		b[SV_AMOUNT_BUFLEN];
	char		h[SV_AMOUNT_BUFLEN];
	char		n[SV_AMOUNT_BUFLEN];

	return psprintf("benefit=%s harm=%s net=%s responses=%lld negatives=%lld missing=%lld excluded=%lld",
					sv_micro_to_cstring(b, sv->benefit, sv->dscale),
					sv_micro_to_cstring(h, sv->harm, sv->dscale),
					sv_micro_to_cstring(n, sv->benefit - sv->harm, sv->dscale),
					(long long) sv->responses, (long long) sv->negatives,
					(long long) sv->missing, (long long) sv->excluded);
}

Datum
sv_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(sv_to_cstring(PG_GETARG_SV_P(0)));
}

/* ---------- binary I/O ---------- */

/*
 * The fields of an account in binary: benefit and harm as two int64 each
 * (high half first), display scale as int16, then responses, negatives,
 * missing and excluded as int64.  sv_send puts a format version byte
 * (SV_BINARY_VERSION) first; profiles embed the fields as they are.
 */
static void
send_int128(StringInfo buf, int128 v)
{
	pq_sendint64(buf, (int64) (v >> 64));
	pq_sendint64(buf, (int64) (uint64) v);
}

static int128
recv_int128(StringInfo buf)
{
	int64		hi = pq_getmsgint64(buf);
	uint64		lo = (uint64) pq_getmsgint64(buf);

	return (int128) (((uint128) (uint64) hi << 64) | lo);
}

void
sv_send_fields(StringInfo buf, const Sv *sv)
{
	send_int128(buf, sv->benefit);
	send_int128(buf, sv->harm);
	pq_sendint16(buf, sv->dscale);
	pq_sendint64(buf, sv->responses);
	pq_sendint64(buf, sv->negatives);
	pq_sendint64(buf, sv->missing);
	pq_sendint64(buf, sv->excluded);
}

/*
 * A short binary value is the sender's mistake (22P03), not a broken
 * connection: pq_getmsg* would report 08P01, which drivers and pools take
 * for a lost connection.
 */
void
sv_recv_need(StringInfo buf, int nbytes, const char *type_name)
{
	if (buf->len - buf->cursor < nbytes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s: %d bytes left where %d are needed",
						type_name, buf->len - buf->cursor, nbytes),
				 errhint("The value is cut short; see the binary format in the svtoms documentation.")));
}

/* The version byte that opens a binary value of type type_name */
void
sv_recv_version(StringInfo buf, int expected, const char *type_name)
{
	int			version;

	sv_recv_need(buf, 1, type_name);
	version = pq_getmsgbyte(buf);
	if (version != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type %s", version, type_name),
				 errdetail("This svtoms reads version %d.", expected),
				 errhint("Send the value as text, or upgrade svtoms on the receiving side.")));
}

/* A binary value must end where its last field does */
void
sv_recv_end(StringInfo buf, const char *type_name)
{
	if (buf->cursor != buf->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s: %d trailing bytes", type_name, buf->len - buf->cursor)));
}

/* Read the fields and check the account, as text input does */
void
sv_recv_fields(StringInfo buf, Sv *sv)
{
	const char *violation;

	sv_recv_need(buf, SV_FIELDS_BYTES, "svtoms.sv");
	memset(sv, 0, sizeof(Sv));
	sv->benefit = recv_int128(buf);
	sv->harm = recv_int128(buf);
	sv->dscale = (int16) pq_getmsgint(buf, 2);
	sv->responses = pq_getmsgint64(buf);
	sv->negatives = pq_getmsgint64(buf);
	sv->missing = pq_getmsgint64(buf);
	sv->excluded = pq_getmsgint64(buf);

	violation = sv_invariant_violation(sv);
	if (violation)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary svtoms.sv: %s", violation)));
}

Datum
sv_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SV_BINARY_VERSION);
	sv_send_fields(&buf, PG_GETARG_SV_P(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
sv_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Sv		   *sv = sv_palloc_zero();

	sv_recv_version(buf, SV_BINARY_VERSION, "svtoms.sv");
	sv_recv_fields(buf, sv);
	sv_recv_end(buf, "svtoms.sv");
	PG_RETURN_SV_P(sv);
}

/* ---------- constructor and accessors ---------- */

/* svtoms.sv(amount): one response; > 0 a benefit, < 0 a harm, 0 nothing */
Datum
sv_from_numeric(PG_FUNCTION_ARGS)
{
	Sv		   *sv = sv_palloc_zero();

	sv_add_numeric(sv, PG_GETARG_DATUM(0));
	PG_RETURN_SV_P(sv);
}

Datum
sv_benefit(PG_FUNCTION_ARGS)
{
	Sv		   *sv = PG_GETARG_SV_P(0);

	PG_RETURN_NUMERIC(sv_micro_to_numeric(sv->benefit, sv->dscale));
}

Datum
sv_harm(PG_FUNCTION_ARGS)
{
	Sv		   *sv = PG_GETARG_SV_P(0);

	PG_RETURN_NUMERIC(sv_micro_to_numeric(sv->harm, sv->dscale));
}

/* also the sv::numeric cast */
Datum
sv_net(PG_FUNCTION_ARGS)
{
	Sv		   *sv = PG_GETARG_SV_P(0);

	PG_RETURN_NUMERIC(sv_micro_to_numeric(sv->benefit - sv->harm, sv->dscale));
}

Datum
sv_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SV_P(0)->responses);
}

Datum
sv_negatives(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SV_P(0)->negatives);
}

Datum
sv_missing(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SV_P(0)->missing);
}

Datum
sv_excluded(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SV_P(0)->excluded);
}

/* ---------- JSON ---------- */

char *
sv_to_json_cstring(const Sv *sv)
{
	char		b[SV_AMOUNT_BUFLEN];
	char		h[SV_AMOUNT_BUFLEN];
	char		n[SV_AMOUNT_BUFLEN];

	return psprintf("{\"benefit\": %s, \"harm\": %s, \"net\": %s, \"responses\": %lld, \"negatives\": %lld, \"missing\": %lld, \"excluded\": %lld}",
					sv_micro_to_cstring(b, sv->benefit, sv->dscale),
					sv_micro_to_cstring(h, sv->harm, sv->dscale),
					sv_micro_to_cstring(n, sv->benefit - sv->harm, sv->dscale),
					(long long) sv->responses, (long long) sv->negatives,
					(long long) sv->missing, (long long) sv->excluded);
}

/* sv::json, which also makes to_json(sv) and row_to_json() readable */
Datum
sv_to_json(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(sv_to_json_cstring(PG_GETARG_SV_P(0))));
}

Datum
sv_to_jsonb(PG_FUNCTION_ARGS)
{
	char	   *json = sv_to_json_cstring(PG_GETARG_SV_P(0));

	return DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
}
