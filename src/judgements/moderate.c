/*
 * moderate.c
 *		svtoms.moderate(score [, max_spread]): the median, lowest and
 *		highest score, spread and disagreement of a set of scores.
 *
 * A median needs every score, so the state keeps them all, once: each
 * row's numeric is copied into one growing buffer in the aggregate's
 * memory context, and the final function sorts them once.  A group of n
 * scores costs O(n) to gather and O(n log n) to moderate, in about
 * 20 bytes a score for scores of a few digits.  The scores stay numerics
 * and only numeric's own comparison and arithmetic touch them, so the
 * results are exact.
 *
 * Scores that are equal in value but written with different decimals
 * (4 and 4.0) are ordered by their display scale, fewer decimals first:
 * the result then depends neither on the order of the rows nor on how a
 * parallel plan splits them.
 *
 * Partial states travel between parallel workers serialized: a format
 * version byte, a flags byte, the allowed spread if any, the count, then
 * each score in numeric's binary format (numeric_send), which
 * numeric_recv validates on the way back in.
 */
#include "postgres.h"

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "svtoms.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"
#include "utils/sortsupport.h"

PG_FUNCTION_INFO_V1(moderation_accum);
PG_FUNCTION_INFO_V1(moderation_combine);
PG_FUNCTION_INFO_V1(moderation_serialize);
PG_FUNCTION_INFO_V1(moderation_deserialize);
PG_FUNCTION_INFO_V1(moderation_final);

/* Format version written first by moderation_serialize */
#define MODERATION_STATE_VERSION	1
/* Flags byte: an allowed spread follows */
#define MODERATION_HAS_MAX_SPREAD	0x01
/* Name used in binary format errors */
#define MODERATION_STATE_NAME		"svtoms.moderate state"

/* Room in a new state: four scores of a few digits need no growth */
#define MODERATION_INIT_SCORES		4
#define MODERATION_INIT_BYTES		64

/* Fields of the svtoms.moderation composite */
#define MODERATION_NATTS			6

/*
 * 64 bytes, so that a group of a few scores takes little room in a hash
 * aggregate.  The count is the result's integer, so int32 bounds it.
 */
typedef struct ModerationState
{
	MemoryContext cxt;			/* the aggregate's context: all of it lives here */
	Size	   *offsets;		/* where each score starts in data */
	char	   *data;			/* the scores: 4-byte-header numerics, int-aligned */
	Size		used;			/* bytes of data in use */
	Size		size;			/* bytes of data allocated */
	Numeric		max_spread;		/* the allowed spread; NULL: none given */
	int32		count;			/* scores held */
	int32		room;			/* entries allocated in offsets */
	int32		sorted;			/* offsets[0..sorted) are in order */
} ModerationState;

static ModerationState *
moderation_new(MemoryContext cxt)
{
	ModerationState *state = MemoryContextAllocZero(cxt, sizeof(ModerationState));

	state->cxt = cxt;
	state->room = MODERATION_INIT_SCORES;
	state->offsets = MemoryContextAlloc(cxt, state->room * sizeof(Size));
	state->size = MODERATION_INIT_BYTES;
	state->data = MemoryContextAlloc(cxt, state->size);
	return state;
}

/* Room for more scores and bytes, doubling, so that growth is amortised */
static void
moderation_reserve(ModerationState *state, int64 scores, Size bytes)
{
	if (state->count > (int64) PG_INT32_MAX - scores)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("svtoms.moderate cannot moderate more than %d scores in one group", PG_INT32_MAX),
				 errhint("The number of evaluators is an integer: moderate smaller groups.")));
	if (state->count + scores > state->room)
	{
		int64		room = state->room;

		while (room < state->count + scores)
			room *= 2;
		room = Min(room, (int64) PG_INT32_MAX);
		state->offsets = repalloc_huge(state->offsets, room * sizeof(Size));
		state->room = (int32) room;
	}
	if (state->used + bytes > state->size)
	{
		Size		size = state->size;

		while (size < state->used + bytes)
			size *= 2;
		state->data = repalloc_huge(state->data, size);
		state->size = size;
	}
}

/*
 * Copy a numeric into the state, with a 4-byte header so that numeric's
 * comparison reads it in place.  A short or toasted value is expanded.
 */
static void
moderation_add(ModerationState *state, Datum score)
{
	struct varlena *raw = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(score));
	Size		len = VARSIZE_ANY_EXHDR(raw);
	Size		need = INTALIGN(VARHDRSZ + len);
	char	   *dst;

	moderation_reserve(state, 1, need);
	dst = state->data + state->used;
	SET_VARSIZE(dst, VARHDRSZ + len);
	memcpy(VARDATA(dst), VARDATA_ANY(raw), len);
	state->offsets[state->count++] = state->used;
	state->used += need;
	if ((Pointer) raw != DatumGetPointer(score))
		pfree(raw);
}

/* The allowed spread, copied into the state's context */
static void
moderation_set_max_spread(ModerationState *state, Numeric max_spread)
{
	Size		size = VARSIZE(max_spread);

	/* every row usually carries the same value: keep it then */
	if (state->max_spread != NULL && VARSIZE(state->max_spread) == size &&
		memcmp(state->max_spread, max_spread, size) == 0)
		return;
	if (state->max_spread != NULL)
		pfree(state->max_spread);
	state->max_spread = MemoryContextAlloc(state->cxt, size);
	memcpy(state->max_spread, max_spread, size);
}

/*
 * moderate(score [, max_spread]) transition: a NULL score is no score.  As
 * before version 1.2, the allowed spread is the last one given, and a
 * NULL one leaves it as it was.
 */
Datum
moderation_accum(PG_FUNCTION_ARGS)
{
	ModerationState *state;

	if (PG_ARGISNULL(0))
		state = moderation_new(svtoms_aggregate_context(fcinfo, "moderation_accum"));
	else
		state = (ModerationState *) PG_GETARG_POINTER(0);
	if (!PG_ARGISNULL(1))
		moderation_add(state, PG_GETARG_DATUM(1));
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
		moderation_set_max_spread(state, PG_GETARG_NUMERIC(2));
	PG_RETURN_POINTER(state);
}

/*
 * Combine: the other state's scores are copied in, since it belongs to
 * another group or process; its allowed spread is taken only if this
 * state has none.
 */
Datum
moderation_combine(PG_FUNCTION_ARGS)
{
	ModerationState *state;
	ModerationState *other;
	Size		base;
	int64		i;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	other = (ModerationState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		state = moderation_new(svtoms_aggregate_context(fcinfo, "moderation_combine"));
	else
		state = (ModerationState *) PG_GETARG_POINTER(0);

	moderation_reserve(state, other->count, other->used);
	base = state->used;
	memcpy(state->data + base, other->data, other->used);
	for (i = 0; i < other->count; i++)
		state->offsets[state->count + i] = base + other->offsets[i];
	state->count += other->count;
	state->used += other->used;
	if (state->max_spread == NULL && other->max_spread != NULL)
		moderation_set_max_spread(state, other->max_spread);
	PG_RETURN_POINTER(state);
}

/* numeric's binary format of one value, appended to buf */
static void
send_numeric(StringInfo buf, Numeric num)
{
	bytea	   *bytes = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(num)));

	pq_sendbytes(buf, VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes));
	pfree(bytes);
}

Datum
moderation_serialize(PG_FUNCTION_ARGS)
{
	ModerationState *state;
	StringInfoData buf;
	int64		i;

	svtoms_aggregate_context(fcinfo, "moderation_serialize");
	state = (ModerationState *) PG_GETARG_POINTER(0);

	/*
	 * numeric_send writes 8 bytes and the digits, which take at most the
	 * numeric's size less its 6 bytes of headers: refuse before a bytea
	 * would go past its 1 GB.
	 */
	if ((double) state->used + 2.0 * state->count + 64 > (double) (MaxAllocSize - VARHDRSZ))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("svtoms.moderate cannot pass %d scores between parallel workers",
						state->count),
				 errdetail("A partial state is limited to 1 GB."),
				 errhint("Moderate smaller groups, or run the query without parallel workers (SET max_parallel_workers_per_gather = 0).")));

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, MODERATION_STATE_VERSION);
	pq_sendbyte(&buf, state->max_spread != NULL ? MODERATION_HAS_MAX_SPREAD : 0);
	if (state->max_spread != NULL)
		send_numeric(&buf, state->max_spread);
	pq_sendint32(&buf, (int32) state->count);
	for (i = 0; i < state->count; i++)
		send_numeric(&buf, (Numeric) (state->data + state->offsets[i]));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * One numeric in numeric's binary format.  Its length is checked first, so
 * that a cut-short state gets the same error as other binary input; then
 * numeric_recv checks the digits, sign and scale.
 */
static Numeric
recv_numeric(StringInfo buf)
{
	int			ndigits;

	sv_recv_need(buf, 8, MODERATION_STATE_NAME);
	ndigits = ((unsigned char) buf->data[buf->cursor] << 8) |
		(unsigned char) buf->data[buf->cursor + 1];
	sv_recv_need(buf, 8 + 2 * ndigits, MODERATION_STATE_NAME);
	return DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

Datum
moderation_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = svtoms_aggregate_context(fcinfo, "moderation_deserialize");
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	ModerationState *state = moderation_new(aggcontext);
	StringInfoData buf;
	int			flags;
	int32		count;
	int32		i;

	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;

	sv_recv_version(&buf, MODERATION_STATE_VERSION, MODERATION_STATE_NAME);
	sv_recv_need(&buf, 1, MODERATION_STATE_NAME);
	flags = pq_getmsgbyte(&buf);
	if ((flags & ~MODERATION_HAS_MAX_SPREAD) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s: unknown flags 0x%02x", MODERATION_STATE_NAME, flags)));
	if (flags & MODERATION_HAS_MAX_SPREAD)
	{
		Numeric		max_spread = recv_numeric(&buf);

		moderation_set_max_spread(state, max_spread);
		pfree(max_spread);
	}
	sv_recv_need(&buf, 4, MODERATION_STATE_NAME);
	count = (int32) pq_getmsgint(&buf, 4);
	/* each score takes at least 8 bytes: a count beyond that is corrupt */
	if (count < 0 || count > (buf.len - buf.cursor) / 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s: %d scores in %d bytes", MODERATION_STATE_NAME,
						count, buf.len - buf.cursor)));
	moderation_reserve(state, count, 0);
	for (i = 0; i < count; i++)
	{
		Numeric		score = recv_numeric(&buf);

		moderation_add(state, NumericGetDatum(score));
		pfree(score);
	}
	sv_recv_end(&buf, MODERATION_STATE_NAME);
	PG_RETURN_POINTER(state);
}

/* Below this many scores a sort by the full comparison is cheap enough */
#define MODERATION_ABBREV_MIN		64

/* What the comparison of two scores needs */
typedef struct ScoreSort
{
	SortSupportData ssup;		/* numeric's own comparison */
	const char *data;			/* the state's scores */
} ScoreSort;

/* A score to sort by numeric's abbreviated key, then in full */
typedef struct ScoreItem
{
	Datum		key;			/* numeric's abbreviated key of the score */
	Size		offset;			/* the score in the state's data */
} ScoreItem;

/* Ascending by value; equal values by display scale, fewer decimals first */
static int
compare_full(ScoreSort *sort, Size a, Size b)
{
	Numeric		x = (Numeric) (sort->data + a);
	Numeric		y = (Numeric) (sort->data + b);
	int			cmp;

	/* scores are often repeated: the same bytes are the same score */
	if (VARSIZE(x) == VARSIZE(y) && memcmp(x, y, VARSIZE(x)) == 0)
		return 0;
	if (sort->ssup.abbrev_converter != NULL)
		cmp = ApplySortAbbrevFullComparator(NumericGetDatum(x), false, NumericGetDatum(y), false,
											&sort->ssup);
	else
		cmp = ApplySortComparator(NumericGetDatum(x), false, NumericGetDatum(y), false, &sort->ssup);
	if (cmp != 0)
		return cmp;
	return sv_numeric_dscale(x) - sv_numeric_dscale(y);
}

static int
compare_offsets(const void *a, const void *b, void *arg)
{
	return compare_full((ScoreSort *) arg, *(const Size *) a, *(const Size *) b);
}

/* Keys in order decide; equal keys need the scores themselves */
static int
compare_items(const void *a, const void *b, void *arg)
{
	ScoreSort  *sort = (ScoreSort *) arg;
	const ScoreItem *x = (const ScoreItem *) a;
	const ScoreItem *y = (const ScoreItem *) b;
	int			cmp = ApplySortComparator(x->key, false, y->key, false, &sort->ssup);

	if (cmp != 0)
		return cmp;
	return compare_full(sort, x->offset, y->offset);
}

/*
 * Sort the scores in place.  Their order means nothing to the state, so
 * this changes no result of a later transition or final call; a state
 * already in order (a window frame that did not grow) is not sorted again.
 * Many scores are sorted as numeric's sort does: by an abbreviated key
 * held beside each score, then in full where keys are equal.
 */
static void
moderation_sort(ModerationState *state)
{
	ScoreSort	sort;
	int64		n = state->count;

	if (state->sorted == n)
		return;
	memset(&sort, 0, sizeof(sort));
	sort.ssup.ssup_cxt = CurrentMemoryContext;
	sort.ssup.ssup_collation = InvalidOid;
	sort.ssup.abbreviate = n >= MODERATION_ABBREV_MIN;
	DirectFunctionCall1(numeric_sortsupport, PointerGetDatum(&sort.ssup));
	sort.data = state->data;
	if (sort.ssup.abbrev_converter == NULL)
		qsort_arg(state->offsets, n, sizeof(Size), compare_offsets, &sort);
	else
	{
		ScoreItem  *items = MemoryContextAllocHuge(CurrentMemoryContext, n * sizeof(ScoreItem));
		int64		i;

		for (i = 0; i < n; i++)
		{
			items[i].offset = state->offsets[i];
			items[i].key = sort.ssup.abbrev_converter(PointerGetDatum(state->data + items[i].offset),
													  &sort.ssup);
		}
		qsort_arg(items, n, sizeof(ScoreItem), compare_items, &sort);
		for (i = 0; i < n; i++)
			state->offsets[i] = items[i].offset;
		pfree(items);
	}
	state->sorted = n;
}

static inline Numeric
score_at(const ModerationState *state, int64 i)
{
	return (Numeric) (state->data + state->offsets[i]);
}

/*
 * With n scores s1 <= ... <= sn: (n, median, s1, sn, sn - s1, whether
 * sn - s1 > max_spread); over no scores (0, NULL, NULL, NULL, NULL, false).
 * The median is the middle score, or trim_scale((s(n/2) + s(n/2+1)) / 2):
 * the same numeric operations as the SQL of version 1.1, so the same digits.
 */
Datum
moderation_final(PG_FUNCTION_ARGS)
{
	ModerationState *state = PG_ARGISNULL(0) ? NULL : (ModerationState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Datum		values[MODERATION_NATTS];
	bool		nulls[MODERATION_NATTS];
	int64		n = state != NULL ? state->count : 0;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
		tupdesc->natts != MODERATION_NATTS)
		elog(ERROR, "moderation_final must return svtoms.moderation");

	memset(nulls, 0, sizeof(nulls));
	values[0] = Int32GetDatum((int32) n);
	if (n == 0)
	{
		nulls[1] = nulls[2] = nulls[3] = nulls[4] = true;
		values[1] = values[2] = values[3] = values[4] = (Datum) 0;
		values[5] = BoolGetDatum(false);
	}
	else
	{
		Numeric		lo;
		Numeric		hi;
		Numeric		spread;
		bool		disagree = false;

		moderation_sort(state);
		lo = score_at(state, (n - 1) / 2);
		hi = score_at(state, n / 2);
		if (n % 2 == 1)
			values[1] = NumericGetDatum(lo);
		else
			values[1] = DirectFunctionCall1(numeric_trim_scale,
											NumericGetDatum(numeric_div_opt_error(numeric_add_opt_error(lo, hi, NULL),
																				  int64_to_numeric(2), NULL)));
		values[2] = NumericGetDatum(score_at(state, 0));
		values[3] = NumericGetDatum(score_at(state, n - 1));
		spread = numeric_sub_opt_error(score_at(state, n - 1), score_at(state, 0), NULL);
		values[4] = NumericGetDatum(spread);
		if (state->max_spread != NULL)
			disagree = DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(spread),
														NumericGetDatum(state->max_spread)));
		values[5] = BoolGetDatum(disagree);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
