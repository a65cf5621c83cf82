-- The BI views evaluate every tender in one plan
-- (svtoms.evaluate_tenders_or_explain); each tender's rows must be
-- svtoms.evaluate's, tender by tender, as the views round them, and a tender
-- evaluate refuses must have evaluate's error as its problem.  Prints
-- whether any tender was evaluated, and the rows that differ (0): every
-- tender in the database at that point is compared, whatever earlier
-- scripts left.
-- Included by the regression scripts in sql/ with \i test/include/one_plan.sql.
CREATE FUNCTION pg_temp.evaluate_or_error(tender text)
	RETURNS TABLE (bid_id text, price numeric, value svtoms.sv, profile svtoms.profile, price_points numeric,
				   quality_points numeric, social_points numeric, total_points numeric, sv_ratio numeric,
				   rank bigint, status text[], lot_id text, error text)
	LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY SELECT e.bid_id, e.price, e.value, e.profile, e.price_points, e.quality_points, e.social_points,
						e.total_points, e.sv_ratio, e.rank, e.status, e.lot_id, NULL::text
				 FROM svtoms.evaluate(tender) e;
EXCEPTION WHEN data_exception THEN
	RETURN QUERY SELECT NULL::text, NULL::numeric, NULL::svtoms.sv, NULL::svtoms.profile, NULL::numeric,
						NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::bigint, NULL::text[],
						NULL::text, SQLERRM;
END $$;
WITH one_plan AS (SELECT * FROM svtoms.evaluate_tenders_or_explain(NULL)),
	 one_by_one AS (SELECT t.id AS tender_id, e.*
					FROM svtoms.tender t CROSS JOIN LATERAL pg_temp.evaluate_or_error(t.id) e)
SELECT EXISTS (SELECT 1 FROM one_plan WHERE problem IS NULL) AS some_evaluated,
	   (SELECT count(*) FROM one_plan p
		WHERE p.problem IS NULL
		  AND NOT EXISTS (SELECT 1 FROM one_by_one o
						  WHERE o.tender_id = p.tender_id AND o.bid_id = p.bid_id
							AND o.value::text = p.value::text AND o.profile::text = p.profile::text
							AND o.rank IS NOT DISTINCT FROM p.rank AND o.status = p.status
							AND o.lot_id IS NOT DISTINCT FROM p.lot_id
							AND round(o.price, 6) IS NOT DISTINCT FROM p.price
							AND round(o.price_points, 10) IS NOT DISTINCT FROM p.price_points
							AND round(o.quality_points, 10) IS NOT DISTINCT FROM p.quality_points
							AND round(o.social_points, 10) IS NOT DISTINCT FROM p.social_points
							AND round(o.total_points, 10) IS NOT DISTINCT FROM p.total_points
							AND round(o.sv_ratio, 10) IS NOT DISTINCT FROM p.sv_ratio))
	   + (SELECT count(*) FROM one_by_one o
		  WHERE o.error IS NULL
			AND NOT EXISTS (SELECT 1 FROM one_plan p WHERE p.tender_id = o.tender_id AND p.bid_id = o.bid_id))
	   + (SELECT count(*) FROM one_plan p JOIN one_by_one o ON o.tender_id = p.tender_id AND o.error IS NOT NULL
		  WHERE p.problem IS NULL OR p.problem NOT LIKE o.error || '%') AS differing;
DROP FUNCTION pg_temp.evaluate_or_error(text);
