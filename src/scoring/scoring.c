/*
 * scoring.c
 *		Valuation (SROI present value) and the scoring rules used to turn
 *		prices and social values into points.
 *
 * All arithmetic is numeric: a score is reproducible to the last digit on
 * any machine.  A result that divides keeps numeric's division precision
 * (at least 16 significant digits); trailing zeros are trimmed.
 */
#include "postgres.h"

#include "svtoms.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(sroi_value);
PG_FUNCTION_INFO_V1(price_score);
PG_FUNCTION_INFO_V1(relative_score);
PG_FUNCTION_INFO_V1(signed_score);
PG_FUNCTION_INFO_V1(target_score);
PG_FUNCTION_INFO_V1(minmax_score);

/* Longest appraisal period accepted, in years */
#define SROI_MAX_YEARS 100

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

static Numeric zero_numeric = NULL;
static Numeric one_numeric = NULL;

#define num_zero()	num_constant(&zero_numeric, 0)
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

/* An SROI factor: a fraction in [0, 1].  Returns whether it is 0. */
static bool
check_fraction(const char *name, Numeric value)
{
	int			sign;

	check_finite(name, value);
	sign = num_cmp(value, num_zero());
	if (sign < 0 || num_cmp(value, num_one()) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is out of range", name, num_str(value)),
				 errdetail("%s is a fraction between 0 and 1.", name),
				 errhint("Write 20%% as 0.2.")));
	return sign == 0;
}

/*
 * sroi_value(quantity, proxy, deadweight, attribution, displacement,
 *			  dropoff, years, discount_rate)
 *
 * PV = sum over t = 1..years of
 *		q p (1-dw)(1-att)(1-disp) (1-dropoff)^(t-1) / (1+rate)^(t-1)
 *
 * computed as one exact numerator over (1+rate)^(years-1), so the only
 * rounding is that single division (none when rate is 0 or years is 1).
 */
Datum
sroi_value(PG_FUNCTION_ARGS)
{
	Numeric		quantity = PG_GETARG_NUMERIC(0);
	Numeric		proxy = PG_GETARG_NUMERIC(1);
	Numeric		deadweight = PG_GETARG_NUMERIC(2);
	Numeric		attribution = PG_GETARG_NUMERIC(3);
	Numeric		displacement = PG_GETARG_NUMERIC(4);
	Numeric		dropoff = PG_GETARG_NUMERIC(5);
	int32		years = PG_GETARG_INT32(6);
	Numeric		rate = PG_GETARG_NUMERIC(7);
	Numeric		one = num_one();
	Numeric		base;
	Numeric		keep;
	Numeric		grow;
	Numeric		numerator;
	Numeric		denominator;
	bool		no_deadweight,
				no_attribution,
				no_displacement,
				no_dropoff,
				no_rate;
	int			t;

	check_finite("quantity", quantity);
	check_finite("proxy", proxy);
	no_deadweight = check_fraction("deadweight", deadweight);
	no_attribution = check_fraction("attribution", attribution);
	no_displacement = check_fraction("displacement", displacement);
	no_dropoff = check_fraction("dropoff", dropoff);
	no_rate = check_fraction("discount_rate", rate);
	if (years < 1 || years > SROI_MAX_YEARS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("years %d is out of range", years),
				 errdetail("An SROI value lasts from 1 to %d years.", SROI_MAX_YEARS)));

	/* the first year's value; a factor of 0 leaves it as it is */
	base = num_mul(quantity, proxy);
	if (!no_deadweight)
		base = num_mul(base, num_sub(one, deadweight));
	if (!no_attribution)
		base = num_mul(base, num_sub(one, attribution));
	if (!no_displacement)
		base = num_mul(base, num_sub(one, displacement));
	if (years == 1 || (no_dropoff && no_rate))
		PG_RETURN_NUMERIC(num_trim(years == 1 ? base : num_mul(base, num(years))));

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
		PG_RETURN_NUMERIC(num_trim(num_mul(base, numerator)));
	PG_RETURN_NUMERIC(num_trim(num_div(num_mul(base, numerator), denominator)));
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
