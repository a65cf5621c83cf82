-- pg_temp.try(query): run a statement; return 'no error', or its error as
-- "SQLSTATE: message" with its detail and hint, and any award date masked.
-- Included by the regression scripts in sql/ with \i test/include/try.sql.
CREATE FUNCTION pg_temp.try(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	state text; msg text; detail text; hint text;
BEGIN
	EXECUTE query;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
		detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
	RETURN state || ': ' || regexp_replace(msg, 'on \d{4}-\d\d-\d\d [0-9:]+ [A-Z0-9+-]+', 'on <date>')
		|| coalesce(E'\n  detail: ' || nullif(detail, ''), '')
		|| coalesce(E'\n  hint: ' || nullif(hint, ''), '');
END $$;
