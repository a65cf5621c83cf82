/*
 * rank_acceptability.c
 *		The draws of svtoms.rank_acceptability: each draw values every
 *		monetary measure with a range at a proxy value drawn uniformly from
 *		[low_value, high_value], scores the ranked bids of each competition
 *		again (rules 3, 5 and 7: exclusive groups, net for scoring, best and
 *		worst net, balance) and counts the rank each bid takes.
 *
 * The SQL wrapper (robustness.sql) gathers the evaluation's fixed parts
 * into arrays, so that a draw is arithmetic on doubles with no catalog or
 * executor work: 1,000 draws of a 10-bid, 30-measure tender take a few
 * milliseconds.  The generator is PostgreSQL's own (pg_prng, xoroshiro128**)
 * seeded from the caller's seed as setseed() seeds random(), so a seed gives
 * the same draws on every platform.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/pg_prng.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(rank_acceptability_draws);

/* the most draws one call makes (documented in docs/reference/robustness.md) */
#define MAX_DRAWS 1000000
/* the most ranked bids of one tender it takes */
#define MAX_BIDS 1000

/* A one-dimensional array argument without NULLs, as a C array. */
static void *
array_arg(FunctionCallInfo fcinfo, int argno, Oid elemtype, int *n)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	int			i;

	/* the SQL declaration fixes the element types */
	if (ARR_ELEMTYPE(a) != elemtype)
		elog(ERROR, "rank_acceptability_draws: argument %d has the wrong array type", argno + 1);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument %d of rank_acceptability_draws is not a one-dimensional array", argno + 1),
				 errhint("svtoms.rank_acceptability calls it; call that instead.")));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elemtype, typlen, typbyval, typalign, &elems, &nulls, &count);
	*n = count;
	if (elemtype == INT4OID)
	{
		int32	   *out = palloc0(sizeof(int32) * (count + 1));

		for (i = 0; i < count; i++)
			out[i] = nulls[i] ? 0 : DatumGetInt32(elems[i]);
		return out;
	}
	else
	{
		double	   *out = palloc0(sizeof(double) * (count + 1));

		/* a NULL double is NaN: a measure without a range */
		for (i = 0; i < count; i++)
			out[i] = nulls[i] ? get_float8_nan() : DatumGetFloat8(elems[i]);
		return out;
	}
}

/* An array argument that must have as many elements as the ones before it */
static void *
array_arg_of(FunctionCallInfo fcinfo, int argno, Oid elemtype, int expected, const char *what)
{
	int			n;
	void	   *out = array_arg(fcinfo, argno, elemtype, &n);

	if (n != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s arrays of rank_acceptability_draws differ in length (%d and %d)",
						what, expected, n),
				 errhint("svtoms.rank_acceptability calls it; call that instead.")));
	return out;
}

/*
 * rank_acceptability_draws(draws, seed, bid_comp, bid_fixed, bid_record,
 *		bid_themes, resp_bid, resp_measure, resp_theme, resp_group, resp_amount,
 *		resp_unit, meas_low, meas_high, params) returns bigint[]
 *
 * Bids are the ranked bids, numbered 1..B; bid_comp numbers their
 * competitions 1..C; bid_fixed holds price + quality + judged social points
 * (none of which a proxy value moves); bid_record the track-record factor
 * of benefit; bid_themes the number of themes in the bid's profile (k of
 * the balance).  Responses are those that could count (not excluded for
 * their evidence), ordered by bid, group and measure code: resp_group
 * numbers a bid's exclusive group (0: none), resp_amount is the evaluated
 * amount and resp_unit the amount at a proxy value of 1.  meas_low and
 * meas_high are each measure's range (NULL: none).  params: social weight,
 * 1 - judged share, balance weight, harm weight, 1 for floored scoring.
 * The result counts, for bid b and rank r, the draws at element
 * (b - 1) * B + r.
 */
Datum
rank_acceptability_draws(PG_FUNCTION_ARGS)
{
	int32		draws = PG_GETARG_INT32(0);
	double		seed = PG_GETARG_FLOAT8(1);
	int			nb,
				nr,
				nm;
	int32	   *bid_comp;
	double	   *bid_fixed,
			   *bid_record;
	int32	   *bid_themes;
	int32	   *resp_bid,
			   *resp_measure,
			   *resp_theme,
			   *resp_group;
	double	   *resp_amount,
			   *resp_unit,
			   *meas_low,
			   *meas_high,
			   *params;
	double		social_weight,
				measured_share,
				balance_weight,
				harm_weight;
	bool		floored;
	int			ncomp = 0,
				ngroup = 0,
				ntheme = 0;
	double	   *value,
			   *amount,
			   *benefit,
			   *harm,
			   *nfs,
			   *total,
			   *theme_net,
			   *best,
			   *worst;
	int		   *group_best;
	int64	   *counts;
	Datum	   *out;
	pg_prng_state state;
	int			d,
				i,
				j;

	if (draws < 1 || draws > MAX_DRAWS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("draws %d is outside 1 to %d", draws, MAX_DRAWS),
				 errhint("Ask for between 1 and %d draws; 1,000 give shares to within about 3 percentage points.",
						 MAX_DRAWS)));
	if (isnan(seed) || seed < -1.0 || seed > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("seed %g is outside [-1, 1]", seed),
				 errhint("Give a seed between -1 and 1, as for setseed().")));

	bid_comp = array_arg(fcinfo, 2, INT4OID, &nb);
	bid_fixed = array_arg_of(fcinfo, 3, FLOAT8OID, nb, "bid");
	bid_record = array_arg_of(fcinfo, 4, FLOAT8OID, nb, "bid");
	bid_themes = array_arg_of(fcinfo, 5, INT4OID, nb, "bid");
	resp_bid = array_arg(fcinfo, 6, INT4OID, &nr);
	resp_measure = array_arg_of(fcinfo, 7, INT4OID, nr, "response");
	resp_theme = array_arg_of(fcinfo, 8, INT4OID, nr, "response");
	resp_group = array_arg_of(fcinfo, 9, INT4OID, nr, "response");
	resp_amount = array_arg_of(fcinfo, 10, FLOAT8OID, nr, "response");
	resp_unit = array_arg_of(fcinfo, 11, FLOAT8OID, nr, "response");
	meas_low = array_arg(fcinfo, 12, FLOAT8OID, &nm);
	meas_high = array_arg_of(fcinfo, 13, FLOAT8OID, nm, "measure");
	params = array_arg_of(fcinfo, 14, FLOAT8OID, 5, "parameter");
	social_weight = params[0];
	measured_share = params[1];
	balance_weight = params[2];
	harm_weight = params[3];
	floored = params[4] != 0;

	/* a count per bid and rank: the result grows with the square of the bids */
	if (nb > MAX_BIDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%d ranked bids is more than rank acceptability takes (%d)", nb, MAX_BIDS),
				 errhint("Rank acceptability counts every bid at every rank; split the tender into lots.")));
	for (i = 0; i < nb; i++)
	{
		if (bid_comp[i] < 1 || bid_comp[i] > nb)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("competition %d of bid %d is outside 1 to %d", bid_comp[i], i + 1, nb),
					 errhint("svtoms.rank_acceptability calls rank_acceptability_draws; call that instead.")));
		ncomp = Max(ncomp, bid_comp[i]);
	}
	for (j = 0; j < nr; j++)
	{
		if (resp_bid[j] < 1 || resp_bid[j] > nb || resp_measure[j] < 1 || resp_measure[j] > nm ||
			resp_theme[j] < 1 || resp_group[j] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("response %d of rank_acceptability_draws names a bid, measure, theme or group out of range",
							j + 1),
					 errhint("svtoms.rank_acceptability calls it; call that instead.")));
		ngroup = Max(ngroup, resp_group[j]);
		ntheme = Max(ntheme, resp_theme[j]);
	}

	value = palloc(sizeof(double) * (nm + 1));
	amount = palloc(sizeof(double) * (nr + 1));
	benefit = palloc(sizeof(double) * nb);
	harm = palloc(sizeof(double) * nb);
	nfs = palloc(sizeof(double) * nb);
	total = palloc(sizeof(double) * nb);
	theme_net = palloc(sizeof(double) * ((Size) nb * ntheme + 1));
	best = palloc(sizeof(double) * (ncomp + 1));
	worst = palloc(sizeof(double) * (ncomp + 1));
	group_best = palloc(sizeof(int) * (ngroup + 1));
	counts = palloc0(sizeof(int64) * (Size) nb * nb);

	pg_prng_fseed(&state, seed);

	for (d = 0; d < draws; d++)
	{
		CHECK_FOR_INTERRUPTS();

		/* draw each ranged measure's proxy value, in measure order */
		for (i = 0; i < nm; i++)
			if (!isnan(meas_low[i]) && !isnan(meas_high[i]))
				value[i] = meas_low[i] + (meas_high[i] - meas_low[i]) * pg_prng_double(&state);
			else
				value[i] = get_float8_nan();

		for (j = 0; j < nr; j++)
		{
			double		v = value[resp_measure[j] - 1];

			amount[j] = isnan(v) ? resp_amount[j] : resp_unit[j] * v;
		}

		/* rule 3: the largest absolute amount of a group counts, the first in measure order on a tie */
		for (i = 0; i <= ngroup; i++)
			group_best[i] = -1;
		for (j = 0; j < nr; j++)
		{
			int			g = resp_group[j];

			if (g > 0 && (group_best[g] < 0 || fabs(amount[j]) > fabs(amount[group_best[g]])))
				group_best[g] = j;
		}

		for (i = 0; i < nb; i++)
			benefit[i] = harm[i] = 0;
		if (balance_weight > 0)
			memset(theme_net, 0, sizeof(double) * ((Size) nb * ntheme + 1));
		for (j = 0; j < nr; j++)
		{
			int			b = resp_bid[j] - 1;

			if (resp_group[j] > 0 && group_best[resp_group[j]] != j)
				continue;
			if (amount[j] > 0)
				benefit[b] += amount[j];
			else
				harm[b] -= amount[j];
			if (balance_weight > 0)
				theme_net[(Size) b * ntheme + resp_theme[j] - 1] += amount[j];
		}

		/* rule 7: net for scoring, and each competition's best and worst */
		for (i = 1; i <= ncomp; i++)
		{
			best[i] = -HUGE_VAL;
			worst[i] = HUGE_VAL;
		}
		for (i = 0; i < nb; i++)
		{
			nfs[i] = bid_record[i] * benefit[i] - harm_weight * harm[i];
			best[bid_comp[i]] = Max(best[bid_comp[i]], nfs[i]);
			worst[bid_comp[i]] = Min(worst[bid_comp[i]], nfs[i]);
		}
		for (i = 0; i < nb; i++)
		{
			double		hi = best[bid_comp[i]];
			double		lo = worst[bid_comp[i]];
			double		measured;

			if (floored)
				measured = (nfs[i] > 0 && hi > 0) ? social_weight * nfs[i] / hi : 0;
			else
			{
				double		s = hi > 0 ? hi : -lo;

				measured = s == 0 ? 0 : social_weight * Max(nfs[i] / s, -1.0);
			}
			if (measured > 0 && balance_weight > 0)
			{
				/* Pielou's evenness of the positive theme nets (svtoms.balance) */
				double		sum = 0,
							h = 0,
							bal;
				double	   *net = theme_net + (Size) i * ntheme;
				int			t;

				for (t = 0; t < ntheme; t++)
					sum += Max(net[t], 0);
				if (sum == 0)
					bal = 0;
				else if (bid_themes[i] <= 1)
					bal = 1;
				else
				{
					for (t = 0; t < ntheme; t++)
						if (net[t] > 0)
							h -= (net[t] / sum) * log(net[t] / sum);
					bal = h / log((double) bid_themes[i]);
				}
				measured *= 1 - balance_weight + balance_weight * bal;
			}
			total[i] = bid_fixed[i] + measured_share * measured;
		}

		/* rank() within the competition: 1 + the bids with a higher total */
		for (i = 0; i < nb; i++)
		{
			int			rank = 1;

			for (j = 0; j < nb; j++)
				if (bid_comp[j] == bid_comp[i] && total[j] > total[i])
					rank++;
			counts[(Size) i * nb + rank - 1]++;
		}
	}

	out = palloc(sizeof(Datum) * ((Size) nb * nb + 1));
	for (i = 0; i < nb * nb; i++)
		out[i] = Int64GetDatum(counts[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, nb * nb, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}
