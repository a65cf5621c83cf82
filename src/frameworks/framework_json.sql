--------------------------------------------------------------------------
-- Framework interchange as JSON: one document holds a framework, its
-- themes, outcomes and measures, its value sets and its longlist.  Every
-- statement here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.framework_json(framework_id text) RETURNS jsonb
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	doc jsonb;
BEGIN
	SELECT jsonb_build_object(
		'id', f.id, 'name', f.name, 'version', f.version, 'valuation', f.valuation,
		'currency', f.currency, 'source', f.source, 'licence', f.licence,
		'description', f.description,
		'themes', coalesce((
			SELECT jsonb_agg(jsonb_build_object(
				'code', t.code, 'name', t.name, 'weight', t.weight,
				'outcomes', coalesce((
					SELECT jsonb_agg(jsonb_build_object(
						'code', o.code, 'name', o.name,
						'measures', coalesce((
							SELECT jsonb_agg(jsonb_build_object(
								'code', m.code, 'name', m.name, 'unit', m.unit,
								'unit_kind', m.unit_kind, 'direction', m.direction,
								'evidence', m.evidence, 'exclusive_group', m.exclusive_group,
								'max_points', m.max_points) ORDER BY m.code)
							FROM svtoms.measure m
							WHERE m.framework_id = o.framework_id AND m.outcome_code = o.code), '[]'))
						ORDER BY o.code)
					FROM svtoms.outcome o
					WHERE o.framework_id = t.framework_id AND o.theme_code = t.code), '[]'))
				ORDER BY t.code)
			FROM svtoms.theme t WHERE t.framework_id = f.id), '[]'),
		'value_sets', coalesce((
			SELECT jsonb_agg(jsonb_build_object(
				'id', vs.id, 'name', vs.name, 'valid_from', vs.valid_from,
				'source', vs.source, 'licence', vs.licence,
				'values', coalesce((
					SELECT jsonb_agg(jsonb_build_object(
						'measure_code', mv.measure_code, 'proxy_value', mv.proxy_value,
						'deadweight', mv.deadweight, 'attribution', mv.attribution,
						'displacement', mv.displacement, 'dropoff', mv.dropoff,
						'years', mv.years) ORDER BY mv.measure_code)
					FROM svtoms.measure_value mv WHERE mv.value_set_id = vs.id), '[]'))
				-- given only when recorded, so that older documents read the same
				|| CASE WHEN vs.price_base_year IS NOT NULL
						THEN jsonb_build_object('price_base_year', vs.price_base_year) ELSE '{}' END
				ORDER BY vs.id)
			FROM svtoms.value_set vs WHERE vs.framework_id = f.id), '[]'),
		'longlist', coalesce((
			SELECT jsonb_agg(jsonb_build_object(
				'position', b.position, 'theme_code', b.theme_code, 'theme_label', b.theme_label,
				'benefit', b.benefit, 'true_of', b.true_of, 'proven', b.proven,
				'easily_evidenced', b.easily_evidenced, 'causal_research', b.causal_research)
				ORDER BY b.position)
			FROM svtoms.benefit_longlist b WHERE b.framework_id = f.id), '[]'))
	INTO doc
	FROM svtoms.framework f WHERE f.id = framework_json.framework_id;
	IF doc IS NULL THEN
		RAISE EXCEPTION 'framework "%" does not exist', framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.framework lists the frameworks loaded.';
	END IF;
	RETURN doc;
END
$$;
COMMENT ON FUNCTION svtoms.framework_json(text) IS
	'a framework with its themes, outcomes, measures, value sets and longlist as one JSON document';

-- The problems of a framework document, each with the path it is at and
-- the SQLSTATE it deserves.  Checks everything the tables' constraints
-- check, so that one error can list every problem.
CREATE OR REPLACE FUNCTION svtoms.framework_json_problems(doc jsonb)
	RETURNS TABLE (sqlstate text, problem text)
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	key_re constant text := '^[A-Za-z0-9][A-Za-z0-9._:-]*$';
	unit_kinds constant text[] := ARRAY['count', 'percent', 'ratio', 'boolean', 'money', 'hours',
										'days', 'weeks', 'fte', 'tonnes', 'score'];
	t record; o record; m record; vs record; v record; b record;
	tpath text; opath text; mpath text; vpath text;
	theme_codes text[] := '{}'::text[];
	outcome_codes text[] := '{}'::text[];
	measure_codes text[] := '{}'::text[];
	set_ids text[] := '{}'::text[];
	benefits text[] := '{}'::text[];
	codes text[];
	k text;
BEGIN
	IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
		RETURN QUERY SELECT '22023', 'the document must be a JSON object';
		RETURN;
	END IF;

	FOR k IN SELECT jsonb_object_keys(doc) LOOP
		IF NOT k = ANY (ARRAY['id', 'name', 'version', 'valuation', 'currency', 'source', 'licence',
							  'description', 'themes', 'value_sets', 'longlist']) THEN
			RETURN QUERY SELECT '22023', format('%s: unknown key', k);
		END IF;
	END LOOP;

	-- the framework
	IF jsonb_typeof(doc -> 'id') IS DISTINCT FROM 'string' OR doc ->> 'id' !~ key_re THEN
		RETURN QUERY SELECT '22023', format('id: %s is not a valid id (letters, digits and . _ : -)',
											coalesce((doc -> 'id')::text, 'missing'));
	ELSIF EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = doc ->> 'id') THEN
		RETURN QUERY SELECT '23505', format('id: framework %s already exists', quote_literal(doc ->> 'id'));
	END IF;
	IF jsonb_typeof(doc -> 'name') IS DISTINCT FROM 'string' OR btrim(doc ->> 'name') = '' THEN
		RETURN QUERY SELECT '22023', 'name: a non-empty string is required';
	ELSIF EXISTS (SELECT 1 FROM svtoms.framework f
				  WHERE f.name = doc ->> 'name' AND f.version = coalesce(doc ->> 'version', '1')) THEN
		RETURN QUERY SELECT '23505', format('name: a framework named %s, version %s, already exists',
											quote_literal(doc ->> 'name'), coalesce(doc ->> 'version', '1'));
	END IF;
	IF NOT coalesce(doc ->> 'valuation' IN ('monetary', 'points'), false) THEN
		RETURN QUERY SELECT '22023', format('valuation: %s is not monetary or points',
											coalesce((doc -> 'valuation')::text, 'missing'));
	END IF;
	IF doc ? 'currency' AND jsonb_typeof(doc -> 'currency') <> 'null'
	   AND coalesce(doc ->> 'currency' !~ '^[A-Z]{3}$', true) THEN
		RETURN QUERY SELECT '22023', format('currency: %s is not an ISO 4217 code such as GBP', doc -> 'currency');
	ELSIF doc ->> 'valuation' = 'monetary' AND jsonb_typeof(doc -> 'currency') = 'null' THEN
		RETURN QUERY SELECT '22023', 'currency: a monetary framework needs a currency';
	END IF;
	FOREACH k IN ARRAY ARRAY['version', 'source', 'licence', 'description'] LOOP
		IF doc ? k AND jsonb_typeof(doc -> k) NOT IN ('string', 'null') THEN
			RETURN QUERY SELECT '22023', format('%s: must be a string', k);
		END IF;
	END LOOP;

	-- themes, outcomes, measures
	IF jsonb_typeof(doc -> 'themes') IS DISTINCT FROM 'array' OR jsonb_array_length(doc -> 'themes') = 0 THEN
		RETURN QUERY SELECT '22023', 'themes: a non-empty array is required';
	ELSE
		FOR t IN SELECT e, i - 1 AS i FROM jsonb_array_elements(doc -> 'themes') WITH ORDINALITY x(e, i) LOOP
			tpath := format('themes[%s]', t.i);
			IF jsonb_typeof(t.e -> 'code') IS DISTINCT FROM 'string' OR btrim(t.e ->> 'code') = '' THEN
				RETURN QUERY SELECT '22023', tpath || '.code: a non-empty string is required';
			ELSIF t.e ->> 'code' = ANY (theme_codes) THEN
				RETURN QUERY SELECT '23505', format('%s.code: theme %s appears twice', tpath, quote_literal(t.e ->> 'code'));
			ELSE
				theme_codes := theme_codes || (t.e ->> 'code');
			END IF;
			IF jsonb_typeof(t.e -> 'name') IS DISTINCT FROM 'string' THEN
				RETURN QUERY SELECT '22023', tpath || '.name: a string is required';
			END IF;
			IF t.e ? 'weight' AND (jsonb_typeof(t.e -> 'weight') IS DISTINCT FROM 'number'
								   OR (t.e ->> 'weight')::numeric < 0) THEN
				RETURN QUERY SELECT '22023', format('%s.weight: %s is not a number >= 0', tpath, t.e -> 'weight');
			END IF;
			IF t.e ? 'outcomes' AND jsonb_typeof(t.e -> 'outcomes') <> 'array' THEN
				RETURN QUERY SELECT '22023', tpath || '.outcomes: must be an array';
				CONTINUE;
			END IF;
			FOR o IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(t.e -> 'outcomes', '[]')) WITH ORDINALITY x(e, i) LOOP
				opath := format('%s.outcomes[%s]', tpath, o.i);
				IF jsonb_typeof(o.e -> 'code') IS DISTINCT FROM 'string' OR btrim(o.e ->> 'code') = '' THEN
					RETURN QUERY SELECT '22023', opath || '.code: a non-empty string is required';
				ELSIF o.e ->> 'code' = ANY (outcome_codes) THEN
					RETURN QUERY SELECT '23505', format('%s.code: outcome %s appears twice', opath, quote_literal(o.e ->> 'code'));
				ELSE
					outcome_codes := outcome_codes || (o.e ->> 'code');
				END IF;
				IF jsonb_typeof(o.e -> 'name') IS DISTINCT FROM 'string' THEN
					RETURN QUERY SELECT '22023', opath || '.name: a string is required';
				END IF;
				IF o.e ? 'measures' AND jsonb_typeof(o.e -> 'measures') <> 'array' THEN
					RETURN QUERY SELECT '22023', opath || '.measures: must be an array';
					CONTINUE;
				END IF;
				FOR m IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(o.e -> 'measures', '[]')) WITH ORDINALITY x(e, i) LOOP
					mpath := format('%s.measures[%s]', opath, m.i);
					IF jsonb_typeof(m.e -> 'code') IS DISTINCT FROM 'string' OR btrim(m.e ->> 'code') = '' THEN
						RETURN QUERY SELECT '22023', mpath || '.code: a non-empty string is required';
					ELSIF m.e ->> 'code' = ANY (measure_codes) THEN
						RETURN QUERY SELECT '23505', format('%s.code: measure %s appears twice', mpath, quote_literal(m.e ->> 'code'));
					ELSE
						measure_codes := measure_codes || (m.e ->> 'code');
					END IF;
					IF jsonb_typeof(m.e -> 'name') IS DISTINCT FROM 'string' THEN
						RETURN QUERY SELECT '22023', mpath || '.name: a string is required';
					END IF;
					IF m.e ? 'unit' AND jsonb_typeof(m.e -> 'unit') NOT IN ('string', 'null') THEN
						RETURN QUERY SELECT '22023', mpath || '.unit: must be a string';
					END IF;
					IF m.e ? 'unit_kind' AND NOT coalesce(m.e ->> 'unit_kind' = ANY (unit_kinds), false) THEN
						RETURN QUERY SELECT '22023', format('%s.unit_kind: %s is not one of %s', mpath,
															m.e -> 'unit_kind', array_to_string(unit_kinds, ', '));
					END IF;
					IF m.e ? 'direction' AND NOT coalesce(m.e ->> 'direction' IN ('higher_better', 'lower_better'), false) THEN
						RETURN QUERY SELECT '22023', format('%s.direction: %s is not higher_better or lower_better',
															mpath, m.e -> 'direction');
					END IF;
					IF m.e ? 'evidence' AND NOT coalesce(m.e ->> 'evidence' IN ('robust', 'proxy'), false) THEN
						RETURN QUERY SELECT '22023', format('%s.evidence: %s is not robust or proxy', mpath, m.e -> 'evidence');
					END IF;
					IF m.e ? 'exclusive_group' AND jsonb_typeof(m.e -> 'exclusive_group') <> 'null'
					   AND (jsonb_typeof(m.e -> 'exclusive_group') <> 'string' OR btrim(m.e ->> 'exclusive_group') = '') THEN
						RETURN QUERY SELECT '22023', mpath || '.exclusive_group: must be a non-empty string or null';
					END IF;
					IF m.e ? 'max_points' AND jsonb_typeof(m.e -> 'max_points') <> 'null'
					   AND (jsonb_typeof(m.e -> 'max_points') <> 'number' OR (m.e ->> 'max_points')::numeric < 0) THEN
						RETURN QUERY SELECT '22023', format('%s.max_points: %s is not a number >= 0', mpath, m.e -> 'max_points');
					END IF;
				END LOOP;
			END LOOP;
		END LOOP;
	END IF;

	-- value sets
	IF doc ? 'value_sets' AND jsonb_typeof(doc -> 'value_sets') <> 'array' THEN
		RETURN QUERY SELECT '22023', 'value_sets: must be an array';
	ELSE
		FOR vs IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(doc -> 'value_sets', '[]')) WITH ORDINALITY x(e, i) LOOP
			vpath := format('value_sets[%s]', vs.i);
			IF jsonb_typeof(vs.e -> 'id') IS DISTINCT FROM 'string' OR vs.e ->> 'id' !~ key_re THEN
				RETURN QUERY SELECT '22023', format('%s.id: %s is not a valid id', vpath, coalesce((vs.e -> 'id')::text, 'missing'));
			ELSIF vs.e ->> 'id' = ANY (set_ids) THEN
				RETURN QUERY SELECT '23505', format('%s.id: value set %s appears twice', vpath, quote_literal(vs.e ->> 'id'));
			ELSIF EXISTS (SELECT 1 FROM svtoms.value_set s WHERE s.id = vs.e ->> 'id') THEN
				RETURN QUERY SELECT '23505', format('%s.id: value set %s already exists', vpath, quote_literal(vs.e ->> 'id'));
			ELSE
				set_ids := set_ids || (vs.e ->> 'id');
			END IF;
			IF jsonb_typeof(vs.e -> 'name') IS DISTINCT FROM 'string' THEN
				RETURN QUERY SELECT '22023', vpath || '.name: a string is required';
			END IF;
			IF vs.e ? 'valid_from' THEN
				BEGIN
					IF jsonb_typeof(vs.e -> 'valid_from') IS DISTINCT FROM 'string'
					   OR vs.e ->> 'valid_from' !~ '^\d{4}-\d{2}-\d{2}$'
					   OR (vs.e ->> 'valid_from')::date IS NULL THEN
						RAISE invalid_datetime_format;
					END IF;
				EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
					RETURN QUERY SELECT '22023', format('%s.valid_from: %s is not a date (YYYY-MM-DD)',
														vpath, vs.e -> 'valid_from');
				END;
			END IF;
			IF coalesce(jsonb_typeof(vs.e -> 'price_base_year'), 'null') <> 'null'
			   AND NOT (jsonb_typeof(vs.e -> 'price_base_year') = 'number'
						AND CASE WHEN vs.e ->> 'price_base_year' ~ '^\d{1,4}$'
								 THEN (vs.e ->> 'price_base_year')::integer >= 1 ELSE false END) THEN
				RETURN QUERY SELECT '22023', format('%s.price_base_year: %s is not a year from 1 to 9999',
													vpath, vs.e -> 'price_base_year');
			END IF;
			IF jsonb_typeof(vs.e -> 'values') IS DISTINCT FROM 'array' THEN
				RETURN QUERY SELECT '22023', vpath || '.values: an array is required';
				CONTINUE;
			END IF;
			codes := '{}';
			FOR v IN SELECT e, i - 1 AS i FROM jsonb_array_elements(vs.e -> 'values') WITH ORDINALITY x(e, i) LOOP
				IF NOT coalesce(v.e ->> 'measure_code' = ANY (measure_codes), false) THEN
					RETURN QUERY SELECT '23503', format('%s.values[%s].measure_code: %s is not a measure of this framework',
														vpath, v.i, coalesce(v.e -> 'measure_code', 'null'));
				ELSIF v.e ->> 'measure_code' = ANY (codes) THEN
					RETURN QUERY SELECT '23505', format('%s.values[%s].measure_code: %s appears twice',
														vpath, v.i, v.e -> 'measure_code');
				ELSE
					codes := codes || (v.e ->> 'measure_code');
				END IF;
				IF jsonb_typeof(v.e -> 'proxy_value') IS DISTINCT FROM 'number' OR (v.e ->> 'proxy_value')::numeric < 0 THEN
					RETURN QUERY SELECT '22023', format('%s.values[%s].proxy_value: %s is not a number >= 0',
														vpath, v.i, coalesce(v.e -> 'proxy_value', 'null'));
				END IF;
				FOREACH k IN ARRAY ARRAY['deadweight', 'attribution', 'displacement', 'dropoff'] LOOP
					IF v.e ? k AND (jsonb_typeof(v.e -> k) IS DISTINCT FROM 'number'
									OR (v.e ->> k)::numeric NOT BETWEEN 0 AND 1) THEN
						RETURN QUERY SELECT '22023', format('%s.values[%s].%s: %s is not a fraction in [0, 1]',
															vpath, v.i, k, v.e -> k);
					END IF;
				END LOOP;
				IF v.e ? 'years' AND (jsonb_typeof(v.e -> 'years') IS DISTINCT FROM 'number'
									  OR v.e ->> 'years' !~ '^[0-9]+$'
									  OR (v.e ->> 'years')::numeric NOT BETWEEN 1 AND 100) THEN
					RETURN QUERY SELECT '22023', format('%s.values[%s].years: %s is not a whole number from 1 to 100',
														vpath, v.i, v.e -> 'years');
				END IF;
			END LOOP;
		END LOOP;
	END IF;

	-- longlist
	IF doc ? 'longlist' AND jsonb_typeof(doc -> 'longlist') <> 'array' THEN
		RETURN QUERY SELECT '22023', 'longlist: must be an array';
	ELSE
		codes := '{}';
		FOR b IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(doc -> 'longlist', '[]')) WITH ORDINALITY x(e, i) LOOP
			vpath := format('longlist[%s]', b.i);
			IF jsonb_typeof(b.e -> 'position') IS DISTINCT FROM 'number' OR b.e ->> 'position' !~ '^[0-9]+$'
			   OR (b.e ->> 'position')::numeric NOT BETWEEN 1 AND 2147483647 THEN
				RETURN QUERY SELECT '22023', format('%s.position: %s is not a whole number from 1', vpath,
													coalesce(b.e -> 'position', 'null'));
			ELSIF b.e ->> 'position' = ANY (codes) THEN
				RETURN QUERY SELECT '23505', format('%s.position: %s appears twice', vpath, b.e -> 'position');
			ELSE
				codes := codes || (b.e ->> 'position');
			END IF;
			IF NOT coalesce(b.e ->> 'theme_code' = ANY (theme_codes), false) THEN
				RETURN QUERY SELECT '23503', format('%s.theme_code: %s is not a theme of this framework', vpath,
													coalesce(b.e -> 'theme_code', 'null'));
			END IF;
			IF jsonb_typeof(b.e -> 'benefit') IS DISTINCT FROM 'string' THEN
				RETURN QUERY SELECT '22023', vpath || '.benefit: a string is required';
			ELSIF b.e ->> 'benefit' = ANY (benefits) THEN
				RETURN QUERY SELECT '23505', format('%s.benefit: %s appears twice', vpath, b.e -> 'benefit');
			ELSE
				benefits := benefits || (b.e ->> 'benefit');
			END IF;
			FOREACH k IN ARRAY ARRAY['proven', 'easily_evidenced', 'causal_research'] LOOP
				IF NOT coalesce(b.e ->> k IN ('Y', 'N', '?'), false) THEN
					RETURN QUERY SELECT '22023', format('%s.%s: %s is not Y, N or ?', vpath, k, coalesce(b.e -> k, 'null'));
				END IF;
			END LOOP;
		END LOOP;
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.framework_json_problems(jsonb) IS
	'every problem of a framework JSON document, with its path (used by svtoms.import_framework)';

CREATE OR REPLACE FUNCTION svtoms.import_framework(doc jsonb) RETURNS text
	LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	problems text[];
	states text[];
	fid text := doc ->> 'id';
BEGIN
	SELECT array_agg(p.problem), array_agg(p.sqlstate)
	INTO problems, states
	FROM svtoms.framework_json_problems(doc) p;
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION 'framework JSON has % problem(s); nothing was imported', cardinality(problems)
			USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
				  HINT = 'svtoms.framework_json(id) shows the expected shape.';
	END IF;

	INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description)
	VALUES (fid, doc ->> 'name', coalesce(doc ->> 'version', '1'), doc ->> 'valuation',
			CASE WHEN doc ? 'currency' THEN doc ->> 'currency' ELSE 'GBP' END,
			coalesce(doc ->> 'source', 'not recorded'), coalesce(doc ->> 'licence', 'not recorded'),
			doc ->> 'description');
	INSERT INTO svtoms.theme (framework_id, code, name, weight)
	SELECT fid, t ->> 'code', t ->> 'name', coalesce((t ->> 'weight')::numeric, 1)
	FROM jsonb_array_elements(doc -> 'themes') t;
	INSERT INTO svtoms.outcome (framework_id, code, theme_code, name)
	SELECT fid, o ->> 'code', t ->> 'code', o ->> 'name'
	FROM jsonb_array_elements(doc -> 'themes') t,
		 jsonb_array_elements(coalesce(t -> 'outcomes', '[]')) o;
	INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction,
							   evidence, exclusive_group, max_points)
	SELECT fid, m ->> 'code', o ->> 'code', m ->> 'name', m ->> 'unit',
		   coalesce(m ->> 'unit_kind', 'count'), coalesce(m ->> 'direction', 'higher_better'),
		   coalesce(m ->> 'evidence', 'robust'), m ->> 'exclusive_group', (m ->> 'max_points')::numeric
	FROM jsonb_array_elements(doc -> 'themes') t,
		 jsonb_array_elements(coalesce(t -> 'outcomes', '[]')) o,
		 jsonb_array_elements(coalesce(o -> 'measures', '[]')) m;
	INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence, price_base_year)
	SELECT vs ->> 'id', fid, vs ->> 'name', coalesce((vs ->> 'valid_from')::date, CURRENT_DATE),
		   coalesce(vs ->> 'source', 'not recorded'), coalesce(vs ->> 'licence', 'not recorded'),
		   (vs ->> 'price_base_year')::integer
	FROM jsonb_array_elements(coalesce(doc -> 'value_sets', '[]')) vs;
	INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight, attribution,
									 displacement, dropoff, years)
	SELECT vs ->> 'id', v ->> 'measure_code', (v ->> 'proxy_value')::numeric,
		   coalesce((v ->> 'deadweight')::numeric, 0), coalesce((v ->> 'attribution')::numeric, 0),
		   coalesce((v ->> 'displacement')::numeric, 0), coalesce((v ->> 'dropoff')::numeric, 0),
		   coalesce((v ->> 'years')::integer, 1)
	FROM jsonb_array_elements(coalesce(doc -> 'value_sets', '[]')) vs,
		 jsonb_array_elements(vs -> 'values') v;
	INSERT INTO svtoms.benefit_longlist (framework_id, position, theme_code, theme_label, benefit, true_of,
										proven, easily_evidenced, causal_research)
	SELECT fid, (b ->> 'position')::integer, b ->> 'theme_code', b ->> 'theme_label', b ->> 'benefit',
		   b ->> 'true_of', b ->> 'proven', b ->> 'easily_evidenced', b ->> 'causal_research'
	FROM jsonb_array_elements(coalesce(doc -> 'longlist', '[]')) b;
	RETURN fid;
END
$$;
COMMENT ON FUNCTION svtoms.import_framework(jsonb) IS
	'creates a framework (with its value sets and longlist) from svtoms.framework_json output; all or nothing, every problem reported';
