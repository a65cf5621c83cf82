-- OCDS in and out: svtoms.import_ocds and svtoms.ocds_bids, on real published data
SET search_path = public, svtoms;

\i test/include/try.sql

BEGIN;

----------------------------------------------------------------------
-- A real ProZorro release (Ukraine): a bare release, floats, awardCriteria
-- lowestCost, five bids with the publisher's own status "active", no lots.
-- Its awards: the lowest bid's (1800, supplier 40126602, no relatedBid) is
-- unsuccessful, so that bid is rejected; the next lowest (2875) is active.
\set ukraine `cat test/data/ocds/sample-data/ukraine/ocds-be6bcu-UA-2016-06-08-000504-c-2aa52fb7af274126af4f629fd7a11a04.json`
SELECT object, id, action, note FROM import_ocds(:'ukraine');
SELECT id, title, contract_value, price_weight, quality_weight, social_weight, framework_id
FROM tender WHERE id LIKE 'ocds-be6bcu%';
SELECT ocid, release_id, release_date AT TIME ZONE 'UTC' AS release_date, status, currency, award_criteria, weights_from
FROM ocds_tender;
SELECT b.id, b.bidder, b.price, o.ocds_id, o.status, o.currency, o.tenderer_ids
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id ORDER BY b.price;
SELECT o.ocds_id, b.price, b.lot_id, b.compliance, b.rejection_reason
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id ORDER BY b.price;
-- importing the same data again changes nothing
SELECT action, count(*) FROM import_ocds(:'ukraine') GROUP BY action;

-- out again: the bids ranked by svtoms (price only: 2875 < 2900 < 3000 < 3375;
-- 1800 rejected, so disqualified without a rank): rank 1 is the bid of the
-- published active award (2875, supplier 14017091)
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
-- is rejected (kept, not ranked); relatedLots naming lots the tender does
-- not list leave the bids for the tender as a whole, with a note
\set bids1 `cat test/data/ocds/extensions/ocds_bid_extension/README-example-1.json`
\set bids2 `cat test/data/ocds/extensions/ocds_bid_extension/README-example-2.json`
SELECT object, id, action, note
FROM import_ocds(jsonb_build_object('ocid', 'ocds-ex-bids1', 'id', '1', 'date', '2016-12-20T00:00:00Z') || :'bids1');
SELECT object, id, action, note
FROM import_ocds(jsonb_build_object('ocid', 'ocds-ex-bids2', 'id', '1') || :'bids2');
SELECT o.tender_id, b.id, b.bidder, b.price, o.status, o.currency, o.related_lots, b.lot_id, b.compliance,
	   b.rejection_reason
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id WHERE o.tender_id LIKE 'ocds-ex-bids%' ORDER BY b.id;
SELECT jsonb_pretty(ocds_bids('ocds-ex-bids1'));

----------------------------------------------------------------------
-- Lots and rejected bids.  A price-only tender with lots L1 and L2 (so
-- each lot's ranking is its bids' prices, lowest first):
--   a1  relatedLots ["L1"]        100  valid
--   a2  relatedLot "L1"            90  active (ProZorro's valid)
--   a3  relatedLot "L2"           200
--   a4  relatedLots [{"id": "L2"}] 150 not-qualified: rejected
--   a5  relatedLots ["L1", "L2"]   50  several lots: tender as a whole, noted
--   a6  relatedLot "L9"            60  not a lot of the tender: whole, noted
--   a7  L2                        120  disqualified: rejected
--   a8  invited, a9 withdrawn: not bids
--   a10 L2                        180  status "mystery": noted, evaluated
--   a11 L1, tenderer GB-11         80  award w1 unsuccessful, no relatedBid,
--                                      supplier GB-11, lot L1: rejected
--   a12 L2                        130  award w2 unsuccessful, relatedBid a12: rejected
--   a13 L1                        --   no value: unpriced
-- Awards w3 (active, a2) and w7 (active, supplier GB-10 for L2) are not
-- used; w4 names a bid that does not exist, w5 a supplier without a bid,
-- w6 has an unknown status, w8 names a supplier with bids in two lots
-- and no lot: each noted.
\set lots '{"ocid": "ocds-lots", "id": "r1", "date": "2026-04-01T00:00:00Z", "tender": {"title": "Grounds maintenance", "awardCriteria": "lowestCost", "value": {"amount": 1000, "currency": "GBP"}, "lots": [{"id": "L1", "title": "North"}, {"id": "L2", "title": "South"}]}, "bids": {"details": [{"id": "a1", "status": "valid", "relatedLots": ["L1"], "tenderers": [{"id": "GB-1", "name": "One"}], "value": {"amount": 100, "currency": "GBP"}}, {"id": "a2", "status": "active", "relatedLot": "L1", "tenderers": [{"id": "GB-2", "name": "Two"}], "value": {"amount": 90, "currency": "GBP"}}, {"id": "a3", "relatedLot": "L2", "tenderers": [{"id": "GB-3", "name": "Three"}], "value": {"amount": 200, "currency": "GBP"}}, {"id": "a4", "status": "not-qualified", "relatedLots": [{"id": "L2"}], "tenderers": [{"id": "GB-4", "name": "Four"}], "value": {"amount": 150, "currency": "GBP"}}, {"id": "a5", "relatedLots": ["L1", "L2"], "tenderers": [{"id": "GB-5", "name": "Five"}], "value": {"amount": 50, "currency": "GBP"}}, {"id": "a6", "relatedLot": "L9", "tenderers": [{"id": "GB-6", "name": "Six"}], "value": {"amount": 60, "currency": "GBP"}}, {"id": "a7", "status": "disqualified", "relatedLots": ["L2"], "tenderers": [{"id": "GB-7", "name": "Seven"}], "value": {"amount": 120, "currency": "GBP"}}, {"id": "a8", "status": "invited", "relatedLots": ["L1"], "tenderers": [{"id": "GB-8", "name": "Eight"}]}, {"id": "a9", "status": "withdrawn", "relatedLots": ["L2"], "tenderers": [{"id": "GB-9", "name": "Nine"}], "value": {"amount": 10, "currency": "GBP"}}, {"id": "a10", "status": "mystery", "relatedLots": ["L2"], "tenderers": [{"id": "GB-10", "name": "Ten"}], "value": {"amount": 180, "currency": "GBP"}}, {"id": "a11", "status": "valid", "relatedLots": ["L1"], "tenderers": [{"name": "Eleven", "identifier": {"scheme": "GB-COH", "id": "GB-11"}}], "value": {"amount": 80, "currency": "GBP"}}, {"id": "a12", "relatedLots": ["L2"], "tenderers": [{"id": "GB-12", "name": "Twelve"}], "value": {"amount": 130, "currency": "GBP"}}, {"id": "a13", "relatedLots": ["L1"], "tenderers": [{"id": "GB-13", "name": "Thirteen"}]}]}, "awards": [{"id": "w1", "status": "unsuccessful", "relatedLots": ["L1"], "suppliers": [{"name": "Eleven", "identifier": {"scheme": "GB-COH", "id": "GB-11"}}]}, {"id": "w2", "status": "unsuccessful", "relatedBid": "a12", "suppliers": [{"id": "GB-12"}]}, {"id": "w3", "status": "active", "relatedBids": ["a2"]}, {"id": "w4", "status": "unsuccessful", "relatedBid": "nope"}, {"id": "w5", "status": "unsuccessful", "relatedLot": "L2", "suppliers": [{"id": "GB-99", "name": "Nobody"}]}, {"id": "w6", "status": "revoked", "relatedBid": "a3"}, {"id": "w7", "status": "active", "relatedLots": ["L2"], "suppliers": [{"id": "GB-10"}]}, {"id": "w8", "status": "unsuccessful", "suppliers": [{"id": "GB-5"}, {"id": "GB-3"}]}]}'
SELECT object, id, action, note FROM import_ocds(:'lots');
SELECT id, title FROM lot WHERE tender_id = 'ocds-lots' ORDER BY id;
SELECT o.ocds_id, b.price, b.lot_id, b.compliance, b.rejection_reason, o.status, o.related_lots
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id WHERE b.tender_id = 'ocds-lots'
ORDER BY b.lot_id NULLS FIRST, b.price NULLS LAST;
-- importing it again changes nothing
SELECT action, count(*) FROM import_ocds(:'lots') GROUP BY action ORDER BY action;
-- each lot ranked on its own: L1 a2 (90) 1, a1 (100) 2; L2 a10 (180) 1,
-- a3 (200) 2; for the tender as a whole a5 (50) 1, a6 (60) 2
SELECT lot_id, bid_id, price, rank, status FROM evaluate('ocds-lots');
-- out: rejected bids are disqualified without a rank, the unpriced one
-- pending; ranks within each lot (relatedLots)
SELECT d ->> 'id' AS id, d -> 'relatedLots' AS lots, d ->> 'status' AS status, d -> 'hasRank' AS has_rank,
	   d -> 'rank' AS rank, d #> '{value,amount}' AS amount
FROM jsonb_array_elements(ocds_bids('ocds-lots') -> 'details') d;
-- statistics: counts for the whole tender (13 bids less a8 and a9: 11),
-- then every statistic of each lot; no lowest value across lots
SELECT s ->> 'id' AS id, s ->> 'relatedLot' AS lot, s ->> 'measure' AS measure, s -> 'value' AS value,
	   s ->> 'currency' AS currency
FROM jsonb_array_elements(ocds_bids('ocds-lots') -> 'statistics') s;

-- a later release: a4 now valid and w2 cancelled, so a4 and a12 compete
-- again; a1 is rejected by an evaluator (not by the import), which a
-- later import keeps; w1 is not in this release, so a11 stays rejected
UPDATE bid SET compliance = 'rejected', rejection_reason = 'samples not delivered' WHERE id = 'ocds-lots/a1';
SELECT object, id, action, note
FROM import_ocds(jsonb_set(jsonb_set(jsonb_set(:'lots'::jsonb, '{date}', '"2026-05-01T00:00:00Z"'),
	'{bids,details,3,status}', '"valid"'),
	'{awards}', '[{"id": "w2", "status": "cancelled", "relatedBid": "a12"}]'))
WHERE action <> 'unchanged' OR object = 'award';
SELECT o.ocds_id, b.lot_id, b.compliance, b.rejection_reason
FROM bid b JOIN ocds_bid o ON o.bid_id = b.id
WHERE o.ocds_id IN ('a1', 'a4', 'a11', 'a12') AND b.tender_id = 'ocds-lots' ORDER BY 1;
-- awards in a release of their own reject bids imported before, each
-- reported on a bid row: w9, unsuccessful for lot L2 to supplier GB-3,
-- rejects a3; w10 rejects a2, the last bid of L1 that could be ranked
SELECT object, id, action, note FROM import_ocds('{"ocid": "ocds-lots", "id": "r3", "date": "2026-06-01T00:00:00Z",
	"awards": [{"id": "w9", "status": "unsuccessful", "relatedLots": ["L2"], "suppliers": [{"id": "GB-3", "name": "Three"}]},
			   {"id": "w10", "status": "unsuccessful", "relatedBids": ["a2"]}]}');
SELECT o.ocds_id, b.compliance, b.rejection_reason FROM bid b JOIN ocds_bid o ON o.bid_id = b.id
WHERE b.tender_id = 'ocds-lots' AND o.ocds_id IN ('a2', 'a3') ORDER BY 1;
-- no bid of L1 ranked: a1 and a2 rejected, a11 rejected, a13 unpriced; L2
-- ranks a12 (130), a4 (150) and a10 (180)
SELECT lot_id, bid_id, price, rank, status FROM evaluate('ocds-lots');
SELECT s ->> 'relatedLot' AS lot, s ->> 'measure' AS measure, s -> 'value' AS value
FROM jsonb_array_elements(ocds_bids('ocds-lots') -> 'statistics') s WHERE s ->> 'relatedLot' = 'L1';

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
-- nor does a bid published after the award, a disqualification or an
-- unsuccessful award: each is noted, the award stands
SELECT object, id, action, note FROM import_ocds(jsonb_set(jsonb_set(jsonb_set(:'ukraine'::jsonb, '{date}', '"2017-02-01T00:00:00Z"'),
	'{bids,details}', jsonb_set(:'ukraine'::jsonb #> '{bids,details}', '{3,status}', '"disqualified"')
					  || '[{"id": "late", "value": {"amount": 10, "currency": "UAH"}}]'),
	'{awards}', (:'ukraine'::jsonb -> 'awards') || '[{"id": "x", "status": "unsuccessful", "relatedBid": "bdbe740c864d46229f60c1b241617bf3"}]'))
WHERE action <> 'unchanged';
SELECT o.ocds_id, b.compliance, e.rank FROM evaluate('ocds-be6bcu-UA-2016-06-08-000504-c') e
JOIN bid b ON b.id = e.bid_id JOIN ocds_bid o ON o.bid_id = b.id ORDER BY e.rank NULLS LAST;

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
	{"ocid": "ocds-bad-5", "bids": {"details": [{"id": "1", "relatedLot": ["L1"]}]},
	 "awards": [{"id": "1", "status": 3, "relatedBid": {"id": "1"}, "relatedBids": "1", "suppliers": ["Acme"], "relatedLots": "L1"}, "award"]},
	{"ocid": "ocds-bad-6", "awards": {"id": "1"}},
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

-- a bid planted under the id the import gives a published bid: a bidder,
-- who may insert its own bids and responses, makes its rival's bid id
-- ahead of the release, with its own answers.  The import takes only the
-- bids it made for the process (those in ocds_bid): it refuses the
-- release, names the id, and imports nothing of it, the tender's new
-- title and b1's new price included
SELECT object, id, action FROM import_ocds('{"ocid": "ocds-plant", "id": "p1", "date": "2026-01-01T00:00:00Z",
	"tender": {"title": "Street lighting"},
	"bids": {"details": [{"id": "b1", "tenderers": [{"id": "GB-S", "name": "Sly Ltd"}], "value": {"amount": 500, "currency": "GBP"}}]}}');
CREATE ROLE regress_ocds_bidder IN ROLE svtoms_bidder;
INSERT INTO bidder_account (role_name, bidder) VALUES ('regress_ocds_bidder', 'Sly Ltd');
SET LOCAL ROLE regress_ocds_bidder;
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('ocds-plant/b2', 'ocds-plant', 'Sly Ltd', 1);
INSERT INTO svtoms.response (bid_id, measure_code, quantity)
VALUES ('ocds-plant/b2', 'environment-stewardship.answer', 3), ('ocds-plant/b2', 'health-wellbeing.answer', 2);
RESET ROLE;
\set plant2 '{"ocid": "ocds-plant", "id": "p2", "date": "2026-02-01T00:00:00Z", "tender": {"title": "Street lighting (amended)"}, "bids": {"details": [{"id": "b1", "tenderers": [{"id": "GB-S", "name": "Sly Ltd"}], "value": {"amount": 450, "currency": "GBP"}}, {"id": "b2", "tenderers": [{"id": "GB-R", "name": "Rival Ltd"}], "value": {"amount": 400, "currency": "GBP"}}]}}'
-- (withdrawn in the source: the planted bid is neither removed nor kept as the import's)
SELECT release, pg_temp.try(q) AS error FROM (VALUES
	('b2 published', format('SELECT * FROM svtoms.import_ocds(%L)', :'plant2')),
	('b2 withdrawn', $$SELECT * FROM svtoms.import_ocds('{"ocid": "ocds-plant", "id": "p2", "date": "2026-02-01T00:00:00Z",
		"bids": {"details": [{"id": "b2", "status": "withdrawn"}]}}')$$)
) v(release, q);
SELECT t.title, o.release_id FROM tender t JOIN ocds_tender o ON o.tender_id = t.id WHERE t.id = 'ocds-plant';
SELECT b.id, b.bidder, b.price, o.ocds_id, (SELECT count(*) FROM response r WHERE r.bid_id = b.id) AS responses
FROM bid b LEFT JOIN ocds_bid o ON o.bid_id = b.id WHERE b.tender_id = 'ocds-plant' ORDER BY b.id;
-- once the planted bid is gone, the release imports; importing it again
-- changes nothing, and a response entered on an imported bid stays its own
DELETE FROM bid WHERE id = 'ocds-plant/b2';
SELECT object, id, action, note FROM import_ocds(:'plant2');
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('ocds-plant/b2', 'health-wellbeing.answer', 1);
SELECT object, id, action, note FROM import_ocds(:'plant2');
SELECT b.id, b.bidder, b.price, o.ocds_id, (SELECT count(*) FROM response r WHERE r.bid_id = b.id) AS responses
FROM bid b LEFT JOIN ocds_bid o ON o.bid_id = b.id WHERE b.tender_id = 'ocds-plant' ORDER BY b.id;

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
