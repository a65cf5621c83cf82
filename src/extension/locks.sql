--------------------------------------------------------------------------
-- The advisory locks of svtoms, keyed here only.  Resources: 'tender' and
-- 'value_set' (an award holds them exclusively while it freezes a tender;
-- every change guard_awarded checks shares them, so it commits wholly
-- before an award or is refused after it) and 'shards' (attaching,
-- detaching and refreshing shard views, one at a time).  Advisory locks
-- need no UPDATE privilege on the rows they stand for.
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.advisory_xact_lock(resource text, id text, shared boolean) RETURNS void
	LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF shared THEN
		PERFORM pg_advisory_xact_lock_shared(hashtext('svtoms.' || resource), hashtext(id));
	ELSE
		PERFORM pg_advisory_xact_lock(hashtext('svtoms.' || resource), hashtext(id));
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.advisory_xact_lock(text, text, boolean) IS
	'takes svtoms''s transaction-level advisory lock on a resource (tender, value_set or shards) and id, shared or exclusive; no lock for a NULL id';
