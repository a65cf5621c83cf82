--------------------------------------------------------------------------
-- Triggers of the framework tables and of the rows that name a framework's
-- codes.  Each trigger passes its table's facts in its arguments, so that
-- one function serves several tables and a static checker can check it
-- against every one of them.  Every statement here can run again (the
-- update scripts replay this file).
--------------------------------------------------------------------------

-- Rows that name a measure or outcome by code carry the framework they
-- belong to, so that a foreign key checks the code against the right
-- framework.  The framework follows the row's parent (value set, tender or
-- bid); whatever the user wrote there is replaced.
-- Arguments: the parent ('value set', 'tender' or 'bid') and the column
-- of the row that holds the parent's id.
CREATE OR REPLACE FUNCTION svtoms.fill_framework_id() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	parent text := TG_ARGV[0];
	parent_id text := to_jsonb(NEW) ->> TG_ARGV[1];
BEGIN
	IF parent = 'value set' THEN
		SELECT vs.framework_id INTO NEW.framework_id FROM svtoms.value_set vs WHERE vs.id = parent_id;
	ELSIF parent = 'tender' THEN
		SELECT t.framework_id INTO NEW.framework_id FROM svtoms.tender t WHERE t.id = parent_id;
	ELSE
		SELECT t.framework_id INTO NEW.framework_id
		FROM svtoms.bid b JOIN svtoms.tender t ON t.id = b.tender_id WHERE b.id = parent_id;
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

CREATE OR REPLACE TRIGGER fill_framework_id BEFORE INSERT OR UPDATE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.fill_framework_id('value set', 'value_set_id');
CREATE OR REPLACE TRIGGER fill_framework_id BEFORE INSERT OR UPDATE ON svtoms.tender_outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.fill_framework_id('tender', 'tender_id');
CREATE OR REPLACE TRIGGER fill_framework_id BEFORE INSERT OR UPDATE ON svtoms.response
	FOR EACH ROW EXECUTE FUNCTION svtoms.fill_framework_id('bid', 'bid_id');

-- Bundled rows are reference data: change them only by copying the
-- framework under a new id.  Only svtoms's own install and update scripts
-- write them (svtoms.in_extension_script; a setting anyone may set would
-- not do).
-- Arguments: the owner ('framework' or 'value set') and the column of the
-- row that holds the owner's id.  A framework or value set row says
-- itself whether it is bundled; other rows ask their owner.
CREATE OR REPLACE FUNCTION svtoms.in_extension_script() RETURNS boolean
	AS 'MODULE_PATHNAME', 'in_extension_script'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.in_extension_script() IS
	'whether svtoms''s own install or update script is running (CREATE or ALTER EXTENSION svtoms)';

CREATE OR REPLACE FUNCTION svtoms.guard_bundled() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	r record;
	fields jsonb;
	owner_id text;
	is_bundled boolean;
BEGIN
	IF svtoms.in_extension_script() THEN
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
		fields := to_jsonb(r);
		owner_id := fields ->> TG_ARGV[1];
		IF fields ? 'bundled' THEN
			is_bundled := (fields ->> 'bundled')::boolean;
		ELSIF TG_ARGV[0] = 'value set' THEN
			SELECT vs.bundled INTO is_bundled FROM svtoms.value_set vs WHERE vs.id = owner_id;
		ELSIF TG_ARGV[0] = 'price index series' THEN
			SELECT s.bundled INTO is_bundled FROM svtoms.price_index_series s WHERE s.id = owner_id;
		ELSE
			SELECT f.bundled INTO is_bundled FROM svtoms.framework f WHERE f.id = owner_id;
		END IF;
		IF is_bundled THEN
			RAISE EXCEPTION '% % is bundled with svtoms and cannot be changed', TG_ARGV[0], quote_literal(owner_id)
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  DETAIL = format('The %s row was not %s.', TG_TABLE_NAME,
									  CASE TG_OP WHEN 'INSERT' THEN 'inserted' WHEN 'UPDATE' THEN 'updated'
									  ELSE 'deleted' END),
					  HINT = CASE WHEN TG_ARGV[0] = 'price index series'
								  THEN 'Load a newer vintage under an id of your own with svtoms.import_price_index.'
								  ELSE 'To adapt it, import a copy under a new id and name: '
									   || 'SELECT svtoms.import_framework(svtoms.framework_json(''<id>'') '
									   || '|| ''{"id": "<new id>", "name": "<new name>", "value_sets": []}'')' END;
		END IF;
	END LOOP;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION svtoms.guard_bundled() IS
	'trigger: refuses changes to the rows of bundled frameworks, value sets and price index series';

CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.framework
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('framework', 'id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.theme
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('framework', 'framework_id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('framework', 'framework_id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('framework', 'framework_id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.value_set
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('value set', 'id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('value set', 'value_set_id');
CREATE OR REPLACE TRIGGER guard_bundled BEFORE INSERT OR UPDATE OR DELETE ON svtoms.benefit_longlist
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_bundled('framework', 'framework_id');
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.framework
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.theme
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.outcome
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.measure
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.value_set
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.measure_value
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
CREATE OR REPLACE TRIGGER guard_bundled_truncate BEFORE TRUNCATE ON svtoms.benefit_longlist
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_bundled();
