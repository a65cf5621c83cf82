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
	CONSTRAINT value_set_framework_unique UNIQUE (id, framework_id)
);
COMMENT ON TABLE svtoms.value_set IS
	'proxy values and SROI factors for the measures of a framework, with their source and licence';
COMMENT ON COLUMN svtoms.value_set.source IS 'where the values come from';
COMMENT ON COLUMN svtoms.value_set.licence IS 'the licence the values are held under';
COMMENT ON COLUMN svtoms.value_set.bundled IS 'shipped with svtoms: read-only and left out of dumps';

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

-- Rows that name a measure or outcome by code carry the framework they
-- belong to, so that a foreign key checks the code against the right
-- framework.  The framework follows the row's parent (value set, tender or
-- bid); whatever the user wrote there is replaced.
CREATE FUNCTION svtoms.fill_framework_id() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	parent text;
	parent_id text;
BEGIN
	IF TG_TABLE_NAME = 'measure_value' THEN
		parent := 'value set';
		parent_id := NEW.value_set_id;
		SELECT vs.framework_id INTO NEW.framework_id FROM svtoms.value_set vs WHERE vs.id = NEW.value_set_id;
	ELSIF TG_TABLE_NAME = 'tender_outcome' THEN
		parent := 'tender';
		parent_id := NEW.tender_id;
		SELECT t.framework_id INTO NEW.framework_id FROM svtoms.tender t WHERE t.id = NEW.tender_id;
	ELSE
		parent := 'bid';
		parent_id := NEW.bid_id;
		SELECT t.framework_id INTO NEW.framework_id
		FROM svtoms.bid b JOIN svtoms.tender t ON t.id = b.tender_id WHERE b.id = NEW.bid_id;
	END IF;
	IF NOT FOUND THEN
		RAISE EXCEPTION '% "%" does not exist', parent, parent_id
			USING ERRCODE = 'foreign_key_violation',
				  HINT = format('Create the %s first.', parent);
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.fill_framework_id() IS
	'trigger: sets framework_id of measure_value, tender_outcome and response from their parent row';
CREATE TRIGGER fill_framework_id
	BEFORE INSERT OR UPDATE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.fill_framework_id();

-- Bundled rows are reference data: change them only by copying the
-- framework under a new id.  CREATE EXTENSION loads them with
-- svtoms.loading_bundled set for its own transaction.
CREATE FUNCTION svtoms.guard_bundled() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	r record;
	owner text;
	is_bundled boolean;
BEGIN
	IF coalesce(current_setting('svtoms.loading_bundled', true), '') = 'on' THEN
		RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
	END IF;
	IF TG_OP = 'TRUNCATE' THEN
		RAISE EXCEPTION 'svtoms.% holds rows bundled with svtoms and cannot be truncated', TG_TABLE_NAME
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Delete your own rows with DELETE instead.';
	END IF;
	FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD]
	                              ELSE ARRAY[OLD, NEW] END
	LOOP
		IF TG_TABLE_NAME = 'framework' THEN
			owner := format('framework %L', r.id);
			is_bundled := r.bundled;
		ELSIF TG_TABLE_NAME = 'value_set' THEN
			owner := format('value set %L', r.id);
			is_bundled := r.bundled;
		ELSIF TG_TABLE_NAME = 'measure_value' THEN
			owner := format('value set %L', r.value_set_id);
			SELECT vs.bundled INTO is_bundled FROM svtoms.value_set vs WHERE vs.id = r.value_set_id;
		ELSE
			owner := format('framework %L', r.framework_id);
			SELECT f.bundled INTO is_bundled FROM svtoms.framework f WHERE f.id = r.framework_id;
		END IF;
		IF is_bundled THEN
			RAISE EXCEPTION '% is bundled with svtoms and cannot be changed', owner
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  DETAIL = format('The %s row was not %s.', TG_TABLE_NAME,
									  CASE TG_OP WHEN 'INSERT' THEN 'inserted' WHEN 'UPDATE' THEN 'updated'
									  ELSE 'deleted' END),
					  HINT = 'To adapt it, import a copy under a new id and name: '
						  || 'SELECT svtoms.import_framework(svtoms.framework_json(''<id>'') '
						  || '|| ''{"id": "<new id>", "name": "<new name>", "value_sets": []}'')';
		END IF;
	END LOOP;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION svtoms.guard_bundled() IS
	'trigger: refuses changes to the rows of bundled frameworks and value sets';

CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.framework
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.theme
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.value_set
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.benefit_longlist
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.framework
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.theme
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.outcome
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.measure
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.value_set
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.measure_value
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.benefit_longlist
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();

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
