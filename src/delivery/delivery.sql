--------------------------------------------------------------------------
-- Delivery: reporting and verifying deliveries, their value as at the
-- award, and progress per measure, contract and supplier.  Every statement
-- here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.report_delivery(bid_id text, measure_code text, period_start date, period_end date,
									   quantity numeric, evidence_ref text DEFAULT NULL, note text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	new_id bigint;
BEGIN
	INSERT INTO svtoms.delivery (bid_id, measure_code, period_start, period_end, quantity, note)
	VALUES (report_delivery.bid_id, report_delivery.measure_code, report_delivery.period_start,
			report_delivery.period_end, report_delivery.quantity, report_delivery.note)
	RETURNING id INTO new_id;
	IF evidence_ref IS NOT NULL THEN
		INSERT INTO svtoms.delivery_event (delivery_id, status, evidence_ref)
		VALUES (new_id, 'evidenced', report_delivery.evidence_ref);
	END IF;
	RETURN new_id;
END
$$;
COMMENT ON FUNCTION svtoms.report_delivery(text, text, date, date, numeric, text, text) IS
	'records a delivery of an awarded bid (reported, and evidenced when an evidence reference is given); returns its id';

CREATE OR REPLACE FUNCTION svtoms.set_delivery_status(delivery_id bigint, status text, evidence_ref text DEFAULT NULL,
										   note text DEFAULT NULL)
	RETURNS void
	LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
	INSERT INTO svtoms.delivery_event (delivery_id, status, evidence_ref, note)
	VALUES (delivery_id, status, evidence_ref, note)
$$;
COMMENT ON FUNCTION svtoms.set_delivery_status(bigint, text, text, text) IS
	'moves a delivery on in its lifecycle (evidenced, verified or rejected), keeping the earlier statuses';

-- What the award froze about each measure of the framework: its outcome
-- and theme, how it is valued (unit kind, direction, maximum points), its
-- value set's proxy value (rebased with the index values the award
-- recorded, when the tender has a price base year) and factors, with the
-- tender's discount rate and schedule, and its name and unit (for reports).  Everything valued "as at the award" reads these, never the live
-- framework or value set, which may be edited afterwards.
CREATE OR REPLACE FUNCTION svtoms.award_measures(tender_id text)
	RETURNS TABLE (measure_code text, outcome_code text, theme_code text, valuation text, unit_kind text,
				   direction text, evidence text, max_points numeric, proxy_value numeric, deadweight numeric,
				   attribution numeric, displacement numeric, dropoff numeric, years integer,
				   discount_rate numeric, name text, unit text, discount_schedule text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT m.code, m.outcome_code, o.theme_code, a.inputs -> 'framework' ->> 'valuation', m.unit_kind,
		   m.direction, m.evidence, m.max_points,
		   CASE WHEN jsonb_typeof(a.inputs -> 'price_base') = 'object'
				THEN svtoms.rebase_by_index(v.proxy_value, (a.inputs -> 'price_base' ->> 'from_index')::numeric,
											(a.inputs -> 'price_base' ->> 'to_index')::numeric)
				ELSE v.proxy_value END,
		   v.deadweight, v.attribution, v.displacement,
		   v.dropoff, v.years, (a.inputs -> 'tender' ->> 'discount_rate')::numeric, m.name, m.unit,
		   coalesce(a.inputs -> 'tender' ->> 'discount_schedule', 'flat')
	FROM svtoms.award a
	CROSS JOIN LATERAL jsonb_to_recordset(a.inputs -> 'measures')
		AS m(code text, outcome_code text, unit_kind text, direction text, evidence text, max_points numeric,
			 name text, unit text)
	LEFT JOIN LATERAL jsonb_to_recordset(a.inputs -> 'outcomes') AS o(code text, theme_code text)
		ON o.code = m.outcome_code
	LEFT JOIN LATERAL jsonb_to_recordset(a.inputs -> 'values')
		AS v(measure_code text, proxy_value numeric, deadweight numeric, attribution numeric,
			 displacement numeric, dropoff numeric, years integer)
		ON v.measure_code = m.code
	WHERE a.tender_id = award_measures.tender_id
$$;
COMMENT ON FUNCTION svtoms.award_measures(text) IS
	'each measure of an awarded tender''s framework as the award froze it: outcome, theme, how it is valued, proxy value (rebased with the index values the award recorded) and factors, discount rate and schedule, name and unit';

-- The value of each response at the award (evaluation rules 1 to 4, as
-- svtoms.response_values returned them then): the commitments.
CREATE OR REPLACE FUNCTION svtoms.award_response_values(tender_id text)
	RETURNS SETOF svtoms.response_value
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT rv.*
	FROM svtoms.award a
	CROSS JOIN LATERAL jsonb_populate_recordset(NULL::svtoms.response_value, a.inputs -> 'response_values') rv
	WHERE a.tender_id = award_response_values.tender_id
$$;
COMMENT ON FUNCTION svtoms.award_response_values(text) IS
	'each response of an awarded tender valued as at the award: its amount, whether it counted, and why not';

-- Delivered quantities are valued as the award valued commitments: with
-- the measures, value set and discount rate frozen in the award
-- (monetary), or on the scale the award recorded for the measure in the
-- lot's competition (points; lot_id NULL for the tender as a whole), a
-- delivery outside it widening it as an ineligible bid's answer does.
CREATE OR REPLACE FUNCTION svtoms.delivery_amount(tender_id text, measure_code text, quantity numeric,
												  lot_id text DEFAULT NULL)
	RETURNS numeric
	LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE
		WHEN m.valuation = 'monetary' THEN
			svtoms.sroi_value(delivery_amount.quantity, m.proxy_value, m.deadweight, m.attribution, m.displacement,
							  m.dropoff, m.years, m.discount_rate, m.discount_schedule)
		WHEN m.max_points IS NULL THEN NULL
		WHEN m.unit_kind = 'boolean' THEN pg_catalog.trim_scale(m.max_points * delivery_amount.quantity)
		-- the scale is looked up only for points measures: monetary ones
		-- need none
		ELSE (SELECT CASE
						 WHEN m.direction = 'lower_better' THEN
							 CASE WHEN delivery_amount.quantity > 0 AND coalesce(sc.all_positive, true)
								  THEN pg_catalog.trim_scale(m.max_points * LEAST(sc.min_q, delivery_amount.quantity)
															 / delivery_amount.quantity) END
						 ELSE svtoms.signed_score(delivery_amount.quantity, GREATEST(sc.max_q, delivery_amount.quantity),
												  LEAST(sc.min_q, delivery_amount.quantity), m.max_points) END
			  FROM (SELECT 1) one
			  LEFT JOIN (svtoms.award a
						 CROSS JOIN LATERAL jsonb_to_recordset(a.inputs -> 'scales')
							 AS sc(lot_id text, measure_code text, min_q numeric, max_q numeric, all_positive boolean))
				ON a.tender_id = delivery_amount.tender_id
			   AND sc.measure_code = delivery_amount.measure_code
			   AND sc.lot_id IS NOT DISTINCT FROM delivery_amount.lot_id)
		END
	FROM svtoms.award_measures(delivery_amount.tender_id) m
	WHERE m.measure_code = delivery_amount.measure_code
$$;
COMMENT ON FUNCTION svtoms.delivery_amount(text, text, numeric, text) IS
	'the value of a delivered quantity of a measure, as the award of the tender valued commitments in the lot (NULL: the tender as a whole)';

CREATE OR REPLACE VIEW svtoms.delivery_progress AS
SELECT d.id::integer AS delivery_id, b.tender_id, d.bid_id, b.bidder, d.measure_code, m.theme_code,
	   d.period_start, d.period_end, d.quantity, l.status, ev.evidence_ref, l.changed_by::text AS changed_by,
	   l.changed_at::date AS changed_on,
	   a.amount
FROM svtoms.delivery d
JOIN svtoms.bid b ON b.id = d.bid_id
-- BI tools read numbers as .NET decimals (28 digits): money to 6 decimals
CROSS JOIN LATERAL (
	SELECT svtoms.delivery_amount(b.tender_id, d.measure_code, d.quantity, b.lot_id) AS exact) x
CROSS JOIN LATERAL (SELECT pg_catalog.round(x.exact, LEAST(pg_catalog.scale(x.exact), 6)) AS amount) a
LEFT JOIN LATERAL (
	SELECT am.theme_code FROM svtoms.award_measures(b.tender_id) am WHERE am.measure_code = d.measure_code) m ON true
CROSS JOIN LATERAL (
	SELECT coalesce(pg_catalog.max(x.status), 'reported') AS status,
		   coalesce(pg_catalog.max(x.changed_by), d.reported_by) AS changed_by,
		   coalesce(pg_catalog.max(x.changed_at), d.reported_at) AS changed_at
	FROM (SELECT e.status, e.changed_by, e.changed_at FROM svtoms.delivery_event e
		  WHERE e.delivery_id = d.id ORDER BY e.seq DESC LIMIT 1) x) l
LEFT JOIN LATERAL (
	SELECT e.evidence_ref FROM svtoms.delivery_event e
	WHERE e.delivery_id = d.id AND e.evidence_ref IS NOT NULL ORDER BY e.seq DESC LIMIT 1) ev ON true;
COMMENT ON VIEW svtoms.delivery_progress IS
	'every delivery with its current status, latest evidence reference and value as at the award';
COMMENT ON COLUMN svtoms.delivery_progress.delivery_id IS 'the delivery''s id (svtoms.delivery.id, as integer for BI tools)';
COMMENT ON COLUMN svtoms.delivery_progress.tender_id IS 'the awarded tender';
COMMENT ON COLUMN svtoms.delivery_progress.bid_id IS 'the winning bid the delivery is recorded against';
COMMENT ON COLUMN svtoms.delivery_progress.bidder IS 'the supplier, as written in the bid';
COMMENT ON COLUMN svtoms.delivery_progress.measure_code IS 'the measure delivered on';
COMMENT ON COLUMN svtoms.delivery_progress.theme_code IS 'the measure''s theme as the award froze it (a later edit of the framework does not move it)';
COMMENT ON COLUMN svtoms.delivery_progress.period_start IS 'the first day of the period the delivery covers';
COMMENT ON COLUMN svtoms.delivery_progress.period_end IS 'the last day of the period the delivery covers';
COMMENT ON COLUMN svtoms.delivery_progress.quantity IS 'the quantity delivered, in the measure''s unit; negative is a harm';
COMMENT ON COLUMN svtoms.delivery_progress.status IS 'the current status: reported (no event yet), evidenced, verified or rejected';
COMMENT ON COLUMN svtoms.delivery_progress.evidence_ref IS 'the latest evidence reference recorded; NULL when none';
COMMENT ON COLUMN svtoms.delivery_progress.changed_by IS 'who made the latest change (recorded by the server): the latest event''s changed_by, or the delivery''s reported_by';
COMMENT ON COLUMN svtoms.delivery_progress.changed_on IS 'the day of the latest change, in the session''s time zone';
COMMENT ON COLUMN svtoms.delivery_progress.amount IS 'the delivery''s value as at the award (money in the framework''s currency, or points), rounded to 6 decimals; NULL when the award cannot value it';

-- Committed (the award's counted responses of the winning bid) against
-- verified delivery, per measure.
CREATE OR REPLACE VIEW svtoms.delivery_by_measure AS
WITH winners AS (
	SELECT ar.tender_id, ar.bid_id, ar.bidder FROM svtoms.award_result ar WHERE ar.rank = 1
),
committed AS (
	SELECT w.tender_id, w.bid_id, rv.measure_code, rv.theme_code, rv.quantity, rv.amount
	FROM winners w CROSS JOIN LATERAL svtoms.award_response_values(w.tender_id) rv
	WHERE rv.bid_id = w.bid_id AND rv.counted
),
delivered AS (
	SELECT p.tender_id, p.bid_id, p.measure_code, p.theme_code,
		   pg_catalog.sum(p.quantity) FILTER (WHERE p.status <> 'rejected') AS reported_quantity,
		   pg_catalog.sum(p.quantity) FILTER (WHERE p.status = 'verified') AS verified_quantity,
		   pg_catalog.sum(p.amount) FILTER (WHERE p.status = 'verified') AS verified_value
	FROM svtoms.delivery_progress p
	GROUP BY p.tender_id, p.bid_id, p.measure_code, p.theme_code
)
SELECT w.tender_id, w.bid_id, w.bidder, coalesce(c.measure_code, d.measure_code) AS measure_code,
	   coalesce(c.theme_code, d.theme_code) AS theme_code,
	   coalesce(c.quantity, 0) AS committed_quantity, coalesce(pg_catalog.round(c.amount, LEAST(pg_catalog.scale(c.amount), 6)), 0) AS committed_value,
	   coalesce(d.reported_quantity, 0) AS reported_quantity,
	   coalesce(d.verified_quantity, 0) AS verified_quantity, coalesce(d.verified_value, 0) AS verified_value,
	   CASE WHEN c.amount > 0 THEN pg_catalog.trim_scale(pg_catalog.round(coalesce(d.verified_value, 0) / c.amount, 10)) END AS delivery_rate
FROM winners w
JOIN (committed c FULL JOIN delivered d
	  ON d.tender_id = c.tender_id AND d.bid_id = c.bid_id AND d.measure_code = c.measure_code)
  ON w.tender_id = coalesce(c.tender_id, d.tender_id) AND w.bid_id = coalesce(c.bid_id, d.bid_id);
COMMENT ON VIEW svtoms.delivery_by_measure IS
	'each awarded contract''s commitments and verified delivery per measure, valued as at the award, with the delivery rate';
COMMENT ON COLUMN svtoms.delivery_by_measure.tender_id IS 'the awarded tender';
COMMENT ON COLUMN svtoms.delivery_by_measure.bid_id IS 'the winning bid';
COMMENT ON COLUMN svtoms.delivery_by_measure.bidder IS 'the supplier, as written in the bid';
COMMENT ON COLUMN svtoms.delivery_by_measure.measure_code IS 'the measure';
COMMENT ON COLUMN svtoms.delivery_by_measure.theme_code IS 'the measure''s theme as the award froze it';
COMMENT ON COLUMN svtoms.delivery_by_measure.committed_quantity IS 'the quantity the bid committed on the measure (a response that counted at the award); 0 when none';
COMMENT ON COLUMN svtoms.delivery_by_measure.committed_value IS 'the value of that commitment at the award, rounded to 6 decimals; 0 when none';
COMMENT ON COLUMN svtoms.delivery_by_measure.reported_quantity IS 'the sum of the quantities of deliveries not rejected (reported, evidenced or verified)';
COMMENT ON COLUMN svtoms.delivery_by_measure.verified_quantity IS 'the sum of the quantities of verified deliveries';
COMMENT ON COLUMN svtoms.delivery_by_measure.verified_value IS 'the sum of the values of verified deliveries as at the award, rounded to 6 decimals';
COMMENT ON COLUMN svtoms.delivery_by_measure.delivery_rate IS 'verified_value / committed_value, rounded to 10 decimals; NULL when nothing positive was committed';

CREATE OR REPLACE FUNCTION svtoms.performance_rating(rate numeric) RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE
		WHEN rate >= t.good THEN 'Good'
		WHEN rate >= t.approaching THEN 'Approaching target'
		WHEN rate >= t.improvement THEN 'Requires improvement'
		ELSE 'Inadequate' END
	FROM (SELECT coalesce(pg_catalog.max(min_rate) FILTER (WHERE rating = 'Good'), 0.95) AS good,
				 coalesce(pg_catalog.max(min_rate) FILTER (WHERE rating = 'Approaching target'), 0.80) AS approaching,
				 coalesce(pg_catalog.max(min_rate) FILTER (WHERE rating = 'Requires improvement'), 0.50) AS improvement
		  FROM svtoms.rating_threshold) t
$$;
COMMENT ON FUNCTION svtoms.performance_rating(numeric) IS
	'the Procurement Act 2023 rating of a delivery rate: Good, Approaching target, Requires improvement or Inadequate';

CREATE OR REPLACE VIEW svtoms.delivery_by_contract AS
SELECT w.tender_id, w.bid_id, w.bidder,
	   svtoms.benefit(c.committed) AS committed_benefit, svtoms.harm(c.committed) AS committed_harm,
	   svtoms.net(c.committed) AS committed_net,
	   svtoms.benefit(c.verified) AS verified_benefit, svtoms.harm(c.verified) AS verified_harm,
	   svtoms.net(c.verified) AS verified_net,
	   c.deliveries, c.verified_deliveries, c.rejected_deliveries,
	   CASE WHEN svtoms.net(c.committed) > 0
			THEN pg_catalog.trim_scale(pg_catalog.round(svtoms.net(c.verified) / svtoms.net(c.committed), 10)) END AS delivery_rate,
	   CASE WHEN svtoms.net(c.committed) > 0
			THEN svtoms.performance_rating(svtoms.net(c.verified) / svtoms.net(c.committed)) END AS rating
FROM svtoms.award_result w
CROSS JOIN LATERAL (
	SELECT (SELECT svtoms.social_value(rv.amount) FROM svtoms.award_response_values(w.tender_id) rv
			WHERE rv.bid_id = w.bid_id AND rv.counted) AS committed,
		   (SELECT svtoms.social_value(p.amount) FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'verified') AS verified,
		   (SELECT pg_catalog.count(*)::integer FROM svtoms.delivery d WHERE d.bid_id = w.bid_id) AS deliveries,
		   (SELECT pg_catalog.count(*)::integer FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'verified') AS verified_deliveries,
		   (SELECT pg_catalog.count(*)::integer FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'rejected') AS rejected_deliveries) c
WHERE w.rank = 1;
COMMENT ON VIEW svtoms.delivery_by_contract IS
	'each awarded contract: committed and verified social value (benefit, harm, net), delivery rate and performance rating';
COMMENT ON COLUMN svtoms.delivery_by_contract.tender_id IS 'the awarded tender';
COMMENT ON COLUMN svtoms.delivery_by_contract.bid_id IS 'the winning bid';
COMMENT ON COLUMN svtoms.delivery_by_contract.bidder IS 'the supplier, as written in the bid';
COMMENT ON COLUMN svtoms.delivery_by_contract.committed_benefit IS 'the benefit of the bid''s counted responses at the award (sum of positive amounts)';
COMMENT ON COLUMN svtoms.delivery_by_contract.committed_harm IS 'the harm the bid declared at the award (magnitude of its negative amounts)';
COMMENT ON COLUMN svtoms.delivery_by_contract.committed_net IS 'committed benefit minus committed harm';
COMMENT ON COLUMN svtoms.delivery_by_contract.verified_benefit IS 'the benefit of the verified deliveries';
COMMENT ON COLUMN svtoms.delivery_by_contract.verified_harm IS 'the harm of the verified deliveries (negative quantities delivered)';
COMMENT ON COLUMN svtoms.delivery_by_contract.verified_net IS 'verified benefit minus verified harm';
COMMENT ON COLUMN svtoms.delivery_by_contract.deliveries IS 'how many deliveries were reported, in any status';
COMMENT ON COLUMN svtoms.delivery_by_contract.verified_deliveries IS 'how many deliveries are verified';
COMMENT ON COLUMN svtoms.delivery_by_contract.rejected_deliveries IS 'how many deliveries are rejected';
COMMENT ON COLUMN svtoms.delivery_by_contract.delivery_rate IS 'verified_net / committed_net, rounded to 10 decimals; NULL when committed_net is not above 0';
COMMENT ON COLUMN svtoms.delivery_by_contract.rating IS 'the Procurement Act 2023 performance rating of delivery_rate (Good, Approaching target, Requires improvement, Inadequate); NULL when there is no rate';

CREATE OR REPLACE FUNCTION svtoms.delivered_profile(bid_id text) RETURNS svtoms.profile
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT svtoms.theme_profile(p.theme_code, p.amount)
	FROM svtoms.delivery_progress p
	WHERE p.bid_id = delivered_profile.bid_id AND p.status = 'verified'
$$;
COMMENT ON FUNCTION svtoms.delivered_profile(text) IS 'the verified delivery of a bid, theme by theme, valued as at the award';

CREATE OR REPLACE VIEW svtoms.supplier_track_record AS
SELECT c.bidder AS supplier, pg_catalog.count(*)::integer AS contracts,
	   pg_catalog.sum(c.committed_net) AS committed_net, pg_catalog.sum(c.verified_net) AS verified_net,
	   CASE WHEN pg_catalog.sum(c.committed_net) > 0 THEN pg_catalog.trim_scale(pg_catalog.round(pg_catalog.sum(c.verified_net) / pg_catalog.sum(c.committed_net), 10)) END AS rate
FROM svtoms.delivery_by_contract c
GROUP BY c.bidder;
COMMENT ON VIEW svtoms.supplier_track_record IS
	'each supplier''s verified social value over its committed social value, across its awarded contracts';
COMMENT ON COLUMN svtoms.supplier_track_record.supplier IS 'the supplier, as written in bid.bidder';
COMMENT ON COLUMN svtoms.supplier_track_record.contracts IS 'how many awarded contracts it won';
COMMENT ON COLUMN svtoms.supplier_track_record.committed_net IS 'the sum of its contracts'' committed net';
COMMENT ON COLUMN svtoms.supplier_track_record.verified_net IS 'the sum of its contracts'' verified net';
COMMENT ON COLUMN svtoms.supplier_track_record.rate IS 'sum of verified net / sum of committed net, rounded to 10 decimals; NULL when the committed sum is not above 0';
