# Shared by the TAP tests: a database with every kind of svtoms data, and
# readings of it (evaluations, awards, deliveries, the catalog) to compare
# before and after a dump, a restore or an upgrade.
package SvtomsData;
use strict;
use warnings;
use Exporter 'import';
our @EXPORT_OK = qw(fill_every_kind readings catalog);

# Four tenders (three awarded, one with judged questions), deliveries
# through their lifecycle, a user framework and a rating threshold.  Works
# on every version of svtoms from 1.0.
sub fill_every_kind
{
	my ($node, $db) = @_;
	$node->safe_psql($db, q{
	SELECT svtoms.import_value_set('council-values', 'toms-sample', 'Council values', '2026-01-01',
		'council', 'internal', E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nGRO1,0.5,0\nENV1,245,0\n');
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
							   price_weight, quality_weight, social_weight)
	SELECT 'T' || n, 'toms-sample', 'council-values', 'Tender ' || n, 1000000, 40, 40, 20
	FROM generate_series(1, 4) n;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'T' || n, o FROM generate_series(1, 4) n, unnest(ARRAY['JOBS-1', 'GROWTH-1', 'ENV-1']) o;
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'T' || n || '-' || b, 'T' || n, 'Bidder ' || b, 900000 + 10000 * b + n, 20 + b
	FROM generate_series(1, 4) n, generate_series(1, 4) b;
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT b.id, m, CASE m WHEN 'JOB1' THEN 3 + length(b.id) WHEN 'GRO1' THEN 1000 * length(b.bidder)
					 ELSE 7 - 3 * right(b.id, 1)::int END
	FROM svtoms.bid b, unnest(ARRAY['JOB1', 'GRO1', 'ENV1']) m;
	CALL svtoms.award('T1');
	CALL svtoms.award('T2');
	-- judged quality questions on T3, awarded too
	INSERT INTO svtoms.question (tender_id, code, wording, scale_max, max_points)
	VALUES ('T3', 'Q1', 'Method', 5, 40);
	INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score, rationale)
	SELECT b.id, 'Q1', e, 1 + (length(b.id) + length(e)) % 5, 'ok'
	FROM svtoms.bid b, unnest(ARRAY['ann', 'bob', 'carol']) e WHERE b.tender_id = 'T3';
	CALL svtoms.award('T3');
	-- deliveries of T1's winner, through their lifecycle
	SELECT svtoms.report_delivery(w.bid_id, 'JOB1', '2026-04-01', '2026-06-30', 3, 'payroll'),
		   svtoms.report_delivery(w.bid_id, 'ENV1', '2026-04-01', '2026-06-30', -2),
		   svtoms.report_delivery(w.bid_id, 'GRO1', '2026-04-01', '2026-06-30', 5000)
	FROM svtoms.award_result w WHERE w.tender_id = 'T1' AND w.rank = 1;
	SELECT svtoms.set_delivery_status(d.id, 'verified') FROM svtoms.delivery d WHERE d.measure_code = 'JOB1';
	SELECT svtoms.set_delivery_status(d.id, 'rejected', NULL, 'no evidence') FROM svtoms.delivery d WHERE d.measure_code = 'GRO1';
	-- a correction: the rejected GRO1 period reported again and verified
	SELECT svtoms.report_delivery(w.bid_id, 'GRO1', '2026-04-01', '2026-06-30', 4000, 'invoices')
	FROM svtoms.award_result w WHERE w.tender_id = 'T1' AND w.rank = 1;
	SELECT svtoms.set_delivery_status(max(d.id), 'verified') FROM svtoms.delivery d WHERE d.measure_code = 'GRO1';
	-- a council's own framework (a copy of the sample) and rating threshold
	SELECT svtoms.import_framework(jsonb_set(jsonb_set(svtoms.framework_json('toms-sample') - 'value_sets',
		'{id}', '"council-toms"'), '{name}', '"Council TOMs"'));
	INSERT INTO svtoms.rating_threshold (rating, min_rate) VALUES ('Good', 0.9);
	});
}

# What must not change: every evaluation, award, delivery, contract rating
# and status history, as text.
sub readings
{
	my ($node, $db) = @_;
	my %q = (
		evaluations => q{
			SELECT string_agg(format('%s %s %s %s %s %s %s', t.id, e.bid_id, e.value, e.profile,
									 e.total_points, e.rank, e.status), E'\n' ORDER BY t.id, e.bid_id)
			FROM svtoms.tender t, svtoms.evaluate(t.id) e},
		awards => q{
			SELECT string_agg(format('%s %s %s %s', a.tender_id, a.awarded_at, a.value_set_id, a.inputs), E'\n'
							  ORDER BY a.tender_id) FROM svtoms.award a},
		deliveries => q{
			SELECT string_agg(format('%s %s %s %s %s', p.bid_id, p.measure_code, p.quantity, p.status, p.amount),
							  E'\n' ORDER BY p.delivery_id)
			FROM svtoms.delivery_progress p},
		contracts => q{
			SELECT string_agg(format('%s %s %s %s', c.bid_id, c.verified_net,
									 pg_catalog.trim_scale(pg_catalog.round(c.delivery_rate, 10)), c.rating), E'\n'
							  ORDER BY c.bid_id) FROM svtoms.delivery_by_contract c},
		history => q{
			SELECT string_agg(format('%s %s %s %s', e.delivery_id, e.seq, e.status, e.changed_at), E'\n'
							  ORDER BY e.delivery_id, e.seq) FROM svtoms.delivery_event e},
		frameworks => q{
			SELECT string_agg(f.id || ' ' || svtoms.framework_json(f.id)::text, E'\n' ORDER BY f.id)
			FROM svtoms.framework f},
	);
	return { map { $_ => $node->safe_psql($db, "SET TimeZone = 'UTC'; $q{$_}") } keys %q };
}

# The extension's catalog as text: every member object and its definition,
# privileges (current and initial), comments, policies, configuration
# tables and bundled rows.  OIDs are left out, so two databases compare.
sub catalog
{
	my ($node, $db) = @_;
	return $node->safe_psql($db, q{
	WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'svtoms'),
	member AS (
		SELECT d.classid, d.objid, d.objsubid FROM pg_depend d, ext
		WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'),
	ns AS (SELECT 'svtoms'::regnamespace AS oid),
	lines AS (
		SELECT 'member ' || pg_describe_object(classid, objid, objsubid)
			   || coalesce(' comment ' || obj_description(objid, classid::regclass::name), '') AS line
		FROM member
		UNION ALL
		SELECT 'init privileges ' || pg_describe_object(i.classoid, i.objoid, i.objsubid) || ' ' || i.initprivs::text
		FROM pg_init_privs i JOIN member m ON m.classid = i.classoid AND m.objid = i.objoid
		UNION ALL
		SELECT 'function ' || p.oid::regprocedure || ' ' || p.prokind::text || ' acl ' || coalesce(p.proacl::text, '-')
			   || E'\n' || CASE WHEN p.prokind = 'a' THEN
					(SELECT format('agg %s %s %s %s %s %s %s %s kind %s direct %s finalextra %s finalmodify %s '
								   'moving %s %s %s %s %s %s %s %s transspace %s parallel %s strict %s',
								   a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
								   a.aggserialfn, a.aggdeserialfn, a.aggtranstype::regtype, a.agginitval,
								   a.aggsortop::regoperator, a.aggkind, a.aggnumdirectargs, a.aggfinalextra,
								   a.aggfinalmodify, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn,
								   a.aggmfinalextra, a.aggmfinalmodify, a.aggmtranstype::regtype,
								   a.aggminitval, a.aggmtransspace, a.aggtransspace, p.proparallel,
								   p.proisstrict)
					 FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
				 ELSE pg_get_functiondef(p.oid) END
		FROM pg_proc p, ns WHERE p.pronamespace = ns.oid
		UNION ALL
		SELECT format('relation %s %s acl %s rls %s %s options %s', c.relname, c.relkind, c.relacl,
					  c.relrowsecurity, c.relforcerowsecurity, c.reloptions)
			   || coalesce(E'\n' || pg_get_viewdef(c.oid), '')
			   || coalesce(E'\n' || pg_get_indexdef(c.oid), '')
		FROM pg_class c, ns WHERE c.relnamespace = ns.oid
		UNION ALL
		SELECT format('column %s.%s %s notnull %s default %s identity %s acl %s statistics %s comment %s', c.relname,
					  a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
					  a.attidentity, a.attacl, a.attstattarget, col_description(c.oid, a.attnum))
		FROM pg_class c JOIN ns ON c.relnamespace = ns.oid
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
		UNION ALL
		SELECT format('constraint %s %s %s', con.conrelid::regclass, con.conname, pg_get_constraintdef(con.oid))
		FROM pg_constraint con, ns WHERE con.connamespace = ns.oid
		UNION ALL
		SELECT 'trigger ' || pg_get_triggerdef(t.oid) || coalesce(' comment ' || obj_description(t.oid, 'pg_trigger'), '')
		FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN ns ON c.relnamespace = ns.oid
		WHERE NOT t.tgisinternal
		UNION ALL
		SELECT format('policy %s.%s %s %s roles %s using %s check %s', p.tablename, p.policyname, p.permissive,
					  p.cmd, p.roles, p.qual, p.with_check)
		FROM pg_policies p WHERE p.schemaname = 'svtoms'
		UNION ALL
		SELECT format('type %s %s %s %s %s %s in %s out %s recv %s send %s mod %s %s analyze %s '
					  'category %s preferred %s delim %s elem %s array %s collation %s',
					  t.typname, t.typtype, t.typlen, t.typbyval, t.typalign,
					  t.typstorage, t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout,
					  t.typanalyze, t.typcategory, t.typispreferred, t.typdelim, t.typelem::regtype,
					  t.typarray::regtype, t.typcollation)
		FROM pg_type t, ns WHERE t.typnamespace = ns.oid
		UNION ALL
		SELECT format('operator %s %s %s %s %s %s hashes %s merges %s', o.oid::regoperator, o.oprcode,
					  o.oprcom::regoperator, o.oprnegate::regoperator, o.oprrest, o.oprjoin, o.oprcanhash,
					  o.oprcanmerge)
		FROM pg_operator o, ns WHERE o.oprnamespace = ns.oid
		UNION ALL
		SELECT format('opclass %s %s %s default %s: %s', am.amname, oc.opcname, oc.opcintype::regtype, oc.opcdefault,
					  (SELECT string_agg(format('%s %s', ao.amopstrategy, ao.amopopr::regoperator), ', '
										 ORDER BY ao.amopstrategy)
					   FROM pg_amop ao WHERE ao.amopfamily = oc.opcfamily)
					  || ' / ' ||
					  (SELECT string_agg(format('%s %s', ap.amprocnum, ap.amproc::regprocedure), ', '
										 ORDER BY ap.amprocnum)
					   FROM pg_amproc ap WHERE ap.amprocfamily = oc.opcfamily))
		FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod JOIN ns ON oc.opcnamespace = ns.oid
		UNION ALL
		SELECT format('cast %s as %s via %s %s %s', c.castsource::regtype, c.casttarget::regtype,
					  c.castfunc::regprocedure, c.castcontext, c.castmethod)
		FROM pg_cast c JOIN member m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
		UNION ALL
		SELECT format('event trigger %s %s %s %s %s', e.evtname, e.evtevent, e.evtfoid::regproc, e.evtenabled, e.evttags)
		FROM pg_event_trigger e JOIN member m ON m.classid = 'pg_event_trigger'::regclass AND m.objid = e.oid
		UNION ALL
		SELECT format('config %s %s', cfg.rel::regclass, cfg.cond)
		FROM pg_extension x, unnest(x.extconfig, x.extcondition) cfg (rel, cond) WHERE x.extname = 'svtoms'
		UNION ALL
		SELECT format('extension %s schema %s relocatable %s', x.extversion, x.extnamespace::regnamespace,
					  x.extrelocatable)
		FROM pg_extension x WHERE x.extname = 'svtoms'
		UNION ALL
		SELECT format('role %s login %s comment %s', r.rolname, r.rolcanlogin,
					  shobj_description(r.oid, 'pg_authid'))
		FROM pg_roles r WHERE r.rolname LIKE 'svtoms\_%'
		UNION ALL
		SELECT 'bundled ' || x.what || ' ' || x.rows
		FROM (SELECT 'frameworks' AS what, string_agg(f::text, ';' ORDER BY f.id) AS rows FROM svtoms.framework f WHERE bundled
			  UNION ALL SELECT 'themes', string_agg(t::text, ';' ORDER BY t.framework_id, t.code) FROM svtoms.theme t WHERE t.framework_id IN (SELECT id FROM svtoms.framework WHERE bundled)
			  UNION ALL SELECT 'outcomes', string_agg(o::text, ';' ORDER BY o.framework_id, o.code) FROM svtoms.outcome o WHERE o.framework_id IN (SELECT id FROM svtoms.framework WHERE bundled)
			  UNION ALL SELECT 'measures', string_agg(m::text, ';' ORDER BY m.framework_id, m.code) FROM svtoms.measure m WHERE m.framework_id IN (SELECT id FROM svtoms.framework WHERE bundled)
			  UNION ALL SELECT 'value sets', string_agg(v::text, ';' ORDER BY v.id) FROM svtoms.value_set v WHERE bundled
			  UNION ALL SELECT 'values', string_agg(v::text, ';' ORDER BY v.value_set_id, v.measure_code)
						FROM svtoms.measure_value v JOIN svtoms.value_set s ON s.id = v.value_set_id AND s.bundled
			  UNION ALL SELECT 'longlist', string_agg(l::text, ';' ORDER BY l::text) FROM svtoms.benefit_longlist l WHERE l.framework_id IN (SELECT id FROM svtoms.framework WHERE bundled)
			  UNION ALL SELECT 'price index series', string_agg(s::text, ';' ORDER BY s.id) FROM svtoms.price_index_series s WHERE bundled
			  UNION ALL SELECT 'price index', string_agg(i::text, ';' ORDER BY i.series, i.year)
						FROM svtoms.price_index i JOIN svtoms.price_index_series s ON s.id = i.series AND s.bundled) x
	)
	SELECT string_agg(line, E'\n' ORDER BY line COLLATE "C") FROM lines;
	});
}

1;
