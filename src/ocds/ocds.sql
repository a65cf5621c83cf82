--------------------------------------------------------------------------
-- Open Contracting Data Standard (OCDS): tenders, lots and bids in, the
-- bids extension's ranks and statuses out (the tables are in tables.sql).
-- Every statement here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

-- A JSON number, or a string that reads as one (publishers write both);
-- NULL for anything else.
CREATE OR REPLACE FUNCTION svtoms.ocds_number(v jsonb) RETURNS numeric
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE jsonb_typeof(v)
		   WHEN 'number' THEN (v #>> '{}')::numeric
		   WHEN 'string' THEN CASE WHEN v #>> '{}' ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$'
								   THEN btrim(v #>> '{}')::numeric END
		   END
$$;
COMMENT ON FUNCTION svtoms.ocds_number(jsonb) IS
	'a JSON number, or a string holding one, as numeric; NULL otherwise (used by svtoms.import_ocds)';

-- An OCDS date-time, or NULL when the text is not one.
CREATE OR REPLACE FUNCTION svtoms.ocds_timestamp(v jsonb) RETURNS timestamptz
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF jsonb_typeof(v) IS DISTINCT FROM 'string'
	   OR v #>> '{}' !~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)?\s*$' THEN
		RETURN NULL;
	END IF;
	RETURN (v #>> '{}')::timestamptz;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_timestamp(jsonb) IS
	'an OCDS date-time string as timestamptz; NULL when it is not one (used by svtoms.import_ocds)';

-- The problems of an OCDS value object ({amount, currency}) at a path.
CREATE OR REPLACE FUNCTION svtoms.ocds_value_problems(v jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s: a value must be an object with amount and currency, not %s', path, v)
	WHERE jsonb_typeof(v) NOT IN ('object', 'null')
	UNION ALL
	SELECT format('%s.amount: %s is not a number', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND jsonb_typeof(v -> 'amount') NOT IN ('null')
	  AND svtoms.ocds_number(v -> 'amount') IS NULL
	UNION ALL
	SELECT format('%s.amount: %s is negative', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND svtoms.ocds_number(v -> 'amount') < 0
	UNION ALL
	SELECT format('%s.amount: %s is too large (at most 30 digits before the point)', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND svtoms.ocds_number(v -> 'amount') >= 1e30
	UNION ALL
	SELECT format('%s.currency: %s is not a currency code', path, v -> 'currency')
	WHERE jsonb_typeof(v) = 'object' AND jsonb_typeof(v -> 'currency') NOT IN ('string', 'null')
$$;
COMMENT ON FUNCTION svtoms.ocds_value_problems(jsonb, text) IS
	'the problems of an OCDS value object (amount, currency), each naming its JSON path (used by svtoms.import_ocds)';

-- The problems of an award criteria breakdown (lot or lot group).
CREATE OR REPLACE FUNCTION svtoms.ocds_criteria_problems(ac jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s: award criteria must be an object, not %s', path, ac)
	WHERE jsonb_typeof(ac) NOT IN ('object', 'null')
	UNION ALL
	SELECT format('%s.criteria: must be an array, not %s', path, ac -> 'criteria')
	WHERE jsonb_typeof(ac) = 'object' AND jsonb_typeof(ac -> 'criteria') NOT IN ('array', 'null')
	UNION ALL
	SELECT p FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ac -> 'criteria') = 'array' THEN ac -> 'criteria' END)
		WITH ORDINALITY c (crit, i),
		LATERAL (
			SELECT format('%s.criteria[%s]: a criterion must be an object', path, i - 1)
			WHERE jsonb_typeof(crit) <> 'object'
			UNION ALL
			SELECT format('%s.criteria[%s].numbers: must be an array, not %s', path, i - 1, crit -> 'numbers')
			WHERE jsonb_typeof(crit) = 'object' AND jsonb_typeof(crit -> 'numbers') NOT IN ('array', 'null')
			UNION ALL
			SELECT format('%s.criteria[%s].numbers[%s]%s', path, i - 1, j - 1, msg)
			FROM jsonb_array_elements(CASE WHEN jsonb_typeof(crit -> 'numbers') = 'array' THEN crit -> 'numbers' END)
				WITH ORDINALITY n (num, j),
				LATERAL (
					SELECT ': a criterion number must be an object' AS msg WHERE jsonb_typeof(num) <> 'object'
					UNION ALL
					SELECT format('.number: %s is not a number', num -> 'number')
					WHERE jsonb_typeof(num) = 'object' AND jsonb_typeof(num -> 'number') NOT IN ('null')
					  AND svtoms.ocds_number(num -> 'number') IS NULL
					UNION ALL
					SELECT format('.number: %s is too large', num -> 'number')
					WHERE jsonb_typeof(num) = 'object' AND abs(svtoms.ocds_number(num -> 'number')) >= 1e30
					UNION ALL
					SELECT format('.weight: %s is not in the criterionWeight codelist', num -> 'weight')
					WHERE jsonb_typeof(num) = 'object' AND jsonb_typeof(num -> 'weight') <> 'null'
					  AND NOT coalesce(num ->> 'weight' IN ('percentageExact', 'percentageRangeMiddle', 'decimalExact',
															'decimalRangeMiddle', 'pointsExact', 'pointsRangeMiddle',
															'order'), false)) m) x (p)
$$;
COMMENT ON FUNCTION svtoms.ocds_criteria_problems(jsonb, text) IS
	'the problems of an OCDS award criteria breakdown, each naming its JSON path (used by svtoms.import_ocds)';

-- The problems of the lots a bid or an award names: relatedLots (lot ids,
-- or objects with an id, as some publishers write) and the publisher
-- variant relatedLot (one lot id, as ProZorro and Armenia publish).
CREATE OR REPLACE FUNCTION svtoms.ocds_lot_ref_problems(o jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s.relatedLots: must be an array, not %s', path, o -> 'relatedLots')
	WHERE jsonb_typeof(o -> 'relatedLots') NOT IN ('array', 'null')
	UNION ALL
	SELECT format('%s.relatedLots: each must be a lot id (or an object with one)', path)
	WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(o -> 'relatedLots') = 'array'
														  THEN o -> 'relatedLots' END) x
				  WHERE NOT (jsonb_typeof(x) IN ('string', 'number')
							 OR jsonb_typeof(x) = 'object' AND jsonb_typeof(x -> 'id') IN ('string', 'number')))
	UNION ALL
	SELECT format('%s.relatedLot: must be a lot id, not %s', path, o -> 'relatedLot')
	WHERE jsonb_typeof(o -> 'relatedLot') NOT IN ('string', 'number', 'null')
	  AND NOT (jsonb_typeof(o -> 'relatedLot') = 'object' AND jsonb_typeof(o #> '{relatedLot,id}') IN ('string', 'number'))
$$;
COMMENT ON FUNCTION svtoms.ocds_lot_ref_problems(jsonb, text) IS
	'the problems of the relatedLots and relatedLot of an OCDS bid or award, each naming its JSON path (used by svtoms.import_ocds)';

-- The lots a bid or an award names, from relatedLots and relatedLot: each
-- id once, trimmed, in the order published; empty when it names none.
CREATE OR REPLACE FUNCTION svtoms.ocds_lot_ids(o jsonb) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce(array_agg(l.id ORDER BY l.n), '{}')
	FROM (SELECT x.id, min(x.n) AS n
		  FROM (SELECT btrim(CASE jsonb_typeof(e) WHEN 'object' THEN e ->> 'id' ELSE e #>> '{}' END) AS id, i AS n
				FROM jsonb_array_elements(CASE WHEN jsonb_typeof(o -> 'relatedLots') = 'array'
											   THEN o -> 'relatedLots' END) WITH ORDINALITY a (e, i)
				UNION ALL
				SELECT btrim(CASE jsonb_typeof(o -> 'relatedLot') WHEN 'object' THEN o #>> '{relatedLot,id}'
							 ELSE o ->> 'relatedLot' END), 0
				WHERE jsonb_typeof(o) = 'object' AND jsonb_typeof(o -> 'relatedLot') <> 'null') x
		  WHERE x.id <> ''
		  GROUP BY x.id) l
$$;
COMMENT ON FUNCTION svtoms.ocds_lot_ids(jsonb) IS
	'the lot ids an OCDS bid or award names in relatedLots or relatedLot, each once (used by svtoms.import_ocds)';

-- The ids of the organizations in an OCDS list of organization references
-- (a bid's tenderers, an award's suppliers): each one's id, or the id of
-- its identifier when it has none; NULL for one with neither.
CREATE OR REPLACE FUNCTION svtoms.ocds_party_ids(parties jsonb) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT array_agg(coalesce(o ->> 'id', o #>> '{identifier,id}') ORDER BY i)
	FROM jsonb_array_elements(CASE WHEN jsonb_typeof(parties) = 'array' THEN parties END) WITH ORDINALITY x (o, i)
	WHERE jsonb_typeof(o) = 'object'
$$;
COMMENT ON FUNCTION svtoms.ocds_party_ids(jsonb) IS
	'the ids of the organizations an OCDS bid''s tenderers or award''s suppliers name (their id, else identifier.id; used by svtoms.import_ocds)';

-- The problems of one release, each naming its JSON path.
CREATE OR REPLACE FUNCTION svtoms.ocds_release_problems(r jsonb, path text) RETURNS SETOF text
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t jsonb := r -> 'tender';
	details jsonb := r #> '{bids,details}';
	e record;
	l record;
	a record;
	repeated text[];                 -- bid ids that occur more than once
BEGIN
	IF jsonb_typeof(r) IS DISTINCT FROM 'object' THEN
		RETURN NEXT format('%s: a release must be an object, not %s', path, coalesce(jsonb_typeof(r), 'missing'));
		RETURN;
	END IF;
	IF jsonb_typeof(r -> 'ocid') IS DISTINCT FROM 'string' OR btrim(r ->> 'ocid') = '' THEN
		RETURN NEXT format('%s.ocid: missing; every release names its contracting process', path);
	ELSIF r ->> 'ocid' !~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' THEN
		RETURN NEXT format('%s.ocid: %s has characters a tender id cannot have (letters, digits, . _ : / - only)',
						   path, r -> 'ocid');
	END IF;
	IF jsonb_typeof(r -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(r -> 'date') IS NULL THEN
		RETURN NEXT format('%s.date: %s is not a date-time', path, r -> 'date');
	END IF;

	IF jsonb_typeof(t) NOT IN ('object', 'null') THEN
		RETURN NEXT format('%s.tender: must be an object, not %s', path, t);
	ELSIF jsonb_typeof(t) = 'object' THEN
		RETURN QUERY SELECT svtoms.ocds_value_problems(t -> 'value', path || '.tender.value');
		IF jsonb_typeof(t -> 'title') NOT IN ('string', 'null') THEN
			RETURN NEXT format('%s.tender.title: must be text, not %s', path, t -> 'title');
		END IF;
		IF jsonb_typeof(t -> 'lots') NOT IN ('array', 'null') THEN
			RETURN NEXT format('%s.tender.lots: must be an array, not %s', path, t -> 'lots');
		ELSIF jsonb_typeof(t -> 'lots') = 'array' THEN
			FOR l IN SELECT x.lot, x.i - 1 AS i FROM jsonb_array_elements(t -> 'lots') WITH ORDINALITY x (lot, i) LOOP
				IF jsonb_typeof(l.lot) <> 'object' THEN
					RETURN NEXT format('%s.tender.lots[%s]: a lot must be an object', path, l.i);
					CONTINUE;
				END IF;
				IF coalesce(jsonb_typeof(l.lot -> 'id'), 'missing') NOT IN ('string', 'number') OR btrim(l.lot ->> 'id') = '' THEN
					RETURN NEXT format('%s.tender.lots[%s].id: missing; every lot needs an id', path, l.i);
				END IF;
				RETURN QUERY SELECT svtoms.ocds_value_problems(l.lot -> 'value', format('%s.tender.lots[%s].value', path, l.i));
				RETURN QUERY SELECT svtoms.ocds_criteria_problems(l.lot -> 'awardCriteria',
																   format('%s.tender.lots[%s].awardCriteria', path, l.i));
			END LOOP;
		END IF;
		IF jsonb_typeof(t -> 'lotGroups') = 'array' THEN
			RETURN QUERY SELECT svtoms.ocds_criteria_problems(g.grp -> 'awardCriteria',
															   format('%s.tender.lotGroups[%s].awardCriteria', path, g.i - 1))
				FROM jsonb_array_elements(t -> 'lotGroups') WITH ORDINALITY g (grp, i) WHERE jsonb_typeof(g.grp) = 'object';
		END IF;
	END IF;

	IF jsonb_typeof(r -> 'bids') NOT IN ('object', 'null') THEN
		RETURN NEXT format('%s.bids: must be an object with details, not %s', path, r -> 'bids');
	ELSIF jsonb_typeof(details) NOT IN ('array', 'null') THEN
		RETURN NEXT format('%s.bids.details: must be an array, not %s', path, details);
	ELSIF jsonb_typeof(details) = 'array' THEN
		SELECT array_agg(id) INTO repeated
		FROM (SELECT o ->> 'id' AS id FROM jsonb_array_elements(details) o
			  WHERE jsonb_typeof(o) = 'object' GROUP BY 1 HAVING count(*) > 1) d;
		FOR e IN SELECT x.b, x.i - 1 AS i, format('%s.bids.details[%s]', path, x.i - 1) AS p
				 FROM jsonb_array_elements(details) WITH ORDINALITY x (b, i) LOOP
			IF jsonb_typeof(e.b) <> 'object' THEN
				RETURN NEXT format('%s: a bid must be an object', e.p);
				CONTINUE;
			END IF;
			IF coalesce(jsonb_typeof(e.b -> 'id'), 'missing') NOT IN ('string', 'number') OR btrim(e.b ->> 'id') = '' THEN
				RETURN NEXT format('%s.id: missing; every bid needs an id', e.p);
			ELSIF e.b ->> 'id' = ANY (repeated) THEN
				RETURN NEXT format('%s.id: %s is the id of another bid of this release too', e.p, e.b -> 'id');
			END IF;
			RETURN QUERY SELECT svtoms.ocds_value_problems(e.b -> 'value', e.p || '.value');
			IF jsonb_typeof(e.b -> 'status') NOT IN ('string', 'null') THEN
				RETURN NEXT format('%s.status: must be text, not %s', e.p, e.b -> 'status');
			END IF;
			IF jsonb_typeof(e.b -> 'tenderers') NOT IN ('array', 'null') THEN
				RETURN NEXT format('%s.tenderers: must be an array, not %s', e.p, e.b -> 'tenderers');
			ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.b -> 'tenderers') = 'array'
																  THEN e.b -> 'tenderers' END) o
						  WHERE jsonb_typeof(o) <> 'object') THEN
				RETURN NEXT format('%s.tenderers: every tenderer must be an object (id, name)', e.p);
			END IF;
			RETURN QUERY SELECT svtoms.ocds_lot_ref_problems(e.b, e.p);
			IF jsonb_typeof(e.b -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(e.b -> 'date') IS NULL THEN
				RETURN NEXT format('%s.date: %s is not a date-time', e.p, e.b -> 'date');
			END IF;
		END LOOP;
	END IF;

	-- awards: what an unsuccessful one says about the bids
	IF jsonb_typeof(r -> 'awards') NOT IN ('array', 'null') THEN
		RETURN NEXT format('%s.awards: must be an array, not %s', path, r -> 'awards');
	ELSIF jsonb_typeof(r -> 'awards') = 'array' THEN
		FOR a IN SELECT x.aw, format('%s.awards[%s]', path, x.i - 1) AS p
				 FROM jsonb_array_elements(r -> 'awards') WITH ORDINALITY x (aw, i) LOOP
			IF jsonb_typeof(a.aw) <> 'object' THEN
				RETURN NEXT format('%s: an award must be an object', a.p);
				CONTINUE;
			END IF;
			IF jsonb_typeof(a.aw -> 'status') NOT IN ('string', 'null') THEN
				RETURN NEXT format('%s.status: must be text, not %s', a.p, a.aw -> 'status');
			END IF;
			IF jsonb_typeof(a.aw -> 'relatedBid') NOT IN ('string', 'number', 'null') THEN
				RETURN NEXT format('%s.relatedBid: must be a bid id, not %s', a.p, a.aw -> 'relatedBid');
			END IF;
			IF jsonb_typeof(a.aw -> 'relatedBids') NOT IN ('array', 'null')
			   OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.aw -> 'relatedBids') = 'array'
																THEN a.aw -> 'relatedBids' END) o
						  WHERE jsonb_typeof(o) NOT IN ('string', 'number')) THEN
				RETURN NEXT format('%s.relatedBids: must be an array of bid ids, not %s', a.p, a.aw -> 'relatedBids');
			END IF;
			IF jsonb_typeof(a.aw -> 'suppliers') NOT IN ('array', 'null')
			   OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.aw -> 'suppliers') = 'array'
																THEN a.aw -> 'suppliers' END) o
						  WHERE jsonb_typeof(o) <> 'object') THEN
				RETURN NEXT format('%s.suppliers: must be an array of organizations (id, name), not %s', a.p,
								   a.aw -> 'suppliers');
			END IF;
			RETURN QUERY SELECT svtoms.ocds_lot_ref_problems(a.aw, a.p);
		END LOOP;
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_release_problems(jsonb, text) IS
	'the problems of one OCDS release for svtoms.import_ocds, each naming its JSON path; none when it can be imported';

-- Tender weights from published award criteria: price and cost criteria
-- weigh price, a criterion named social value weighs social value, the
-- rest quality.  Percentages, decimals and points are scaled to 100.
CREATE OR REPLACE FUNCTION svtoms.ocds_weights(criteria jsonb, OUT price_weight numeric, OUT quality_weight numeric,
									OUT social_weight numeric)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	WITH w AS (
		SELECT CASE WHEN concat_ws(' ', c ->> 'name', c ->> 'description') ~* 'social[ -]?value' THEN 'social'
					WHEN c ->> 'type' IN ('price', 'cost') THEN 'price'
					ELSE 'quality' END AS kind,
			   svtoms.ocds_number(n -> 'number')
				 * CASE WHEN n ->> 'weight' LIKE 'decimal%' THEN 100 ELSE 1 END AS weight
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(criteria) = 'array' THEN criteria END) c,
			 jsonb_array_elements(CASE WHEN jsonb_typeof(c -> 'numbers') = 'array' THEN c -> 'numbers' END) n
		WHERE jsonb_typeof(c) = 'object' AND jsonb_typeof(n) = 'object'
		  AND n ->> 'weight' IN ('percentageExact', 'percentageRangeMiddle', 'decimalExact', 'decimalRangeMiddle',
								 'pointsExact', 'pointsRangeMiddle')
		  AND svtoms.ocds_number(n -> 'number') >= 0),
	s AS (
		SELECT round(100 * sum(weight) FILTER (WHERE kind = 'quality') / sum(weight), 6) AS q,
			   round(100 * sum(weight) FILTER (WHERE kind = 'social') / sum(weight), 6) AS s
		FROM w HAVING sum(weight) > 0)
	-- the price weight takes what rounding leaves, so the three add up to 100
	SELECT 100 - coalesce(q, 0) - coalesce(s, 0), coalesce(q, 0), coalesce(s, 0) FROM s
$$;
COMMENT ON FUNCTION svtoms.ocds_weights(jsonb) IS
	'price, quality and social weights (adding up to 100) from OCDS award criteria; NULLs when no criterion is weighted';

-- plpgsql_check warns that found_releases and skipped start from text
-- literals ('[]' read as jsonb once per call): harmless, and the function
-- is as released in 1.1, so its body is left alone until it next changes.
CREATE OR REPLACE FUNCTION svtoms.import_ocds(doc jsonb, framework_id text DEFAULT 'uk-social-value-model-2020',
								   value_set_id text DEFAULT NULL)
	RETURNS TABLE (ocid text, tender_id text, object text, id text, action text, note text)
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	records jsonb;
	found_releases jsonb := '[]';
	skipped jsonb := '[]';
	problems text[];
	rel record;
	r jsonb;
	t jsonb;
	tid text;
	existing svtoms.tender;
	link svtoms.ocds_tender;
	awarded boolean;
	rdate timestamptz;
	wp numeric;
	wq numeric;
	ws numeric;
	wfrom text;
	changes text[];
	lot record;
	b record;
	bid_key text;
	old_bid svtoms.bid;
	old_ob svtoms.ocds_bid;
BEGIN
	IF doc IS NULL THEN
		RAISE EXCEPTION 'OCDS data is NULL' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	-- 1. the releases in the document: a release, a release package, a
	--    record (its compiled release, or its embedded releases), a record
	--    package, or a bare array of releases; oldest first, so that the
	--    latest release of a process has the last word
	IF jsonb_typeof(doc) = 'object' AND (doc ? 'records'
	   OR doc ? 'ocid' AND (doc ? 'compiledRelease' OR jsonb_typeof(doc -> 'releases') = 'array')) THEN
		records := CASE WHEN doc ? 'records' THEN doc -> 'records' ELSE jsonb_build_array(doc) END;
		IF jsonb_typeof(records) <> 'array' THEN
			problems := problems || format('$.records: must be an array, not %s', jsonb_typeof(records));
		ELSE
			SELECT coalesce(jsonb_agg(jsonb_build_object('path', x.path, 'release', x.rel) ORDER BY x.n, x.d NULLS FIRST, x.j),
							'[]')
			INTO found_releases
			FROM (SELECT CASE WHEN doc ? 'records' THEN format('$.records[%s]', i - 1) ELSE '$' END
						 || CASE WHEN jsonb_typeof(rc -> 'compiledRelease') = 'object' THEN '.compiledRelease'
								 ELSE format('.releases[%s]', j - 1) END AS path,
						 coalesce(rc -> 'compiledRelease', e) AS rel, i AS n, j,
						 svtoms.ocds_timestamp(e -> 'date') AS d
				  FROM jsonb_array_elements(records) WITH ORDINALITY a (rc, i)
				  LEFT JOIN LATERAL jsonb_array_elements(
						CASE WHEN jsonb_typeof(rc -> 'compiledRelease') IS DISTINCT FROM 'object'
								  AND jsonb_typeof(rc -> 'releases') = 'array' THEN rc -> 'releases'
							 ELSE '[null]' END) WITH ORDINALITY b (e, j) ON true
				  WHERE jsonb_typeof(rc) = 'object'
					AND (jsonb_typeof(rc -> 'compiledRelease') = 'object' OR jsonb_typeof(rc -> 'releases') = 'array')
					-- a linked release (url, date, tag) carries no data to import
					AND NOT (jsonb_typeof(e) = 'object' AND e ? 'url' AND NOT e ? 'tender' AND NOT e ? 'bids')) x;
			SELECT coalesce(jsonb_agg(jsonb_build_object('ocid', rc ->> 'ocid', 'url', e ->> 'url')), '[]')
			INTO skipped
			FROM jsonb_array_elements(records) rc, jsonb_array_elements(rc -> 'releases') e
			WHERE jsonb_typeof(rc) = 'object' AND jsonb_typeof(rc -> 'releases') = 'array'
			  AND jsonb_typeof(rc -> 'compiledRelease') IS DISTINCT FROM 'object'
			  AND jsonb_typeof(e) = 'object' AND e ? 'url' AND NOT e ? 'tender' AND NOT e ? 'bids';
			problems := problems || ARRAY(
				SELECT format('$.records[%s]: a record must be an object with compiledRelease or releases', i - 1)
				FROM jsonb_array_elements(records) WITH ORDINALITY a (rc, i)
				WHERE jsonb_typeof(rc) <> 'object'
				   OR jsonb_typeof(rc -> 'compiledRelease') <> 'object' AND jsonb_typeof(rc -> 'releases') <> 'array'
				   OR NOT rc ? 'compiledRelease' AND NOT rc ? 'releases');
		END IF;
	ELSIF jsonb_typeof(doc) = 'object' AND doc ? 'releases' AND NOT doc ? 'tender' THEN
		IF jsonb_typeof(doc -> 'releases') <> 'array' THEN
			problems := problems || format('$.releases: must be an array, not %s', jsonb_typeof(doc -> 'releases'));
		ELSE
			SELECT coalesce(jsonb_agg(jsonb_build_object('path', format('$.releases[%s]', i - 1), 'release', e)
									  ORDER BY svtoms.ocds_timestamp(e -> 'date') NULLS FIRST, i), '[]')
			INTO found_releases FROM jsonb_array_elements(doc -> 'releases') WITH ORDINALITY a (e, i);
		END IF;
	ELSIF jsonb_typeof(doc) = 'array' THEN
		SELECT coalesce(jsonb_agg(jsonb_build_object('path', format('$[%s]', i - 1), 'release', e)
								  ORDER BY svtoms.ocds_timestamp(e -> 'date') NULLS FIRST, i), '[]')
		INTO found_releases FROM jsonb_array_elements(doc) WITH ORDINALITY a (e, i);
	ELSIF jsonb_typeof(doc) = 'object' AND doc ? 'ocid' THEN
		found_releases := jsonb_build_array(jsonb_build_object('path', '$', 'release', doc));
	ELSE
		problems := problems || format('$: %s is not an OCDS release, record, release package or record package',
									   CASE jsonb_typeof(doc) WHEN 'object' THEN 'an object without ocid, releases or records'
									   ELSE 'a JSON ' || jsonb_typeof(doc) END);
	END IF;

	-- 2. every problem of every release, before anything is written
	problems := problems || ARRAY(
		SELECT p FROM jsonb_array_elements(found_releases) x, svtoms.ocds_release_problems(x -> 'release', x ->> 'path') p);
	IF cardinality(problems) > 0 THEN
		RAISE EXCEPTION 'OCDS data has % problem(s); nothing was imported', cardinality(problems)
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = array_to_string(problems[1:50], E'\n')
						   || CASE WHEN cardinality(problems) > 50
								   THEN format(E'\n... and %s more', cardinality(problems) - 50) ELSE '' END,
				  HINT = 'svtoms.import_ocds takes OCDS 1.1 releases, records and their packages, with the bids and award criteria extensions.';
	END IF;
	IF found_releases = '[]' AND skipped = '[]' THEN
		RAISE EXCEPTION 'OCDS data holds no release' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = import_ocds.framework_id) THEN
		RAISE EXCEPTION 'framework "%" does not exist', import_ocds.framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Name the framework new tenders are evaluated under: svtoms.import_ocds(doc, framework_id => ...).';
	END IF;

	FOR rel IN SELECT x.value ->> 'ocid' AS ocid, x.value ->> 'url' AS url FROM jsonb_array_elements(skipped) x LOOP
		RETURN QUERY SELECT rel.ocid, NULL::text, 'release'::text, rel.url, 'skipped'::text,
			'a linked release: fetch it and import the releases themselves'::text;
	END LOOP;

	-- 3. each release in turn: its tender, lots and bids
	FOR rel IN SELECT x.ord, x.value -> 'release' AS release
			   FROM jsonb_array_elements(found_releases) WITH ORDINALITY x (value, ord) ORDER BY x.ord LOOP
		r := rel.release;
		t := CASE WHEN jsonb_typeof(r -> 'tender') = 'object' THEN r -> 'tender' ELSE '{}' END;
		rdate := svtoms.ocds_timestamp(r -> 'date');
		SELECT * INTO link FROM svtoms.ocds_tender o WHERE o.ocid = r ->> 'ocid';
		tid := coalesce(link.tender_id, r ->> 'ocid');
		IF link.release_date > rdate THEN
			RETURN QUERY SELECT r ->> 'ocid', tid, 'release'::text, r ->> 'id', 'skipped'::text,
				format('older (%s) than the release already imported (%s)',
					   to_char(rdate AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
					   to_char(link.release_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
			CONTINUE;
		END IF;
		SELECT * INTO existing FROM svtoms.tender x WHERE x.id = tid;
		IF link.tender_id IS NULL AND EXISTS (SELECT 1 FROM svtoms.ocds_tender o WHERE o.tender_id = tid) THEN
			RAISE EXCEPTION 'tender "%" already comes from another contracting process, %', tid,
				(SELECT o.ocid FROM svtoms.ocds_tender o WHERE o.tender_id = tid)
				USING ERRCODE = 'unique_violation',
					  HINT = 'A tender takes the releases of one ocid; give the other tender another id.';
		END IF;
		awarded := EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = tid);

		-- weights: published criteria (the same for every lot), or a
		-- price-only award criterion; otherwise the tender keeps its own
		wfrom := NULL;
		SELECT x.price_weight, x.quality_weight, x.social_weight INTO wp, wq, ws
		FROM (SELECT array_agg(DISTINCT g.value #> '{awardCriteria,criteria}') AS cs
			  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t -> 'lots') = 'array' THEN t -> 'lots' ELSE '[]' END
										|| CASE WHEN jsonb_typeof(t -> 'lotGroups') = 'array' THEN t -> 'lotGroups' ELSE '[]' END) g
			  WHERE jsonb_typeof(g.value #> '{awardCriteria,criteria}') = 'array') c,
			 svtoms.ocds_weights(c.cs[1]) x
		WHERE cardinality(c.cs) = 1;
		IF wp IS NOT NULL THEN
			wfrom := 'award criteria of the lots';
		ELSIF t ->> 'awardCriteria' IN ('lowestCost', 'priceOnly') THEN
			wp := 100;
			wq := 0;
			ws := 0;
			wfrom := format('tender.awardCriteria %s', t ->> 'awardCriteria');
		END IF;

		IF existing.id IS NULL THEN
			INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
									   price_weight, quality_weight, social_weight)
			VALUES (tid, import_ocds.framework_id, import_ocds.value_set_id, nullif(btrim(t ->> 'title'), ''),
					nullif(svtoms.ocds_number(t #> '{value,amount}'), 0),
					coalesce(wp, 100), coalesce(wq, 0), coalesce(ws, 0));
			RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'created'::text,
				coalesce('weights from ' || wfrom,
						 'no award criteria weights published: price_weight 100 until you set the weights');
		ELSE
			changes := ARRAY(
				SELECT c FROM (VALUES
					('title', existing.title IS DISTINCT FROM coalesce(nullif(btrim(t ->> 'title'), ''), existing.title)),
					('contract_value', t ? 'value' AND existing.contract_value
						IS DISTINCT FROM nullif(svtoms.ocds_number(t #> '{value,amount}'), 0)),
					('weights', wp IS NOT NULL
						AND (existing.price_weight, existing.quality_weight, existing.social_weight)
							IS DISTINCT FROM (wp, wq, ws))) v (c, changed)
				WHERE changed);
			IF cardinality(changes) = 0 THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'unchanged'::text, NULL::text;
			ELSIF awarded THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'kept'::text,
					format('the tender is awarded; its %s as published are not taken', array_to_string(changes, ', '));
			ELSE
				UPDATE svtoms.tender x
				SET title = coalesce(nullif(btrim(t ->> 'title'), ''), x.title),
					contract_value = CASE WHEN t ? 'value' THEN nullif(svtoms.ocds_number(t #> '{value,amount}'), 0)
										  ELSE x.contract_value END,
					price_weight = coalesce(wp, x.price_weight),
					quality_weight = coalesce(wq, x.quality_weight),
					social_weight = coalesce(ws, x.social_weight)
				WHERE x.id = tid;
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'updated'::text,
					array_to_string(changes, ', ');
			END IF;
		END IF;
		INSERT INTO svtoms.ocds_tender AS o (tender_id, ocid, release_id, release_date, status, currency,
											  award_criteria, weights_from)
		VALUES (tid, r ->> 'ocid', r ->> 'id', rdate, t ->> 'status', t #>> '{value,currency}', t ->> 'awardCriteria',
				coalesce(wfrom, 'not published'))
		ON CONFLICT ON CONSTRAINT ocds_tender_pkey DO UPDATE
		SET release_id = excluded.release_id, release_date = coalesce(excluded.release_date, o.release_date),
			status = coalesce(excluded.status, o.status), currency = coalesce(excluded.currency, o.currency),
			award_criteria = coalesce(excluded.award_criteria, o.award_criteria),
			weights_from = CASE WHEN wfrom IS NOT NULL AND NOT awarded THEN wfrom ELSE o.weights_from END
		WHERE (o.release_id, o.release_date, o.status, o.currency, o.award_criteria, o.weights_from)
			  IS DISTINCT FROM (excluded.release_id, coalesce(excluded.release_date, o.release_date),
								coalesce(excluded.status, o.status), coalesce(excluded.currency, o.currency),
								coalesce(excluded.award_criteria, o.award_criteria),
								CASE WHEN wfrom IS NOT NULL AND NOT awarded THEN wfrom ELSE o.weights_from END);

		-- lots
		FOR lot IN SELECT btrim(l ->> 'id') AS lot_id, nullif(btrim(l ->> 'title'), '') AS title, l ->> 'status' AS status,
						  svtoms.ocds_number(l #> '{value,amount}') AS amount, l #>> '{value,currency}' AS currency
				   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t -> 'lots') = 'array' THEN t -> 'lots' ELSE '[]' END) l LOOP
			INSERT INTO svtoms.lot AS x (tender_id, id, title, status, amount, currency)
			VALUES (tid, lot.lot_id, lot.title, lot.status, lot.amount, lot.currency)
			ON CONFLICT ON CONSTRAINT lot_pkey DO NOTHING;
			IF FOUND THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'lot'::text, lot.lot_id, 'created'::text, NULL::text;
			ELSE
				UPDATE svtoms.lot x SET title = lot.title, status = lot.status, amount = lot.amount, currency = lot.currency
				WHERE x.tender_id = tid AND x.id = lot.lot_id
				  AND (x.title, x.status, x.amount, x.currency) IS DISTINCT FROM (lot.title, lot.status, lot.amount, lot.currency);
				RETURN QUERY SELECT r ->> 'ocid', tid, 'lot'::text, lot.lot_id,
					CASE WHEN FOUND THEN 'updated' ELSE 'unchanged' END, NULL::text;
			END IF;
		END LOOP;

		-- bids: submitted ones are evaluated; invited, withdrawn and
		-- disqualified ones are not
		FOR b IN SELECT d ->> 'id' AS ocds_id, lower(d ->> 'status') AS status,
						svtoms.ocds_number(d #> '{value,amount}') AS price, d #>> '{value,currency}' AS currency,
						svtoms.ocds_timestamp(d -> 'date') AS submitted_at,
						coalesce(nullif((SELECT string_agg(btrim(coalesce(nullif(btrim(o ->> 'name'), ''), o ->> 'id')), ' + '
											   ORDER BY i)
										 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
																	  THEN d -> 'tenderers' END) WITH ORDINALITY x (o, i)), ''),
								 'bid ' || (d ->> 'id')) AS bidder,
						(SELECT array_agg(coalesce(o ->> 'id', o #>> '{identifier,id}') ORDER BY i)
						 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
													  THEN d -> 'tenderers' END) WITH ORDINALITY x (o, i)) AS tenderer_ids,
						(SELECT array_agg(CASE jsonb_typeof(o) WHEN 'object' THEN o ->> 'id' ELSE o #>> '{}' END ORDER BY i)
						 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'relatedLots') = 'array'
													  THEN d -> 'relatedLots' END) WITH ORDINALITY x (o, i)) AS related_lots
				 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r #> '{bids,details}') = 'array'
											  THEN r #> '{bids,details}' ELSE '[]' END) d LOOP
			SELECT * INTO old_ob FROM svtoms.ocds_bid o WHERE o.tender_id = tid AND o.ocds_id = b.ocds_id;
			-- the bid's svtoms id: the tender's, then the published id
			bid_key := coalesce(old_ob.bid_id,
								tid || '/' || CASE WHEN b.ocds_id ~ '^[A-Za-z0-9._:/-]+$' THEN b.ocds_id ELSE md5(b.ocds_id) END);
			SELECT * INTO old_bid FROM svtoms.bid x WHERE x.id = bid_key;
			IF old_bid.tender_id <> tid THEN
				RAISE EXCEPTION 'bid "%" of contracting process % is the id of a bid of tender "%"', bid_key,
					r ->> 'ocid', old_bid.tender_id
					USING ERRCODE = 'unique_violation',
						  HINT = 'Give the other bid another id; imported bids are named tender id/published bid id.';
			END IF;
			IF b.status IN ('invited', 'withdrawn', 'disqualified') THEN
				IF old_bid.id IS NULL THEN
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'skipped'::text,
						format('%s: not a bid to evaluate', b.status);
				ELSIF awarded OR EXISTS (SELECT 1 FROM svtoms.response x WHERE x.bid_id = bid_key) THEN
					UPDATE svtoms.ocds_bid o SET status = b.status WHERE o.bid_id = bid_key AND o.status IS DISTINCT FROM b.status;
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'kept'::text,
						format('now %s in the source, but %s; delete bid %L yourself if it should go', b.status,
							   CASE WHEN awarded THEN 'the tender is awarded' ELSE 'it has responses' END, bid_key);
				ELSE
					DELETE FROM svtoms.bid x WHERE x.id = bid_key;
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'removed'::text,
						format('%s in the source', b.status);
				END IF;
				CONTINUE;
			END IF;
			IF old_bid.id IS NULL THEN
				INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES (bid_key, tid, b.bidder, b.price);
				action := 'created';
			ELSIF (old_bid.bidder, old_bid.price) IS DISTINCT FROM (b.bidder, b.price) THEN
				IF awarded THEN
					action := 'kept';
				ELSE
					UPDATE svtoms.bid x SET bidder = b.bidder, price = b.price WHERE x.id = bid_key;
					action := 'updated';
				END IF;
			ELSE
				action := 'unchanged';
			END IF;
			INSERT INTO svtoms.ocds_bid AS o (bid_id, tender_id, ocds_id, status, currency, submitted_at, related_lots,
											  tenderer_ids)
			VALUES (bid_key, tid, b.ocds_id, b.status, b.currency, b.submitted_at, b.related_lots, b.tenderer_ids)
			ON CONFLICT ON CONSTRAINT ocds_bid_pkey DO UPDATE
			SET status = excluded.status, currency = excluded.currency, submitted_at = excluded.submitted_at,
				related_lots = excluded.related_lots, tenderer_ids = excluded.tenderer_ids
			WHERE (o.status, o.currency, o.submitted_at, o.related_lots, o.tenderer_ids)
				  IS DISTINCT FROM (excluded.status, excluded.currency, excluded.submitted_at, excluded.related_lots,
									excluded.tenderer_ids);
			IF FOUND AND action = 'unchanged' THEN
				action := 'updated';
			END IF;
			RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, action,
				CASE WHEN action = 'kept' THEN 'the tender is awarded; its price and bidder as published are not taken'
					 WHEN b.price IS NULL THEN 'no value published: the bid has no price'
					 WHEN b.related_lots IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(b.related_lots) u
																 WHERE NOT EXISTS (SELECT 1 FROM svtoms.lot x
																				   WHERE x.tender_id = tid AND x.id = u))
						 THEN 'relatedLots names a lot the tender does not list' END;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON FUNCTION svtoms.import_ocds(jsonb, text, text) IS
	'creates or updates tenders (by ocid), lots and bids from OCDS releases, records or packages; all or nothing, idempotent; one row per object';

-- The bids extension's bids object for a tender: each bid with its value,
-- status and rank as svtoms evaluated it (the award, once made), and the
-- statistics of the evaluation.
CREATE OR REPLACE FUNCTION svtoms.ocds_bids(tender_id text) RETURNS jsonb
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	result jsonb;
	tender_currency text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM svtoms.tender t WHERE t.id = ocds_bids.tender_id) THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT o.currency INTO tender_currency FROM svtoms.ocds_tender o WHERE o.tender_id = ocds_bids.tender_id;
	WITH e AS (
		SELECT e.bid_id, e.bidder, e.price, e.rank, e.status AS flags, ob.ocds_id, ob.status AS published_status,
			   coalesce(ob.currency, tender_currency) AS currency, ob.submitted_at, ob.related_lots, ob.tenderer_ids,
			   'disqualified' = ANY (e.status) AS disqualified
		FROM svtoms.evaluate(ocds_bids.tender_id) e
		LEFT JOIN svtoms.ocds_bid ob ON ob.bid_id = e.bid_id),
	details AS (
		SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
				   'id', coalesce(ocds_id, bid_id),
				   'date', to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
				   'status', CASE WHEN disqualified THEN 'disqualified' ELSE 'valid' END,
				   'tenderers', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
						'id', CASE WHEN cardinality(tenderer_ids) = 1 THEN tenderer_ids[1] END, 'name', bidder))),
				   'value', CASE WHEN price IS NOT NULL
								 THEN jsonb_strip_nulls(jsonb_build_object('amount', price, 'currency', currency)) END,
				   'hasRank', rank IS NOT NULL AND NOT disqualified,
				   'rank', CASE WHEN NOT disqualified THEN rank END,
				   'relatedLots', to_jsonb(related_lots)))
			   ORDER BY rank NULLS LAST, coalesce(ocds_id, bid_id)), '[]') AS d
		FROM e),
	stats AS (
		SELECT measure, value, currency, ord FROM (
			SELECT 'bids' AS measure, count(*)::numeric AS value, NULL::text AS currency, 1 AS ord FROM e
			UNION ALL SELECT 'validBids', count(*) FILTER (WHERE NOT disqualified), NULL, 2 FROM e
			UNION ALL SELECT 'disqualifiedBids', count(*) FILTER (WHERE disqualified), NULL, 3 FROM e
			UNION ALL SELECT 'bidders', count(DISTINCT bidder), NULL, 4 FROM e
			UNION ALL SELECT 'lowestValidBidValue', min(price) FILTER (WHERE NOT disqualified), min(currency), 5 FROM e
			UNION ALL SELECT 'highestValidBidValue', max(price) FILTER (WHERE NOT disqualified), min(currency), 6 FROM e) s
		WHERE value IS NOT NULL)
	SELECT jsonb_build_object(
			   'statistics', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
										   'id', n::text, 'measure', measure, 'value', value, 'currency', currency))
										   ORDER BY n)
									   FROM (SELECT stats.*, row_number() OVER (ORDER BY ord) AS n FROM stats) x), '[]'),
			   'details', (SELECT d FROM details))
	INTO result;
	RETURN result;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_bids(text) IS
	'the OCDS bids extension''s bids object of a tender: each bid''s value, status and rank as svtoms evaluated it, and statistics';

REVOKE EXECUTE ON FUNCTION svtoms.ocds_bids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.ocds_bids(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;
