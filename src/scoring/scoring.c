/*
 * scoring.c
 *		Valuation (SROI present value) and the scoring rules used to turn
 *		prices and social values into points.
 *
 * All arithmetic is numeric: a score is reproducible to the last digit on
 * any machine.  A result that divides keeps numeric's division precision
 * (at least 16 significant digits); trailing zeros are trimmed.
 * sroi_value takes an exact fixed-point path for the usual inputs
 * (sroi_fixed.c), whose results are those of the numeric path.
 */
#include "postgres.h"

#include "scoring/sroi_fixed.h"
#include "svtoms.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(sroi_value);
PG_FUNCTION_INFO_V1(discount_factor);
PG_FUNCTION_INFO_V1(price_score);
PG_FUNCTION_INFO_V1(relative_score);
PG_FUNCTION_INFO_V1(signed_score);
PG_FUNCTION_INFO_V1(target_score);
PG_FUNCTION_INFO_V1(minmax_score);

static Numeric
num(int64 v)
{
	return int64_to_numeric(v);
}

/* A constant numeric, made once per backend: sroi_value runs once per response */
static Numeric
num_constant(Numeric *slot, int64 v)
{
	if (*slot == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		*slot = int64_to_numeric(v);
		MemoryContextSwitchTo(old);
	}
	return *slot;
}

static Numeric one_numeric = NULL;

#define num_one()	num_constant(&one_numeric, 1)

static int
num_cmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b)));
}

static Numeric
num_add(Numeric a, Numeric b)
{
	return numeric_add_opt_error(a, b, NULL);
}

static Numeric
num_sub(Numeric a, Numeric b)
{
	return numeric_sub_opt_error(a, b, NULL);
}

static Numeric
num_mul(Numeric a, Numeric b)
{
	return numeric_mul_opt_error(a, b, NULL);
}

static Numeric
num_div(Numeric a, Numeric b)
{
	return numeric_div_opt_error(a, b, NULL);
}

static Numeric
num_trim(Numeric a)
{
	return DatumGetNumeric(DirectFunctionCall1(numeric_trim_scale,
											   NumericGetDatum(a)));
}

static Numeric
num_from_text(const char *s)
{
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

static const char *
num_str(Numeric a)
{
	return numeric_normalize(a);
}

/* Every scoring input must be a finite number */
static void
check_finite(const char *name, Numeric value)
{
	if (numeric_is_nan(value) || numeric_is_inf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number, not %s", name, num_str(value))));
}

static void
check_max_points(Numeric max_points)
{
	check_finite("max_points", max_points);
	if (num_cmp(max_points, num(0)) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_points %s is negative", num_str(max_points)),
				 errhint("max_points is the weight of the criterion: 0 or more.")));
}

/*
 * The checks of an SROI argument, read in place.  A fraction lies in
 * [0, 1].  The messages show the value as numeric_normalize writes it.
 */
static void
sroi_argument(FunctionCallInfo fcinfo, int argno, const char *name,
			  bool fraction, SroiDecimal *dec)
{
	sroi_read_decimal((Numeric) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno)),
					  dec);
	if (dec->special)
		check_finite(name, PG_GETARG_NUMERIC(argno));
	if (fraction && (dec->negative || dec->cmp_one > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is out of range", name,
						num_str(PG_GETARG_NUMERIC(argno))),
				 errdetail("%s is a fraction between 0 and 1.", name),
				 errhint("Write 20%% as 0.2.")));
}

/*
 * The present value in numeric arithmetic: one exact numerator over
 * (1+rate)^(years-1), so that the only rounding is that single division
 * (none when rate is 0 or years is 1).  A factor of 0 is left out.
 * sroi_fixed.c reproduces this digit for digit; keep the two in step.
 */
static Numeric
sroi_numeric(Numeric quantity, Numeric proxy, Numeric deadweight,
			 Numeric attribution, Numeric displacement, Numeric dropoff,
			 int32 years, Numeric rate, const bool *zero)
{
	Numeric		one = num_one();
	Numeric		base;
	Numeric		keep;
	Numeric		grow;
	Numeric		numerator;
	Numeric		denominator;
	int			t;

	/* the first year's value; a factor of 0 leaves it as it is */
	base = num_mul(quantity, proxy);
	if (!zero[0])
		base = num_mul(base, num_sub(one, deadweight));
	if (!zero[1])
		base = num_mul(base, num_sub(one, attribution));
	if (!zero[2])
		base = num_mul(base, num_sub(one, displacement));
	if (years == 1 || (zero[3] && zero[4]))
		return num_trim(years == 1 ? base : num_mul(base, num(years)));

	/*
	 * numerator = sum_{k=0}^{years-1} keep^k grow^(years-1-k), by Horner's
	 * rule; denominator = grow^(years-1).
	 */
	keep = num_sub(one, dropoff);
	grow = num_add(one, rate);
	numerator = one;
	denominator = one;
	for (t = 1; t < years; t++)
	{
		/* N(t+1) = keep N(t) + grow^t */
		numerator = num_add(num_mul(numerator, keep), num_mul(denominator, grow));
		denominator = num_mul(denominator, grow);
	}

	if (num_cmp(denominator, one) == 0)
		return num_trim(num_mul(base, numerator));
	return num_trim(num_div(num_mul(base, numerator), denominator));
}

/*
 * 1 + the rate of year (1, 2, ...) of a schedule, as a numeric at the
 * schedule's scale (1.035, 1.0150): the display scales of the numeric path
 * follow from it (see sroi_fixed.c).  Made once per backend.
 */
static Numeric
schedule_grow_numeric(SroiSchedule schedule, int year)
{
	/* one slot per schedule and band: a band's rate is the same every year */
	static Numeric slots[SROI_GREEN_BOOK_HEALTH + 1][SROI_SCHEDULE_BANDS];
	uint64		grow = sroi_schedule_grow(schedule, year);
	int			band = sroi_schedule_band(year);

	if (slots[schedule][band] == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
		char		buf[32];
		int			scale = sroi_schedule_scale(schedule);
		uint64		unit = scale == 3 ? 1000 : 10000;

		snprintf(buf, sizeof(buf), "%d.%0*d", (int) (grow / unit), scale, (int) (grow % unit));
		slots[schedule][band] = num_from_text(buf);
		MemoryContextSwitchTo(old);
	}
	return slots[schedule][band];
}

/*
 * The present value under a schedule, in numeric arithmetic: N and D by
 * the recurrence of sroi_fixed.c, N(t+1) = N(t) g_t + k^t and D(t+1) =
 * D(t) g_t, so that year t is discounted by 1 / (g_1 ... g_t-1) exactly and
 * the only rounding is the single division.  base is the first year's
 * value, as sroi_numeric makes it; years >= 2.
 */
static Numeric
sroi_numeric_schedule(Numeric base, Numeric dropoff, int32 years, SroiSchedule schedule)
{
	Numeric		one = num_one();
	Numeric		keep = num_sub(one, dropoff);
	Numeric		kpow = one;
	Numeric		numerator = one;
	Numeric		denominator = one;
	int			t;

	for (t = 1; t < years; t++)
	{
		Numeric		grow = schedule_grow_numeric(schedule, t);

		kpow = num_mul(kpow, keep);
		numerator = num_add(num_mul(numerator, grow), kpow);
		denominator = num_mul(denominator, grow);
	}
	return num_trim(num_div(num_mul(base, numerator), denominator));
}

/* The discount schedule named by a text argument; 22023 if unknown */
static SroiSchedule
schedule_argument(text *name_text, bool with_flat)
{
	char	   *name = text_to_cstring(name_text);
	SroiSchedule schedule;

	if (!sroi_schedule_parse(name, &schedule))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount schedule \"%s\" is unknown", name),
				 errhint(with_flat ? "Use flat, green_book or green_book_health."
						 : "Use green_book or green_book_health.")));
	if (schedule == SROI_FLAT && !with_flat)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount schedule \"flat\" has no discount factors of its own"),
				 errdetail("The flat schedule discounts at a rate that is given with it."),
				 errhint("Use green_book or green_book_health, or compute 1 / (1 + rate) ^ year.")));
	return schedule;
}

/*
 * sroi_value(quantity, proxy, deadweight, attribution, displacement,
 *			  dropoff, years, discount_rate, discount_schedule)
 *
 * PV = sum over t = 1..years of
 *		q p (1-dw)(1-att)(1-disp) (1-dropoff)^(t-1) / (1+rate)^(t-1)
 *
 * or, with a Green Book schedule, each year t discounted by
 * 1 / ((1 + r(1)) ... (1 + r(t-1))) instead: a schedule sets every year's
 * rate, and discount_rate is then not used.  Version 1.1's eight-argument
 * declaration calls this too, without the schedule: flat.
 *
 * The usual inputs take the exact fixed-point path (sroi_fixed.c), which
 * gives sroi_numeric's result digit for digit at a fraction of its cost;
 * the rest take sroi_numeric.  The arguments are read without copying
 * them; the numeric path copies what it needs.
 */
Datum
sroi_value(PG_FUNCTION_ARGS)
{
	SroiDecimal quantity;
	SroiDecimal proxy;
	SroiDecimal factors[3];
	SroiDecimal dropoff;
	SroiDecimal rate;
	int32		years = PG_GETARG_INT32(6);
	SroiSchedule schedule = SROI_FLAT;
	Numeric		result;
	bool		zero[5];

	sroi_argument(fcinfo, 0, "quantity", false, &quantity);
	sroi_argument(fcinfo, 1, "proxy", false, &proxy);
	sroi_argument(fcinfo, 2, "deadweight", true, &factors[0]);
	sroi_argument(fcinfo, 3, "attribution", true, &factors[1]);
	sroi_argument(fcinfo, 4, "displacement", true, &factors[2]);
	sroi_argument(fcinfo, 5, "dropoff", true, &dropoff);
	sroi_argument(fcinfo, 7, "discount_rate", true, &rate);
	if (years < 1 || years > SROI_MAX_YEARS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("years %d is out of range", years),
				 errdetail("An SROI value lasts from 1 to %d years.", SROI_MAX_YEARS)));
	/* a schedule sets the rate of every year: discount_rate is then not used */
	if (PG_NARGS() > 8)
		schedule = schedule_argument(PG_GETARG_TEXT_PP(8), true);

	result = sroi_fixed_value(&quantity, &proxy, factors, 3, &dropoff, years,
							  &rate, schedule);
	if (result != NULL)
		PG_RETURN_NUMERIC(result);

	if (schedule != SROI_FLAT && years > 1)
	{
		Numeric		base = num_mul(PG_GETARG_NUMERIC(0), PG_GETARG_NUMERIC(1));
		int			i;

		/* the first year's value as sroi_numeric makes it */
		for (i = 0; i < 3; i++)
			if (!factors[i].zero)
				base = num_mul(base, num_sub(num_one(), PG_GETARG_NUMERIC(2 + i)));
		PG_RETURN_NUMERIC(sroi_numeric_schedule(base, PG_GETARG_NUMERIC(5), years, schedule));
	}

	zero[0] = factors[0].zero;
	zero[1] = factors[1].zero;
	zero[2] = factors[2].zero;
	zero[3] = dropoff.zero;
	zero[4] = rate.zero;
	PG_RETURN_NUMERIC(sroi_numeric(PG_GETARG_NUMERIC(0), PG_GETARG_NUMERIC(1),
								   PG_GETARG_NUMERIC(2), PG_GETARG_NUMERIC(3),
								   PG_GETARG_NUMERIC(4), PG_GETARG_NUMERIC(5),
								   years, PG_GETARG_NUMERIC(7), zero));
}

/*
 * discount_factor(year, schedule) = 1 / ((1 + r(1)) ... (1 + r(year))),
 * rounded half away from zero to DISCOUNT_FACTOR_SCALE decimals: the
 * product D is exact, and floor((2 10^s + D) / (2 D)) is taken with
 * numeric's exact truncating division, so the one rounding is of the exact
 * quotient.
 */
#define DISCOUNT_FACTOR_SCALE 20
#define DISCOUNT_FACTOR_TEN_S "1e20"
#define DISCOUNT_FACTOR_UNIT "1e-20"	/* dscale 20: the result's */

Datum
discount_factor(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);
	SroiSchedule schedule = schedule_argument(PG_GETARG_TEXT_PP(1), false);
	Numeric		product = num_one();
	Numeric		two = num(2);
	Numeric		quotient;
	int			y;

	if (year < 0 || year > SROI_SCHEDULE_MAX_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("year %d is out of range", year),
				 errdetail("Discount factors are given for years 0 to %d.", SROI_SCHEDULE_MAX_YEAR),
				 errhint("Year 0 is the present (factor 1); year t is discounted over t years.")));
	for (y = 1; y <= year; y++)
		product = num_mul(product, schedule_grow_numeric(schedule, y));

	/* floor((2 10^s + D) / (2 D)) = 10^s / D rounded half up, then / 10^s */
	quotient = DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc,
												   NumericGetDatum(num_add(num_mul(two, num_from_text(DISCOUNT_FACTOR_TEN_S)),
																		   product)),
												   NumericGetDatum(num_mul(two, product))));
	PG_RETURN_NUMERIC(num_mul(quotient, num_from_text(DISCOUNT_FACTOR_UNIT)));
}

/* price_score(price, lowest, max_points) = max_points * lowest / price */
Datum
price_score(PG_FUNCTION_ARGS)
{
	Numeric		price = PG_GETARG_NUMERIC(0);
	Numeric		lowest = PG_GETARG_NUMERIC(1);
	Numeric		max_points = PG_GETARG_NUMERIC(2);

	check_finite("price", price);
	check_finite("lowest", lowest);
	check_max_points(max_points);
	if (num_cmp(price, num(0)) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("price %s must be greater than zero", num_str(price)),
				 errhint("Relative price scoring is undefined for a zero or negative price; "
						 "score such bids with another method, such as svtoms.minmax_score.")));
	if (num_cmp(lowest, num(0)) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lowest price %s must be greater than zero", num_str(lowest)),
				 errhint("Relative price scoring is undefined for a zero or negative price; "
						 "score such bids with another method, such as svtoms.minmax_score.")));
	if (num_cmp(lowest, price) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lowest price %s is above the price %s", num_str(lowest), num_str(price)),
				 errhint("lowest is the lowest price among the bids being scored.")));

	PG_RETURN_NUMERIC(num_trim(num_div(num_mul(max_points, lowest), price)));
}

/*
 * relative_score(value, best, max_points) = max_points * value / best,
 * and 0 when value <= 0 or best <= 0.
 */
Datum
relative_score(PG_FUNCTION_ARGS)
{
	Numeric		value = PG_GETARG_NUMERIC(0);
	Numeric		best = PG_GETARG_NUMERIC(1);
	Numeric		max_points = PG_GETARG_NUMERIC(2);
	Numeric		zero = num(0);

	check_finite("value", value);
	check_finite("best", best);
	check_max_points(max_points);
	if (num_cmp(value, best) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value %s is above the best value %s", num_str(value), num_str(best)),
				 errhint("best is the largest value among those being scored.")));
	if (num_cmp(value, zero) <= 0 || num_cmp(best, zero) <= 0)
		PG_RETURN_NUMERIC(zero);
	PG_RETURN_NUMERIC(num_trim(num_div(num_mul(max_points, value), best)));
}

/*
 * signed_score(value, best, worst, max_points): the signed counterpart of
 * relative_score, so that a harm scores below nothing.  S = best when best
 * > 0, otherwise -worst (the largest harm); 0 when S = 0, otherwise
 * max_points * max(value / S, -1).
 */
Datum
signed_score(PG_FUNCTION_ARGS)
{
	Numeric		value = PG_GETARG_NUMERIC(0);
	Numeric		best = PG_GETARG_NUMERIC(1);
	Numeric		worst = PG_GETARG_NUMERIC(2);
	Numeric		max_points = PG_GETARG_NUMERIC(3);
	Numeric		zero = num(0);
	Numeric		minus_one = num(-1);
	Numeric		scale;
	Numeric		ratio;

	check_finite("value", value);
	check_finite("best", best);
	check_finite("worst", worst);
	check_max_points(max_points);
	if (num_cmp(worst, best) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("worst value %s is above the best value %s", num_str(worst), num_str(best)),
				 errhint("best and worst are the largest and the smallest of the values being scored.")));
	if (num_cmp(value, best) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value %s is above the best value %s", num_str(value), num_str(best)),
				 errhint("best is the largest value among those being scored.")));
	if (num_cmp(value, worst) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value %s is below the worst value %s", num_str(value), num_str(worst)),
				 errhint("worst is the smallest value among those being scored.")));
	scale = num_cmp(best, zero) > 0 ? best : num_sub(zero, worst);
	if (num_cmp(scale, zero) == 0)
		PG_RETURN_NUMERIC(zero);
	ratio = num_div(value, scale);
	if (num_cmp(ratio, minus_one) <= 0)
		PG_RETURN_NUMERIC(num_trim(num_sub(zero, max_points)));
	PG_RETURN_NUMERIC(num_trim(num_div(num_mul(max_points, value), scale)));
}

/* target_score(value, target, max_points) = max_points * min(max(value, 0) / target, 1) */
Datum
target_score(PG_FUNCTION_ARGS)
{
	Numeric		value = PG_GETARG_NUMERIC(0);
	Numeric		target = PG_GETARG_NUMERIC(1);
	Numeric		max_points = PG_GETARG_NUMERIC(2);
	Numeric		zero = num(0);

	check_finite("value", value);
	check_finite("target", target);
	check_max_points(max_points);
	if (num_cmp(target, zero) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target %s must be greater than zero", num_str(target)),
				 errhint("The target is the value that earns full points.")));
	if (num_cmp(value, zero) <= 0)
		PG_RETURN_NUMERIC(zero);
	if (num_cmp(value, target) >= 0)
		PG_RETURN_NUMERIC(num_trim(max_points));
	PG_RETURN_NUMERIC(num_trim(num_div(num_mul(max_points, value), target)));
}

/*
 * minmax_score(value, worst, best, max_points) =
 *		max_points * (value - worst) / (best - worst); max_points when
 * best = worst.  worst may lie above best (lower is better); value must
 * lie between them.
 */
Datum
minmax_score(PG_FUNCTION_ARGS)
{
	Numeric		value = PG_GETARG_NUMERIC(0);
	Numeric		worst = PG_GETARG_NUMERIC(1);
	Numeric		best = PG_GETARG_NUMERIC(2);
	Numeric		max_points = PG_GETARG_NUMERIC(3);
	bool		ascending;

	check_finite("value", value);
	check_finite("worst", worst);
	check_finite("best", best);
	check_max_points(max_points);
	ascending = num_cmp(worst, best) <= 0;
	if (ascending ? (num_cmp(value, worst) < 0 || num_cmp(value, best) > 0)
		: (num_cmp(value, best) < 0 || num_cmp(value, worst) > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value %s is outside the range from worst %s to best %s",
						num_str(value), num_str(worst), num_str(best)),
				 errhint("worst and best are the ends of the scale; clamp the value first if it may fall outside.")));
	if (num_cmp(worst, best) == 0)
		PG_RETURN_NUMERIC(num_trim(max_points));
	PG_RETURN_NUMERIC(num_trim(num_div(num_mul(max_points, num_sub(value, worst)),
									   num_sub(best, worst))));
}
