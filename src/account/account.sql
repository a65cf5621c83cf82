--------------------------------------------------------------------------
-- Type svtoms.sv: a social value account
--------------------------------------------------------------------------

CREATE TYPE svtoms.sv;

CREATE FUNCTION svtoms.sv_in(cstring) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION svtoms.sv_out(svtoms.sv) RETURNS cstring
	AS 'MODULE_PATHNAME', 'sv_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION svtoms.sv_recv(internal) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION svtoms.sv_send(svtoms.sv) RETURNS bytea
	AS 'MODULE_PATHNAME', 'sv_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE svtoms.sv (
	INPUT = svtoms.sv_in,
	OUTPUT = svtoms.sv_out,
	RECEIVE = svtoms.sv_recv,
	SEND = svtoms.sv_send,
	INTERNALLENGTH = 72,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE svtoms.sv IS
	'social value account: benefit, harm (both >= 0, exact to 6 decimals), responses, negatives, missing and excluded counts; net = benefit - harm';
COMMENT ON FUNCTION svtoms.sv_in(cstring) IS 'text input of svtoms.sv';
COMMENT ON FUNCTION svtoms.sv_out(svtoms.sv) IS 'text output of svtoms.sv';
COMMENT ON FUNCTION svtoms.sv_recv(internal) IS 'binary input of svtoms.sv (format version 1)';
COMMENT ON FUNCTION svtoms.sv_send(svtoms.sv) IS 'binary output of svtoms.sv (format version 1)';

-- constructor and accessors

CREATE FUNCTION svtoms.sv(amount numeric) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_from_numeric'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv(numeric) IS
	'account of one response: a positive amount is a benefit, a negative one a harm, zero a zero response';

CREATE FUNCTION svtoms.benefit(svtoms.sv) RETURNS numeric
	AS 'MODULE_PATHNAME', 'sv_benefit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.benefit(svtoms.sv) IS 'sum of the positive amounts of an account';

CREATE FUNCTION svtoms.harm(svtoms.sv) RETURNS numeric
	AS 'MODULE_PATHNAME', 'sv_harm'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.harm(svtoms.sv) IS 'sum of the magnitudes of the negative amounts of an account';

CREATE FUNCTION svtoms.net(svtoms.sv) RETURNS numeric
	AS 'MODULE_PATHNAME', 'sv_net'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.net(svtoms.sv) IS 'benefit - harm of an account';

CREATE FUNCTION svtoms.responses(svtoms.sv) RETURNS bigint
	AS 'MODULE_PATHNAME', 'sv_responses'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.responses(svtoms.sv) IS 'number of responses counted in an account';

CREATE FUNCTION svtoms.negatives(svtoms.sv) RETURNS bigint
	AS 'MODULE_PATHNAME', 'sv_negatives'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.negatives(svtoms.sv) IS 'number of counted responses that were negative (harms)';

CREATE FUNCTION svtoms.missing(svtoms.sv) RETURNS bigint
	AS 'MODULE_PATHNAME', 'sv_missing'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.missing(svtoms.sv) IS 'number of required responses that were absent';

CREATE FUNCTION svtoms.excluded(svtoms.sv) RETURNS bigint
	AS 'MODULE_PATHNAME', 'sv_excluded'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.excluded(svtoms.sv) IS 'number of responses present but excluded from the totals';

-- casts

CREATE FUNCTION svtoms.sv_to_json(svtoms.sv) RETURNS json
	AS 'MODULE_PATHNAME', 'sv_to_json'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_to_json(svtoms.sv) IS 'an account as a json object of its components and net';

CREATE FUNCTION svtoms.sv_to_jsonb(svtoms.sv) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'sv_to_jsonb'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_to_jsonb(svtoms.sv) IS 'an account as a jsonb object of its components and net';

CREATE CAST (svtoms.sv AS numeric) WITH FUNCTION svtoms.net(svtoms.sv);
COMMENT ON CAST (svtoms.sv AS numeric) IS 'the net (benefit - harm) of an account';
CREATE CAST (svtoms.sv AS json) WITH FUNCTION svtoms.sv_to_json(svtoms.sv);
COMMENT ON CAST (svtoms.sv AS json) IS 'all components of an account and its net';
CREATE CAST (svtoms.sv AS jsonb) WITH FUNCTION svtoms.sv_to_jsonb(svtoms.sv);
COMMENT ON CAST (svtoms.sv AS jsonb) IS 'all components of an account and its net';

-- arithmetic

CREATE FUNCTION svtoms.sv_add(svtoms.sv, svtoms.sv) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_add'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_add(svtoms.sv, svtoms.sv) IS 'implementation of sv + sv';

CREATE FUNCTION svtoms.sv_mul(svtoms.sv, numeric) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_mul_numeric'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_mul(svtoms.sv, numeric) IS 'implementation of sv * numeric';

CREATE FUNCTION svtoms.sv_mul(numeric, svtoms.sv) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'numeric_mul_sv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_mul(numeric, svtoms.sv) IS 'implementation of numeric * sv';

CREATE OPERATOR svtoms.+ (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv,
	FUNCTION = svtoms.sv_add, COMMUTATOR = OPERATOR(svtoms.+)
);
COMMENT ON OPERATOR svtoms.+ (svtoms.sv, svtoms.sv) IS 'adds two accounts componentwise';

CREATE OPERATOR svtoms.* (
	LEFTARG = svtoms.sv, RIGHTARG = numeric,
	FUNCTION = svtoms.sv_mul, COMMUTATOR = OPERATOR(svtoms.*)
);
COMMENT ON OPERATOR svtoms.* (svtoms.sv, numeric) IS 'scales benefit and harm by a factor >= 0';

CREATE OPERATOR svtoms.* (
	LEFTARG = numeric, RIGHTARG = svtoms.sv,
	FUNCTION = svtoms.sv_mul, COMMUTATOR = OPERATOR(svtoms.*)
);
COMMENT ON OPERATOR svtoms.* (numeric, svtoms.sv) IS 'scales benefit and harm by a factor >= 0';

-- ordering: by net, ties broken by benefit, responses, negatives, missing, excluded

CREATE FUNCTION svtoms.sv_cmp(svtoms.sv, svtoms.sv) RETURNS integer
	AS 'MODULE_PATHNAME', 'sv_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.sv_eq(svtoms.sv, svtoms.sv) RETURNS boolean
	AS 'MODULE_PATHNAME', 'sv_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION svtoms.sv_ne(svtoms.sv, svtoms.sv) RETURNS boolean
	AS 'MODULE_PATHNAME', 'sv_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION svtoms.sv_lt(svtoms.sv, svtoms.sv) RETURNS boolean
	AS 'MODULE_PATHNAME', 'sv_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION svtoms.sv_le(svtoms.sv, svtoms.sv) RETURNS boolean
	AS 'MODULE_PATHNAME', 'sv_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION svtoms.sv_gt(svtoms.sv, svtoms.sv) RETURNS boolean
	AS 'MODULE_PATHNAME', 'sv_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION svtoms.sv_ge(svtoms.sv, svtoms.sv) RETURNS boolean
	AS 'MODULE_PATHNAME', 'sv_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION svtoms.sv_hash(svtoms.sv) RETURNS integer
	AS 'MODULE_PATHNAME', 'sv_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.sv_hash_extended(svtoms.sv, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'sv_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.sv_larger(svtoms.sv, svtoms.sv) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.sv_smaller(svtoms.sv, svtoms.sv) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION svtoms.sv_cmp(svtoms.sv, svtoms.sv) IS 'btree comparison of accounts: -1, 0 or 1';
COMMENT ON FUNCTION svtoms.sv_eq(svtoms.sv, svtoms.sv) IS 'implementation of sv = sv';
COMMENT ON FUNCTION svtoms.sv_ne(svtoms.sv, svtoms.sv) IS 'implementation of sv <> sv';
COMMENT ON FUNCTION svtoms.sv_lt(svtoms.sv, svtoms.sv) IS 'implementation of sv < sv';
COMMENT ON FUNCTION svtoms.sv_le(svtoms.sv, svtoms.sv) IS 'implementation of sv <= sv';
COMMENT ON FUNCTION svtoms.sv_gt(svtoms.sv, svtoms.sv) IS 'implementation of sv > sv';
COMMENT ON FUNCTION svtoms.sv_ge(svtoms.sv, svtoms.sv) IS 'implementation of sv >= sv';
COMMENT ON FUNCTION svtoms.sv_hash(svtoms.sv) IS 'hash of an account, for hash joins and hash indexes';
COMMENT ON FUNCTION svtoms.sv_hash_extended(svtoms.sv, bigint) IS 'seeded 64-bit hash of an account, for hash partitioning';
COMMENT ON FUNCTION svtoms.sv_larger(svtoms.sv, svtoms.sv) IS 'the larger of two accounts (transition function of svtoms.max)';
COMMENT ON FUNCTION svtoms.sv_smaller(svtoms.sv, svtoms.sv) IS 'the smaller of two accounts (transition function of svtoms.min)';

CREATE OPERATOR svtoms.= (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv, FUNCTION = svtoms.sv_eq,
	COMMUTATOR = OPERATOR(svtoms.=), NEGATOR = OPERATOR(svtoms.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR svtoms.<> (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv, FUNCTION = svtoms.sv_ne,
	COMMUTATOR = OPERATOR(svtoms.<>), NEGATOR = OPERATOR(svtoms.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR svtoms.< (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv, FUNCTION = svtoms.sv_lt,
	COMMUTATOR = OPERATOR(svtoms.>), NEGATOR = OPERATOR(svtoms.>=),
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR svtoms.<= (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv, FUNCTION = svtoms.sv_le,
	COMMUTATOR = OPERATOR(svtoms.>=), NEGATOR = OPERATOR(svtoms.>),
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR svtoms.> (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv, FUNCTION = svtoms.sv_gt,
	COMMUTATOR = OPERATOR(svtoms.<), NEGATOR = OPERATOR(svtoms.<=),
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR svtoms.>= (
	LEFTARG = svtoms.sv, RIGHTARG = svtoms.sv, FUNCTION = svtoms.sv_ge,
	COMMUTATOR = OPERATOR(svtoms.<=), NEGATOR = OPERATOR(svtoms.<),
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR svtoms.= (svtoms.sv, svtoms.sv) IS 'accounts are equal in every component (display scale aside)';
COMMENT ON OPERATOR svtoms.<> (svtoms.sv, svtoms.sv) IS 'accounts differ in some component';
COMMENT ON OPERATOR svtoms.< (svtoms.sv, svtoms.sv) IS 'orders accounts by net, then benefit, then counts';
COMMENT ON OPERATOR svtoms.<= (svtoms.sv, svtoms.sv) IS 'orders accounts by net, then benefit, then counts';
COMMENT ON OPERATOR svtoms.> (svtoms.sv, svtoms.sv) IS 'orders accounts by net, then benefit, then counts';
COMMENT ON OPERATOR svtoms.>= (svtoms.sv, svtoms.sv) IS 'orders accounts by net, then benefit, then counts';

CREATE OPERATOR CLASS svtoms.sv_ops
	DEFAULT FOR TYPE svtoms.sv USING btree AS
		OPERATOR 1 svtoms.<,
		OPERATOR 2 svtoms.<=,
		OPERATOR 3 svtoms.=,
		OPERATOR 4 svtoms.>=,
		OPERATOR 5 svtoms.>,
		FUNCTION 1 svtoms.sv_cmp(svtoms.sv, svtoms.sv);
COMMENT ON OPERATOR CLASS svtoms.sv_ops USING btree IS 'btree ordering of accounts by net, then benefit, then counts';

CREATE OPERATOR CLASS svtoms.sv_hash_ops
	DEFAULT FOR TYPE svtoms.sv USING hash AS
		OPERATOR 1 svtoms.=,
		FUNCTION 1 svtoms.sv_hash(svtoms.sv),
		FUNCTION 2 svtoms.sv_hash_extended(svtoms.sv, bigint);
COMMENT ON OPERATOR CLASS svtoms.sv_hash_ops USING hash IS 'hashing of accounts for hash joins, grouping and partitioning';
COMMENT ON OPERATOR FAMILY svtoms.sv_ops USING btree IS 'btree operators of svtoms.sv';
COMMENT ON OPERATOR FAMILY svtoms.sv_hash_ops USING hash IS 'hash operators of svtoms.sv';

--------------------------------------------------------------------------
-- Aggregates
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.sv_sum_accum(svtoms.sv, svtoms.sv) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_sum_accum'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_sum_accum(svtoms.sv, svtoms.sv) IS
	'transition function of svtoms.sum(sv) and combine function of every sv aggregate';

CREATE FUNCTION svtoms.sv_social_value_accum(svtoms.sv, numeric) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_social_value_accum'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_social_value_accum(svtoms.sv, numeric) IS
	'transition function of svtoms.social_value(numeric)';

CREATE FUNCTION svtoms.sv_social_value_accum(svtoms.sv, numeric, boolean) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'sv_social_value_counts_accum'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sv_social_value_accum(svtoms.sv, numeric, boolean) IS
	'transition function of svtoms.social_value(numeric, boolean)';

CREATE AGGREGATE svtoms.sum(svtoms.sv) (
	SFUNC = svtoms.sv_sum_accum,
	STYPE = svtoms.sv,
	COMBINEFUNC = svtoms.sv_sum_accum,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.sum(svtoms.sv) IS
	'componentwise sum of accounts; NULLs are ignored, NULL when there are none';

CREATE AGGREGATE svtoms.social_value(amount numeric) (
	SFUNC = svtoms.sv_social_value_accum,
	STYPE = svtoms.sv,
	COMBINEFUNC = svtoms.sv_sum_accum,
	INITCOND = 'responses=0',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.social_value(numeric) IS
	'externality-aware account of signed response amounts: positive adds to benefit, negative to harm, NULL counts as a missing response';

CREATE AGGREGATE svtoms.social_value(amount numeric, counts boolean) (
	SFUNC = svtoms.sv_social_value_accum,
	STYPE = svtoms.sv,
	COMBINEFUNC = svtoms.sv_sum_accum,
	INITCOND = 'responses=0',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.social_value(numeric, boolean) IS
	'as social_value(amount), but a response whose counts is false or NULL is recorded as excluded instead of added';

CREATE AGGREGATE svtoms.max(svtoms.sv) (
	SFUNC = svtoms.sv_larger,
	STYPE = svtoms.sv,
	COMBINEFUNC = svtoms.sv_larger,
	SORTOP = OPERATOR(svtoms.>),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.max(svtoms.sv) IS 'the largest account (by net, then benefit, then counts)';

CREATE AGGREGATE svtoms.min(svtoms.sv) (
	SFUNC = svtoms.sv_smaller,
	STYPE = svtoms.sv,
	COMBINEFUNC = svtoms.sv_smaller,
	SORTOP = OPERATOR(svtoms.<),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.min(svtoms.sv) IS 'the smallest account (by net, then benefit, then counts)';
