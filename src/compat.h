/*
 * compat.h
 *		Differences between the PostgreSQL majors svtoms builds against.
 */
#ifndef SVTOMS_COMPAT_H
#define SVTOMS_COMPAT_H

#include "postgres.h"

/*
 * PostgreSQL 16 lets input functions report "soft" errors to a caller that
 * asked for them (pg_input_is_valid, COPY ... ON_ERROR).  Before 16 every
 * input error is thrown.
 */
#if PG_VERSION_NUM < 160000
#define ereturn(context, dummy_value, ...) \
	do { \
		(void) (context); \
		ereport(ERROR, __VA_ARGS__); \
		return dummy_value; \
	} while (0)
#endif

#endif							/* SVTOMS_COMPAT_H */
