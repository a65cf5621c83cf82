/*
 * sroi_fixed.c
 *		The fixed-point path of sroi_value: exact decimal integers that give
 *		the numeric path's result digit for digit, display scale included.
 *
 * The numeric path (sroi_numeric in scoring.c) computes, with n = years,
 * k = 1 - dropoff and g = 1 + discount_rate:
 *
 *	  base = q p (1-dw) (1-att) (1-disp), a factor of 0 left out
 *	  n = 1:							trim(base)
 *	  dropoff = 0 and rate = 0:			trim(base n)
 *	  otherwise, by Horner's rule,
 *		N = sum_{j=0}^{n-1} k^j g^(n-1-j),	D = g^(n-1)
 *	  rate = 0 (so D = 1):				trim(base N)
 *	  otherwise:						trim(base N / D)
 *
 * Why this file gives the same results:
 *
 * 1. numeric's +, - and * are exact.  A product's display scale is the sum
 *	  of its operands' and a sum's is the larger of theirs, and every digit
 *	  is kept (numeric_mul asks mul_var for all the digits of the exact
 *	  product).  So every value before the division is an exact decimal.
 *	  Here it is an exact integer over a power of ten: the same number.
 * 2. trim_scale gives a value's canonical form, without trailing zeros.
 *	  It depends only on the value, so where the numeric path does not
 *	  divide, the same exact value gives the same result.
 * 3. The one division, X / D with X = base N, is numeric_div.  div_var
 *	  computes the exact quotient, truncated at least one base-10000 digit
 *	  beyond the result scale, and round_var rounds it half away from zero.
 *	  The result is therefore the exact quotient rounded half away from zero
 *	  at rscale decimals, which this file computes in integers as
 *		|R| = floor((2 |X| 10^rscale + D) / (2 D)).
 *	  rscale is select_div_scale's:
 *		max(16 - 4 qweight, dscale(X), dscale(D), 0), capped at 1000,
 *	  where qweight = weight(X) - weight(D), less 1 when the leading
 *	  base-10000 digit of X is at most that of D.  The weights and leading
 *	  digits are those of the exact values, read here from the exact
 *	  integers.  The display scales follow from 1, with a = dscale(dropoff)
 *	  and r = dscale(rate):
 *		dscale(base) = dscale(q) + dscale(p) + the nonzero factors' scales
 *		dscale(N)	 = (n-1) max(a, r)
 *		dscale(D)	 = (n-1) r
 *		dscale(X)	 = dscale(base) + dscale(N)
 *	  For N: Horner's rule is N(t+1) = k N(t) + g^t from N(1) = 1, so
 *	  dscale(N(t+1)) = max(dscale(N(t)) + a, t r), which is t max(a, r).
 * 4. The result is written in numeric's format as make_result writes it:
 *	  leading and trailing zero base-10000 digits stripped, a zero positive
 *	  with weight 0, and the short header when it can hold the display scale
 *	  and the weight.
 *
 * N is built here from the other end, N(t+1) = N(t) g_t + k^t with
 * D(t+1) = D(t) g_t, which for one rate is the same polynomial.  The rates
 * come from a table, grow[t] = 1 + rate of year t+1, all at one scale, and
 * the division by D goes year by year through that table.
 *
 * A Green Book schedule fills the table with its own rates.  Its numeric
 * path (sroi_numeric_schedule in scoring.c) builds N and D by the same
 * recurrence, from the numerics 1 + r(y), each written at the schedule's
 * scale r (sroi_schedule_scale: 1.035, 1.0150): dscale(N) = (n-1) max(a, r)
 * and dscale(D) = (n-1) r as in 3, so the rscale above holds unchanged.
 * There is no shortcut for a zero rate: every rate of a schedule is above 0.
 *
 * The integers have a fixed capacity (FX_LIMBS).  An input that does not
 * fit, a mantissa of more than 16 digits or a factor with more than
 * FX_FACTOR_SCALE_MAX decimals, or a number that outgrows the capacity,
 * goes to the numeric path instead.  Limbs of 10^8 multiply into 64 bits,
 * so no 128-bit type is needed; a single 128-bit integer would not do,
 * since at 10 years the quotient above already has over 40 digits.
 */
#include "postgres.h"

#include "numeric_view.h"
#include "scoring/sroi_fixed.h"


/* select_div_scale's constants (NUMERIC_MIN_SIG_DIGITS, NUMERIC_MAX_DISPLAY_SCALE) */
#define DIV_MIN_SIG_DIGITS		16
#define DIV_MAX_SCALE			1000

/* Base of a limb, and its decimal digits */
#define FX_BASE					100000000
#define FX_BASE_DIGITS			8
/* Limbs of an integer: 768 decimal digits */
#define FX_LIMBS				96
/* Largest small multiplier or divisor: limb * it + carry stays below 2^64 */
#define FX_SMALL_MAX			UINT64CONST(100000000000)
/* Most decimals of a factor, so that 1 - f and 1 + rate are small */
#define FX_FACTOR_SCALE_MAX		9

/* A nonnegative integer: limbs of base 10^8, least significant first */
typedef struct FxBig
{
	int			n;				/* limbs in use, the top one nonzero; 0 is 0 */
	uint32		d[FX_LIMBS];
} FxBig;

static const uint64 fx_pow10[] = {
	UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000),
	UINT64CONST(10000), UINT64CONST(100000), UINT64CONST(1000000),
	UINT64CONST(10000000), UINT64CONST(100000000), UINT64CONST(1000000000),
	UINT64CONST(10000000000), UINT64CONST(100000000000),
	UINT64CONST(1000000000000), UINT64CONST(10000000000000),
	UINT64CONST(100000000000000), UINT64CONST(1000000000000000),
	UINT64CONST(10000000000000000), UINT64CONST(100000000000000000),
	UINT64CONST(1000000000000000000)
};

/*
 * Read a numeric from its digits.  num may have a short (packed) varlena
 * header, so that sroi_value need not copy its arguments.
 */
void
sroi_read_decimal(Numeric num, SroiDecimal *dec)
{
	NumericView view;
	int			weight;
	int			ndigits;
	int			first;
	int			last;
	int			top;
	int			bottom;
	int			pad;
	int			w;
	uint64		acc;

#define DIGIT(i) numeric_view_at(&view, (i))

	memset(dec, 0, sizeof(SroiDecimal));
	numeric_view(num, &view);
	if (view.special)
	{
		dec->special = true;
		return;
	}
	dec->negative = view.negative;
	dec->scale = view.dscale;
	weight = view.weight;
	ndigits = view.ndigits;

	/* numeric stores no zero digits at either end; do not rely on it */
	first = 0;
	while (first < ndigits && DIGIT(first) == 0)
		first++;
	last = ndigits - 1;
	while (last >= first && DIGIT(last) == 0)
		last--;
	if (first > last)
	{
		dec->zero = true;
		dec->negative = false;
		dec->cmp_one = -1;
		dec->fits = true;
		return;
	}

	/* weights of the first and the last nonzero digits */
	top = weight - first;
	bottom = weight - last;
	if (top != 0)
		dec->cmp_one = top > 0 ? 1 : -1;
	else if (DIGIT(first) != 1)
		dec->cmp_one = 1;
	else
		dec->cmp_one = last > first ? 1 : 0;

	/*
	 * mantissa = |value| * 10^scale, from the digits of weight top down to
	 * -ceil(scale / 4): at most 4 of them, so below 10^16.
	 */
	w = -((dec->scale + 3) / 4);
	if (bottom < w || top - w + 1 > 4)
		return;
	acc = 0;
	for (; top >= w; top--)
	{
		int			i = weight - top;

		acc = acc * NUMERIC_NBASE + (i >= 0 && i < ndigits ? DIGIT(i) : 0);
	}
	pad = 4 * ((dec->scale + 3) / 4) - dec->scale;
	if (acc % fx_pow10[pad] != 0)
		return;
	dec->mantissa = acc / fx_pow10[pad];
	dec->fits = true;
#undef DIGIT
}

static inline void
fx_set_u64(FxBig *a, uint64 v)
{
	a->n = 0;
	while (v > 0)
	{
		a->d[a->n++] = (uint32) (v % FX_BASE);
		v /= FX_BASE;
	}
}

/* a *= m, for m <= FX_SMALL_MAX; false when a outgrows the capacity */
static inline bool
fx_mul_small(FxBig *a, uint64 m)
{
	uint64		carry = 0;
	int			i;

	Assert(m <= FX_SMALL_MAX);
	if (m == 0)
	{
		a->n = 0;
		return true;
	}
	for (i = 0; i < a->n; i++)
	{
		uint64		t = (uint64) a->d[i] * m + carry;

		a->d[i] = (uint32) (t % FX_BASE);
		carry = t / FX_BASE;
	}
	while (carry > 0)
	{
		if (a->n == FX_LIMBS)
			return false;
		a->d[a->n++] = (uint32) (carry % FX_BASE);
		carry /= FX_BASE;
	}
	return true;
}

/* a += b */
static inline bool
fx_add(FxBig *a, const FxBig *b)
{
	uint32		carry = 0;
	int			i;

	for (i = a->n; i < b->n; i++)
		a->d[i] = 0;
	a->n = Max(a->n, b->n);
	for (i = 0; i < a->n; i++)
	{
		uint32		t = a->d[i] + (i < b->n ? b->d[i] : 0) + carry;

		carry = t >= FX_BASE;
		a->d[i] = carry ? t - FX_BASE : t;
	}
	if (carry)
	{
		if (a->n == FX_LIMBS)
			return false;
		a->d[a->n++] = 1;
	}
	return true;
}

/* r = a * b, r distinct from a and b */
static bool
fx_mul(FxBig *r, const FxBig *a, const FxBig *b)
{
	int			i;
	int			j;

	if (a->n == 0 || b->n == 0)
	{
		r->n = 0;
		return true;
	}
	if (a->n + b->n > FX_LIMBS)
		return false;
	memset(r->d, 0, (a->n + b->n) * sizeof(uint32));
	for (i = 0; i < a->n; i++)
	{
		uint64		carry = 0;

		for (j = 0; j < b->n; j++)
		{
			uint64		t = r->d[i + j] + (uint64) a->d[i] * b->d[j] + carry;

			r->d[i + j] = (uint32) (t % FX_BASE);
			carry = t / FX_BASE;
		}
		r->d[i + b->n] = (uint32) carry;
	}
	r->n = a->n + b->n;
	while (r->n > 0 && r->d[r->n - 1] == 0)
		r->n--;
	return true;
}

/* a *= 10^e, e >= 0 */
static bool
fx_mul_pow10(FxBig *a, int e)
{
	int			shift = e / FX_BASE_DIGITS;

	if (a->n == 0)
		return true;
	if (shift > 0)
	{
		if (a->n + shift > FX_LIMBS)
			return false;
		memmove(a->d + shift, a->d, a->n * sizeof(uint32));
		memset(a->d, 0, shift * sizeof(uint32));
		a->n += shift;
	}
	return fx_mul_small(a, fx_pow10[e % FX_BASE_DIGITS]);
}

/* a = floor(a / m), for 0 < m <= FX_SMALL_MAX */
static inline void
fx_div_small(FxBig *a, uint64 m)
{
	uint64		rem = 0;
	int			i;

	Assert(m > 0 && m <= FX_SMALL_MAX);
	for (i = a->n - 1; i >= 0; i--)
	{
		uint64		t = rem * FX_BASE + a->d[i];

		a->d[i] = (uint32) (t / m);
		rem = t % m;
	}
	while (a->n > 0 && a->d[a->n - 1] == 0)
		a->n--;
}

/* Decimal digits of a nonzero a */
static inline int
fx_ndigits(const FxBig *a)
{
	uint32		top = a->d[a->n - 1];
	int			digits = 1;

	while (top >= 10)
	{
		top /= 10;
		digits++;
	}
	return (a->n - 1) * FX_BASE_DIGITS + digits;
}

/*
 * The base-10000 weight and leading base-10000 digit of the nonzero value
 * a / 10^scale: select_div_scale's weight and firstdigit.
 */
static void
fx_leading(const FxBig *a, int scale, int *weight, int *first)
{
	int			nd = fx_ndigits(a);
	int			e = nd - 1 - scale; /* decimal exponent of the first digit */
	int			w = e >= 0 ? e / 4 : -((-e + 3) / 4);	/* floor(e / 4) */
	int			shift = scale + 4 * w;	/* first = floor(a / 10^shift) */
	uint64		top;

	*weight = w;
	if (shift <= 0)
	{
		/* a has fewer than 4 digits, all in the leading base-10000 digit */
		*first = (int) (a->d[0] * fx_pow10[-shift]);
		return;
	}
	/* the top two limbs hold the leading digit: shift >= 8 (n - 2) + 5 */
	top = a->d[a->n - 1];
	if (a->n >= 2)
	{
		top = top * FX_BASE + a->d[a->n - 2];
		shift -= (a->n - 2) * FX_BASE_DIGITS;
	}
	*first = (int) (top / fx_pow10[shift]);
}

/* A numeric zero, as make_result writes it */
static Numeric
fx_zero_numeric(void)
{
	Numeric		result = (Numeric) palloc(VARHDRSZ + sizeof(uint16));
	uint16		header = NUMERIC_SHORT;

	SET_VARSIZE(result, VARHDRSZ + sizeof(uint16));
	memcpy(VARDATA(result), &header, sizeof(uint16));
	return result;
}

/*
 * The numeric trim_scale(a / 10^scale), negated if asked, written as
 * make_result writes it.  a may be changed.  NULL if a outgrows the
 * capacity.
 */
static Numeric
fx_to_numeric(FxBig *a, int scale, bool negative)
{
	NumericDigit nb[2 * FX_LIMBS];
	int			count;
	int			low;
	int			weight;
	int			dscale;
	int			len;
	int			i;
	char	   *p;
	Numeric		result;

	if (a->n == 0)
		return fx_zero_numeric();

	/* align the decimal point on a base-10000 digit */
	if (scale % 4 != 0)
	{
		if (!fx_mul_small(a, fx_pow10[4 - scale % 4]))
			return NULL;
		scale += 4 - scale % 4;
	}
	count = 0;
	for (i = 0; i < a->n; i++)
	{
		nb[count++] = (NumericDigit) (a->d[i] % NUMERIC_NBASE);
		nb[count++] = (NumericDigit) (a->d[i] / NUMERIC_NBASE);
	}
	while (nb[count - 1] == 0)
		count--;
	low = 0;
	while (nb[low] == 0)
		low++;

	/* get_min_scale: decimals down to the last nonzero digit */
	weight = count - 1 - scale / 4;
	dscale = 0;
	if (low < scale / 4)
	{
		NumericDigit last = nb[low];

		dscale = 4 * (scale / 4 - low);
		while (last % 10 == 0)
		{
			dscale--;
			last /= 10;
		}
	}

	if (dscale <= NUMERIC_SHORT_DSCALE_MAX &&
		weight <= NUMERIC_SHORT_WEIGHT_MAX &&
		weight >= NUMERIC_SHORT_WEIGHT_MIN)
	{
		uint16		header;

		header = NUMERIC_SHORT | (negative ? NUMERIC_SHORT_SIGN_MASK : 0) |
			(dscale << NUMERIC_SHORT_DSCALE_SHIFT) |
			(weight < 0 ? NUMERIC_SHORT_WEIGHT_SIGN_MASK : 0) |
			(weight & NUMERIC_SHORT_WEIGHT_MASK);
		len = VARHDRSZ + sizeof(uint16) + (count - low) * sizeof(NumericDigit);
		result = (Numeric) palloc(len);
		p = VARDATA(result);
		memcpy(p, &header, sizeof(uint16));
		p += sizeof(uint16);
	}
	else
	{
		uint16		header = (negative ? NUMERIC_NEG : NUMERIC_POS) | dscale;
		int16		long_weight = (int16) weight;

		/* far inside numeric's limits: the capacity is 768 digits */
		Assert(dscale <= NUMERIC_DSCALE_MASK && long_weight == weight);
		len = VARHDRSZ + 2 * sizeof(uint16) + (count - low) * sizeof(NumericDigit);
		result = (Numeric) palloc(len);
		p = VARDATA(result);
		memcpy(p, &header, sizeof(uint16));
		memcpy(p + sizeof(uint16), &long_weight, sizeof(int16));
		p += 2 * sizeof(uint16);
	}
	SET_VARSIZE(result, len);
	for (i = count - 1; i >= low; i--)
	{
		memcpy(p, &nb[i], sizeof(NumericDigit));
		p += sizeof(NumericDigit);
	}
	return result;
}

/*
 * base * N / D for years >= 2, with k = keep / 10^keep_scale and
 * g_t = grow[t] / 10^grow_scale (see the head of this file).  With
 * discount false, D is 1 and nothing is divided: grow[t] must be
 * 10^grow_scale then.
 */
static Numeric
fx_present_value(const FxBig *base, int base_scale, bool negative,
				 uint64 keep, int keep_scale,
				 const uint64 *grow, int grow_scale, bool discount,
				 int years)
{
	FxBig		numer;
	FxBig		kpow;
	FxBig		denom;
	FxBig		x;
	int			scale = Max(keep_scale, grow_scale);
	uint64		keep_c = keep * fx_pow10[scale - keep_scale];
	int			x_scale;
	int			d_scale;
	int			x_weight;
	int			x_first;
	int			d_weight;
	int			d_first;
	int			qweight;
	int			rscale;
	uint64		chunk;
	int			t;

	/*
	 * numer(t+1) = numer(t) g_t + k^t at scale t max(a, r), and
	 * denom(t+1) = denom(t) g_t at scale t r.
	 */
	fx_set_u64(&numer, 1);
	fx_set_u64(&kpow, 1);
	fx_set_u64(&denom, 1);
	for (t = 0; t < years - 1; t++)
	{
		if (!fx_mul_small(&kpow, keep_c) ||
			!fx_mul_small(&numer, grow[t] * fx_pow10[scale - grow_scale]) ||
			!fx_add(&numer, &kpow))
			return NULL;
		if (discount && !fx_mul_small(&denom, grow[t]))
			return NULL;
	}
	if (!fx_mul(&x, base, &numer))
		return NULL;
	x_scale = base_scale + (years - 1) * scale;
	if (!discount)
		return fx_to_numeric(&x, x_scale, negative);
	if (x.n == 0)
		return fx_zero_numeric();

	/* select_div_scale */
	d_scale = (years - 1) * grow_scale;
	fx_leading(&x, x_scale, &x_weight, &x_first);
	fx_leading(&denom, d_scale, &d_weight, &d_first);
	qweight = x_weight - d_weight - (x_first <= d_first ? 1 : 0);
	rscale = DIV_MIN_SIG_DIGITS - qweight * 4;
	rscale = Max(rscale, x_scale);
	rscale = Max(rscale, d_scale);
	rscale = Max(rscale, 0);
	if (rscale > DIV_MAX_SCALE)
		return NULL;

	/*
	 * |R| = floor((2 X + D) / (2 D)) with X and D as integers at the scale
	 * of R: X at x_scale times 10^(rscale - x_scale), D at d_scale times
	 * 10^(rscale - d_scale); the common 10^(rscale - d_scale) leaves X
	 * times 10^(rscale - x_scale + d_scale) over D's integer.
	 */
	if (!fx_mul_pow10(&x, rscale - x_scale + d_scale) ||
		!fx_mul_small(&x, 2) ||
		!fx_add(&x, &denom))
		return NULL;

	/* floor(floor(a / b) / c) = floor(a / (b c)): divide by 2 g_1 ... g_n-1 */
	chunk = 2;
	for (t = 0; t < years - 1; t++)
	{
		if (chunk > FX_SMALL_MAX / grow[t])
		{
			fx_div_small(&x, chunk);
			chunk = 1;
		}
		chunk *= grow[t];
	}
	fx_div_small(&x, chunk);
	return fx_to_numeric(&x, rscale, negative);
}

/*
 * The Green Book's declining schedules: the rate of a year falls at the
 * ends of these bands (HM Treasury, The Green Book, 2022, table 8 and
 * annex A6).  1 + rate at the schedule's scale: 1.035 is 1035 at scale 3.
 */
static const int schedule_band_end[SROI_SCHEDULE_BANDS] = {30, 75, 125, 200, 300, PG_INT32_MAX};
static const uint64 green_book_grow[SROI_SCHEDULE_BANDS] = {1035, 1030, 1025, 1020, 1015, 1010};
static const uint64 green_book_health_grow[SROI_SCHEDULE_BANDS] = {10150, 10129, 10107, 10086, 10064, 10043};

bool
sroi_schedule_parse(const char *name, SroiSchedule *schedule)
{
	if (strcmp(name, "flat") == 0)
		*schedule = SROI_FLAT;
	else if (strcmp(name, "green_book") == 0)
		*schedule = SROI_GREEN_BOOK;
	else if (strcmp(name, "green_book_health") == 0)
		*schedule = SROI_GREEN_BOOK_HEALTH;
	else
		return false;
	return true;
}

/* The decimals of 1 + rate in a schedule's table */
int
sroi_schedule_scale(SroiSchedule schedule)
{
	Assert(schedule != SROI_FLAT);
	return schedule == SROI_GREEN_BOOK ? 3 : 4;
}

/* The band (0 to SROI_SCHEDULE_BANDS - 1) of year 1, 2, ... */
int
sroi_schedule_band(int year)
{
	int			band = 0;

	Assert(year >= 1);
	while (year > schedule_band_end[band])
		band++;
	return band;
}

/* 1 + the rate of year (1, 2, ...), times 10^sroi_schedule_scale */
uint64
sroi_schedule_grow(SroiSchedule schedule, int year)
{
	int			band = sroi_schedule_band(year);

	Assert(schedule != SROI_FLAT);
	return schedule == SROI_GREEN_BOOK ? green_book_grow[band] : green_book_health_grow[band];
}

Numeric
sroi_fixed_value(const SroiDecimal *quantity, const SroiDecimal *proxy,
				 const SroiDecimal *factors, int nfactors,
				 const SroiDecimal *dropoff, int years,
				 const SroiDecimal *rate, SroiSchedule schedule)
{
	FxBig		q;
	FxBig		p;
	FxBig		base;
	int			base_scale;
	bool		negative;
	uint64		keep;
	uint64		grow[SROI_MAX_YEARS];
	int			i;

	if (!quantity->fits || !proxy->fits)
		return NULL;
	fx_set_u64(&q, quantity->mantissa);
	fx_set_u64(&p, proxy->mantissa);
	if (!fx_mul(&base, &q, &p))
		return NULL;
	base_scale = quantity->scale + proxy->scale;
	negative = quantity->negative != proxy->negative;

	/* the numeric path leaves a factor of 0 out, and its scale with it */
	for (i = 0; i < nfactors; i++)
	{
		const SroiDecimal *f = &factors[i];

		if (f->zero)
			continue;
		if (!f->fits || f->scale > FX_FACTOR_SCALE_MAX ||
			!fx_mul_small(&base, fx_pow10[f->scale] - f->mantissa))
			return NULL;
		base_scale += f->scale;
	}
	if (base.n == 0)
		return fx_zero_numeric();
	if (years == 1)
		return fx_to_numeric(&base, base_scale, negative);
	if (schedule != SROI_FLAT)
	{
		if (!dropoff->fits || dropoff->scale > FX_FACTOR_SCALE_MAX)
			return NULL;
		keep = fx_pow10[dropoff->scale] - dropoff->mantissa;
		Assert(years <= SROI_MAX_YEARS);
		for (i = 0; i < years - 1; i++)
			grow[i] = sroi_schedule_grow(schedule, i + 1);
		return fx_present_value(&base, base_scale, negative,
								keep, dropoff->scale, grow,
								sroi_schedule_scale(schedule), true, years);
	}
	if (dropoff->zero && rate->zero)
	{
		if (!fx_mul_small(&base, (uint64) years))
			return NULL;
		return fx_to_numeric(&base, base_scale, negative);
	}

	if (!dropoff->fits || dropoff->scale > FX_FACTOR_SCALE_MAX ||
		!rate->fits || rate->scale > FX_FACTOR_SCALE_MAX)
		return NULL;
	keep = fx_pow10[dropoff->scale] - dropoff->mantissa;
	Assert(years <= SROI_MAX_YEARS);

	/* no discounting: the exact sum, no division */
	if (rate->zero)
	{
		for (i = 0; i < years - 1; i++)
			grow[i] = 1;
		return fx_present_value(&base, base_scale, negative,
								keep, dropoff->scale, grow, 0, false, years);
	}

	/* one flat rate for every year */
	for (i = 0; i < years - 1; i++)
		grow[i] = fx_pow10[rate->scale] + rate->mantissa;
	return fx_present_value(&base, base_scale, negative,
							keep, dropoff->scale, grow, rate->scale, true,
							years);
}
