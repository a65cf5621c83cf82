/*
 * profile.h
 *		The profile type: a bid's social value account theme by theme.
 */
#ifndef SVTOMS_PROFILE_H
#define SVTOMS_PROFILE_H

#include "svtoms.h"

/* Binary format version written first by profile_send */
#define PROFILE_BINARY_VERSION	1

/*
 * On disk: the entries sorted by theme name (bytewise), then the names,
 * packed, without terminators.  A theme appears once.
 */
typedef struct ProfileEntry
{
	Sv			value;
	int32		name_off;		/* offset of the name in the names area */
	int32		name_len;
} ProfileEntry;

typedef struct Profile
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	int32		nthemes;
	ProfileEntry entries[FLEXIBLE_ARRAY_MEMBER];
} Profile;

/*
 * Limits of a profile, documented in docs/reference/profile.md.  Every
 * profile accepted must stay one value that PostgreSQL can store and write
 * out again (so that pg_dump and COPY round-trip it): stored, it takes
 * PROFILE_SIZE bytes; as text, at most PROFILE_THEME_TEXT_MAX bytes per
 * theme plus each name twice over (every byte escaped); in binary, less
 * than stored.  Both limits keep all three under MaxAllocSize (1 GB).
 */
#define PROFILE_MAX_THEMES		(1 << 20)	/* 1,048,576 themes */
#define PROFILE_MAX_SIZE		(1 << 28)	/* 256 MiB stored */
#define PROFILE_SIZE(nthemes, namebytes) \
	(offsetof(Profile, entries) + sizeof(ProfileEntry) * (Size) (nthemes) + (Size) (namebytes))
/*
 * Text of one theme without its name: two quotes, ": (", ")", ", " and
 * the account: "benefit=" and "harm=" with 39 characters each, "net=" with
 * 40, four counts of up to 19 digits with their labels, and the spaces.
 */
#define PROFILE_THEME_TEXT_MAX	(8 + (8 + 39) + (6 + 39) + (5 + 40) + \
								 (11 + 19) + (11 + 19) + (9 + 19) + (10 + 19))

#define PROFILE_NAMES(p)		((char *) &(p)->entries[(p)->nthemes])
#define PROFILE_NAME(p, i)		(PROFILE_NAMES(p) + (p)->entries[i].name_off)
#define DatumGetProfileP(X)		((Profile *) PG_DETOAST_DATUM(X))
#define PG_GETARG_PROFILE_P(n)	DatumGetProfileP(PG_GETARG_DATUM(n))

/*
 * A profile being built: one entry per theme, each with its account.
 * Aggregates keep one in their memory context; its size grows with the
 * number of themes, never with the number of rows.
 *
 * Themes are appended as they first come, so that adding one never moves
 * the others: "sorted" says whether they are still in bytewise order (they
 * are when they come in order, as from a profile), and
 * profile_build_finish sorts them once otherwise.  A theme is found by
 * binary search while sorted, by a scan of the few entries of a small
 * build, and otherwise through "index", an open-addressing hash table of
 * entry numbers, which once made is kept up to date.  Every operation is
 * thus O(1) expected or O(log n), and finishing O(n log n).
 */
typedef struct ProfileBuildEntry
{
	char	   *name;
	int			len;
	uint32		hash;			/* of the name, valid whenever index is set */
	Sv			value;
} ProfileBuildEntry;

typedef struct ProfileBuild
{
	MemoryContext context;		/* where names, entries and index live */
	int			nthemes;
	int			maxthemes;
	Size		namebytes;		/* bytes of all the names */
	int			last;			/* entry found last, tried first */
	bool		sorted;			/* entries in strictly ascending name order */
	uint32		indexmask;		/* slots of index, less 1 (a power of 2 less 1) */
	uint32	   *index;			/* per used slot, entry number + 1 and a tag
								 * of the hash (see profile.c); 0 when free */
	ProfileBuildEntry *entries;
	char	   *namefree;		/* room for names, which are never freed one by one */
	Size		namefree_left;	/* bytes of it */
	Size		nameblock;		/* size of the last block of names */
} ProfileBuild;

extern void profile_check_limits(int64 nthemes, Size namebytes);
extern ProfileBuild *profile_build_new(MemoryContext context);
extern Sv  *profile_build_theme(ProfileBuild *build, const char *name, int len);
extern Profile *profile_build_finish(ProfileBuild *build);
extern void profile_build_add_build(ProfileBuild *build, const ProfileBuild *other);
extern void profile_send_body(StringInfo buf, const Profile *profile);
extern void profile_recv_body(StringInfo buf, ProfileBuild *build);

#endif							/* SVTOMS_PROFILE_H */
