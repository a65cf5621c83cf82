/*
 * sroi_fixed.h
 *		The exact fixed-point path of sroi_value (sroi_fixed.c).
 */
#ifndef SROI_FIXED_H
#define SROI_FIXED_H

#include "postgres.h"

#include "utils/numeric.h"

/* Longest appraisal period accepted, in years */
#define SROI_MAX_YEARS 100

/*
 * A numeric argument, read from its digits without copying it: enough to
 * check it, and, when "fits", its exact value as mantissa / 10^scale.
 */
typedef struct SroiDecimal
{
	bool		special;		/* NaN or an infinity: nothing below is set */
	bool		zero;
	bool		negative;		/* below zero */
	int			cmp_one;		/* |value| against 1: -1, 0 or 1 */
	bool		fits;			/* mantissa holds the exact value */
	uint64		mantissa;		/* |value| * 10^scale, below 10^16 */
	int			scale;			/* the numeric's display scale */
} SroiDecimal;

extern void sroi_read_decimal(Numeric num, SroiDecimal *dec);

/*
 * The present value, computed exactly as the numeric path computes it, or
 * NULL when the inputs fall outside the fixed-point path.  The factors are
 * deadweight, attribution and displacement; every input has been checked.
 */
extern Numeric sroi_fixed_value(const SroiDecimal *quantity,
								const SroiDecimal *proxy,
								const SroiDecimal *factors, int nfactors,
								const SroiDecimal *dropoff, int years,
								const SroiDecimal *rate);

#endif							/* SROI_FIXED_H */
