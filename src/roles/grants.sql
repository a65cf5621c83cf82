--------------------------------------------------------------------------
-- What each role may do: table, column and function privileges of the
-- roles made in roles.sql, for the objects that exist by then (report,
-- ocds and scale_out grant on their own).  Every statement here can run
-- again (the update scripts replay this file).
--------------------------------------------------------------------------

GRANT USAGE ON SCHEMA svtoms TO svtoms_admin, svtoms_evaluator, svtoms_reader, svtoms_bidder;

-- Staff read everything but the bidder logins and the CSV staging table.
GRANT SELECT ON ALL TABLES IN SCHEMA svtoms TO svtoms_admin, svtoms_evaluator, svtoms_reader;
REVOKE SELECT ON svtoms.bidder_account, svtoms.value_upload FROM svtoms_evaluator, svtoms_reader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA svtoms TO svtoms_admin, svtoms_evaluator;

GRANT INSERT, UPDATE, DELETE ON
	svtoms.framework, svtoms.theme, svtoms.outcome, svtoms.measure, svtoms.value_set,
	svtoms.measure_value, svtoms.benefit_longlist, svtoms.value_upload, svtoms.tender,
	svtoms.tender_outcome, svtoms.bid, svtoms.response, svtoms.question, svtoms.judgement,
	svtoms.rating_threshold, svtoms.bidder_account, svtoms.price_index_series, svtoms.price_index
	TO svtoms_admin;
GRANT INSERT ON svtoms.award, svtoms.award_result, svtoms.delivery, svtoms.delivery_event
	TO svtoms_admin, svtoms_evaluator;
GRANT INSERT, UPDATE, DELETE ON svtoms.lot TO svtoms_admin;
GRANT INSERT, UPDATE, DELETE ON svtoms.judgement TO svtoms_evaluator;
-- evaluators give quality points and decide pass/fail requirements
GRANT UPDATE (quality_points, compliance, rejection_reason) ON svtoms.bid TO svtoms_evaluator;

-- Bidders: the published side of a tender, and their own bids.
GRANT SELECT ON
	svtoms.framework, svtoms.theme, svtoms.outcome, svtoms.measure, svtoms.value_set,
	svtoms.measure_value, svtoms.benefit_longlist, svtoms.tender, svtoms.tender_outcome,
	svtoms.lot, svtoms.question, svtoms.bidder_account, svtoms.price_index_series, svtoms.price_index
	TO svtoms_bidder;
GRANT SELECT (tender_id, awarded_at) ON svtoms.award TO svtoms_bidder;
GRANT SELECT, DELETE ON svtoms.bid, svtoms.response TO svtoms_bidder;
-- a bidder says which lot it bids for, never whether it complies
GRANT INSERT (id, tender_id, bidder, price, lot_id), UPDATE (price, lot_id) ON svtoms.bid TO svtoms_bidder;
GRANT INSERT (bid_id, measure_code, framework_id, quantity, evidence_ref, note),
	UPDATE (quantity, evidence_ref, note) ON svtoms.response TO svtoms_bidder;

-- Evaluations, awards and imports read or write other bidders' data:
-- staff only.
REVOKE EXECUTE ON FUNCTION
	svtoms.evaluate(text), svtoms.response_values(text), svtoms.delivered_profile(text),
	svtoms.delivery_amount(text, text, numeric, text),
	svtoms.report_delivery(text, text, date, date, numeric, text, text),
	svtoms.set_delivery_status(bigint, text, text, text)
	FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION svtoms.evaluate_or_explain(text), svtoms.evaluate_tenders_or_explain(text[]),
	svtoms.tender_evaluations(text[], boolean), svtoms.tender_response_values(text[]),
	svtoms.competition_scales(text[]), svtoms.tender_input_problems(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.evaluate_or_explain(text), svtoms.evaluate_tenders_or_explain(text[]),
	svtoms.tender_evaluations(text[], boolean), svtoms.tender_response_values(text[]),
	svtoms.competition_scales(text[]), svtoms.tender_input_problems(text[])
	TO svtoms_admin, svtoms_evaluator, svtoms_reader;
REVOKE EXECUTE ON PROCEDURE svtoms.award(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.evaluate(text), svtoms.response_values(text), svtoms.delivered_profile(text),
	svtoms.delivery_amount(text, text, numeric, text)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT EXECUTE ON FUNCTION svtoms.report_delivery(text, text, date, date, numeric, text, text),
	svtoms.set_delivery_status(bigint, text, text, text)
	TO svtoms_admin, svtoms_evaluator;
GRANT EXECUTE ON PROCEDURE svtoms.award(text) TO svtoms_admin, svtoms_evaluator;
-- the award's own writer, and what it freezes (other bidders' data)
REVOKE EXECUTE ON FUNCTION svtoms.record_award(text), svtoms.award_inputs(text), svtoms.award_measures(text),
	svtoms.award_response_values(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.record_award(text) TO svtoms_admin, svtoms_evaluator;
GRANT EXECUTE ON FUNCTION svtoms.award_inputs(text), svtoms.award_measures(text), svtoms.award_response_values(text)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader;
REVOKE EXECUTE ON FUNCTION svtoms.tender_is_awarded(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.tender_is_awarded(text)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader, svtoms_bidder;
