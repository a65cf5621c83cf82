--------------------------------------------------------------------------
-- Frameworks as data: framework -> theme -> outcome -> measure, value sets
-- with per-measure proxy values and SROI factors, and the longlist of
-- benefits a framework was derived from.
--
-- Rows of the frameworks bundled with svtoms are marked bundled: they are
-- loaded by CREATE EXTENSION, left out of pg_dump, and read-only.
--------------------------------------------------------------------------

CREATE TABLE svtoms.framework (
	id text PRIMARY KEY
		CONSTRAINT framework_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]*$'),
	name text NOT NULL CONSTRAINT framework_name_not_blank CHECK (btrim(name) <> ''),
	version text NOT NULL DEFAULT '1',
	valuation text NOT NULL
		CONSTRAINT framework_valuation_known CHECK (valuation IN ('monetary', 'points')),
	currency text DEFAULT 'GBP'
		CONSTRAINT framework_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
	source text NOT NULL DEFAULT 'not recorded',
	licence text NOT NULL DEFAULT 'not recorded',
	description text,
	bundled boolean NOT NULL DEFAULT false,
	CONSTRAINT framework_name_version_unique UNIQUE (name, version),
	CONSTRAINT framework_monetary_has_currency CHECK (valuation = 'points' OR currency IS NOT NULL)
);
COMMENT ON TABLE svtoms.framework IS
	'a Themes, Outcomes, Measures framework in one version: monetary (valued with proxy values) or points';
COMMENT ON COLUMN svtoms.framework.id IS 'text key, one per framework version, e.g. ccin-coop-2022';
COMMENT ON COLUMN svtoms.framework.valuation IS 'monetary: responses valued with a value set; points: measures scored across bids';
COMMENT ON COLUMN svtoms.framework.currency IS 'ISO 4217 currency of monetary values';
COMMENT ON COLUMN svtoms.framework.source IS 'where the framework comes from';
COMMENT ON COLUMN svtoms.framework.licence IS 'the licence the framework is used under';
COMMENT ON COLUMN svtoms.framework.bundled IS 'shipped with svtoms: read-only and left out of dumps';

CREATE TABLE svtoms.theme (
	framework_id text NOT NULL REFERENCES svtoms.framework (id) ON UPDATE CASCADE ON DELETE CASCADE,
	code text NOT NULL CONSTRAINT theme_code_not_blank CHECK (btrim(code) <> ''),
	name text NOT NULL,
	weight numeric NOT NULL DEFAULT 1
		CONSTRAINT theme_weight_not_negative CHECK (weight >= 0 AND weight NOT IN ('NaN', 'Infinity')),
	PRIMARY KEY (framework_id, code)
);
COMMENT ON TABLE svtoms.theme IS 'the broad aims of a framework';
COMMENT ON COLUMN svtoms.theme.weight IS 'weight of the theme in svtoms.weighted_net (default 1)';

CREATE TABLE svtoms.outcome (
	framework_id text NOT NULL,
	code text NOT NULL CONSTRAINT outcome_code_not_blank CHECK (btrim(code) <> ''),
	theme_code text NOT NULL,
	name text NOT NULL,
	PRIMARY KEY (framework_id, code),
	FOREIGN KEY (framework_id, theme_code) REFERENCES svtoms.theme (framework_id, code)
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE svtoms.outcome IS 'the changes a framework seeks, each under one theme';

CREATE TABLE svtoms.measure (
	framework_id text NOT NULL,
	code text NOT NULL CONSTRAINT measure_code_not_blank CHECK (btrim(code) <> ''),
	outcome_code text NOT NULL,
	name text NOT NULL,
	unit text,
	unit_kind text NOT NULL DEFAULT 'count'
		CONSTRAINT measure_unit_kind_known CHECK (unit_kind IN
			('count', 'percent', 'ratio', 'boolean', 'money', 'hours', 'days', 'weeks',
			 'fte', 'tonnes', 'score')),
	direction text NOT NULL DEFAULT 'higher_better'
		CONSTRAINT measure_direction_known CHECK (direction IN ('higher_better', 'lower_better')),
	evidence text NOT NULL DEFAULT 'robust'
		CONSTRAINT measure_evidence_known CHECK (evidence IN ('robust', 'proxy')),
	exclusive_group text CONSTRAINT measure_exclusive_group_not_blank CHECK (btrim(exclusive_group) <> ''),
	max_points numeric
		CONSTRAINT measure_max_points_not_negative CHECK (max_points >= 0 AND max_points NOT IN ('NaN', 'Infinity')),
	PRIMARY KEY (framework_id, code),
	FOREIGN KEY (framework_id, outcome_code) REFERENCES svtoms.outcome (framework_id, code)
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE svtoms.measure IS 'the verifiable quantities a bid commits to, each towards one outcome';
COMMENT ON COLUMN svtoms.measure.unit_kind IS
	'count, percent, ratio, boolean, money, hours, days, weeks, fte, tonnes or score';
COMMENT ON COLUMN svtoms.measure.direction IS 'higher_better or lower_better';
COMMENT ON COLUMN svtoms.measure.evidence IS
	'robust: verifiable at tender; proxy: only an indirect indicator, excluded from procurement scores';
COMMENT ON COLUMN svtoms.measure.exclusive_group IS
	'measures in one group count the same value twice: only the largest response in a group counts';
COMMENT ON COLUMN svtoms.measure.max_points IS 'points of the measure in a points framework';

CREATE TABLE svtoms.value_set (
	id text PRIMARY KEY
		CONSTRAINT value_set_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]*$'),
	framework_id text NOT NULL REFERENCES svtoms.framework (id) ON UPDATE CASCADE ON DELETE CASCADE,
	name text NOT NULL,
	valid_from date NOT NULL DEFAULT CURRENT_DATE,
	source text NOT NULL DEFAULT 'not recorded',
	licence text NOT NULL DEFAULT 'not recorded',
	bundled boolean NOT NULL DEFAULT false,
	price_base_year integer CONSTRAINT value_set_price_base_year_range CHECK (price_base_year BETWEEN 1 AND 9999),
	CONSTRAINT value_set_framework_unique UNIQUE (id, framework_id)
);
COMMENT ON TABLE svtoms.value_set IS
	'proxy values and SROI factors for the measures of a framework, with their source and licence';
COMMENT ON COLUMN svtoms.value_set.source IS 'where the values come from';
COMMENT ON COLUMN svtoms.value_set.licence IS 'the licence the values are held under';
COMMENT ON COLUMN svtoms.value_set.bundled IS 'shipped with svtoms: read-only and left out of dumps';
COMMENT ON COLUMN svtoms.value_set.price_base_year IS 'the year in whose prices the proxy values are (NULL: not recorded)';

CREATE TABLE svtoms.measure_value (
	value_set_id text NOT NULL,
	measure_code text NOT NULL,
	framework_id text NOT NULL,
	proxy_value numeric NOT NULL
		CONSTRAINT measure_value_proxy_not_negative CHECK (proxy_value >= 0 AND proxy_value NOT IN ('NaN', 'Infinity')),
	deadweight numeric NOT NULL DEFAULT 0
		CONSTRAINT measure_value_deadweight_fraction CHECK (deadweight BETWEEN 0 AND 1),
	attribution numeric NOT NULL DEFAULT 0
		CONSTRAINT measure_value_attribution_fraction CHECK (attribution BETWEEN 0 AND 1),
	displacement numeric NOT NULL DEFAULT 0
		CONSTRAINT measure_value_displacement_fraction CHECK (displacement BETWEEN 0 AND 1),
	dropoff numeric NOT NULL DEFAULT 0
		CONSTRAINT measure_value_dropoff_fraction CHECK (dropoff BETWEEN 0 AND 1),
	years integer NOT NULL DEFAULT 1
		CONSTRAINT measure_value_years_range CHECK (years BETWEEN 1 AND 100),
	-- the range the proxy value may take (svtoms.rank_acceptability draws
	-- from it); both or neither, around the proxy value
	low_value numeric,
	high_value numeric,
	CONSTRAINT measure_value_range_pair CHECK ((low_value IS NULL) = (high_value IS NULL)),
	CONSTRAINT measure_value_range_around_proxy
		CHECK (low_value >= 0 AND low_value <= proxy_value AND proxy_value <= high_value
			   AND high_value NOT IN ('NaN', 'Infinity')),
	PRIMARY KEY (value_set_id, measure_code),
	FOREIGN KEY (value_set_id, framework_id) REFERENCES svtoms.value_set (id, framework_id)
		ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (framework_id, measure_code) REFERENCES svtoms.measure (framework_id, code)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.measure_value IS
	'a proxy value per unit of a measure, with the SROI factors sroi_value applies';
COMMENT ON COLUMN svtoms.measure_value.framework_id IS 'the framework of the value set; filled in on insert';
COMMENT ON COLUMN svtoms.measure_value.proxy_value IS 'value per unit of the measure, in the framework currency';
COMMENT ON COLUMN svtoms.measure_value.low_value IS
	'the lowest plausible value per unit (NULL: no range); low_value <= proxy_value <= high_value, given with high_value';
COMMENT ON COLUMN svtoms.measure_value.high_value IS
	'the highest plausible value per unit (NULL: no range); svtoms.rank_acceptability draws proxy values from [low_value, high_value]';

CREATE TABLE svtoms.benefit_longlist (
	framework_id text NOT NULL REFERENCES svtoms.framework (id) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL CONSTRAINT benefit_longlist_position_positive CHECK (position > 0),
	theme_code text NOT NULL,
	theme_label text,
	benefit text NOT NULL,
	true_of text,
	proven text NOT NULL CONSTRAINT benefit_longlist_proven_answer CHECK (proven IN ('Y', 'N', '?')),
	easily_evidenced text NOT NULL
		CONSTRAINT benefit_longlist_easily_evidenced_answer CHECK (easily_evidenced IN ('Y', 'N', '?')),
	causal_research text NOT NULL
		CONSTRAINT benefit_longlist_causal_research_answer CHECK (causal_research IN ('Y', 'N', '?')),
	evidence text GENERATED ALWAYS AS
		(svtoms.classify_evidence(proven, easily_evidenced, causal_research)) STORED,
	PRIMARY KEY (framework_id, position),
	UNIQUE (framework_id, benefit),
	FOREIGN KEY (framework_id, theme_code) REFERENCES svtoms.theme (framework_id, code)
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE svtoms.benefit_longlist IS
	'the benefits a framework was derived from, with the three evidence answers and the class they give';
COMMENT ON COLUMN svtoms.benefit_longlist.theme_label IS 'the theme as the source wrote it';
COMMENT ON COLUMN svtoms.benefit_longlist.evidence IS 'svtoms.classify_evidence of the three answers';

-- pg_dump keeps user rows; bundled rows come back with CREATE EXTENSION.
SELECT pg_catalog.pg_extension_config_dump('svtoms.framework', 'WHERE NOT bundled');
SELECT pg_catalog.pg_extension_config_dump('svtoms.theme',
	'WHERE framework_id NOT IN (SELECT id FROM svtoms.framework WHERE bundled)');
SELECT pg_catalog.pg_extension_config_dump('svtoms.outcome',
	'WHERE framework_id NOT IN (SELECT id FROM svtoms.framework WHERE bundled)');
SELECT pg_catalog.pg_extension_config_dump('svtoms.measure',
	'WHERE framework_id NOT IN (SELECT id FROM svtoms.framework WHERE bundled)');
SELECT pg_catalog.pg_extension_config_dump('svtoms.value_set', 'WHERE NOT bundled');
SELECT pg_catalog.pg_extension_config_dump('svtoms.measure_value',
	'WHERE value_set_id NOT IN (SELECT id FROM svtoms.value_set WHERE bundled)');
SELECT pg_catalog.pg_extension_config_dump('svtoms.benefit_longlist',
	'WHERE framework_id NOT IN (SELECT id FROM svtoms.framework WHERE bundled)');
