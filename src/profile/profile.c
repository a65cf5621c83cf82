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
#include "common/hashfn.h"
#include "common/pg_prng.h"
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
PG_FUNCTION_INFO_V1(profile_add);

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

/* Up to this many themes, a build out of order is scanned, not indexed */
#define PROFILE_SCAN_MAX		8
/* Slots of a new index; an index is kept at most half full */
#define PROFILE_INDEX_MIN		32

StaticAssertDecl(PROFILE_INDEX_MIN >= 2 * (PROFILE_SCAN_MAX + 1),
				 "a new index must be at most half full");
StaticAssertDecl(2 * (Size) PROFILE_MAX_THEMES * sizeof(uint32) <= MaxAllocSize,
				 "the index of a profile being built must fit in one allocation");

/*
 * A used slot of the index holds the entry number + 1 in its low bits, and
 * the top bits of the name's hash above them, so that a probe rarely has
 * to read an entry (far away in memory) that is not the one sought.  The
 * slot is chosen by the low bits of the hash: an index has at most
 * 2 * PROFILE_MAX_THEMES slots, so the two never overlap.
 */
#define INDEX_ENTRY_BITS		21
#define INDEX_ENTRY_MASK		((((uint32) 1) << INDEX_ENTRY_BITS) - 1)
#define INDEX_SLOT(i, hash)		((uint32) ((i) + 1) | ((hash) & ~INDEX_ENTRY_MASK))
#define INDEX_ENTRY(v)			((int) ((v) & INDEX_ENTRY_MASK) - 1)
#define INDEX_TAG_MATCHES(v, hash)	((((v) ^ (hash)) & ~INDEX_ENTRY_MASK) == 0)

StaticAssertDecl(PROFILE_MAX_THEMES < INDEX_ENTRY_MASK &&
				 2 * (uint32) PROFILE_MAX_THEMES <= INDEX_ENTRY_MASK + 1,
				 "entry numbers and slot numbers must fit below the hash tag");

/*
 * Seed of the themes' hashes, drawn once per backend, so that names that
 * collide (and would make lookups linear) cannot be prepared in advance.
 * Only the index depends on it, never a result.
 */
static uint64 theme_hash_seed = 0;

static inline uint32
theme_hash(const char *name, int len)
{
	return (uint32) hash_bytes_extended((const unsigned char *) name, len, theme_hash_seed);
}

ProfileBuild *
profile_build_new(MemoryContext context)
{
	ProfileBuild *build = MemoryContextAllocZero(context, sizeof(ProfileBuild));

	if (theme_hash_seed == 0)
		theme_hash_seed = pg_prng_uint64(&pg_global_prng_state) | 1;
	build->context = context;
	build->maxthemes = 8;
	build->sorted = true;
	build->entries = MemoryContextAlloc(context, sizeof(ProfileBuildEntry) * build->maxthemes);
	return build;
}

static inline int
name_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static inline int
entry_cmp(const ProfileBuildEntry *a, const ProfileBuildEntry *b)
{
	return name_cmp(a->name, a->len, b->name, b->len);
}

static inline bool
entry_is(const ProfileBuildEntry *e, const char *name, int len)
{
	return e->len == len && memcmp(e->name, name, len) == 0;
}

#define ST_SORT sort_build_entries
#define ST_ELEMENT_TYPE ProfileBuildEntry
#define ST_COMPARE(a, b) entry_cmp(a, b)
#define ST_CHECK_FOR_INTERRUPTS
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/*
 * A copy of a name, in blocks that double up to 64 kB: one allocation for
 * many names.  A long name gets a block of its own.
 */
static char *
build_copy_name(ProfileBuild *build, const char *name, int len)
{
	char	   *copy;

	if ((Size) len > build->namefree_left || build->namefree == NULL)
	{
		Size		block = Min(Max(build->nameblock * 2, 64), 65536);

		if ((Size) len > block / 2)
			return memcpy(MemoryContextAlloc(build->context, Max(len, 1)), name, len);
		build->namefree = MemoryContextAlloc(build->context, block);
		build->namefree_left = block;
		build->nameblock = block;
	}
	copy = build->namefree;
	memcpy(copy, name, len);
	build->namefree += len;
	build->namefree_left -= len;
	return copy;
}

/* Put every entry in an index of nslots slots (their hashes are set) */
static void
index_fill(ProfileBuild *build, uint32 nslots)
{
	int			i;

	if (build->index != NULL && build->indexmask + 1 == nslots)
		memset(build->index, 0, sizeof(uint32) * nslots);
	else
	{
		if (build->index != NULL)
			pfree(build->index);
		build->index = MemoryContextAllocZero(build->context, sizeof(uint32) * nslots);
		build->indexmask = nslots - 1;
	}
	for (i = 0; i < build->nthemes; i++)
	{
		uint32		hash = build->entries[i].hash;
		uint32		slot = hash & build->indexmask;

		while (build->index[slot] != 0)
			slot = (slot + 1) & build->indexmask;
		build->index[slot] = INDEX_SLOT(i, hash);
	}
}

static void
index_create(ProfileBuild *build)
{
	uint32		nslots = PROFILE_INDEX_MIN;
	int			i;

	while (nslots < 2 * (uint32) build->nthemes)
		nslots *= 2;
	for (i = 0; i < build->nthemes; i++)
		build->entries[i].hash = theme_hash(build->entries[i].name, build->entries[i].len);
	index_fill(build, nslots);
}

/* The account of a theme, added (as an empty account) when new */
Sv *
profile_build_theme(ProfileBuild *build, const char *name, int len)
{
	int			n = build->nthemes;
	ProfileBuildEntry *e;
	uint32		hash = 0;
	uint32		slot = 0;
	bool		sorted;			/* whether the entries stay sorted */

	/* rows often repeat a theme, or go through the themes in turn */
	if (build->last < n)
	{
		int			next = build->last + 1 < n ? build->last + 1 : 0;

		e = &build->entries[build->last];
		if (entry_is(e, name, len))
			return &e->value;
		e = &build->entries[next];
		if (entry_is(e, name, len))
		{
			build->last = next;
			return &e->value;
		}
	}

	if (build->index != NULL)
	{
		uint32		v;

		hash = theme_hash(name, len);
		slot = hash & build->indexmask;
		while ((v = build->index[slot]) != 0)
		{
			if (INDEX_TAG_MATCHES(v, hash))
			{
				e = &build->entries[INDEX_ENTRY(v)];
				if (e->hash == hash && entry_is(e, name, len))
				{
					build->last = INDEX_ENTRY(v);
					return &e->value;
				}
			}
			slot = (slot + 1) & build->indexmask;
		}
		sorted = build->sorted &&
			(n == 0 || name_cmp(build->entries[n - 1].name, build->entries[n - 1].len, name, len) < 0);
	}
	else if (build->sorted)
	{
		int			lo = 0;
		int			hi = n;

		/* themes coming in order: a new one goes after the last, at once */
		if (n > 0)
		{
			int			c;

			e = &build->entries[n - 1];
			c = name_cmp(e->name, e->len, name, len);
			if (c == 0)
			{
				build->last = n - 1;
				return &e->value;
			}
			if (c < 0)
				lo = n;
			else
				hi = n - 1;
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
		sorted = (lo == n);
	}
	else
	{
		int			i;

		/* few themes: the index is made once there are more */
		for (i = 0; i < n; i++)
		{
			e = &build->entries[i];
			if (entry_is(e, name, len))
			{
				build->last = i;
				return &e->value;
			}
		}
		sorted = false;
	}

	/* a new theme */
	profile_check_limits((int64) n + 1, build->namebytes + len);
	/* never beyond PROFILE_MAX_THEMES entries: a power of two, as 8 is */
	if (n == build->maxthemes)
	{
		build->maxthemes *= 2;
		build->entries = repalloc(build->entries, sizeof(ProfileBuildEntry) * build->maxthemes);
	}
	e = &build->entries[n];
	e->name = build_copy_name(build, name, len);
	e->len = len;
	e->hash = hash;
	memset(&e->value, 0, sizeof(Sv));
	build->nthemes = n + 1;
	build->namebytes += len;
	build->last = n;
	build->sorted = sorted;

	if (build->index != NULL)
	{
		if (2 * (uint32) build->nthemes > build->indexmask + 1)
			index_fill(build, 2 * (build->indexmask + 1));
		else
			build->index[slot] = INDEX_SLOT(n, hash);
	}
	else if (!sorted && build->nthemes > PROFILE_SCAN_MAX)
		index_create(build);
	return &e->value;
}

/*
 * Add other's themes into build when both are sorted: one pass over both,
 * O(n + m).  The limits are checked as other's new themes are met, in its
 * order, as adding them one by one would.
 */
static void
build_merge(ProfileBuild *build, const ProfileBuild *other)
{
	int			n = build->nthemes;
	int			m = other->nthemes;
	int			added = 0;
	Size		addedbytes = 0;
	int			i;
	int			j;
	int			k;
	int			newmax;
	ProfileBuildEntry *merged;
	char	   *names;

	for (i = 0, j = 0; j < m; j++)
	{
		const ProfileBuildEntry *o = &other->entries[j];
		int			c = 1;

		while (i < n && (c = entry_cmp(&build->entries[i], o)) < 0)
			i++;
		if (i < n && c == 0)
			continue;
		added++;
		addedbytes += o->len;
		profile_check_limits((int64) n + added, build->namebytes + addedbytes);
	}

	if (added == 0)
	{
		for (i = 0, j = 0; j < m; j++)
		{
			while (entry_cmp(&build->entries[i], &other->entries[j]) < 0)
				i++;
			sv_add_into(&build->entries[i].value, &other->entries[j].value);
		}
		return;
	}

	newmax = build->maxthemes;
	while (newmax < n + added)
		newmax *= 2;
	merged = MemoryContextAlloc(build->context, sizeof(ProfileBuildEntry) * newmax);
	names = MemoryContextAlloc(build->context, Max(addedbytes, 1));
	for (i = 0, j = 0, k = 0; i < n || j < m; k++)
	{
		int			c = (j == m) ? -1 : (i == n) ? 1 :
		entry_cmp(&build->entries[i], &other->entries[j]);

		if (c < 0)
			merged[k] = build->entries[i++];
		else if (c == 0)
		{
			merged[k] = build->entries[i++];
			sv_add_into(&merged[k].value, &other->entries[j++].value);
		}
		else
		{
			const ProfileBuildEntry *o = &other->entries[j++];

			memcpy(names, o->name, o->len);
			merged[k].name = names;
			merged[k].len = o->len;
			merged[k].hash = 0;
			names += o->len;
			memset(&merged[k].value, 0, sizeof(Sv));
			sv_add_into(&merged[k].value, &o->value);
		}
	}
	Assert(k == n + added);
	pfree(build->entries);
	build->entries = merged;
	build->maxthemes = newmax;
	build->nthemes = n + added;
	build->namebytes += addedbytes;
	build->last = 0;
	/* sorted, so found by binary search: the index would need every hash */
	if (build->index != NULL)
	{
		pfree(build->index);
		build->index = NULL;
	}
}

void
profile_build_add_build(ProfileBuild *build, const ProfileBuild *other)
{
	int			i;

	if (build->sorted && other->sorted)
	{
		build_merge(build, other);
		return;
	}
	for (i = 0; i < other->nthemes; i++)
		sv_add_into(profile_build_theme(build, other->entries[i].name, other->entries[i].len),
					&other->entries[i].value);
}

/*
 * Put the themes in order, once for all the themes added out of order
 * since the last time.  The build stays usable, as a window's state must.
 */
static void
build_sort(ProfileBuild *build)
{
	if (build->sorted || build->nthemes == 0)
		return;
	sort_build_entries(build->entries, build->nthemes);
	build->sorted = true;
	build->last = 0;
	if (build->index != NULL)
		index_fill(build, build->indexmask + 1);
}

/* The flat profile, in the current memory context */
Profile *
profile_build_finish(ProfileBuild *build)
{
	Size		size = PROFILE_SIZE(build->nthemes, build->namebytes);
	Profile    *profile;
	int			i;
	int32		off = 0;

	/* profile_build_theme kept the build within the limits */
	Assert(build->nthemes <= PROFILE_MAX_THEMES && size <= PROFILE_MAX_SIZE);
	build_sort(build);
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

/*
 * profile_add(a, b): the two profiles added theme by theme, merged in one
 * pass since both are sorted.  Its result is that of theme_profile(theme,
 * value) over a's themes and then b's, limits included: a's themes are
 * checked first (a profile stored by version 1.1 may be beyond the
 * limits), then b's new ones in their order.
 */
Datum
profile_add(PG_FUNCTION_ARGS)
{
	Profile    *a = PG_GETARG_PROFILE_P(0);
	Profile    *b = PG_GETARG_PROFILE_P(1);
	int			n = a->nthemes;
	int			m = b->nthemes;
	Size		namebytes = 0;
	int			added = 0;
	Size		size;
	Profile    *result;
	char	   *names;
	int			i;
	int			j;
	int			k;
	int32		off = 0;

	for (i = 0; i < n; i++)
	{
		namebytes += a->entries[i].name_len;
		profile_check_limits(i + 1, namebytes);
	}
	for (i = 0, j = 0; j < m; j++)
	{
		int			c = 1;

		while (i < n && (c = name_cmp(PROFILE_NAME(a, i), a->entries[i].name_len,
									  PROFILE_NAME(b, j), b->entries[j].name_len)) < 0)
			i++;
		if (i < n && c == 0)
			continue;
		added++;
		namebytes += b->entries[j].name_len;
		profile_check_limits((int64) n + added, namebytes);
	}

	size = PROFILE_SIZE(n + added, namebytes);
	result = palloc0(size);
	SET_VARSIZE(result, size);
	result->nthemes = n + added;
	names = PROFILE_NAMES(result);
	for (i = 0, j = 0, k = 0; i < n || j < m; k++)
	{
		int			c = (j == m) ? -1 : (i == n) ? 1 :
		name_cmp(PROFILE_NAME(a, i), a->entries[i].name_len,
				 PROFILE_NAME(b, j), b->entries[j].name_len);
		ProfileEntry *e = &result->entries[k];

		/* as theme_profile would: from an empty account, a's then b's added */
		if (c <= 0)
		{
			e->name_len = a->entries[i].name_len;
			memcpy(names + off, PROFILE_NAME(a, i), e->name_len);
			sv_add_into(&e->value, &a->entries[i++].value);
		}
		else
		{
			e->name_len = b->entries[j].name_len;
			memcpy(names + off, PROFILE_NAME(b, j), e->name_len);
		}
		if (c >= 0)
			sv_add_into(&e->value, &b->entries[j++].value);
		e->name_off = off;
		off += e->name_len;
	}
	Assert(k == n + added && (Size) off == namebytes);
	PG_RETURN_POINTER(result);
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

			/* a long input can be cancelled */
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
			/*
			 * The account ends at the first ")".  Not strchr: under the
			 * sanitizers, each call would read all the rest of the input.
			 */
			close = p;
			if (*p == '(')
				while (*close != '\0' && *close != ')')
					close++;
			if (*p != '(' || *close != ')')
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
