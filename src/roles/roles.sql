--------------------------------------------------------------------------
-- Roles and row-level security.  Four group roles, shared by the
-- cluster's databases: grant one to each login.  Bidders see and change
-- only their own bids and responses; nobody else but the installing
-- superuser reads or writes svtoms data without one of these roles.
--------------------------------------------------------------------------

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM (VALUES
		('svtoms_admin', 'svtoms: manages frameworks, value sets, tenders, bids, bidder accounts and awards'),
		('svtoms_evaluator', 'svtoms: reads everything, records judgements and quality points, awards, verifies delivery'),
		('svtoms_reader', 'svtoms: reads evaluations and reports (BI tools); changes nothing'),
		('svtoms_bidder', 'svtoms: a supplier; sees tenders and frameworks, and only its own bids and responses')) v (name, note)
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
			EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, r.note);
		END IF;
	END LOOP;
END
$$;

-- Which supplier each bidder login acts for.
CREATE TABLE svtoms.bidder_account (
	role_name name PRIMARY KEY,
	bidder text NOT NULL
);
COMMENT ON TABLE svtoms.bidder_account IS
	'the supplier (svtoms.bid.bidder) that each login of role svtoms_bidder acts for';
COMMENT ON COLUMN svtoms.bidder_account.role_name IS 'a login role that is a member of svtoms_bidder';
COMMENT ON COLUMN svtoms.bidder_account.bidder IS 'the bidder name it may see and bid as';
SELECT pg_catalog.pg_extension_config_dump('svtoms.bidder_account', '');

ALTER TABLE svtoms.bid ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.response ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.bidder_account ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff ON svtoms.bid TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
-- A bidder's query must never read a competitor's row, or EXPLAIN ANALYZE
-- counts them ("Rows Removed by Filter", the rows of an index scan).  So
-- each bidder policy first compares a column with a value computed once (an
-- InitPlan), which an index can look up: the login's one supplier
-- (role_name is the key of bidder_account), and the array of its bids' ids,
-- the leading column of response's key.  Then it checks each row again with
-- a function declared costly: the planner pays that cost for every row a
-- plan reads, so it prefers the plan that reads only the bidder's rows
-- through those indexes over reading the table, or another index, and
-- filtering; at run time the cheap comparison goes first and the function
-- runs on the bidder's own rows only.
CREATE FUNCTION svtoms.acts_for(bidder text) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE COST 10000
	SET search_path = pg_catalog, pg_temp	-- also keeps it from being inlined, and its cost lost
AS $$
	SELECT EXISTS (SELECT FROM svtoms.bidder_account a WHERE a.role_name = CURRENT_USER AND a.bidder = $1)
$$;
COMMENT ON FUNCTION svtoms.acts_for(text) IS
	'whether the current login acts for the supplier (svtoms.bidder_account); policy own_bids';
CREATE FUNCTION svtoms.bid_visible(bid_id text) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE COST 10000
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT FROM svtoms.bid b WHERE b.id = $1)
$$;
COMMENT ON FUNCTION svtoms.bid_visible(text) IS
	'whether the current login sees the bid (under its row-level security); policy own_responses';
CREATE POLICY own_bids ON svtoms.bid TO svtoms_bidder
	USING (bidder = (SELECT a.bidder FROM svtoms.bidder_account a WHERE a.role_name = current_user)
		   AND svtoms.acts_for(bidder));
CREATE POLICY staff ON svtoms.response TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_responses ON svtoms.response TO svtoms_bidder
	USING (bid_id = ANY (ARRAY(SELECT b.id FROM svtoms.bid b)) AND svtoms.bid_visible(bid_id));
CREATE POLICY staff ON svtoms.bidder_account TO svtoms_admin USING (true);
CREATE POLICY own_account ON svtoms.bidder_account FOR SELECT TO svtoms_bidder
	USING (role_name = current_user);
COMMENT ON POLICY staff ON svtoms.bid IS 'staff roles see every bid (their table privileges say what they may change)';
COMMENT ON POLICY own_bids ON svtoms.bid IS 'a bidder sees and changes only the bids of the supplier its login acts for';
COMMENT ON POLICY staff ON svtoms.response IS 'staff roles see every response';
COMMENT ON POLICY own_responses ON svtoms.response IS 'a bidder sees and changes only the responses of its own bids';
COMMENT ON POLICY staff ON svtoms.bidder_account IS 'administrators manage the bidder logins';
COMMENT ON POLICY own_account ON svtoms.bidder_account IS 'a bidder sees which supplier its login acts for';

-- The bids of one supplier, for own_bids and own_responses.  A bidder's own
-- condition on bid.id or bid.tender_id must go through these, not through
-- bid_pkey or bid_tender, whose scans would count every supplier's bids: each
-- index of bid that a bidder's query could use has a twin led by bidder.
CREATE INDEX bid_bidder_id ON svtoms.bid (bidder, id);
CREATE INDEX bid_bidder_tender ON svtoms.bid (bidder, tender_id);
COMMENT ON INDEX svtoms.bid_bidder_id IS 'finds the bids of a supplier (row-level security for bidders), by id';
COMMENT ON INDEX svtoms.bid_bidder_tender IS 'finds the bids of a supplier (row-level security for bidders), by tender';

-- No column statistics on what bidders write: the planner's row estimates,
-- which EXPLAIN shows anyone, read a table's statistics under row-level
-- security whenever the operator is leakproof (text comparisons are), so a
-- bidder could rebuild competitors' names, ids, notes and evidence from the
-- most common values and histogram bounds.  The evaluation's plans need the
-- statistics of bid.tender_id, bid.compliance and response.measure_code
-- (without them evaluate of a large tender takes 100 times longer), which
-- keep theirs; docs/security.md says what they still tell.  A new column of
-- bid or response holding a bidder's content belongs in this list.
ALTER TABLE svtoms.bid
	ALTER COLUMN id SET STATISTICS 0,
	ALTER COLUMN bidder SET STATISTICS 0,
	ALTER COLUMN price SET STATISTICS 0,
	ALTER COLUMN quality_points SET STATISTICS 0,
	ALTER COLUMN lot_id SET STATISTICS 0,
	ALTER COLUMN rejection_reason SET STATISTICS 0;
ALTER TABLE svtoms.response
	ALTER COLUMN bid_id SET STATISTICS 0,
	ALTER COLUMN quantity SET STATISTICS 0,
	ALTER COLUMN evidence_ref SET STATISTICS 0,
	ALTER COLUMN note SET STATISTICS 0;
ALTER TABLE svtoms.bidder_account
	ALTER COLUMN role_name SET STATISTICS 0,
	ALTER COLUMN bidder SET STATISTICS 0;
