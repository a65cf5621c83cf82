--------------------------------------------------------------------------
-- Restoring a dump: a superuser's pg_restore (parallel or not) or psql
-- running a plain-format dump loads each of svtoms's tables without
-- triggers or foreign-key checks, for the transaction that loads it (see
-- restore.c for why).  Every table pg_dump dumps (pg_extension_config_dump)
-- has the trigger; it is created here, after all of them.  Every statement
-- here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.restore_load() RETURNS trigger
	AS 'MODULE_PATHNAME', 'restore_load'
	LANGUAGE C;
COMMENT ON FUNCTION svtoms.restore_load() IS
	'trigger: a superuser''s restore loads svtoms''s tables without triggers or foreign-key checks, in any order';

DO $$
DECLARE
	t regclass;
BEGIN
	FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
			 WHERE c.oid = ANY ((SELECT e.extconfig FROM pg_catalog.pg_extension e WHERE e.extname = 'svtoms')::oid[])
			   AND c.relkind = 'r'
	LOOP
		EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER restore_load BEFORE INSERT ON %s'
								  ' FOR EACH STATEMENT EXECUTE FUNCTION svtoms.restore_load()', t);
	END LOOP;
END
$$;
