--------------------------------------------------------------------------
-- Dropping svtoms would drop the tables with the council's data in them:
-- refuse it while they hold any, unless svtoms.allow_drop is on.  Any
-- command can drop svtoms (DROP EXTENSION, DROP SCHEMA svtoms CASCADE,
-- DROP OWNED BY its owner, DROP EXTENSION plpgsql CASCADE), and only the
-- objects it really deletes tell: before each DROP EXTENSION, DROP SCHEMA
-- and DROP OWNED this trigger measures the data and arms a hook in the
-- module, which refuses when the extension or its schema is deleted
-- (extension/drop_guard.c says why an sql_drop trigger cannot).  The
-- update scripts replay this file after dropping the event trigger
-- (updates/1.1--1.2.sql).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.drop_guard_arm(tag text, holding text) RETURNS void
	AS 'MODULE_PATHNAME', 'drop_guard_arm'
	LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION svtoms.drop_guard_arm(text, text) IS
	'arms the drop guard for this transaction: the command tag and the data svtoms holds (NULL: none, or the drop is allowed); called by guard_drop_extension';

CREATE OR REPLACE FUNCTION svtoms.guard_drop_extension() RETURNS event_trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	holding text;
BEGIN
	-- Only a role with the privileges of svtoms's owner or of its schema's
	-- owner (or a superuser) can drop svtoms; other roles' drops never
	-- reach it, and need not read its tables.
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e
				   JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
				   WHERE e.extname = 'svtoms'
					 AND (pg_catalog.pg_has_role(e.extowner, 'USAGE')
						  OR pg_catalog.pg_has_role(n.nspowner, 'USAGE'))) THEN
		RETURN;
	END IF;
	IF coalesce(current_setting('svtoms.allow_drop', true), '') <> 'on' THEN
		SELECT string_agg(what, ', ') INTO holding FROM (
			SELECT 'frameworks' AS what WHERE EXISTS (SELECT 1 FROM svtoms.framework WHERE NOT bundled)
			UNION ALL SELECT 'value sets' WHERE EXISTS (SELECT 1 FROM svtoms.value_set WHERE NOT bundled)
			UNION ALL SELECT 'tenders' WHERE EXISTS (SELECT 1 FROM svtoms.tender)
			UNION ALL SELECT 'awards' WHERE EXISTS (SELECT 1 FROM svtoms.award)
			UNION ALL SELECT 'deliveries' WHERE EXISTS (SELECT 1 FROM svtoms.delivery)
			UNION ALL SELECT 'rating thresholds' WHERE EXISTS (SELECT 1 FROM svtoms.rating_threshold)) w;
	END IF;
	PERFORM svtoms.drop_guard_arm(tg_tag, holding);
END
$$;
COMMENT ON FUNCTION svtoms.guard_drop_extension() IS
	'event trigger: before DROP EXTENSION, DROP SCHEMA and DROP OWNED, arms the guard that refuses to drop svtoms or its schema while its tables hold user data, unless svtoms.allow_drop is on';

CREATE EVENT TRIGGER svtoms_guard_drop ON ddl_command_start
	WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
	EXECUTE FUNCTION svtoms.guard_drop_extension();
COMMENT ON EVENT TRIGGER svtoms_guard_drop IS 'keeps any command that would drop svtoms from silently deleting a council''s data';
