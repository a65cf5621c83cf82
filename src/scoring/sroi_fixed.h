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
 * How the years after the first are discounted: at one flat rate, or by
 * one of HM Treasury's Green Book schedules, whose rate declines with the
 * year (sroi_schedule_grow).
 */
typedef enum SroiSchedule
{
	SROI_FLAT,
	SROI_GREEN_BOOK,
	SROI_GREEN_BOOK_HEALTH
} SroiSchedule;

/* Latest year svtoms.discount_factor accepts */
#define SROI_SCHEDULE_MAX_YEAR 1000

extern bool sroi_schedule_parse(const char *name, SroiSchedule *schedule);
extern int	sroi_schedule_scale(SroiSchedule schedule);
extern int	sroi_schedule_band(int year);
extern uint64 sroi_schedule_grow(SroiSchedule schedule, int year);

/* Bands of years of one rate in a schedule */
#define SROI_SCHEDULE_BANDS 6

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
 * With a schedule other than SROI_FLAT, rate is not read.
 */
extern Numeric sroi_fixed_value(const SroiDecimal *quantity,
								const SroiDecimal *proxy,
								const SroiDecimal *factors, int nfactors,
								const SroiDecimal *dropoff, int years,
								const SroiDecimal *rate,
								SroiSchedule schedule);

#endif							/* SROI_FIXED_H */
