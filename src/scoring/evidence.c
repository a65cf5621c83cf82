/*
 * evidence.c
 *		The seed framework's evidence rule (its "Step 3"): which benefits
 *		can be measured robustly, which only through a proxy, and which are
 *		left out of a procurement framework.
 */
#include "postgres.h"

#include "svtoms.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(classify_evidence);

/* An answer 'Y', 'N' or '?', any case, surrounding spaces ignored */
static char
evidence_answer(const char *question, text *answer)
{
	char	   *s = text_to_cstring(answer);
	char	   *p = s;
	char	   *end;

	while (isspace((unsigned char) *p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char) end[-1]))
		end--;
	if (end - p == 1 && (*p == 'Y' || *p == 'y' || *p == 'N' || *p == 'n' || *p == '?'))
		return (char) toupper((unsigned char) *p);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid answer \"%s\" for %s", s, question),
			 errhint("Answer 'Y' (yes), 'N' (no) or '?' (not known).")));
	return '?';					/* keep compiler quiet */
}

/*
 * classify_evidence(proven, easily_evidenced, causal_research):
 * easily evidenced -> 'robust'; else research showing a causal link ->
 * 'proxy'; else 'not_measured'.  "proven" is validated but, as in the
 * seed, does not decide the class.
 */
Datum
classify_evidence(PG_FUNCTION_ARGS)
{
	char		proven pg_attribute_unused() = evidence_answer("proven", PG_GETARG_TEXT_PP(0));
	char		easily = evidence_answer("easily_evidenced", PG_GETARG_TEXT_PP(1));
	char		causal = evidence_answer("causal_research", PG_GETARG_TEXT_PP(2));

	if (easily == 'Y')
		PG_RETURN_TEXT_P(cstring_to_text("robust"));
	if (causal == 'Y')
		PG_RETURN_TEXT_P(cstring_to_text("proxy"));
	PG_RETURN_TEXT_P(cstring_to_text("not_measured"));
}
