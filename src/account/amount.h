/*
 * amount.h
 *		The per-row work of the sv aggregates, inline.
 *
 * An aggregate reads one numeric per row, so this is the hot path of
 * svtoms.social_value.  Money is nearly always a short-header numeric
 * below 10^12 (base-10000 weight <= 2).  Its value in micro-units is below
 * 10^18, so it is read here digit by digit in int64, with no overflow
 * check, no palloc and no call.  Anything else (a long header, 10^12 or
 * more, NaN, an infinity, a toasted value) returns false, and the caller
 * goes to sv_numeric_to_micro, which gives the same answers more slowly.
 *
 * The layout read is numeric's on-disk format (utils/adt/numeric.c), which
 * PostgreSQL keeps stable across releases: pg_upgrade depends on it.
 */
#ifndef SV_AMOUNT_H
#define SV_AMOUNT_H

#include "svtoms.h"

#include "common/int.h"
#include "numeric_view.h"

/* Largest base-10000 weight read inline: values below 10^12 */
#define SV_FAST_MAX_WEIGHT			2

/*
 * Base-10000 digit idx of a numeric's data (after its 2-byte header), or 0
 * when idx is outside [0, ndigits).  Branch-free: the number and the
 * weights of the digits vary from row to row, and a mispredicted branch
 * costs more than the loads.  ndigits >= 1, so digit 0 can always be read.
 */
static pg_attribute_always_inline int
sv_numeric_digit(const char *data, int ndigits, int idx)
{
	int			valid = (unsigned int) idx < (unsigned int) ndigits;
	int16		digit;

	/* unaligned when the varlena header is short */
	memcpy(&digit, data + sizeof(uint16) + (idx & -valid) * sizeof(int16),
		   sizeof(int16));
	return digit & -valid;
}

/*
 * Read a short numeric below 10^12: its magnitude in micro-units, rounded
 * half away from zero at the sixth decimal; *negative -1 when it is below
 * zero after that rounding, else 0; its display scale capped at SV_SCALE.
 * false (nothing set) when the value is not of that kind.  varlena may
 * have a 1-byte header, as numerics on disk usually do.
 */
static pg_attribute_always_inline bool
sv_short_numeric_read(const void *varlena, int64 *magnitude, int64 *negative,
					  int *dscale)
{
	const char *ptr = (const char *) varlena;
	const char *data;
	int			len;
	uint16		header;
	int			weight;
	int			ndigits;
	int64		acc;
	int			low;

	if (VARATT_IS_SHORT(ptr))
	{
		data = VARDATA_SHORT(ptr);
		len = VARSIZE_SHORT(ptr) - VARHDRSZ_SHORT;
	}
	else if (VARATT_IS_4B_U(ptr))
	{
		data = VARDATA(ptr);
		len = VARSIZE(ptr) - VARHDRSZ;
	}
	else
		return false;			/* toasted: compressed or external */

	memcpy(&header, data, sizeof(uint16));
	if ((header & NUMERIC_SIGN_MASK) != NUMERIC_SHORT)
		return false;			/* long header, NaN or an infinity */
	weight = header & NUMERIC_SHORT_WEIGHT_MASK;
	if (header & NUMERIC_SHORT_WEIGHT_SIGN_MASK)
		weight |= ~NUMERIC_SHORT_WEIGHT_MASK;
	if (weight > SV_FAST_MAX_WEIGHT)
		return false;
	*dscale = Min((header & NUMERIC_SHORT_DSCALE_MASK) >> NUMERIC_SHORT_DSCALE_SHIFT,
				  SV_SCALE);

	/* the header is 2 bytes, each digit 2 more */
	ndigits = (len - (int) sizeof(uint16)) >> 1;
	if (unlikely(ndigits <= 0))
	{
		*magnitude = 0;			/* zero has no digits */
		*negative = 0;
		return true;
	}

	/*
	 * Digit i has weight (weight - i), so the digit of weight w is at index
	 * (weight - w).  Weights 2 to -1 hold the integral digits and decimals 1
	 * to 4; weight -2 holds decimals 5 to 8, of which the 7th decides the
	 * rounding; lower weights cannot change it.
	 */
	acc = sv_numeric_digit(data, ndigits, weight - 2) * INT64CONST(100000000000000) +
		sv_numeric_digit(data, ndigits, weight - 1) * INT64CONST(10000000000) +
		sv_numeric_digit(data, ndigits, weight) * INT64CONST(1000000) +
		sv_numeric_digit(data, ndigits, weight + 1) * 100;
	low = sv_numeric_digit(data, ndigits, weight + 2);
	acc += (low + 50) / 100;	/* decimals 5 and 6, rounded at the 7th */

	/* a negative amount that rounds to zero is a zero response */
	*magnitude = acc;
	*negative = -(int64) (((header & NUMERIC_SHORT_SIGN_MASK) != 0) & (acc != 0));
	return true;
}

/* The same, as signed micro-units */
static pg_attribute_always_inline bool
sv_short_numeric_to_micro(const void *varlena, int64 *micro, int *dscale)
{
	int64		magnitude;
	int64		negative;

	if (!sv_short_numeric_read(varlena, &magnitude, &negative, dscale))
		return false;
	*micro = (magnitude ^ negative) - negative;
	return true;
}

/* sv.c: the error of a benefit or harm going out of range */
extern void sv_sum_overflow(int128 micro, int dscale) pg_attribute_noreturn();

/* One more of a count (missing, excluded), checked */
static pg_attribute_always_inline void
sv_count_one_inline(int64 *count)
{
	if (unlikely(pg_add_s64_overflow(*count, 1, count)))
		sv_count_overflow();
}

/*
 * Add one response of magnitude < 10^18 micro-units to sv, as
 * sv_add_amount does; negative is -1 for a harm, else 0.  A sum that small
 * cannot overflow int128 before the range check.  The sign picks the sum
 * and the count without a branch, as it varies by row.
 */
static pg_attribute_always_inline void
sv_add_small_amount(Sv *sv, int64 magnitude, int64 negative, int dscale)
{
	int128	   *sum;
	int128		total;

	/* &sv->harm or &sv->benefit, picked by arithmetic */
	sum = (int128 *) ((char *) sv + offsetof(Sv, benefit) +
					  (negative & (offsetof(Sv, harm) - offsetof(Sv, benefit))));
	total = *sum + magnitude;
	if (unlikely(total > SV_AMOUNT_MAX))
		sv_sum_overflow((magnitude ^ negative) - negative, dscale);
	*sum = total;
	if (unlikely(pg_add_s64_overflow(sv->responses, 1, &sv->responses) ||
				 pg_add_s64_overflow(sv->negatives, -negative, &sv->negatives)))
		sv_count_overflow();
	sv->dscale = Max(sv->dscale, dscale);
}

/* Add one response given as a numeric Datum: sv_add_numeric, inline */
static pg_attribute_always_inline void
sv_add_numeric_inline(Sv *sv, Datum amount)
{
	int64		magnitude;
	int64		negative;
	int			dscale;

	if (likely(sv_short_numeric_read(DatumGetPointer(amount), &magnitude,
									 &negative, &dscale)))
		sv_add_small_amount(sv, magnitude, negative, dscale);
	else
		sv_add_numeric(sv, amount);
}

#endif							/* SV_AMOUNT_H */
