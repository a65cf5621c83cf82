/*
 * numeric_view.h
 *		Reading a numeric's digits in place, for the exact fixed-point paths
 *		of the aggregates (account/) and of sroi_value (scoring/).
 *
 * The layout is numeric's on-disk format (utils/adt/numeric.c), which
 * PostgreSQL keeps stable across releases (pg_upgrade depends on it): a
 * 2-byte header (short form: sign, display scale and weight in it) or a
 * 4-byte one (long form: the weight in a second word), then base-10000
 * digits, most significant first.  A value may have a 1-byte varlena
 * header, so the digits may be unaligned: they are read with memcpy.
 */
#ifndef SVTOMS_NUMERIC_VIEW_H
#define SVTOMS_NUMERIC_VIEW_H

#include "utils/numeric.h"

#define NUMERIC_NBASE			10000

/* Header bits of a numeric (see utils/adt/numeric.c) */
#define NUMERIC_SIGN_MASK		0xC000
#define NUMERIC_POS				0x0000
#define NUMERIC_NEG				0x4000
#define NUMERIC_SHORT			0x8000
#define NUMERIC_SPECIAL			0xC000
#define NUMERIC_DSCALE_MASK		0x3FFF
#define NUMERIC_SHORT_SIGN_MASK 0x2000
#define NUMERIC_SHORT_DSCALE_MASK 0x1F80
#define NUMERIC_SHORT_DSCALE_SHIFT 7
#define NUMERIC_SHORT_DSCALE_MAX 63
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK 0x0040
#define NUMERIC_SHORT_WEIGHT_MASK 0x003F
#define NUMERIC_SHORT_WEIGHT_MAX 63
#define NUMERIC_SHORT_WEIGHT_MIN (-64)
#define NUMERIC_EXT_SIGN_MASK	0xF000
#define NUMERIC_NAN				0xC000

typedef int16 NumericDigit;

/* What a numeric's header says, decoded */
typedef struct NumericView
{
	bool		special;		/* NaN or an infinity: nothing below is set */
	bool		nan;
	bool		negative;
	int			weight;			/* base-10000 exponent of digits[0] */
	int			dscale;			/* display scale */
	int			ndigits;
	const char *digits;			/* unaligned if the varlena header is short */
} NumericView;

static inline void
numeric_view(Numeric num, NumericView *view)
{
	const char *data = VARDATA_ANY(num);
	uint16		header;
	int			hdrsz;

	memcpy(&header, data, sizeof(uint16));
	view->special = (header & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL;
	if (view->special)
	{
		view->nan = (header & NUMERIC_EXT_SIGN_MASK) == NUMERIC_NAN;
		return;
	}
	if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SHORT)
	{
		view->negative = (header & NUMERIC_SHORT_SIGN_MASK) != 0;
		view->dscale = (header & NUMERIC_SHORT_DSCALE_MASK) >>
			NUMERIC_SHORT_DSCALE_SHIFT;
		view->weight = (header & NUMERIC_SHORT_WEIGHT_MASK);
		if (header & NUMERIC_SHORT_WEIGHT_SIGN_MASK)
			view->weight |= ~NUMERIC_SHORT_WEIGHT_MASK;
		hdrsz = sizeof(uint16);
	}
	else
	{
		int16		weight;

		memcpy(&weight, data + sizeof(uint16), sizeof(int16));
		view->negative = (header & NUMERIC_SIGN_MASK) == NUMERIC_NEG;
		view->dscale = header & NUMERIC_DSCALE_MASK;
		view->weight = weight;
		hdrsz = sizeof(uint16) + sizeof(int16);
	}
	view->ndigits = (VARSIZE_ANY_EXHDR(num) - hdrsz) / sizeof(NumericDigit);
	view->digits = data + hdrsz;
}

/* Digit i of the view (0: the most significant), any i */
static inline int
numeric_view_at(const NumericView *view, int i)
{
	NumericDigit digit;

	if (i < 0 || i >= view->ndigits)
		return 0;
	memcpy(&digit, view->digits + i * sizeof(NumericDigit), sizeof(NumericDigit));
	return digit;
}

/* The digit of base-10000 weight w (0 where the numeric has none) */
static inline int
numeric_view_digit(const NumericView *view, int weight)
{
	return numeric_view_at(view, view->weight - weight);
}

#endif							/* SVTOMS_NUMERIC_VIEW_H */
