--------------------------------------------------------------------------
-- Value sets from CSV: the way a council loads the proxy values it holds
-- a licence for.  Columns (header required, any order, names as below):
--   measure_code, proxy_value        required
--   deadweight, attribution, displacement, dropoff (fractions, default 0),
--   years (1 to 100, default 1)      optional; an empty field is the default
--   low_value, high_value            optional, both or neither: the range of
--                                    the proxy value (rank acceptability)
-- Every line is checked; if any is bad, the error lists all of them and
-- nothing is loaded.
-- Every statement here can run again (the update scripts replay this file;
-- value_upload's columns of 1.2 are added by updates/1.1--1.2.sql).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.csv_rows(csv text) RETURNS TABLE (line integer, fields text[])
	AS 'MODULE_PATHNAME', 'csv_rows'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION svtoms.csv_rows(text) IS
	'splits CSV text (RFC 4180) into rows of fields, numbered by the line each row starts on';

-- Staging for psql's \copy: rows stay per user until an import takes them.
CREATE TABLE IF NOT EXISTS svtoms.value_upload (
	line bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	measure_code text,
	proxy_value text,
	deadweight text,
	attribution text,
	displacement text,
	dropoff text,
	years text,
	uploaded_by name NOT NULL DEFAULT current_user,
	low_value text,
	high_value text
);
COMMENT ON SEQUENCE svtoms.value_upload_line_seq IS 'numbers the uploaded rows in the order \copy read them';
COMMENT ON TABLE svtoms.value_upload IS
	'staging for \copy of a value set CSV; svtoms.import_value_set(..., csv => NULL) checks and takes your rows';

-- One value set row, as text, checked; returns the problems found.
CREATE OR REPLACE FUNCTION svtoms.value_row_problems(
	line integer, framework_id text, measure_code text, proxy_value text,
	deadweight text, attribution text, displacement text, dropoff text, years text)
	RETURNS TABLE (sqlstate text, problem text)
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	number_re constant text := '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$';
	factor record;
BEGIN
	IF coalesce(btrim(measure_code), '') = '' THEN
		RETURN QUERY SELECT '22P02', format('line %s: measure_code is empty', line);
	ELSIF NOT EXISTS (SELECT 1 FROM svtoms.measure m
					  WHERE m.framework_id = value_row_problems.framework_id
						AND m.code = btrim(value_row_problems.measure_code)) THEN
		RETURN QUERY SELECT '23503', format('line %s: unknown measure code %s (framework %s has no such measure)',
											line, quote_literal(measure_code), framework_id);
	END IF;

	IF coalesce(btrim(proxy_value), '') = '' THEN
		RETURN QUERY SELECT '22P02', format('line %s: proxy_value is empty', line);
	ELSIF proxy_value !~ number_re THEN
		RETURN QUERY SELECT '22P02', format('line %s: proxy_value %s is not a number', line, quote_literal(proxy_value));
	ELSIF proxy_value::numeric < 0 THEN
		RETURN QUERY SELECT '22003', format('line %s: proxy_value %s is negative', line, quote_literal(proxy_value));
	END IF;

	FOR factor IN SELECT * FROM (VALUES ('deadweight', deadweight), ('attribution', attribution),
									   ('displacement', displacement), ('dropoff', dropoff)) f(name, value)
	LOOP
		IF coalesce(btrim(factor.value), '') = '' THEN
			CONTINUE;
		ELSIF factor.value !~ number_re THEN
			RETURN QUERY SELECT '22P02', format('line %s: %s %s is not a number', line, factor.name,
												quote_literal(factor.value));
		ELSIF factor.value::numeric NOT BETWEEN 0 AND 1 THEN
			RETURN QUERY SELECT '22003', format('line %s: %s %s is outside [0, 1]', line, factor.name,
												quote_literal(factor.value));
		END IF;
	END LOOP;

	IF coalesce(btrim(years), '') = '' THEN
		NULL;
	ELSIF years !~ '^\s*[0-9]{1,9}\s*$' THEN
		RETURN QUERY SELECT '22P02', format('line %s: years %s is not a whole number', line, quote_literal(years));
	ELSIF years::integer NOT BETWEEN 1 AND 100 THEN
		RETURN QUERY SELECT '22003', format('line %s: years %s is outside 1 to 100', line, quote_literal(years));
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.value_row_problems(integer, text, text, text, text, text, text, text, text) IS
	'the problems of one value set line (used by svtoms.import_value_set)';

-- The range of a line's proxy value: both ends or neither, numbers, and
-- low_value <= proxy_value <= high_value (a proxy value that is itself
-- bad is value_row_problems' to report).
CREATE OR REPLACE FUNCTION svtoms.value_range_problems(
	line integer, proxy_value text, low_value text, high_value text)
	RETURNS TABLE (sqlstate text, problem text)
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	number_re constant text := '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$';
	low_given boolean := coalesce(btrim(low_value), '') <> '';
	high_given boolean := coalesce(btrim(high_value), '') <> '';
BEGIN
	IF NOT low_given AND NOT high_given THEN
		RETURN;
	ELSIF low_given <> high_given THEN
		RETURN QUERY SELECT '22P02', format('line %s: %s is given without %s', line,
											CASE WHEN low_given THEN 'low_value' ELSE 'high_value' END,
											CASE WHEN low_given THEN 'high_value' ELSE 'low_value' END);
		RETURN;
	END IF;
	IF low_value !~ number_re THEN
		RETURN QUERY SELECT '22P02', format('line %s: low_value %s is not a number', line, quote_literal(low_value));
	END IF;
	IF high_value !~ number_re THEN
		RETURN QUERY SELECT '22P02', format('line %s: high_value %s is not a number', line, quote_literal(high_value));
	END IF;
	IF low_value !~ number_re OR high_value !~ number_re OR coalesce(proxy_value, '') !~ number_re THEN
		RETURN;
	END IF;
	IF low_value::numeric < 0 OR low_value::numeric > proxy_value::numeric
	   OR high_value::numeric < proxy_value::numeric THEN
		RETURN QUERY SELECT '22003', format('line %s: range [%s, %s] does not hold proxy_value %s', line,
											btrim(low_value), btrim(high_value), btrim(proxy_value));
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.value_range_problems(integer, text, text, text) IS
	'the problems of the range (low_value, high_value) of one value set line (used by svtoms.import_value_set)';

CREATE OR REPLACE FUNCTION svtoms.import_value_set(
	id text,
	framework_id text,
	name text,
	valid_from date,
	source text,
	licence text,
	csv text DEFAULT NULL)
	RETURNS integer
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	known constant text[] := ARRAY['measure_code', 'proxy_value', 'deadweight', 'attribution',
								   'displacement', 'dropoff', 'years', 'low_value', 'high_value'];
	header text[];
	col integer[];				-- position of each known column in the header
	problems text[];
	states text[];
	r record;
	loaded integer;
BEGIN
	IF id IS NULL OR framework_id IS NULL OR name IS NULL OR valid_from IS NULL OR source IS NULL OR licence IS NULL THEN
		RAISE EXCEPTION 'id, framework_id, name, valid_from, source and licence of a value set cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Record where the values come from and the licence you hold them under.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = import_value_set.framework_id) THEN
		RAISE EXCEPTION 'framework "%" does not exist', framework_id
			USING ERRCODE = 'foreign_key_violation',
				  HINT = 'Load the framework first; SELECT id FROM svtoms.framework lists those loaded.';
	END IF;
	IF EXISTS (SELECT 1 FROM svtoms.value_set vs WHERE vs.id = import_value_set.id) THEN
		RAISE EXCEPTION 'value set "%" already exists', id
			USING ERRCODE = 'unique_violation',
				  HINT = 'A value set is kept as loaded, since evaluations refer to it: import the new values under a new id.';
	END IF;

	-- the lines as text, and the problems found, by line
	CREATE TEMP TABLE IF NOT EXISTS svtoms_value_lines (
		line integer, measure_code text, proxy_value text, deadweight text, attribution text,
		displacement text, dropoff text, years text, low_value text, high_value text) ON COMMIT DROP;
	CREATE TEMP TABLE IF NOT EXISTS svtoms_value_problems (
		line integer, sqlstate text, problem text,
		seq integer GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
	TRUNCATE svtoms_value_lines, svtoms_value_problems;

	IF csv IS NOT NULL THEN
		SELECT c.fields INTO header FROM svtoms.csv_rows(csv) c ORDER BY c.line LIMIT 1;
		IF header IS NULL THEN
			RAISE EXCEPTION 'value set CSV is empty'
				USING ERRCODE = 'invalid_text_representation',
					  HINT = 'The first line names the columns: measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years';
		END IF;
		header := ARRAY(SELECT lower(btrim(h)) FROM unnest(header) h);
		FOR i IN 1 .. cardinality(header) LOOP
			IF NOT header[i] = ANY (known) THEN
				INSERT INTO svtoms_value_problems (line, sqlstate, problem)
				VALUES (1, '22P02', format('line 1: unknown column %s', quote_literal(header[i])));
			ELSIF array_position(header, header[i]) <> i THEN
				INSERT INTO svtoms_value_problems (line, sqlstate, problem)
				VALUES (1, '22P02', format('line 1: column %s appears twice', quote_literal(header[i])));
			END IF;
		END LOOP;
		INSERT INTO svtoms_value_problems (line, sqlstate, problem)
		SELECT 1, '22P02', format('line 1: required column %s is missing', k)
		FROM unnest(known[1:2]) k WHERE NOT k = ANY (header);
		SELECT array_agg(p.problem ORDER BY p.seq), array_agg(p.sqlstate ORDER BY p.seq)
		INTO problems, states FROM svtoms_value_problems p;
		IF problems IS NOT NULL THEN
			RAISE EXCEPTION 'value set CSV header is not valid; nothing was loaded'
				USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
					  HINT = 'The first line names the columns: measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years';
		END IF;
		col := ARRAY(SELECT array_position(header, k) FROM unnest(known) k);

		FOR r IN SELECT c.line, c.fields FROM svtoms.csv_rows(csv) c ORDER BY c.line OFFSET 1 LOOP
			IF cardinality(r.fields) <> cardinality(header) THEN
				INSERT INTO svtoms_value_problems (line, sqlstate, problem)
				VALUES (r.line, '22P04', format('line %s: %s fields, the header has %s',
												r.line, cardinality(r.fields), cardinality(header)));
				CONTINUE;
			END IF;
			INSERT INTO svtoms_value_lines VALUES
				(r.line, r.fields[col[1]], r.fields[col[2]], r.fields[col[3]], r.fields[col[4]],
				 r.fields[col[5]], r.fields[col[6]], r.fields[col[7]], r.fields[col[8]], r.fields[col[9]]);
		END LOOP;
	ELSE
		-- \copy with HEADER: the first data row is line 2
		INSERT INTO svtoms_value_lines
		SELECT 1 + row_number() OVER (ORDER BY u.line), u.measure_code, u.proxy_value, u.deadweight,
			   u.attribution, u.displacement, u.dropoff, u.years, u.low_value, u.high_value
		FROM svtoms.value_upload u WHERE u.uploaded_by = current_user;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'you have no uploaded rows to import'
				USING ERRCODE = 'no_data_found',
					  HINT = 'Load the CSV first: \copy svtoms.value_upload (measure_code, proxy_value, deadweight, attribution, displacement, dropoff, years) FROM ''values.csv'' WITH (FORMAT csv, HEADER)';
		END IF;
	END IF;

	IF NOT EXISTS (SELECT 1 FROM svtoms_value_lines)
	   AND NOT EXISTS (SELECT 1 FROM svtoms_value_problems) THEN
		RAISE EXCEPTION 'value set CSV has no values'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Below the header, give one line per measure: measure_code,proxy_value,...';
	END IF;

	-- each line's own problems, then codes that repeat an earlier line
	INSERT INTO svtoms_value_problems (line, sqlstate, problem)
	SELECT l.line, p.sqlstate, p.problem
	FROM svtoms_value_lines l,
		 LATERAL svtoms.value_row_problems(l.line, import_value_set.framework_id, l.measure_code,
										   l.proxy_value, l.deadweight, l.attribution,
										   l.displacement, l.dropoff, l.years) p;
	INSERT INTO svtoms_value_problems (line, sqlstate, problem)
	SELECT l.line, p.sqlstate, p.problem
	FROM svtoms_value_lines l,
		 LATERAL svtoms.value_range_problems(l.line, l.proxy_value, l.low_value, l.high_value) p;
	INSERT INTO svtoms_value_problems (line, sqlstate, problem)
	SELECT d.line, '23505', format('line %s: measure code %s repeats line %s',
								   d.line, quote_literal(d.code), d.first_line)
	FROM (SELECT l.line, btrim(l.measure_code) AS code,
				 min(l.line) OVER (PARTITION BY btrim(l.measure_code)) AS first_line
		  FROM svtoms_value_lines l WHERE coalesce(btrim(l.measure_code), '') <> '') d
	WHERE d.line <> d.first_line;

	SELECT array_agg(p.problem ORDER BY p.line, p.seq), array_agg(p.sqlstate ORDER BY p.line, p.seq)
	INTO problems, states FROM svtoms_value_problems p;
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION 'value set CSV has % problem(s); nothing was loaded', cardinality(problems)
			USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
				  HINT = 'Fix the lines listed and import again.';
	END IF;

	INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence)
	VALUES (import_value_set.id, import_value_set.framework_id, import_value_set.name,
			import_value_set.valid_from, import_value_set.source, import_value_set.licence);
	INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight,
									 attribution, displacement, dropoff, years, low_value, high_value)
	SELECT import_value_set.id, btrim(l.measure_code), l.proxy_value::numeric,
		   coalesce(nullif(btrim(l.deadweight), '')::numeric, 0),
		   coalesce(nullif(btrim(l.attribution), '')::numeric, 0),
		   coalesce(nullif(btrim(l.displacement), '')::numeric, 0),
		   coalesce(nullif(btrim(l.dropoff), '')::numeric, 0),
		   coalesce(nullif(btrim(l.years), '')::integer, 1),
		   nullif(btrim(l.low_value), '')::numeric, nullif(btrim(l.high_value), '')::numeric
	FROM svtoms_value_lines l;
	GET DIAGNOSTICS loaded = ROW_COUNT;

	IF csv IS NULL THEN
		DELETE FROM svtoms.value_upload u WHERE u.uploaded_by = current_user;
	END IF;
	DROP TABLE svtoms_value_lines, svtoms_value_problems;
	RETURN loaded;
END
$$;
COMMENT ON FUNCTION svtoms.import_value_set(text, text, text, date, text, text, text) IS
	'creates a value set from CSV text (or, with csv NULL, from your rows in svtoms.value_upload); all or nothing, every bad line reported';
