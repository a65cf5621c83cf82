--------------------------------------------------------------------------
-- Scale-out over PostgreSQL nodes with postgres_fdw.  Each shard is a
-- database with svtoms holding its own tenders; a coordinator with svtoms
-- and postgres_fdw imports every shard's BI views into a schema of its
-- own and unites them in schema svtoms_shards, with the shard's name.
-- The sv and profile aggregates are shipped whole to a shard when its
-- server lists svtoms in its extensions option.  Every statement here can
-- run again (the update scripts replay this file).
--------------------------------------------------------------------------

-- Profiles added theme by theme, so that profiles computed per shard (or
-- per tender) can be combined with a one-argument aggregate whose state
-- is an ordinary type, as Citus requires for distributed partial
-- aggregation.  In C (src/profile/profile.c): one merge of the two sorted
-- profiles, with the result of theme_profile(theme, value) over a's
-- themes and then b's.
CREATE OR REPLACE FUNCTION svtoms.profile_add(a svtoms.profile, b svtoms.profile) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_add'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_add(svtoms.profile, svtoms.profile) IS
	'two profiles added theme by theme (transition and combine function of svtoms.sum(profile))';

CREATE OR REPLACE AGGREGATE svtoms.sum(svtoms.profile) (
	SFUNC = svtoms.profile_add,
	STYPE = svtoms.profile,
	COMBINEFUNC = svtoms.profile_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.sum(svtoms.profile) IS
	'profiles added theme by theme; NULLs are ignored, NULL when there are none';

-- The extensions a postgres_fdw server ships functions of, read from its
-- extensions option as postgres_fdw reads it (a comma-separated list of
-- names, folded to lower case unless double-quoted).
CREATE OR REPLACE FUNCTION svtoms.fdw_extensions(server_options text[]) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce(array_agg(CASE WHEN e.name ~ '^".*"$'
								   THEN replace(substr(e.name, 2, length(e.name) - 2), '""', '"')
								   ELSE lower(e.name) END ORDER BY e.n), '{}')
	FROM unnest(string_to_array((SELECT substr(o, 12) FROM unnest(server_options) o
								 WHERE o LIKE 'extensions=%'), ',')) WITH ORDINALITY AS x(raw, n)
	CROSS JOIN LATERAL (SELECT btrim(x.raw) AS name, x.n) e
	WHERE e.name <> ''
$$;
COMMENT ON FUNCTION svtoms.fdw_extensions(text[]) IS
	'the extensions named in a postgres_fdw server''s extensions option (from pg_foreign_server.srvoptions)';

-- The attached shards: a postgres_fdw server whose views were imported
-- into schema svtoms_shard_<server> by svtoms.attach_shard.
CREATE OR REPLACE FUNCTION svtoms.shards()
	RETURNS TABLE (shard text, local_schema text, views text[], ships_svtoms boolean, server_options text[])
	LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT s.srvname::text, n.nspname::text, array_agg(c.relname::text ORDER BY c.relname),
		   'svtoms' = ANY (svtoms.fdw_extensions(s.srvoptions)), s.srvoptions
	FROM pg_foreign_server s
	JOIN pg_namespace n ON n.nspname = 'svtoms_shard_' || s.srvname
	JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'f'
	JOIN pg_foreign_table f ON f.ftrelid = c.oid AND f.ftserver = s.oid
	GROUP BY s.srvname, n.nspname, s.srvoptions
	ORDER BY s.srvname
$$;
COMMENT ON FUNCTION svtoms.shards() IS
	'the shards attached by svtoms.attach_shard: server, local schema, views imported, whether svtoms functions are shipped, server options';

-- The views of schema svtoms_shards read every shard with the privileges
-- and the user mapping of their owner.  Shards imported by another role
-- (a superuser, or a member of the owner that did not SET ROLE) would be
-- in schemas the owner cannot read, and every reader would lose them at
-- once; so only the owner of schema svtoms_shards and of its views may
-- attach, detach and refresh.  Nothing to check before the first attach.
CREATE OR REPLACE FUNCTION svtoms.check_shard_owner() RETURNS void
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	other record;
	hint text;
BEGIN
	SELECT o.what, pg_get_userbyid(o.owner) AS owner
	INTO other
	FROM (SELECT 0 AS k, 'schema svtoms_shards' AS what, n.nspowner AS owner
		  FROM pg_namespace n WHERE n.nspname = 'svtoms_shards'
		  UNION ALL
		  SELECT 1, format('view svtoms_shards.%I', c.relname), c.relowner
		  FROM pg_class c
		  JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'svtoms_shards'
		  WHERE c.relkind = 'v'
			AND c.relname IN (SELECT e.relname FROM pg_class e
							  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = e.oid
								   AND d.deptype = 'e'
							  JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'svtoms'
							  WHERE e.relnamespace = x.extnamespace AND e.relkind = 'v')) o
	WHERE o.owner IS DISTINCT FROM (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
	ORDER BY o.k, o.what
	LIMIT 1;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	hint := format('SET ROLE %I, then run it again.', other.owner);
	-- with no shard attached, the empty schema can simply change hands
	IF other.what = 'schema svtoms_shards' AND NOT EXISTS (SELECT 1 FROM svtoms.shards()) THEN
		hint := format('No shard is attached: to manage the shards as %I, have %I or a superuser run ALTER SCHEMA svtoms_shards OWNER TO %I. Otherwise %s',
					   current_user, other.owner, current_user, hint);
	END IF;
	RAISE EXCEPTION 'role "%" does not own %', current_user, other.what
		USING ERRCODE = 'insufficient_privilege',
			  DETAIL = format('It belongs to role %s. The views of schema svtoms_shards read the shards with the privileges and user mappings of their owner, so only that role attaches, detaches and refreshes shards.', other.owner),
			  HINT = hint;
END
$$;
COMMENT ON FUNCTION svtoms.check_shard_owner() IS
	'raises 42501 unless the current role owns schema svtoms_shards and its views (called by attach_shard, detach_shard and refresh_shard_views)';

-- (Re)creates one view in schema svtoms_shards per view of svtoms, the
-- UNION ALL of that view on every attached shard, with its server's name
-- in column shard.  Columns are the coordinator's view's, so a shard with
-- another svtoms version is refused rather than silently mismatched.
CREATE OR REPLACE FUNCTION svtoms.refresh_shard_views() RETURNS integer
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	v text;
	shard_count integer;
	body text;
	bad record;
	col record;
BEGIN
	PERFORM svtoms.advisory_xact_lock('shards', '', false);
	PERFORM svtoms.check_shard_owner();
	SELECT count(*)::integer INTO shard_count FROM svtoms.shards();
	IF shard_count > 0 AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'svtoms_shards') THEN
		CREATE SCHEMA svtoms_shards;
		COMMENT ON SCHEMA svtoms_shards IS
			'svtoms views of every attached shard as one, with the shard''s server name (svtoms.attach_shard)';
		GRANT USAGE ON SCHEMA svtoms_shards TO svtoms_admin, svtoms_evaluator, svtoms_reader;
	END IF;
	FOR v IN
		SELECT c.relname::text FROM pg_class c
		JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
		JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'svtoms'
		WHERE c.relnamespace = x.extnamespace AND c.relkind = 'v'
		ORDER BY c.relname
	LOOP
		IF shard_count = 0 THEN
			IF to_regclass(format('svtoms_shards.%I', v)) IS NOT NULL THEN
				EXECUTE format('DROP VIEW svtoms_shards.%I', v);
			END IF;
			CONTINUE;
		END IF;
		-- every shard has the view, with the coordinator's columns and types
		SELECT s.shard, a.attname, format_type(a.atttypid, a.atttypmod) AS here,
			   coalesce(r.type, 'missing') AS there, r.relation IS NULL AS no_relation
		INTO bad
		FROM svtoms.shards() s
		CROSS JOIN pg_attribute a
		LEFT JOIN LATERAL (
			SELECT fc.oid AS relation,
				   (SELECT format_type(fa.atttypid, fa.atttypmod) FROM pg_attribute fa
					WHERE fa.attrelid = fc.oid AND fa.attname = a.attname AND fa.attnum > 0
					  AND NOT fa.attisdropped) AS type
			FROM pg_class fc JOIN pg_namespace fn ON fn.oid = fc.relnamespace
			WHERE fn.nspname = s.local_schema AND fc.relname = v) r ON true
		WHERE a.attrelid = format('svtoms.%I', v)::regclass AND a.attnum > 0 AND NOT a.attisdropped
		  AND r.type IS DISTINCT FROM format_type(a.atttypid, a.atttypmod)
		ORDER BY s.shard, a.attnum
		LIMIT 1;
		IF FOUND AND bad.no_relation THEN
			RAISE EXCEPTION 'shard "%" has no foreign table for view svtoms.%', bad.shard, v
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = format('SELECT svtoms.attach_shard(%L) imports the shard''s views again.', bad.shard);
		ELSIF FOUND THEN
			RAISE EXCEPTION 'view svtoms.% of shard "%" does not match the coordinator''s', v, bad.shard
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  DETAIL = format('Column %s is %s on the coordinator and %s on the shard.', bad.attname, bad.here, bad.there),
					  HINT = format('Install the same svtoms version on the shard and on the coordinator (ALTER EXTENSION svtoms UPDATE), then SELECT svtoms.attach_shard(%L) again.', bad.shard);
		END IF;
		SELECT string_agg(format('SELECT %L::text AS shard, %s FROM %I.%I s', s.shard,
								 (SELECT string_agg(format('s.%I', a.attname), ', ' ORDER BY a.attnum)
								  FROM pg_attribute a
								  WHERE a.attrelid = format('svtoms.%I', v)::regclass AND a.attnum > 0
									AND NOT a.attisdropped),
								 s.local_schema, v), E'\nUNION ALL\n' ORDER BY s.shard)
		INTO body
		FROM svtoms.shards() s;
		-- body is built of %I- and %L-quoted parts only (plpgsql_check cannot
		-- tell, and warns that it is not sanitized)
		EXECUTE format('CREATE OR REPLACE VIEW svtoms_shards.%I AS %s', v, body);
		-- descriptions for BI tools: the view's and each column's as on
		-- one node (from svtoms.<view>), and column shard's own
		EXECUTE format('COMMENT ON VIEW svtoms_shards.%I IS %L', v,
					   concat_ws(': ', format('svtoms.%s of every attached shard, with the shard''s server name in column shard', v),
								 obj_description(format('svtoms.%I', v)::regclass, 'pg_class')));
		EXECUTE format('COMMENT ON COLUMN svtoms_shards.%I.shard IS %L', v,
					   'the shard the row comes from: the name of its postgres_fdw server on the coordinator');
		FOR col IN
			SELECT a.attname::text AS name,
				   coalesce(col_description(a.attrelid, a.attnum),
							format('column %s of svtoms.%s, computed on the shard', a.attname, v)) AS description
			FROM pg_attribute a
			WHERE a.attrelid = format('svtoms.%I', v)::regclass AND a.attnum > 0 AND NOT a.attisdropped
			ORDER BY a.attnum
		LOOP
			EXECUTE format('COMMENT ON COLUMN svtoms_shards.%I.%I IS %L', v, col.name, col.description);
		END LOOP;
		EXECUTE format('GRANT SELECT ON svtoms_shards.%I TO svtoms_admin, svtoms_evaluator, svtoms_reader', v);
	END LOOP;
	RETURN shard_count;
END
$$;
COMMENT ON FUNCTION svtoms.refresh_shard_views() IS
	'(re)creates the views of schema svtoms_shards from the attached shards; returns how many shards they unite';

CREATE OR REPLACE FUNCTION svtoms.attach_shard(server name) RETURNS text
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	srv record;
	target text;
	extensions_option text;
	view_names text[];
	missing_views text;
	local_version text;
	remote_version text;
	old_tables text;
	-- the new import is made aside and swapped in, so that the
	-- svtoms_shards views never point at a half-imported shard
	staging constant text := 'svtoms_import_staging';
	retired constant text := 'svtoms_import_retired';
BEGIN
	IF server IS NULL THEN
		RAISE EXCEPTION 'server name cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Give the name of the postgres_fdw server of the shard.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgres_fdw') THEN
		RAISE EXCEPTION 'postgres_fdw is not installed in database "%"', current_database()
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'CREATE EXTENSION postgres_fdw, then a server and a user mapping for each shard.';
	END IF;
	SELECT s.srvoptions, w.fdwname,
		   EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
				   WHERE d.classid = 'pg_proc'::regclass AND d.objid = w.fdwhandler
					 AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
					 AND x.extname = 'postgres_fdw') AS postgres_fdw
	INTO srv
	FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
	WHERE s.srvname = server;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'server "%" does not exist', server
			USING ERRCODE = 'undefined_object',
				  HINT = 'Create it first: CREATE SERVER ... FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ..., dbname ...), and a user mapping for it.';
	END IF;
	IF NOT srv.postgres_fdw THEN
		RAISE EXCEPTION 'server "%" is not a postgres_fdw server', server
			USING ERRCODE = 'wrong_object_type',
				  DETAIL = format('Its foreign-data wrapper is %s.', srv.fdwname),
				  HINT = 'A shard is a PostgreSQL database with svtoms, reached through a server of FOREIGN DATA WRAPPER postgres_fdw.';
	END IF;
	target := 'svtoms_shard_' || server;
	IF octet_length(target) > 63 THEN
		RAISE EXCEPTION 'server name "%" is too long to name a shard', server
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('Its views go in schema %s, and a name has at most 63 bytes.', target),
				  HINT = 'Give the server a name of at most 50 bytes: ALTER SERVER ... RENAME TO ...';
	END IF;
	PERFORM svtoms.advisory_xact_lock('shards', '', false);
	-- before the import, which connects with the caller's user mapping
	PERFORM svtoms.check_shard_owner();

	-- postgres_fdw sends svtoms's aggregates and functions to the shard
	-- only when its server lists svtoms as an extension both sides have
	IF NOT 'svtoms' = ANY (svtoms.fdw_extensions(srv.srvoptions)) THEN
		SELECT substr(o, 12) INTO extensions_option FROM unnest(srv.srvoptions) o WHERE o LIKE 'extensions=%';
		IF extensions_option IS NULL THEN
			EXECUTE format('ALTER SERVER %I OPTIONS (ADD extensions %L)', server, 'svtoms');
		ELSE
			EXECUTE format('ALTER SERVER %I OPTIONS (SET extensions %L)', server,
						   concat_ws(', ', nullif(btrim(extensions_option), ''), 'svtoms'));
		END IF;
	END IF;

	EXECUTE format('CREATE SCHEMA %I', staging);
	EXECUTE format('IMPORT FOREIGN SCHEMA pg_catalog LIMIT TO (pg_extension) FROM SERVER %I INTO %I',
				   server, staging);
	EXECUTE format('SELECT x.extversion FROM %I.pg_extension x WHERE x.extname = %L', staging, 'svtoms')
		INTO remote_version;
	EXECUTE format('DROP FOREIGN TABLE %I.pg_extension', staging);
	SELECT extversion INTO local_version FROM pg_extension WHERE extname = 'svtoms';
	IF remote_version IS NULL THEN
		RAISE EXCEPTION 'svtoms is not installed on shard "%"', server
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = format('CREATE EXTENSION svtoms VERSION %L in the database the server points at.', local_version);
	ELSIF remote_version <> local_version THEN
		RAISE EXCEPTION 'shard "%" has svtoms %, the coordinator %', server, remote_version, local_version
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Install the same version on both: ALTER EXTENSION svtoms UPDATE on the older one.';
	END IF;

	SELECT array_agg(c.relname::text ORDER BY c.relname) INTO view_names
	FROM pg_class c
	JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
	JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'svtoms'
	WHERE c.relnamespace = x.extnamespace AND c.relkind = 'v';
	EXECUTE format('IMPORT FOREIGN SCHEMA svtoms LIMIT TO (%s) FROM SERVER %I INTO %I',
				   (SELECT string_agg(format('%I', v), ', ') FROM unnest(view_names) v), server, staging);
	SELECT string_agg(v, ', ' ORDER BY v) INTO missing_views
	FROM unnest(view_names) v WHERE to_regclass(format('%I.%I', staging, v)) IS NULL;
	IF missing_views IS NOT NULL THEN
		RAISE EXCEPTION 'shard "%" lacks svtoms views: %', server, missing_views
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Install the same svtoms version on the shard as on the coordinator.';
	END IF;

	IF to_regnamespace(quote_ident(target)) IS NOT NULL THEN
		EXECUTE format('ALTER SCHEMA %I RENAME TO %I', target, retired);
	END IF;
	EXECUTE format('ALTER SCHEMA %I RENAME TO %I', staging, target);
	EXECUTE format('COMMENT ON SCHEMA %I IS %L', target,
				   format('svtoms views of shard %s, imported from its server by svtoms.attach_shard', server));
	PERFORM svtoms.refresh_shard_views();
	-- the previous import of the same shard, no longer used by the views
	-- (as in detach_shard, anything else in its schema makes this fail)
	IF to_regnamespace(retired) IS NOT NULL THEN
		SELECT string_agg(format('%I.%I', retired, c.relname), ', ') INTO old_tables
		FROM pg_class c
		JOIN pg_foreign_table f ON f.ftrelid = c.oid
		JOIN pg_foreign_server s ON s.oid = f.ftserver AND s.srvname = server
		WHERE c.relnamespace = to_regnamespace(retired);
		IF old_tables IS NOT NULL THEN
			-- old_tables is a list of names quoted with %I above (plpgsql_check
			-- cannot tell, and warns that it is not sanitized)
			EXECUTE format('DROP FOREIGN TABLE %s', old_tables);
		END IF;
		EXECUTE format('DROP SCHEMA %I', retired);
	END IF;
	RETURN target;
END
$$;
COMMENT ON FUNCTION svtoms.attach_shard(name) IS
	'makes a postgres_fdw server a shard: ships svtoms to it, imports its svtoms views into schema svtoms_shard_<server>, and adds it to the views of schema svtoms_shards';

CREATE OR REPLACE FUNCTION svtoms.detach_shard(server name) RETURNS void
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	retired constant text := 'svtoms_import_retired';
	old_tables text;
BEGIN
	IF server IS NULL THEN
		RAISE EXCEPTION 'server name cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Give the name of the postgres_fdw server of the shard.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_foreign_server s WHERE s.srvname = server) THEN
		RAISE EXCEPTION 'server "%" does not exist', server
			USING ERRCODE = 'undefined_object',
				  HINT = 'SELECT shard FROM svtoms.shards() lists the attached shards; after DROP SERVER ... CASCADE, SELECT svtoms.refresh_shard_views() rebuilds the views without it.';
	END IF;
	PERFORM svtoms.advisory_xact_lock('shards', '', false);
	PERFORM svtoms.check_shard_owner();
	IF NOT EXISTS (SELECT 1 FROM svtoms.shards() s WHERE s.shard = server) THEN
		RAISE EXCEPTION 'server "%" is not attached as a shard', server
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'SELECT shard FROM svtoms.shards() lists the attached shards.';
	END IF;
	EXECUTE format('ALTER SCHEMA %I RENAME TO %I', 'svtoms_shard_' || server, retired);
	PERFORM svtoms.refresh_shard_views();
	-- drop only what attach_shard imported: if anything else was put in
	-- the schema, DROP SCHEMA refuses and nothing is detached
	SELECT string_agg(format('%I.%I', retired, c.relname), ', ') INTO old_tables
	FROM pg_class c
	JOIN pg_foreign_table f ON f.ftrelid = c.oid
	JOIN pg_foreign_server s ON s.oid = f.ftserver AND s.srvname = server
	WHERE c.relnamespace = to_regnamespace(retired);
	IF old_tables IS NOT NULL THEN
		-- old_tables is a list of names quoted with %I above (plpgsql_check
		-- cannot tell, and warns that it is not sanitized)
		EXECUTE format('DROP FOREIGN TABLE %s', old_tables);
	END IF;
	EXECUTE format('DROP SCHEMA %I', retired);
END
$$;
COMMENT ON FUNCTION svtoms.detach_shard(name) IS
	'removes a shard from the views of schema svtoms_shards and drops its imported views; the server and its options stay';

-- Attaching and detaching shards changes servers and schemas:
-- administrators only.  Which shards are attached is for staff to read.
REVOKE EXECUTE ON FUNCTION svtoms.attach_shard(name), svtoms.detach_shard(name), svtoms.refresh_shard_views(),
	svtoms.check_shard_owner() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.attach_shard(name), svtoms.detach_shard(name), svtoms.refresh_shard_views(),
	svtoms.check_shard_owner() TO svtoms_admin;
REVOKE EXECUTE ON FUNCTION svtoms.shards() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.shards() TO svtoms_admin, svtoms_evaluator, svtoms_reader;
