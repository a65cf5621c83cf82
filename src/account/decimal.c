/*
 * decimal.c
 *		Exact fixed-point amounts: micro-units in 128 bits.
 *
 * Converting a numeric to micro-units is on the hot path of every
 * aggregate, so it reads numeric's digits directly instead of going
 * through text.  The layout below is numeric's on-disk format, which
 * PostgreSQL keeps stable across releases (pg_upgrade depends on it):
 * a header, then base-10000 digits, most significant first.
 */
#include "postgres.h"

#include "amount.h"
#include "numeric_view.h"
#include "svtoms.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

/*
 * Convert a numeric to micro-units, rounding half away from zero at the
 * sixth decimal.  *dscale receives the numeric's display scale, capped at
 * SV_SCALE.  num may have a short (packed) varlena header, so callers on
 * hot paths can avoid copying it with PG_DETOAST_DATUM_PACKED.
 */
SvDecimalStatus
sv_numeric_to_micro(Numeric num, int128 *micro, int *dscale)
{
	NumericView view;
	int128		acc = 0;
	int64		small;
	int			low;
	int			w;

	if (sv_short_numeric_to_micro(num, &small, dscale))
	{
		*micro = small;
		return SV_DECIMAL_OK;
	}

	numeric_view(num, &view);
	if (view.special)
		return view.nan ? SV_DECIMAL_NAN : SV_DECIMAL_INFINITE;

	/*
	 * Amounts below 10^12 with a long header (a display scale above 63)
	 * fit in 64 bits all the way: no overflow checks needed.
	 */
	if (view.weight <= 2)
	{
		int64		small = 0;

		for (w = view.weight; w >= -1; w--)
			small = small * NUMERIC_NBASE + numeric_view_digit(&view, w);
		low = numeric_view_digit(&view, -2);
		small = small * 100 + low / 100 + (low % 100 >= 50);
		*micro = view.negative ? -(int128) small : (int128) small;
		*dscale = Min(view.dscale, SV_SCALE);
		return SV_DECIMAL_OK;
	}

	/* acc = value * 10^4, truncated: the digits of weight >= -1 */
	for (w = view.weight; w >= -1; w--)
	{
		if (__builtin_mul_overflow(acc, (int128) NUMERIC_NBASE, &acc) ||
			__builtin_add_overflow(acc, (int128) numeric_view_digit(&view, w),
								   &acc))
			return SV_DECIMAL_OVERFLOW;
	}

	/* the digit of weight -2 holds decimals 5 to 8; the 7th decides */
	low = numeric_view_digit(&view, -2);
	if (__builtin_mul_overflow(acc, (int128) 100, &acc) ||
		__builtin_add_overflow(acc, (int128) (low / 100 + (low % 100 >= 50)),
							   &acc))
		return SV_DECIMAL_OVERFLOW;
	if (acc > SV_AMOUNT_MAX)
		return SV_DECIMAL_OVERFLOW;

	*micro = view.negative ? -acc : acc;
	*dscale = Min(view.dscale, SV_SCALE);
	return SV_DECIMAL_OK;
}

/*
 * Write micro-units as decimal text with dscale fractional digits into buf
 * (at least SV_AMOUNT_BUFLEN bytes).  Returns buf.
 */
char *
sv_micro_to_cstring(char *buf, int128 micro, int dscale)
{
	char		digits[SV_AMOUNT_BUFLEN];
	int			n = 0;
	uint128		mag = micro < 0 ? (uint128) (-micro) : (uint128) micro;
	char	   *p = buf;
	int			i;

	Assert(dscale >= 0 && dscale <= SV_SCALE);

	/* least significant first; at least SV_SCALE + 1 digits */
	do
	{
		digits[n++] = '0' + (int) (mag % 10);
		mag /= 10;
	} while (mag > 0 || n <= SV_SCALE);

	if (micro < 0)
		*p++ = '-';
	for (i = n - 1; i >= SV_SCALE; i--)
		*p++ = digits[i];
	if (dscale > 0)
	{
		*p++ = '.';
		for (i = SV_SCALE - 1; i >= SV_SCALE - dscale; i--)
			*p++ = digits[i];
	}
	*p = '\0';
	return buf;
}

/*
 * The numeric of micro-units shown with dscale decimals, as the text
 * sv_micro_to_cstring writes would read: the digits past dscale dropped
 * (toward zero).  An amount that fits in 64 bits after that, as money
 * does, is made directly; a larger one goes through its text.
 */
StaticAssertDecl(SV_SCALE == 6, "sv_micro_to_numeric's powers of ten go up to 10^SV_SCALE");

Numeric
sv_micro_to_numeric(int128 micro, int dscale)
{
	static const int64 drop[SV_SCALE + 1] = {1000000, 100000, 10000, 1000, 100, 10, 1};
	char		buf[SV_AMOUNT_BUFLEN];
	int128		shown;

	Assert(dscale >= 0 && dscale <= SV_SCALE);
	shown = micro / drop[dscale];
	if (shown >= PG_INT64_MIN && shown <= PG_INT64_MAX)
		return dscale == 0 ? int64_to_numeric((int64) shown)
			: int64_div_fast_to_numeric((int64) shown, dscale);

	sv_micro_to_cstring(buf, micro, dscale);
	return DatumGetNumeric(DirectFunctionCall3(numeric_in,
											   CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

/*
 * Parse an unsigned decimal "digits[.digits]" at the start of str.
 * Returns the number of characters read, 0 when there is no digit, or -1
 * when the value is larger than SV_AMOUNT_MAX.  Digits past the sixth
 * decimal are rounded half away from zero.
 */
int
sv_parse_amount(const char *str, int128 *micro, int *dscale)
{
	const char *p = str;
	int128		acc = 0;
	int			ndigits = 0;
	int			scale = 0;
	bool		round_up = false;
	bool		overflow = false;

	while (isdigit((unsigned char) *p))
	{
		if (!overflow &&
			(__builtin_mul_overflow(acc, (int128) 10, &acc) ||
			 __builtin_add_overflow(acc, (int128) (*p - '0'), &acc) ||
			 acc > SV_AMOUNT_MAX / SV_MICRO))
			overflow = true;
		ndigits++;
		p++;
	}
	if (*p == '.')
	{
		p++;
		while (isdigit((unsigned char) *p))
		{
			if (scale < SV_SCALE)
				acc = acc * 10 + (*p - '0');
			else if (scale == SV_SCALE)
				round_up = (*p >= '5');
			scale++;
			ndigits++;
			p++;
		}
	}
	if (ndigits == 0)
		return 0;
	if (overflow)
		return -1;

	/* bring to micro-units: at most 10^32 * 10^6, which fits */
	{
		int			i;

		for (i = Min(scale, SV_SCALE); i < SV_SCALE; i++)
			acc *= 10;
	}
	if (round_up)
		acc++;
	if (acc > SV_AMOUNT_MAX)
		return -1;

	*micro = acc;
	*dscale = Min(scale, SV_SCALE);
	return (int) (p - str);
}

/* a + b, false when the result leaves [-SV_AMOUNT_MAX, SV_AMOUNT_MAX] */
bool
sv_micro_add(int128 a, int128 b, int128 *result)
{
	if (__builtin_add_overflow(a, b, result))
		return false;
	return sv_micro_fits(*result);
}

bool
sv_micro_fits(int128 micro)
{
	return micro <= SV_AMOUNT_MAX && micro >= -SV_AMOUNT_MAX;
}

/* Does micro have no nonzero digit past dscale decimals? */
bool
sv_micro_is_scaled(int128 micro, int dscale)
{
	int128		unit = 1;
	int			i;

	for (i = dscale; i < SV_SCALE; i++)
		unit *= 10;
	return micro % unit == 0;
}

/* The display scale of a numeric (NaN and infinities: 0) */
int
sv_numeric_dscale(Numeric num)
{
	NumericView view;

	numeric_view(num, &view);
	return view.special ? 0 : view.dscale;
}
