-- OCDS in and out: svtoms.import_ocds and svtoms.ocds_bids, on real published data
SET search_path = public, svtoms;

\i test/include/try.sql

BEGIN;

----------------------------------------------------------------------
-- A real ProZorro release (Ukraine): a bare release, floats, awardCriteria
-- lowestCost, five bids with the publisher's own status "active"
\set ukraine `cat test/data/ocds/sample-data/ukraine/ocds-be6bcu-UA-2016-06-08-000504-c-2aa52fb7af274126af4f629fd7a11a04.json`
SELECT object, id, action, note FROM import_ocds(:'ukraine');
SELECT id, title, contract_value, price_weight, quality_weight, social_weight, framework_id
FROM tender WHERE id LIKE 'ocds-be6bcu%';
SELECT ocid, release_id, release_date AT TIME ZONE 'UTC' AS release_date, status, currency, award_criteria, weights_from
FROM ocds_tender;
SELECT b.id, b.bidder, b.price, o.ocds_id, o.status, o.currency, o.tenderer_ids
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id ORDER BY b.price;
-- importing the same data again changes nothing
SELECT action, count(*) FROM import_ocds(:'ukraine') GROUP BY action;

-- out again: the bids ranked by svtoms (price only: 1800 < 2875 < 2900 < 3000 < 3375)
SELECT d ->> 'id' AS id, d ->> 'status' AS status, d -> 'hasRank' AS has_rank, d -> 'rank' AS rank,
	   d -> 'value' AS value, d #>> '{tenderers,0,name}' AS tenderer, d ->> 'date' AS date
FROM jsonb_array_elements(ocds_bids('ocds-be6bcu-UA-2016-06-08-000504-c') -> 'details') d;
SELECT s ->> 'id' AS id, s ->> 'measure' AS measure, s -> 'value' AS value, s ->> 'currency' AS currency
FROM jsonb_array_elements(ocds_bids('ocds-be6bcu-UA-2016-06-08-000504-c') -> 'statistics') s;

----------------------------------------------------------------------
-- A real Contracts Finder release (UK): no bids, nulls everywhere, a title
-- with leading and trailing spaces, an integer item id, no weights
\set uk `cat test/data/ocds/sample-data/uk-contracts-finder/ocds-b5fd17-2c330cf9-adc8-11e6-9901-0019b9f3037b-59429-metofc-9mgh-ghl8ty.release.json`
SELECT object, id, action, note FROM import_ocds(:'uk');
SELECT id, title, contract_value, price_weight, quality_weight, social_weight FROM tender WHERE id LIKE 'ocds-b5fd17%';
SELECT ocid, status, currency, award_criteria, weights_from FROM ocds_tender WHERE ocid LIKE 'ocds-b5fd17%';
SELECT ocds_bids('ocds-b5fd17-2c330cf9-adc8-11e6-9901-0019b9f3037b');

----------------------------------------------------------------------
-- The bids extension's README examples, given an ocid: a disqualified bid
-- is not evaluated; relatedLots naming lots the tender does not list
\set bids1 `cat test/data/ocds/extensions/ocds_bid_extension/README-example-1.json`
\set bids2 `cat test/data/ocds/extensions/ocds_bid_extension/README-example-2.json`
SELECT object, id, action, note
FROM import_ocds(jsonb_build_object('ocid', 'ocds-ex-bids1', 'id', '1', 'date', '2016-12-20T00:00:00Z') || :'bids1');
SELECT object, id, action, note
FROM import_ocds(jsonb_build_object('ocid', 'ocds-ex-bids2', 'id', '1') || :'bids2');
SELECT o.tender_id, b.id, b.bidder, b.price, o.status, o.currency, o.related_lots
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id WHERE o.tender_id LIKE 'ocds-ex-bids%' ORDER BY b.id;
SELECT jsonb_pretty(ocds_bids('ocds-ex-bids1'));

----------------------------------------------------------------------
-- Weights from the award criteria breakdown extension's README examples
\set fixed `cat test/data/ocds/extensions/ocds_awardCriteriaBreakdown_extension/README-example-lot-fixed-price.json`
\set half `cat test/data/ocds/extensions/ocds_awardCriteriaBreakdown_extension/README-example-lot-weight-50quality-50price.json`
\set group `cat test/data/ocds/extensions/ocds_awardCriteriaBreakdown_extension/README-example-lotgroup-100price.json`
SELECT i.tender_id, i.note FROM (VALUES ('ocds-ex-fixed', :'fixed'::jsonb), ('ocds-ex-half', :'half'), ('ocds-ex-group', :'group')) v (ocid, doc),
	LATERAL import_ocds(jsonb_build_object('ocid', v.ocid) || v.doc) i WHERE i.object = 'tender';
-- fixed price: price 0 x 100, quality 1 x 100 (decimals); 50 % and 50 %; a lot group at 100 % price
SELECT id, price_weight, quality_weight, social_weight FROM tender WHERE id LIKE 'ocds-ex-%' AND id NOT LIKE 'ocds-ex-bids%' ORDER BY id;
SELECT tender_id, id, title, status, amount, currency FROM lot WHERE tender_id LIKE 'ocds-ex-%' ORDER BY 1, 2;

-- a criterion named social value weighs social value; decimals, points and
-- thirds add up to 100 (rounding goes to price)
SELECT v.name, w.* FROM (VALUES
	('decimals 0.6 / 0.3 / 0.1', '[{"type": "price", "numbers": [{"number": 0.6, "weight": "decimalExact"}]},
	   {"type": "quality", "name": "Technical", "numbers": [{"number": 0.3, "weight": "decimalExact"}]},
	   {"type": "quality", "name": "Social Value", "numbers": [{"number": 0.1, "weight": "decimalExact"}]}]'::jsonb),
	('points 40 / 35 / 25', '[{"type": "price", "numbers": [{"number": 40, "weight": "pointsExact"}]},
	   {"type": "quality", "numbers": [{"number": 35, "weight": "pointsExact"}]},
	   {"type": "quality", "description": "social-value commitments (TOMs)", "numbers": [{"number": 25, "weight": "pointsExact"}]}]'),
	('thirds 1 / 1 / 1 points', '[{"type": "cost", "numbers": [{"number": 1, "weight": "pointsRangeMiddle"}]},
	   {"type": "quality", "numbers": [{"number": "1", "weight": "pointsExact"}]},
	   {"name": "Social value", "numbers": [{"number": 1, "weight": "pointsExact"}]}]'),
	('percent strings 70 / 30', '[{"type": "price", "numbers": [{"number": "70", "weight": "percentageExact"}]},
	   {"type": "quality", "numbers": [{"number": 30.0, "weight": "percentageRangeMiddle"}]}]'),
	('order only: no weights', '[{"type": "price", "numbers": [{"number": 1, "weight": "order"}]}]'),
	('no criteria', '[]')
) v (name, criteria), LATERAL ocds_weights(v.criteria) w;
-- lots weighted differently: the tender keeps its weights, and says why
SELECT i.object, i.id, i.action, i.note FROM import_ocds('{"ocid": "ocds-ex-lots", "tender": {"lots": [
	{"id": "1", "awardCriteria": {"criteria": [{"type": "price", "numbers": [{"number": 100, "weight": "percentageExact"}]}]}},
	{"id": "2", "awardCriteria": {"criteria": [{"type": "quality", "numbers": [{"number": 100, "weight": "percentageExact"}]}]}}]}}') i;

----------------------------------------------------------------------
-- Packages, records and publishers' quirks
-- a release package of two releases of one process, the later one first:
-- they are applied oldest first, so the later one (2026-02-01) has the last word
SELECT object, id, action, note FROM import_ocds('{"uri": "https://example.org/p", "publishedDate": "2026-02-02T00:00:00Z",
	"releases": [
	{"ocid": "ocds-q-1", "id": "r2", "date": "2026-02-01T00:00:00Z",
	 "tender": {"title": "Meals on wheels (amended)", "value": {"amount": 250000.5, "currency": "GBP"}},
	 "bids": {"details": [{"id": "A", "tenderers": [{"id": "GB-COH-1", "name": "  Kitchen Co-op "}], "value": {"amount": "1200.50", "currency": "GBP"}, "relatedLots": [{"id": "L1"}]},
	                      {"id": 7, "tenderers": null, "value": null, "relatedLots": null, "status": null}]}},
	{"ocid": "ocds-q-1", "id": "r1", "date": "2026-01-01T00:00:00Z",
	 "tender": {"title": "Meals on wheels", "lots": [{"id": "L1", "title": "North", "value": {"amount": 1e5, "currency": "GBP"}}]}}]}');
SELECT id, title, contract_value FROM tender WHERE id = 'ocds-q-1';
SELECT b.id, b.bidder, b.price, o.ocds_id, o.currency, o.related_lots, o.tenderer_ids
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id WHERE o.tender_id = 'ocds-q-1' ORDER BY 1;
SELECT release_id FROM ocds_tender WHERE ocid = 'ocds-q-1';
-- an older release afterwards is skipped
SELECT object, id, action, note FROM import_ocds('{"ocid": "ocds-q-1", "id": "r0", "date": "2025-12-01T00:00:00Z", "tender": {"title": "Old title"}}');
-- a record package: compiled release, embedded releases in date order, linked releases skipped
SELECT ocid, object, id, action, note FROM import_ocds('{"records": [
	{"ocid": "ocds-q-2", "compiledRelease": {"ocid": "ocds-q-2", "id": "c", "tender": {"title": "Compiled"}},
	 "releases": [{"url": "https://example.org/r1.json", "date": "2026-01-01T00:00:00Z", "tag": ["tender"]}]},
	{"ocid": "ocds-q-3", "releases": [
		{"ocid": "ocds-q-3", "id": "b", "date": "2026-03-01", "tender": {"title": "Second"}},
		{"ocid": "ocds-q-3", "id": "a", "date": "2026-02-01", "tender": {"title": "First"}}]},
	{"ocid": "ocds-q-4", "releases": [{"url": "https://example.org/q4.json", "date": "2026-01-01T00:00:00Z", "tag": ["tender"]}]}]}');
SELECT id, title FROM tender WHERE id IN ('ocds-q-2', 'ocds-q-3', 'ocds-q-4') ORDER BY 1;
-- a bare array of releases, and a single record
SELECT object, id, action FROM import_ocds('[{"ocid": "ocds-q-5", "tender": {"title": "Array"}}]');
SELECT object, id, action FROM import_ocds('{"ocid": "ocds-q-6", "releases": [{"ocid": "ocds-q-6", "id": "x", "tender": {"title": "Record"}}]}');

----------------------------------------------------------------------
-- Updates: a price changes, a bid is withdrawn (removed when it has no
-- responses, kept when it has), a new bid arrives
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('ocds-q-1/7', 'environment-stewardship.answer', 3);
SELECT object, id, action, note FROM import_ocds('{"ocid": "ocds-q-1", "id": "r3", "date": "2026-03-01T00:00:00Z",
	"bids": {"details": [{"id": "A", "status": "withdrawn"}, {"id": 7, "status": "withdrawn"},
	                     {"id": "B", "tenderers": [{"name": "Wheels Ltd"}], "value": {"amount": 990, "currency": "GBP"}}]}}');
SELECT b.id, b.bidder, b.price, o.status FROM bid b JOIN ocds_bid o ON o.bid_id = b.id WHERE o.tender_id = 'ocds-q-1' ORDER BY 1;

-- an awarded tender keeps what the award froze; the published statuses still follow
UPDATE tender SET social_weight = 10, price_weight = 90 WHERE id = 'ocds-be6bcu-UA-2016-06-08-000504-c';
CALL award('ocds-be6bcu-UA-2016-06-08-000504-c');
SELECT object, id, action, note FROM import_ocds(jsonb_set(jsonb_set(:'ukraine'::jsonb, '{date}', '"2017-01-01T00:00:00Z"'),
	'{bids,details,0}', (:'ukraine'::jsonb #> '{bids,details,0}') || '{"status": "valid", "value": {"amount": 1, "currency": "UAH"}}'))
WHERE action <> 'unchanged';
SELECT b.price, o.status FROM bid b JOIN ocds_bid o ON o.bid_id = b.id WHERE o.ocds_id = '08ab6cea15304ea5be63fe2981291075';

----------------------------------------------------------------------
-- Malformed data: every problem with its JSON path, and nothing imported
SELECT count(*) AS tenders_before FROM tender;
SELECT pg_temp.try($$SELECT * FROM svtoms.import_ocds('{"releases": [
	{"id": "no ocid"},
	{"ocid": "bad ocid!", "date": "yesterday"},
	{"ocid": "ocds-bad-1", "tender": {"value": {"amount": "lots", "currency": 5}, "minValue": null, "x": {"amount": 1e40}, "lots": [{"title": "no id"}, 3],
	   "lotGroups": [{"id": "g", "awardCriteria": {"criteria": [{"numbers": [{"number": "x", "weight": "percent"}]}]}}]}},
	{"ocid": "ocds-bad-2", "bids": {"details": [{"id": "1", "value": {"amount": -5}}, {"id": "1"}, {"value": {}},
	   {"id": "3", "tenderers": "Acme", "relatedLots": [true], "status": 1, "date": "2026-13-45"}, "bid"]}},
	{"ocid": "ocds-bad-3", "bids": {"details": {"id": "1"}}},
	{"ocid": "ocds-bad-4", "bids": {"details": [{"id": "1", "value": {"amount": 1e40}}]}},
	"not a release"]}')$$);
SELECT count(*) AS tenders_after FROM tender;
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$SELECT * FROM svtoms.import_ocds('"just text"')$$),
	($$SELECT * FROM svtoms.import_ocds('{"publisher": {"name": "x"}}')$$),
	($$SELECT * FROM svtoms.import_ocds('{"releases": []}')$$),
	($$SELECT * FROM svtoms.import_ocds('{"releases": {"ocid": "x"}}')$$),
	($$SELECT * FROM svtoms.import_ocds('{"records": [{"ocid": "x"}, 5]}')$$),
	($$SELECT * FROM svtoms.import_ocds(NULL)$$),
	($$SELECT * FROM svtoms.import_ocds('{"ocid": "ocds-x"}', framework_id => 'no-such-framework')$$),
	($$SELECT svtoms.ocds_bids('no-such-tender')$$)
) v(q);

-- ids already taken: a tender linked to another process, a bid id of another tender
INSERT INTO tender (id, framework_id, price_weight, quality_weight, social_weight)
VALUES ('ocds-q-9', 'toms-sample', 100, 0, 0), ('own-tender', 'toms-sample', 100, 0, 0);
INSERT INTO ocds_tender (tender_id, ocid) VALUES ('ocds-q-9', 'ocds-elsewhere');
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('ocds-q-7/1', 'own-tender', 'Local', 1);
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$SELECT * FROM svtoms.import_ocds('{"ocid": "ocds-q-9", "tender": {"title": "Taken"}}')$$),
	($$SELECT * FROM svtoms.import_ocds('[{"ocid": "ocds-q-7", "tender": {"title": "New"}}, {"ocid": "ocds-q-8", "tender": {"title": "Also new"}},
		{"ocid": "ocds-q-7", "date": "2026-05-01", "bids": {"details": [{"id": 1}]}}]')$$)
) v(q);
SELECT count(*) AS q7_or_q8 FROM tender WHERE id IN ('ocds-q-7', 'ocds-q-8');

-- a bid svtoms disqualifies is exported as disqualified, without a rank:
-- in scope only environment stewardship, which bid 7 answers and bid B does
-- not (social value weighs 10, so an unanswered outcome counts)
UPDATE bid SET price = 1000 WHERE id = 'ocds-q-1/7';
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('ocds-q-1', 'environment-stewardship');
UPDATE tender SET missing_policy = 'disqualify', price_weight = 90, quality_weight = 0, social_weight = 10
WHERE id = 'ocds-q-1';
SELECT d ->> 'id' AS id, d ->> 'status' AS status, d -> 'hasRank' AS has_rank, d -> 'rank' AS rank
FROM jsonb_array_elements(ocds_bids('ocds-q-1') -> 'details') d;
SELECT s ->> 'measure' AS measure, s -> 'value' AS value FROM jsonb_array_elements(ocds_bids('ocds-q-1') -> 'statistics') s;

ROLLBACK;
