-- framework interchange as JSON: export, import, exact round trip, validation
SET search_path = public, svtoms;

\i test/include/try.sql

-- the shape of a document
SELECT jsonb_pretty(framework_json('uk-social-value-model-2020') #- '{themes,1}' #- '{themes,1}' #- '{themes,1}' #- '{themes,1}');
SELECT jsonb_array_length(framework_json('ccin-coop-2022') -> 'themes') AS themes,
       jsonb_array_length(framework_json('ccin-coop-2022') -> 'longlist') AS longlist,
       jsonb_array_length(framework_json('toms-sample') -> 'value_sets') AS value_sets;

-- copy a bundled framework under a new id and name, to adapt it
SELECT import_framework(framework_json('ccin-coop-2022')
	|| '{"id": "coop-oxford", "name": "Oxford cooperative values", "value_sets": []}');
SELECT (SELECT count(*) FROM measure WHERE framework_id = 'coop-oxford') AS measures,
       (SELECT count(*) FROM measure WHERE framework_id = 'coop-oxford' AND evidence = 'proxy') AS proxies,
       (SELECT count(*) FROM benefit_longlist WHERE framework_id = 'coop-oxford') AS longlist,
       (SELECT bundled FROM framework WHERE id = 'coop-oxford') AS bundled;
UPDATE measure SET max_points = 20 WHERE framework_id = 'coop-oxford' AND code = 'PA1a';

-- export, delete, import: the same document comes back, value sets included
SELECT import_framework(framework_json('toms-sample')
	|| jsonb_build_object('id', 'toms-copy', 'name', 'Sample copy', 'description', NULL,
		'value_sets', jsonb_build_array(framework_json('toms-sample') -> 'value_sets' -> 0
			|| '{"id": "toms-copy-values", "valid_from": "2027-04-01"}')));
CREATE TABLE exported AS SELECT framework_json('toms-copy') AS doc;
DELETE FROM framework WHERE id = 'toms-copy';
SELECT import_framework(doc) FROM exported;
SELECT framework_json('toms-copy') = doc AS identical, framework_json('toms-copy')::text = doc::text AS identical_text
FROM exported;
SELECT doc -> 'value_sets' -> 0 -> 'values' -> 4 AS one_value FROM exported;

-- a framework written by hand: defaults fill what is left out
SELECT import_framework('{
	"id": "minimal", "name": "Minimal", "valuation": "points",
	"themes": [{"code": "t", "name": "T", "outcomes": [{"code": "o", "name": "O",
		"measures": [{"code": "m", "name": "M"}]}]}]}');
SELECT framework_json('minimal');

-- every problem is reported at once, with its path, and nothing is imported
SELECT pg_temp.try($q$SELECT svtoms.import_framework('{
	"id": "broken framework", "name": "", "valuation": "euros", "currency": "pounds", "colour": "red",
	"themes": [
		{"code": "a", "name": "A", "weight": -1, "outcomes": [
			{"code": "o1", "name": "O1", "measures": [
				{"code": "m1", "name": "M1", "unit_kind": "litres", "direction": "up", "evidence": "rumour", "max_points": -3},
				{"code": "m1", "name": "M1 again"}]}]},
		{"code": "a", "name": "A again", "outcomes": [{"code": "o1", "measures": "none"}]}],
	"value_sets": [
		{"id": "toms-sample-illustrative", "name": "Taken", "valid_from": "2026-13-01", "values": [
			{"measure_code": "zz", "proxy_value": -1, "deadweight": 2, "years": 0},
			{"measure_code": "m1", "proxy_value": "12"}]}],
	"longlist": [{"position": 0, "theme_code": "nope", "benefit": "B", "proven": "maybe", "easily_evidenced": "Y", "causal_research": "N"}]
}')$q$);
SELECT count(*) AS imported FROM framework WHERE id IN ('broken framework', 'broken');
SELECT pg_temp.try($q$SELECT svtoms.import_framework('[1, 2]')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_framework(svtoms.framework_json('toms-sample'))$q$);
SELECT pg_temp.try($q$SELECT svtoms.framework_json('no-such-framework')$q$);
SELECT framework_json(NULL) IS NULL AS strict_null;

DELETE FROM framework WHERE id IN ('coop-oxford', 'toms-copy', 'minimal');
DROP TABLE exported;
