--------------------------------------------------------------------------
-- DROP EXTENSION would drop the tables with the council's data in them:
-- refuse it while they hold any, unless svtoms.allow_drop is on.
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.guard_drop_extension() RETURNS event_trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	holding text;
BEGIN
	IF current_query() !~* '\mdrop\s+(extension|schema)\M.*\msvtoms\M'
	   OR coalesce(current_setting('svtoms.allow_drop', true), '') = 'on' THEN
		RETURN;
	END IF;
	SELECT string_agg(what, ', ') INTO holding FROM (
		SELECT 'frameworks' AS what WHERE EXISTS (SELECT 1 FROM svtoms.framework WHERE NOT bundled)
		UNION ALL SELECT 'value sets' WHERE EXISTS (SELECT 1 FROM svtoms.value_set WHERE NOT bundled)
		UNION ALL SELECT 'tenders' WHERE EXISTS (SELECT 1 FROM svtoms.tender)
		UNION ALL SELECT 'awards' WHERE EXISTS (SELECT 1 FROM svtoms.award)
		UNION ALL SELECT 'deliveries' WHERE EXISTS (SELECT 1 FROM svtoms.delivery)
		UNION ALL SELECT 'rating thresholds' WHERE EXISTS (SELECT 1 FROM svtoms.rating_threshold)) w;
	IF holding IS NOT NULL THEN
		RAISE EXCEPTION 'svtoms holds data (%) that % would delete', holding, tg_tag
			USING ERRCODE = 'dependent_objects_still_exist',
				  DETAIL = 'Dropping the extension drops its tables, with every row in them.',
				  HINT = 'Export first (pg_dump --schema=svtoms, or svtoms.framework_json for frameworks), then SET svtoms.allow_drop = on in the same session to drop it.';
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.guard_drop_extension() IS
	'event trigger: refuses DROP EXTENSION svtoms (or DROP SCHEMA svtoms) while its tables hold user data, unless svtoms.allow_drop is on';
CREATE EVENT TRIGGER svtoms_guard_drop ON ddl_command_start
	WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
	EXECUTE FUNCTION svtoms.guard_drop_extension();
COMMENT ON EVENT TRIGGER svtoms_guard_drop IS 'keeps DROP EXTENSION svtoms from silently deleting a council''s data';
