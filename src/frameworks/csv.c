/*
 * csv.c
 *		svtoms.csv_rows(text): split CSV text into numbered rows of fields,
 *		so that imports can validate every line and report all bad lines
 *		at once.
 *
 * The dialect is RFC 4180, as PostgreSQL's COPY ... CSV writes it: fields
 * separated by commas, optionally enclosed in double quotes, a doubled
 * quote inside quotes standing for one quote; a quoted field may span
 * lines.  Lines end in LF or CRLF.  Empty lines are skipped.  Unquoted
 * fields are taken as they are, spaces included.  A leading UTF-8 byte
 * order mark is skipped.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "svtoms.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(csv_rows);

/* Does a line end (LF or CRLF) start at p?  Returns its length, else 0. */
static int
line_end_at(const char *p, const char *end)
{
	if (p < end && *p == '\n')
		return 1;
	if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
		return 2;
	return 0;
}

/*
 * Read one field at *pp into field; advances *pp past it and counts the
 * line ends inside a quoted field in *line.
 */
static void
read_field(const char **pp, const char *end, StringInfo field, int *line)
{
	const char *p = *pp;

	resetStringInfo(field);
	if (p < end && *p == '"')
	{
		int			start_line = *line;

		p++;
		for (;;)
		{
			if (p >= end)
				ereport(ERROR,
						(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
						 errmsg("unterminated quoted field in CSV line %d", start_line),
						 errhint("Close the field with a double quote; write a quote inside it as \"\".")));
			if (*p == '"')
			{
				if (p + 1 < end && p[1] == '"')
				{
					appendStringInfoChar(field, '"');
					p += 2;
					continue;
				}
				p++;
				break;
			}
			if (*p == '\n')
				(*line)++;
			appendStringInfoChar(field, *p++);
		}
		if (p < end && *p != ',' && line_end_at(p, end) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("unexpected character after a quoted field in CSV line %d", *line),
					 errhint("A quoted field must be followed by a comma or the end of the line.")));
	}
	else
	{
		while (p < end && *p != ',' && line_end_at(p, end) == 0)
			appendStringInfoChar(field, *p++);
	}
	*pp = p;
}

Datum
csv_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	text	   *input = PG_GETARG_TEXT_PP(0);
	const char *p = VARDATA_ANY(input);
	const char *end = p + VARSIZE_ANY_EXHDR(input);
	StringInfoData field;
	int			line = 1;

	InitMaterializedSRF(fcinfo, 0);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	initStringInfo(&field);

	/* spreadsheets often start a UTF-8 CSV file with a byte order mark */
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;

	while (p < end)
	{
		ArrayBuildState *fields;
		int			row_line = line;
		int			eol;
		Datum		values[2];
		bool		nulls[2] = {false, false};

		/* empty lines are not rows */
		if ((eol = line_end_at(p, end)) > 0)
		{
			p += eol;
			line++;
			continue;
		}

		fields = initArrayResult(TEXTOID, CurrentMemoryContext, false);
		for (;;)
		{
			read_field(&p, end, &field, &line);
			accumArrayResult(fields, CStringGetTextDatum(field.data), false,
							 TEXTOID, CurrentMemoryContext);
			if (p < end && *p == ',')
			{
				p++;
				continue;
			}
			if ((eol = line_end_at(p, end)) > 0)
			{
				p += eol;
				line++;
			}
			break;
		}

		values[0] = Int32GetDatum(row_line);
		values[1] = makeArrayResult(fields, CurrentMemoryContext);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
