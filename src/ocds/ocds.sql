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
-- An array, not a set: the release check calls it for every bid.
CREATE OR REPLACE FUNCTION svtoms.ocds_lot_ref_problems(o jsonb, path text) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT ARRAY(
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
	  AND NOT (jsonb_typeof(o -> 'relatedLot') = 'object' AND jsonb_typeof(o #> '{relatedLot,id}') IN ('string', 'number')))
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
	repeated text[];                 -- bid ids that occur more than once
	lot_problems text[];
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
			lot_problems := svtoms.ocds_lot_ref_problems(e.b, e.p);
			IF cardinality(lot_problems) > 0 THEN
				RETURN QUERY SELECT unnest(lot_problems);
			END IF;
			IF jsonb_typeof(e.b -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(e.b -> 'date') IS NULL THEN
				RETURN NEXT format('%s.date: %s is not a date-time', e.p, e.b -> 'date');
			END IF;
		END LOOP;
	END IF;

	-- awards: what svtoms reads of them (their status, bids, suppliers and
	-- lots), in one statement, as a release may have many
	IF jsonb_typeof(r -> 'awards') NOT IN ('array', 'null') THEN
		RETURN NEXT format('%s.awards: must be an array, not %s', path, r -> 'awards');
	ELSIF jsonb_typeof(r -> 'awards') = 'array' THEN
		RETURN QUERY
		SELECT p.problem
		FROM jsonb_array_elements(r -> 'awards') WITH ORDINALITY x (aw, i),
			 LATERAL (SELECT format('%s.awards[%s]', path, x.i - 1) AS at) w,
			 LATERAL (
				SELECT format('%s: an award must be an object', w.at), 1
				WHERE jsonb_typeof(x.aw) <> 'object'
				UNION ALL
				SELECT format('%s.status: must be text, not %s', w.at, x.aw -> 'status'), 2
				WHERE jsonb_typeof(x.aw -> 'status') NOT IN ('string', 'null')
				UNION ALL
				SELECT format('%s.relatedBid: must be a bid id, not %s', w.at, x.aw -> 'relatedBid'), 3
				WHERE jsonb_typeof(x.aw -> 'relatedBid') NOT IN ('string', 'number', 'null')
				UNION ALL
				SELECT format('%s.relatedBids: must be an array of bid ids, not %s', w.at, x.aw -> 'relatedBids'), 4
				WHERE jsonb_typeof(x.aw -> 'relatedBids') NOT IN ('array', 'null')
				   OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.aw -> 'relatedBids') = 'array'
																	THEN x.aw -> 'relatedBids' END) o
							  WHERE jsonb_typeof(o) NOT IN ('string', 'number'))
				UNION ALL
				SELECT format('%s.suppliers: must be an array of organizations (id, name), not %s', w.at,
							  x.aw -> 'suppliers'), 5
				WHERE jsonb_typeof(x.aw -> 'suppliers') NOT IN ('array', 'null')
				   OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.aw -> 'suppliers') = 'array'
																	THEN x.aw -> 'suppliers' END) o
							  WHERE jsonb_typeof(o) <> 'object')
				UNION ALL
				SELECT u.problem, 6
				FROM unnest(CASE WHEN jsonb_typeof(x.aw) = 'object' THEN svtoms.ocds_lot_ref_problems(x.aw, w.at) END)
					 u (problem)) p (problem, k)
		ORDER BY x.i, p.k;
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

CREATE OR REPLACE FUNCTION svtoms.import_ocds(doc jsonb, framework_id text DEFAULT 'uk-social-value-model-2020',
								   value_set_id text DEFAULT NULL)
	RETURNS TABLE (ocid text, tender_id text, object text, id text, action text, note text)
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	records jsonb;
	found_releases jsonb := '[]'::jsonb;
	skipped jsonb := '[]'::jsonb;
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
	details jsonb;
	verdicts jsonb;
	verdict jsonb;
	award_notes jsonb[];
	aw record;
	notes text[];
	kept_note text;
	lot_key text;
	status_reason text;
	want_compliance text;
	want_reason text;
	want_bidder text;
	want_price numeric;
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

		-- what the awards say about the bids: an unsuccessful award rejects
		-- the bids it names (relatedBids, or relatedBid) or, naming none, its
		-- supplier's bid of each of its lots (of the tender, when it names no
		-- lot); an award in another known status clears the bids it names of
		-- an earlier unsuccessful award.  The bids are this release's and
		-- those imported before.
		details := CASE WHEN jsonb_typeof(r #> '{bids,details}') = 'array' THEN r #> '{bids,details}' ELSE '[]'::jsonb END;
		verdicts := '{}'::jsonb;
		award_notes := ARRAY(
			SELECT jsonb_build_object('id', coalesce(x.a ->> 'id', format('awards[%s]', x.i - 1)), 'i', x.i,
									  'note', format('status %s is not an award status svtoms knows (pending, active, cancelled, unsuccessful): the award is not used',
													 x.a -> 'status'))
			FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r -> 'awards') = 'array' THEN r -> 'awards' END)
				 WITH ORDINALITY x (a, i)
			WHERE lower(btrim(x.a ->> 'status')) NOT IN ('pending', 'active', 'cancelled', 'unsuccessful')
			ORDER BY x.i);
		FOR aw IN
			WITH bids AS (
				SELECT d ->> 'id' AS ocds_id, svtoms.ocds_party_ids(d -> 'tenderers') AS parties,
					   svtoms.ocds_lot_ids(d) AS lots
				FROM jsonb_array_elements(details) d
				WHERE coalesce(lower(btrim(d ->> 'status')), '') NOT IN ('invited', 'withdrawn')
				UNION ALL
				SELECT o.ocds_id, o.tenderer_ids, coalesce(o.related_lots, '{}')
				FROM svtoms.ocds_bid o
				WHERE o.tender_id = tid
				  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(details) d WHERE d ->> 'id' = o.ocds_id)),
			awards AS (
				SELECT coalesce(x.a ->> 'id', format('awards[%s]', x.i - 1)) AS award_id, x.i,
					   lower(btrim(x.a ->> 'status')) AS status,
					   ARRAY(SELECT DISTINCT y.n
							 FROM (SELECT e #>> '{}'
								   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.a -> 'relatedBids') = 'array'
																  THEN x.a -> 'relatedBids' END) e
								   UNION ALL
								   SELECT x.a ->> 'relatedBid'
								   WHERE jsonb_typeof(x.a -> 'relatedBid') IN ('string', 'number')) y (n)
							 WHERE y.n IS NOT NULL ORDER BY y.n) AS named,
					   ARRAY(SELECT DISTINCT u FROM unnest(svtoms.ocds_party_ids(x.a -> 'suppliers')) u
							 WHERE u IS NOT NULL ORDER BY u) AS suppliers,
					   svtoms.ocds_lot_ids(x.a) AS lots
				FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r -> 'awards') = 'array' THEN r -> 'awards' END)
					 WITH ORDINALITY x (a, i)
				WHERE lower(btrim(x.a ->> 'status')) IN ('pending', 'active', 'cancelled', 'unsuccessful')),
			-- each tenderer of each bid, to find a supplier's bids by equality
			tenderers AS (
				SELECT bb.ocds_id, p.party, bb.lots FROM bids bb, unnest(bb.parties) p (party) WHERE p.party IS NOT NULL),
			by_supplier AS (
				SELECT w.award_id, w.i, w.status, w.suppliers, l.lot_ref,
					   array_agg(DISTINCT tb.ocds_id ORDER BY tb.ocds_id) FILTER (WHERE tb.ocds_id IS NOT NULL) AS found
				FROM awards w
				CROSS JOIN LATERAL unnest(CASE WHEN cardinality(w.lots) = 0 THEN ARRAY[NULL::text] ELSE w.lots END) l (lot_ref)
				LEFT JOIN LATERAL unnest(w.suppliers) s (party) ON true
				LEFT JOIN tenderers tb ON tb.party = s.party AND (l.lot_ref IS NULL OR tb.lots = ARRAY[l.lot_ref])
				WHERE cardinality(w.named) = 0
				GROUP BY w.award_id, w.i, w.status, w.suppliers, l.lot_ref)
			SELECT w.award_id, w.i, w.status, n.bid AS ocds_id,
				   CASE WHEN NOT EXISTS (SELECT 1 FROM bids bb WHERE bb.ocds_id = n.bid)
						THEN format('bid %s, which it names, is not among the bids', n.bid) END AS problem
			FROM awards w, unnest(w.named) n (bid)
			UNION ALL
			SELECT s.award_id, s.i, s.status, CASE WHEN cardinality(s.found) = 1 THEN s.found[1] END,
				   CASE WHEN cardinality(s.suppliers) = 0
							THEN 'it names no bid (relatedBids) and no supplier with an id'
						WHEN s.found IS NULL
							THEN format('it names no bid, and no bid%s is from its %s %s', coalesce(' for lot ' || s.lot_ref, ''),
										CASE WHEN cardinality(s.suppliers) = 1 THEN 'supplier' ELSE 'suppliers' END,
										array_to_string(s.suppliers, ', '))
						WHEN cardinality(s.found) > 1
							THEN format('it names no bid, and %s bids%s are from its %s %s (%s): which one is not known',
										cardinality(s.found), coalesce(' for lot ' || s.lot_ref, ''),
										CASE WHEN cardinality(s.suppliers) = 1 THEN 'supplier' ELSE 'suppliers' END,
										array_to_string(s.suppliers, ', '), array_to_string(s.found, ', ')) END
			FROM by_supplier s
			ORDER BY 2, 4
		LOOP
			IF aw.problem IS NOT NULL THEN
				IF aw.status = 'unsuccessful' THEN
					award_notes := award_notes || jsonb_build_object('id', aw.award_id, 'i', aw.i,
																	 'note', 'unsuccessful, but ' || aw.problem);
				END IF;
				CONTINUE;
			END IF;
			verdict := coalesce(verdicts -> aw.ocds_id, '{"unsuccessful": []}'::jsonb);
			IF aw.status = 'unsuccessful' AND NOT (verdict -> 'unsuccessful') ? aw.award_id THEN
				verdict := jsonb_set(verdict, '{unsuccessful}', (verdict -> 'unsuccessful') || to_jsonb(aw.award_id));
			END IF;
			verdicts := verdicts || jsonb_build_object(aw.ocds_id, verdict);
		END LOOP;

		-- bids: invited and withdrawn ones are not bids; disqualified and
		-- not-qualified ones, and those of an unsuccessful award, are
		-- rejected; the others are evaluated.  Then the bids imported
		-- before that this release's awards name.
		FOR b IN SELECT true AS in_release, x.ord, d ->> 'id' AS ocds_id, lower(btrim(d ->> 'status')) AS status,
						svtoms.ocds_number(d #> '{value,amount}') AS price, d #>> '{value,currency}' AS currency,
						svtoms.ocds_timestamp(d -> 'date') AS submitted_at,
						coalesce(nullif((SELECT string_agg(btrim(coalesce(nullif(btrim(o ->> 'name'), ''), o ->> 'id')), ' + '
											   ORDER BY i)
										 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
																	  THEN d -> 'tenderers' END) WITH ORDINALITY y (o, i)), ''),
								 'bid ' || (d ->> 'id')) AS bidder,
						svtoms.ocds_party_ids(d -> 'tenderers') AS tenderer_ids,
						svtoms.ocds_lot_ids(d) AS lots
				 FROM jsonb_array_elements(details) WITH ORDINALITY x (d, ord)
				 UNION ALL
				 SELECT false, NULL, o.ocds_id, o.status, NULL, o.currency, o.submitted_at, NULL, o.tenderer_ids,
						coalesce(o.related_lots, '{}')
				 FROM svtoms.ocds_bid o
				 WHERE o.tender_id = tid AND verdicts ? o.ocds_id
				   AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(details) d WHERE d ->> 'id' = o.ocds_id)
				 ORDER BY 1 DESC, 2, 3 LOOP
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
			-- A bid the import made for this process has its ocds_bid row
			-- (only the import and administrators write that table).  One
			-- under the id without it was made some other way, by a bidder
			-- too, who may insert its own bids and responses: taking it
			-- would give a published bid that bid's owner and answers.
			IF old_ob.bid_id IS NULL AND old_bid.id IS NOT NULL THEN
				RAISE EXCEPTION 'bid "%" already exists, and no import of contracting process % made it', bid_key,
					r ->> 'ocid'
					USING ERRCODE = 'unique_violation',
						  DETAIL = format('The release''s bid %s is imported as "%s"; the bid there, of bidder "%s", with %s response(s), is not in svtoms.ocds_bid. Nothing was imported.',
										  b.ocds_id, bid_key, old_bid.bidder,
										  (SELECT count(*) FROM svtoms.response x WHERE x.bid_id = bid_key)),
						  HINT = 'An import updates only the bids it created. Find out who made that bid, delete it or give it another id, and import again.';
			END IF;
			IF b.in_release AND b.status IN ('invited', 'withdrawn') THEN
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
			IF NOT b.in_release AND old_bid.id IS NULL THEN
				CONTINUE;
			END IF;
			notes := '{}'::text[];
			kept_note := NULL;

			-- the lot: the one lot the bid names, when the tender has it
			IF NOT b.in_release THEN
				lot_key := old_bid.lot_id;
			ELSIF cardinality(b.lots) > 1 THEN
				lot_key := NULL;
				notes := notes || format('it names %s lots (%s): a bid is ranked within one lot, so it competes for the tender as a whole',
										 cardinality(b.lots), array_to_string(b.lots, ', '));
			ELSIF cardinality(b.lots) = 1
				  AND NOT EXISTS (SELECT 1 FROM svtoms.lot x WHERE x.tender_id = tid AND x.id = b.lots[1]) THEN
				lot_key := NULL;
				notes := notes || format('lot %s is not a lot of the tender: the bid competes for the tender as a whole',
										 b.lots[1]);
			ELSE
				lot_key := b.lots[1];
			END IF;

			-- compliance: the published status, then the awards; a rejection
			-- made in svtoms (any other reason) is never undone by an import,
			-- and without news of it, neither is an earlier award's
			status_reason := NULL;
			IF b.in_release THEN
				IF b.status IN ('disqualified', 'not-qualified') THEN
					status_reason := 'published status: ' || b.status;
				ELSIF b.status NOT IN ('pending', 'valid', 'active') THEN
					notes := notes || format('status %s is not a bid status svtoms knows: the bid is evaluated as submitted',
											 b.status);
				END IF;
			END IF;
			verdict := verdicts -> b.ocds_id;
			IF old_bid.compliance = 'rejected'
			   AND NOT (old_bid.rejection_reason = 'award unsuccessful'
						OR old_bid.rejection_reason LIKE 'published status: %') THEN
				want_compliance := old_bid.compliance;
				want_reason := old_bid.rejection_reason;
			ELSIF status_reason IS NOT NULL THEN
				want_compliance := 'rejected';
				want_reason := status_reason;
			ELSIF jsonb_array_length(verdict -> 'unsuccessful') > 0 THEN
				want_compliance := 'rejected';
				want_reason := 'award unsuccessful';
			ELSIF verdict IS NULL AND old_bid.rejection_reason = 'award unsuccessful'
				  OR NOT b.in_release AND old_bid.rejection_reason LIKE 'published status: %' THEN
				want_compliance := old_bid.compliance;
				want_reason := old_bid.rejection_reason;
			ELSE
				want_compliance := 'compliant';
				want_reason := NULL;
			END IF;
			IF NOT b.in_release THEN
				want_bidder := old_bid.bidder;
				want_price := old_bid.price;
			ELSE
				want_bidder := b.bidder;
				want_price := b.price;
			END IF;

			IF old_bid.id IS NULL THEN
				IF awarded THEN
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'skipped'::text,
						'the tender is awarded: a bid its evaluation did not have is not taken'::text;
					CONTINUE;
				END IF;
				INSERT INTO svtoms.bid (id, tender_id, bidder, price, lot_id, compliance, rejection_reason)
				VALUES (bid_key, tid, want_bidder, want_price, lot_key, want_compliance, want_reason);
				action := 'created';
			ELSE
				changes := ARRAY(
					SELECT c FROM (VALUES
						('bidder', old_bid.bidder IS DISTINCT FROM want_bidder),
						('price', old_bid.price IS DISTINCT FROM want_price),
						('lot', old_bid.lot_id IS DISTINCT FROM lot_key),
						('compliance', (old_bid.compliance, old_bid.rejection_reason)
									   IS DISTINCT FROM (want_compliance, want_reason))) v (c, changed)
					WHERE changed);
				IF cardinality(changes) = 0 THEN
					action := 'unchanged';
				ELSIF awarded THEN
					action := 'kept';
					kept_note := format('the tender is awarded; its %s as published %s not taken',
										array_to_string(changes, ', '),
										CASE WHEN cardinality(changes) = 1 THEN 'is' ELSE 'are' END);
					want_compliance := old_bid.compliance;
					want_reason := old_bid.rejection_reason;
				ELSE
					UPDATE svtoms.bid x
					SET bidder = want_bidder, price = want_price, lot_id = lot_key, compliance = want_compliance,
						rejection_reason = want_reason
					WHERE x.id = bid_key;
					action := 'updated';
				END IF;
			END IF;
			IF b.in_release THEN
				INSERT INTO svtoms.ocds_bid AS o (bid_id, tender_id, ocds_id, status, currency, submitted_at, related_lots,
												  tenderer_ids)
				VALUES (bid_key, tid, b.ocds_id, b.status, b.currency, b.submitted_at, nullif(b.lots, '{}'), b.tenderer_ids)
				ON CONFLICT ON CONSTRAINT ocds_bid_pkey DO UPDATE
				SET status = excluded.status, currency = excluded.currency, submitted_at = excluded.submitted_at,
					related_lots = excluded.related_lots, tenderer_ids = excluded.tenderer_ids
				WHERE (o.status, o.currency, o.submitted_at, o.related_lots, o.tenderer_ids)
					  IS DISTINCT FROM (excluded.status, excluded.currency, excluded.submitted_at, excluded.related_lots,
										excluded.tenderer_ids);
				IF FOUND AND action = 'unchanged' THEN
					action := 'updated';
				END IF;
			END IF;
			-- the bid as it now stands, then what could not be used
			RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, action,
				nullif(array_to_string(array_remove(ARRAY[
					kept_note,
					CASE WHEN want_reason = 'award unsuccessful' AND jsonb_array_length(verdict -> 'unsuccessful') > 0
						 THEN format('rejected: award %s unsuccessful',
									 (SELECT string_agg(u, ', ') FROM jsonb_array_elements_text(verdict -> 'unsuccessful') u))
						 WHEN want_reason = 'award unsuccessful' THEN 'rejected: award unsuccessful in an earlier release'
						 WHEN want_reason LIKE 'published status: %'
						 THEN 'rejected: published status ' || substr(want_reason, length('published status: ') + 1) END]
					|| notes
					|| CASE WHEN b.in_release AND want_price IS NULL THEN 'no value published: the bid has no price' END,
					NULL), '; '), '');
		END LOOP;
		RETURN QUERY SELECT r ->> 'ocid', tid, 'award'::text, n ->> 'id', 'skipped'::text, n ->> 'note'
			FROM unnest(award_notes) WITH ORDINALITY u (n, k) ORDER BY (n ->> 'i')::bigint, u.k;
	END LOOP;
END
$$;
COMMENT ON FUNCTION svtoms.import_ocds(jsonb, text, text) IS
	'creates or updates tenders (by ocid), lots and bids from OCDS releases, records or packages, with each bid''s lot and the rejections its status or an unsuccessful award publishes; all or nothing, idempotent; one row per object, noting what it could not use';

-- The bids extension's bids object for a tender: each bid with its value,
-- status and rank as svtoms evaluated it (the award, once made), and the
-- statistics of the evaluation.  A bid svtoms rejected or disqualified is
-- disqualified, without a rank; one it could not rank (unpriced) is
-- pending; the others are valid, ranked within their lot (relatedLots) or
-- among the bids for the tender as a whole.  Statistics: the counts for
-- the whole tender, and every statistic for each lot with bids
-- (relatedLot); the bid values for the whole tender only when it has no
-- lots, as a lowest value across lots compares bids that never competed.
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
		SELECT e.bid_id, e.bidder, e.price, e.rank, e.lot_id, ob.ocds_id,
			   coalesce(ob.currency, tender_currency) AS currency, ob.submitted_at, ob.tenderer_ids,
			   CASE WHEN e.status && ARRAY['rejected', 'disqualified'] THEN 'disqualified'
					WHEN e.rank IS NULL THEN 'pending'
					ELSE 'valid' END AS bid_status
		FROM svtoms.evaluate(ocds_bids.tender_id) e
		LEFT JOIN svtoms.ocds_bid ob ON ob.bid_id = e.bid_id),
	details AS (
		SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
				   'id', coalesce(ocds_id, bid_id),
				   'date', to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
				   'status', bid_status,
				   'tenderers', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
						'id', CASE WHEN cardinality(tenderer_ids) = 1 THEN tenderer_ids[1] END, 'name', bidder))),
				   'value', CASE WHEN price IS NOT NULL
								 THEN jsonb_strip_nulls(jsonb_build_object('amount', price, 'currency', currency)) END,
				   'hasRank', rank IS NOT NULL,
				   'rank', rank,
				   'relatedLots', CASE WHEN lot_id IS NOT NULL THEN jsonb_build_array(lot_id) END))
			   ORDER BY lot_id NULLS FIRST, rank NULLS LAST, coalesce(ocds_id, bid_id)), '[]') AS d
		FROM e),
	-- the whole tender (every bid), and each lot
	competitions AS (
		SELECT GROUPING(e.lot_id) = 1 AS whole, e.lot_id AS lot, count(e.lot_id) AS lotted,
			   count(*) AS bids,
			   count(*) FILTER (WHERE e.bid_status = 'valid') AS valid,
			   count(*) FILTER (WHERE e.bid_status = 'disqualified') AS disqualified,
			   count(DISTINCT e.bidder) AS bidders,
			   min(e.price) FILTER (WHERE e.bid_status = 'valid') AS lowest,
			   max(e.price) FILTER (WHERE e.bid_status = 'valid') AS highest,
			   min(e.currency) FILTER (WHERE e.bid_status = 'valid') AS currency
		FROM e
		GROUP BY GROUPING SETS ((), (e.lot_id))),
	stats AS (
		SELECT c.whole, c.lot, m.measure, m.value, m.currency, m.ord
		FROM competitions c
		CROSS JOIN LATERAL (VALUES ('bids', c.bids::numeric, NULL::text, 1), ('validBids', c.valid, NULL, 2),
								   ('disqualifiedBids', c.disqualified, NULL, 3), ('bidders', c.bidders, NULL, 4),
								   ('lowestValidBidValue', c.lowest, c.currency, 5),
								   ('highestValidBidValue', c.highest, c.currency, 6)) m (measure, value, currency, ord)
		WHERE (c.whole OR c.lot IS NOT NULL) AND m.value IS NOT NULL
		  AND (m.ord <= 4 OR NOT c.whole OR c.lotted = 0))
	SELECT jsonb_build_object(
			   'statistics', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
										   'id', n::text, 'measure', measure, 'value', value, 'currency', currency,
										   'relatedLot', lot))
										   ORDER BY n)
									   FROM (SELECT stats.*, row_number() OVER (ORDER BY whole DESC, lot, ord) AS n
											 FROM stats) x), '[]'),
			   'details', (SELECT d FROM details))
	INTO result;
	RETURN result;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_bids(text) IS
	'the OCDS bids extension''s bids object of a tender: each bid''s value, status and rank within its lot as svtoms evaluated it, and statistics of the tender and of each lot';

REVOKE EXECUTE ON FUNCTION svtoms.ocds_bids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.ocds_bids(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;
