--------------------------------------------------------------------------
-- Price bases: rebasing an amount from one year's prices to another's
-- with a price index, loading a council's series, and the rebasing an
-- evaluation applies to a tender (svtoms.price_base).  Every statement
-- here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

-- amount x to_index / from_index, rounded half away from zero to
-- max(6, scale of amount) decimals: the 6 of an svtoms.sv amount, or more
-- when the amount has them, so that equal indices give the amount back.
-- Computed exactly: floor((2 |amount| to_index 10^s + from_index) /
-- (2 from_index)) with numeric's exact truncating division, times 10^-s.
CREATE OR REPLACE FUNCTION svtoms.rebase_by_index(amount numeric, from_index numeric, to_index numeric)
	RETURNS numeric
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	s integer;
BEGIN
	IF amount IN ('NaN', 'Infinity', '-Infinity') THEN
		RAISE EXCEPTION 'amount must be a finite number, not %', amount
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Rebase a money amount.';
	END IF;
	IF from_index <= 0 OR from_index IN ('NaN', 'Infinity') OR to_index <= 0 OR to_index IN ('NaN', 'Infinity') THEN
		RAISE EXCEPTION 'price index values % and % must be finite and greater than 0', from_index, to_index
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass the index values of the two years from svtoms.price_index.';
	END IF;
	s := greatest(6, scale(amount));
	RETURN sign(amount) * div(2 * abs(amount) * to_index * ('1e' || s)::numeric + from_index, 2 * from_index)
		   * ('1e-' || s)::numeric;
END
$$;
COMMENT ON FUNCTION svtoms.rebase_by_index(numeric, numeric, numeric) IS
	'amount x to_index / from_index, rounded half away from zero to max(6, scale of amount) decimals';

CREATE OR REPLACE FUNCTION svtoms.rebase(amount numeric, from_year integer, to_year integer,
										 series text DEFAULT 'uk-gdp-deflator')
	RETURNS numeric
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	from_index numeric;
	to_index numeric;
	missing text;
BEGIN
	IF NOT EXISTS (SELECT FROM svtoms.price_index_series s WHERE s.id = rebase.series) THEN
		RAISE EXCEPTION 'price index series % does not exist', quote_literal(series)
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Name a series of svtoms.price_index_series (uk-gdp-deflator is bundled), or load one with svtoms.import_price_index.';
	END IF;
	SELECT i.value INTO from_index FROM svtoms.price_index i WHERE i.series = rebase.series AND i.year = from_year;
	SELECT i.value INTO to_index FROM svtoms.price_index i WHERE i.series = rebase.series AND i.year = to_year;
	IF from_index IS NULL OR to_index IS NULL THEN
		missing := concat_ws(' and ', CASE WHEN from_index IS NULL THEN from_year::text END,
							 CASE WHEN to_index IS NULL AND to_year <> from_year THEN to_year::text END);
		RAISE EXCEPTION 'price index series % has no value for %', quote_literal(series), missing
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('The series covers %s.',
								  coalesce((SELECT min(i.year) || ' to ' || max(i.year) FROM svtoms.price_index i
											WHERE i.series = rebase.series), 'no year')),
				  HINT = 'Load a vintage of the series that covers both years (svtoms.import_price_index), or rebase between years it covers.';
	END IF;
	RETURN svtoms.rebase_by_index(amount, from_index, to_index);
END
$$;
COMMENT ON FUNCTION svtoms.rebase(numeric, integer, integer, text) IS
	'an amount in from_year''s prices expressed in to_year''s: amount x index(to_year) / index(from_year) of the series, to max(6, scale of amount) decimals';

-- The rebasing an evaluation of the tender applies to every proxy value:
-- from its value set's price base year to the tender's, with the index
-- values of the tender's series.  No row when the tender asks for none
-- (no price_base_year) or has no value set; an error when it cannot be
-- done, so that no value is left in the wrong year's prices.
CREATE OR REPLACE FUNCTION svtoms.price_base(tender_id text)
	RETURNS TABLE (series text, vintage text, from_year integer, to_year integer,
				   from_index numeric, to_index numeric)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t record;
	s record;
	missing text;
BEGIN
	SELECT x.id, x.price_base_year, x.price_index_series, x.value_set_id, v.price_base_year AS set_year
	INTO t
	FROM svtoms.tender x LEFT JOIN svtoms.value_set v ON v.id = x.value_set_id
	WHERE x.id = price_base.tender_id;
	IF NOT FOUND OR t.price_base_year IS NULL OR t.value_set_id IS NULL THEN
		RETURN;
	END IF;
	IF t.set_year IS NULL THEN
		RAISE EXCEPTION 'value set % records no price base year; tender % asks for % prices',
						quote_literal(t.value_set_id), quote_literal(t.id), t.price_base_year
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Set svtoms.value_set.price_base_year to the year of the set''s prices, or clear the tender''s price_base_year.';
	END IF;
	SELECT x.id, x.vintage INTO s FROM svtoms.price_index_series x WHERE x.id = t.price_index_series;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender % rebases with price index series %, which does not exist',
						quote_literal(t.id), quote_literal(t.price_index_series)
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Load the series with svtoms.import_price_index, or set the tender''s price_index_series to one of svtoms.price_index_series.';
	END IF;
	series := s.id;
	vintage := s.vintage;
	from_year := t.set_year;
	to_year := t.price_base_year;
	SELECT i.value INTO from_index FROM svtoms.price_index i WHERE i.series = s.id AND i.year = t.set_year;
	SELECT i.value INTO to_index FROM svtoms.price_index i WHERE i.series = s.id AND i.year = t.price_base_year;
	IF from_index IS NULL OR to_index IS NULL THEN
		missing := concat_ws(' and ', CASE WHEN from_index IS NULL THEN t.set_year::text END,
							 CASE WHEN to_index IS NULL AND t.price_base_year <> t.set_year
								  THEN t.price_base_year::text END);
		RAISE EXCEPTION 'tender % cannot be rebased: price index series % has no value for %',
						quote_literal(t.id), quote_literal(s.id), missing
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('Value set %s is in %s prices; the tender asks for %s prices.',
								  quote_literal(t.value_set_id), t.set_year, t.price_base_year),
				  HINT = 'Load a vintage of the series that covers both years (svtoms.import_price_index), or change the tender''s price_base_year.';
	END IF;
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION svtoms.price_base(text) IS
	'how an evaluation of the tender rebases proxy values: series, vintage, the value set''s and the tender''s price base years and their index values (no row: no rebasing)';

-- A council's series, loaded or replaced by a new vintage in one go:
-- every line is checked first, and nothing is loaded if one is wrong.
-- An award keeps the index values it used (award_inputs), so a new vintage
-- does not change an awarded tender.
CREATE OR REPLACE FUNCTION svtoms.import_price_index(
	series text,
	name text,
	vintage text,
	source text,
	licence text,
	csv text,
	reference_year integer DEFAULT NULL)
	RETURNS integer
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	header text[];
	problems text[];
	states text[];
	loaded integer;
BEGIN
	IF series IS NULL OR name IS NULL OR vintage IS NULL OR source IS NULL OR licence IS NULL OR csv IS NULL THEN
		RAISE EXCEPTION 'series, name, vintage, source, licence and csv of a price index cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Record which release of the series it is, where it comes from and its licence.';
	END IF;
	IF EXISTS (SELECT FROM svtoms.price_index_series s WHERE s.id = import_price_index.series AND s.bundled) THEN
		RAISE EXCEPTION 'price index series % is bundled with svtoms and cannot be replaced', quote_literal(series)
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Load the newer vintage under an id of your own, e.g. uk-gdp-deflator-2026-06, and name it in the tenders'' price_index_series.';
	END IF;
	SELECT c.fields INTO header FROM svtoms.csv_rows(csv) c ORDER BY c.line LIMIT 1;
	IF header IS NULL OR ARRAY(SELECT lower(btrim(h)) FROM unnest(header) h) <> ARRAY['year', 'value'] THEN
		RAISE EXCEPTION 'price index CSV header % is not year,value', coalesce(array_to_string(header, ','), '(empty)')
			USING ERRCODE = 'invalid_text_representation',
				  HINT = 'The first line is year,value; then one line per year, e.g. 2023,96.2507';
	END IF;

	CREATE TEMP TABLE IF NOT EXISTS svtoms_price_lines (line integer, year text, value text) ON COMMIT DROP;
	TRUNCATE svtoms_price_lines;
	INSERT INTO svtoms_price_lines
	SELECT c.line, c.fields[1], CASE WHEN cardinality(c.fields) = 2 THEN c.fields[2] END
	FROM svtoms.csv_rows(csv) c WHERE c.line > 1;

	WITH p AS (
		SELECT l.line, '22P04' AS state, format('line %s: %s fields, the header has 2', l.line, cardinality(c.fields)) AS problem
		FROM svtoms_price_lines l JOIN svtoms.csv_rows(csv) c ON c.line = l.line
		WHERE cardinality(c.fields) <> 2
		UNION ALL
		SELECT l.line, '22P02', format('line %s: year %s is not a whole number', l.line, quote_literal(l.year))
		FROM svtoms_price_lines l WHERE l.value IS NOT NULL AND coalesce(l.year, '') !~ '^\s*[0-9]{1,4}\s*$'
		UNION ALL
		SELECT l.line, '22P02', format('line %s: value %s is not a number', l.line, quote_literal(l.value))
		FROM svtoms_price_lines l
		WHERE l.value IS NOT NULL AND l.value !~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$'
		UNION ALL
		SELECT l.line, '22003', format('line %s: value %s is not greater than 0', l.line, btrim(l.value))
		FROM svtoms_price_lines l
		WHERE l.value ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$' AND l.value::numeric <= 0
		UNION ALL
		SELECT d.line, '23505', format('line %s: year %s repeats line %s', d.line, d.y, d.first_line)
		FROM (SELECT l.line, btrim(l.year)::integer AS y,
					 min(l.line) OVER (PARTITION BY btrim(l.year)::integer) AS first_line
			  FROM svtoms_price_lines l WHERE l.year ~ '^\s*[0-9]{1,4}\s*$') d
		WHERE d.line <> d.first_line
	)
	SELECT array_agg(p.problem ORDER BY p.line), array_agg(p.state ORDER BY p.line) INTO problems, states FROM p;
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION 'price index series % is not valid; nothing was loaded', quote_literal(series)
			USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
				  HINT = 'Correct the lines named and load the whole series again.';
	END IF;
	IF NOT EXISTS (SELECT FROM svtoms_price_lines) THEN
		RAISE EXCEPTION 'price index CSV has no values'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Below the header, give one line per year: year,value';
	END IF;
	IF reference_year IS NOT NULL AND NOT EXISTS (
		SELECT FROM svtoms_price_lines l WHERE btrim(l.year)::integer = reference_year) THEN
		RAISE EXCEPTION 'reference year % is not among the years loaded', reference_year
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'The reference year is the year whose index is 100; leave it NULL if the series does not say.';
	END IF;

	INSERT INTO svtoms.price_index_series AS s (id, name, vintage, reference_year, source, licence)
	VALUES (series, name, vintage, reference_year, source, licence)
	ON CONFLICT (id) DO UPDATE SET name = excluded.name, vintage = excluded.vintage,
		reference_year = excluded.reference_year, source = excluded.source, licence = excluded.licence;
	DELETE FROM svtoms.price_index i WHERE i.series = import_price_index.series;
	INSERT INTO svtoms.price_index (series, year, value)
	SELECT import_price_index.series, btrim(l.year)::integer, btrim(l.value)::numeric FROM svtoms_price_lines l;
	GET DIAGNOSTICS loaded = ROW_COUNT;
	RETURN loaded;
END
$$;
COMMENT ON FUNCTION svtoms.import_price_index(text, text, text, text, text, text, integer) IS
	'loads a price index series from CSV (year,value), or replaces a series of your own with a new vintage; nothing is loaded if a line is wrong';

-- Bundled series are reference data: only svtoms's own scripts write them
-- (svtoms.guard_bundled, frameworks/triggers.sql, as for bundled frameworks).
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.price_index_series
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('price index series', 'id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.price_index
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('price index series', 'series');
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.price_index_series
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.price_index
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
