/* svtoms--1.1.sql: social value accounts, aggregates and scoring */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION svtoms" to load this file. \quit

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

--------------------------------------------------------------------------
-- Type svtoms.profile: an account per theme
--------------------------------------------------------------------------

CREATE TYPE svtoms.profile;

CREATE FUNCTION svtoms.profile_in(cstring) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.profile_out(svtoms.profile) RETURNS cstring
	AS 'MODULE_PATHNAME', 'profile_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.profile_recv(internal) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.profile_send(svtoms.profile) RETURNS bytea
	AS 'MODULE_PATHNAME', 'profile_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE svtoms.profile (
	INPUT = svtoms.profile_in,
	OUTPUT = svtoms.profile_out,
	RECEIVE = svtoms.profile_recv,
	SEND = svtoms.profile_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE svtoms.profile IS
	'a social value account per theme: the theme breakdown of a bid';
COMMENT ON FUNCTION svtoms.profile_in(cstring) IS 'text input of svtoms.profile';
COMMENT ON FUNCTION svtoms.profile_out(svtoms.profile) IS 'text output of svtoms.profile';
COMMENT ON FUNCTION svtoms.profile_recv(internal) IS 'binary input of svtoms.profile (format version 1)';
COMMENT ON FUNCTION svtoms.profile_send(svtoms.profile) IS 'binary output of svtoms.profile (format version 1)';

CREATE FUNCTION svtoms.profile_get(svtoms.profile, text) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'profile_get'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_get(svtoms.profile, text) IS
	'implementation of profile -> theme: the theme''s account, NULL when absent';
CREATE OPERATOR svtoms.-> (
	LEFTARG = svtoms.profile, RIGHTARG = text, FUNCTION = svtoms.profile_get
);
COMMENT ON OPERATOR svtoms.-> (svtoms.profile, text) IS 'the account of one theme, NULL when absent';

CREATE FUNCTION svtoms.themes(svtoms.profile, OUT theme text, OUT value svtoms.sv)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'profile_themes'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION svtoms.themes(svtoms.profile) IS 'one row per theme: its name and account, in theme order';

CREATE FUNCTION svtoms.total(svtoms.profile) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'profile_total'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.total(svtoms.profile) IS 'the accounts of all themes added up';

CREATE FUNCTION svtoms.balance(svtoms.profile) RETURNS double precision
	AS 'MODULE_PATHNAME', 'profile_balance'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.balance(svtoms.profile) IS
	'Pielou evenness (0 to 1) of the positive theme nets: 1 when spread evenly over the themes present';

CREATE FUNCTION svtoms.coverage(svtoms.profile) RETURNS double precision
	AS 'MODULE_PATHNAME', 'profile_coverage'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.coverage(svtoms.profile) IS 'the share of the themes present whose net is positive';

CREATE FUNCTION svtoms.weighted_net(svtoms.profile, weights jsonb) RETURNS numeric
	AS 'MODULE_PATHNAME', 'profile_weighted_net'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.weighted_net(svtoms.profile, jsonb) IS
	'sum over themes of weight x net; themes not named in weights weigh 1';

CREATE FUNCTION svtoms.profile_to_jsonb(svtoms.profile) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'profile_to_jsonb'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_to_jsonb(svtoms.profile) IS 'a profile as a jsonb object of theme accounts';
CREATE CAST (svtoms.profile AS jsonb) WITH FUNCTION svtoms.profile_to_jsonb(svtoms.profile);
COMMENT ON CAST (svtoms.profile AS jsonb) IS 'each theme with all components of its account and its net';

CREATE FUNCTION svtoms.profile_accum(internal, text, numeric) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_accum_numeric'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_accum(internal, text, numeric) IS
	'transition function of svtoms.theme_profile(text, numeric)';
CREATE FUNCTION svtoms.profile_accum(internal, text, svtoms.sv) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_accum_sv'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_accum(internal, text, svtoms.sv) IS
	'transition function of svtoms.theme_profile(text, sv)';
CREATE FUNCTION svtoms.profile_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_combine(internal, internal) IS 'combine function of svtoms.theme_profile';
CREATE FUNCTION svtoms.profile_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'profile_serialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_serialize(internal) IS 'serialize function of svtoms.theme_profile';
CREATE FUNCTION svtoms.profile_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_deserialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_deserialize(bytea, internal) IS 'deserialize function of svtoms.theme_profile';
CREATE FUNCTION svtoms.profile_final(internal) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_final(internal) IS 'final function of svtoms.theme_profile';

CREATE AGGREGATE svtoms.theme_profile(theme text, amount numeric) (
	SFUNC = svtoms.profile_accum,
	STYPE = internal,
	FINALFUNC = svtoms.profile_final,
	COMBINEFUNC = svtoms.profile_combine,
	SERIALFUNC = svtoms.profile_serialize,
	DESERIALFUNC = svtoms.profile_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.theme_profile(text, numeric) IS
	'an account per theme of signed amounts; a NULL amount is a missing response of its theme';

CREATE AGGREGATE svtoms.theme_profile(theme text, value svtoms.sv) (
	SFUNC = svtoms.profile_accum,
	STYPE = internal,
	FINALFUNC = svtoms.profile_final,
	COMBINEFUNC = svtoms.profile_combine,
	SERIALFUNC = svtoms.profile_serialize,
	DESERIALFUNC = svtoms.profile_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.theme_profile(text, svtoms.sv) IS
	'the accounts added up per theme; NULL accounts are ignored';

--------------------------------------------------------------------------
-- Valuation and scoring
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.sroi_value(
	quantity numeric,
	proxy numeric,
	deadweight numeric DEFAULT 0,
	attribution numeric DEFAULT 0,
	displacement numeric DEFAULT 0,
	dropoff numeric DEFAULT 0,
	years integer DEFAULT 1,
	discount_rate numeric DEFAULT 0
) RETURNS numeric
	AS 'MODULE_PATHNAME', 'sroi_value'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sroi_value(numeric, numeric, numeric, numeric, numeric, numeric, integer, numeric) IS
	'present social value of quantity x proxy over years, net of deadweight, attribution, displacement and annual drop-off, discounted after the first year';

CREATE FUNCTION svtoms.price_score(price numeric, lowest numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'price_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.price_score(numeric, numeric, numeric) IS
	'relative price points: max_points * lowest / price';

CREATE FUNCTION svtoms.relative_score(value numeric, best numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'relative_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.relative_score(numeric, numeric, numeric) IS
	'points relative to the best value: max_points * value / best, 0 when value or best is not positive';

CREATE FUNCTION svtoms.target_score(value numeric, target numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'target_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.target_score(numeric, numeric, numeric) IS
	'points against a target: max_points * min(max(value, 0) / target, 1)';

CREATE FUNCTION svtoms.minmax_score(value numeric, worst numeric, best numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'minmax_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.minmax_score(numeric, numeric, numeric, numeric) IS
	'points on a linear scale: max_points * (value - worst) / (best - worst)';

CREATE FUNCTION svtoms.classify_evidence(proven text, easily_evidenced text, causal_research text)
	RETURNS text
	AS 'MODULE_PATHNAME', 'classify_evidence'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.classify_evidence(text, text, text) IS
	'the seed framework''s evidence rule on Y/N/? answers: robust, proxy or not_measured';

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

--------------------------------------------------------------------------
-- Value sets from CSV: the way a council loads the proxy values it holds
-- a licence for.  Columns (header required, any order, names as below):
--   measure_code, proxy_value        required
--   deadweight, attribution, displacement, dropoff (fractions, default 0),
--   years (1 to 100, default 1)      optional; an empty field is the default
-- Every line is checked; if any is bad, the error lists all of them and
-- nothing is loaded.
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.csv_rows(csv text) RETURNS TABLE (line integer, fields text[])
	AS 'MODULE_PATHNAME', 'csv_rows'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION svtoms.csv_rows(text) IS
	'splits CSV text (RFC 4180) into rows of fields, numbered by the line each row starts on';

-- Staging for psql's \copy: rows stay per user until an import takes them.
CREATE TABLE svtoms.value_upload (
	line bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	measure_code text,
	proxy_value text,
	deadweight text,
	attribution text,
	displacement text,
	dropoff text,
	years text,
	uploaded_by name NOT NULL DEFAULT current_user
);
COMMENT ON SEQUENCE svtoms.value_upload_line_seq IS 'numbers the uploaded rows in the order \copy read them';
COMMENT ON TABLE svtoms.value_upload IS
	'staging for \copy of a value set CSV; svtoms.import_value_set(..., csv => NULL) checks and takes your rows';

-- One value set row, as text, checked; returns the problems found.
CREATE FUNCTION svtoms.value_row_problems(
	line integer, framework_id text, measure_code text, proxy_value text,
	deadweight text, attribution text, displacement text, dropoff text, years text)
	RETURNS TABLE (sqlstate text, problem text)
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	number_re constant text := '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$';
	factor record;
BEGIN
	IF coalesce(btrim(measure_code), '') = '' THEN
		RETURN QUERY SELECT '22P02', format('line %s: measure_code is empty', line);
	ELSIF NOT EXISTS (SELECT 1 FROM svtoms.measure m
					  WHERE m.framework_id = value_row_problems.framework_id
						AND m.code = btrim(value_row_problems.measure_code)) THEN
		RETURN QUERY SELECT '23503', format('line %s: unknown measure code %s (framework %s has no such measure)',
											line, quote_literal(measure_code), framework_id);
	END IF;

	IF coalesce(btrim(proxy_value), '') = '' THEN
		RETURN QUERY SELECT '22P02', format('line %s: proxy_value is empty', line);
	ELSIF proxy_value !~ number_re THEN
		RETURN QUERY SELECT '22P02', format('line %s: proxy_value %s is not a number', line, quote_literal(proxy_value));
	ELSIF proxy_value::numeric < 0 THEN
		RETURN QUERY SELECT '22003', format('line %s: proxy_value %s is negative', line, quote_literal(proxy_value));
	END IF;

	FOR factor IN SELECT * FROM (VALUES ('deadweight', deadweight), ('attribution', attribution),
									   ('displacement', displacement), ('dropoff', dropoff)) f(name, value)
	LOOP
		IF coalesce(btrim(factor.value), '') = '' THEN
			CONTINUE;
		ELSIF factor.value !~ number_re THEN
			RETURN QUERY SELECT '22P02', format('line %s: %s %s is not a number', line, factor.name,
												quote_literal(factor.value));
		ELSIF factor.value::numeric NOT BETWEEN 0 AND 1 THEN
			RETURN QUERY SELECT '22003', format('line %s: %s %s is outside [0, 1]', line, factor.name,
												quote_literal(factor.value));
		END IF;
	END LOOP;

	IF coalesce(btrim(years), '') = '' THEN
		NULL;
	ELSIF years !~ '^\s*[0-9]{1,9}\s*$' THEN
		RETURN QUERY SELECT '22P02', format('line %s: years %s is not a whole number', line, quote_literal(years));
	ELSIF years::integer NOT BETWEEN 1 AND 100 THEN
		RETURN QUERY SELECT '22003', format('line %s: years %s is outside 1 to 100', line, quote_literal(years));
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.value_row_problems(integer, text, text, text, text, text, text, text, text) IS
	'the problems of one value set line (used by svtoms.import_value_set)';

CREATE FUNCTION svtoms.import_value_set(
	id text,
	framework_id text,
	name text,
	valid_from date,
	source text,
	licence text,
	csv text DEFAULT NULL)
	RETURNS integer
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	known constant text[] := ARRAY['measure_code', 'proxy_value', 'deadweight', 'attribution',
								   'displacement', 'dropoff', 'years'];
	header text[];
	col integer[];				-- position of each known column in the header
	problems text[];
	states text[];
	r record;
	i integer;
	loaded integer;
BEGIN
	IF id IS NULL OR framework_id IS NULL OR name IS NULL OR valid_from IS NULL OR source IS NULL OR licence IS NULL THEN
		RAISE EXCEPTION 'id, framework_id, name, valid_from, source and licence of a value set cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Record where the values come from and the licence you hold them under.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = import_value_set.framework_id) THEN
		RAISE EXCEPTION 'framework "%" does not exist', framework_id
			USING ERRCODE = 'foreign_key_violation',
				  HINT = 'Load the framework first; SELECT id FROM svtoms.framework lists those loaded.';
	END IF;
	IF EXISTS (SELECT 1 FROM svtoms.value_set vs WHERE vs.id = import_value_set.id) THEN
		RAISE EXCEPTION 'value set "%" already exists', id
			USING ERRCODE = 'unique_violation',
				  HINT = 'A value set is kept as loaded, since evaluations refer to it: import the new values under a new id.';
	END IF;

	-- the lines as text, and the problems found, by line
	CREATE TEMP TABLE IF NOT EXISTS svtoms_value_lines (
		line integer, measure_code text, proxy_value text, deadweight text, attribution text,
		displacement text, dropoff text, years text) ON COMMIT DROP;
	CREATE TEMP TABLE IF NOT EXISTS svtoms_value_problems (
		line integer, sqlstate text, problem text,
		seq integer GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
	TRUNCATE svtoms_value_lines, svtoms_value_problems;

	IF csv IS NOT NULL THEN
		SELECT c.fields INTO header FROM svtoms.csv_rows(csv) c ORDER BY c.line LIMIT 1;
		IF header IS NULL THEN
			RAISE EXCEPTION 'value set CSV is empty'
				USING ERRCODE = 'invalid_text_representation',
					  HINT = 'The first line names the columns: measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years';
		END IF;
		header := ARRAY(SELECT lower(btrim(h)) FROM unnest(header) h);
		FOR i IN 1 .. cardinality(header) LOOP
			IF NOT header[i] = ANY (known) THEN
				INSERT INTO svtoms_value_problems (line, sqlstate, problem)
				VALUES (1, '22P02', format('line 1: unknown column %s', quote_literal(header[i])));
			ELSIF array_position(header, header[i]) <> i THEN
				INSERT INTO svtoms_value_problems (line, sqlstate, problem)
				VALUES (1, '22P02', format('line 1: column %s appears twice', quote_literal(header[i])));
			END IF;
		END LOOP;
		INSERT INTO svtoms_value_problems (line, sqlstate, problem)
		SELECT 1, '22P02', format('line 1: required column %s is missing', k)
		FROM unnest(known[1:2]) k WHERE NOT k = ANY (header);
		SELECT array_agg(p.problem ORDER BY p.seq), array_agg(p.sqlstate ORDER BY p.seq)
		INTO problems, states FROM svtoms_value_problems p;
		IF problems IS NOT NULL THEN
			RAISE EXCEPTION 'value set CSV header is not valid; nothing was loaded'
				USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
					  HINT = 'The first line names the columns: measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years';
		END IF;
		col := ARRAY(SELECT array_position(header, k) FROM unnest(known) k);

		FOR r IN SELECT c.line, c.fields FROM svtoms.csv_rows(csv) c ORDER BY c.line OFFSET 1 LOOP
			IF cardinality(r.fields) <> cardinality(header) THEN
				INSERT INTO svtoms_value_problems (line, sqlstate, problem)
				VALUES (r.line, '22P04', format('line %s: %s fields, the header has %s',
												r.line, cardinality(r.fields), cardinality(header)));
				CONTINUE;
			END IF;
			INSERT INTO svtoms_value_lines VALUES
				(r.line, r.fields[col[1]], r.fields[col[2]], r.fields[col[3]], r.fields[col[4]],
				 r.fields[col[5]], r.fields[col[6]], r.fields[col[7]]);
		END LOOP;
	ELSE
		-- \copy with HEADER: the first data row is line 2
		INSERT INTO svtoms_value_lines
		SELECT 1 + row_number() OVER (ORDER BY u.line), u.measure_code, u.proxy_value, u.deadweight,
			   u.attribution, u.displacement, u.dropoff, u.years
		FROM svtoms.value_upload u WHERE u.uploaded_by = current_user;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'you have no uploaded rows to import'
				USING ERRCODE = 'no_data_found',
					  HINT = 'Load the CSV first: \copy svtoms.value_upload (measure_code, proxy_value, deadweight, attribution, displacement, dropoff, years) FROM ''values.csv'' WITH (FORMAT csv, HEADER)';
		END IF;
	END IF;

	IF NOT EXISTS (SELECT 1 FROM svtoms_value_lines)
	   AND NOT EXISTS (SELECT 1 FROM svtoms_value_problems) THEN
		RAISE EXCEPTION 'value set CSV has no values'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Below the header, give one line per measure: measure_code,proxy_value,...';
	END IF;

	-- each line's own problems, then codes that repeat an earlier line
	INSERT INTO svtoms_value_problems (line, sqlstate, problem)
	SELECT l.line, p.sqlstate, p.problem
	FROM svtoms_value_lines l,
		 LATERAL svtoms.value_row_problems(l.line, import_value_set.framework_id, l.measure_code,
										   l.proxy_value, l.deadweight, l.attribution,
										   l.displacement, l.dropoff, l.years) p;
	INSERT INTO svtoms_value_problems (line, sqlstate, problem)
	SELECT d.line, '23505', format('line %s: measure code %s repeats line %s',
								   d.line, quote_literal(d.code), d.first_line)
	FROM (SELECT l.line, btrim(l.measure_code) AS code,
				 min(l.line) OVER (PARTITION BY btrim(l.measure_code)) AS first_line
		  FROM svtoms_value_lines l WHERE coalesce(btrim(l.measure_code), '') <> '') d
	WHERE d.line <> d.first_line;

	SELECT array_agg(p.problem ORDER BY p.line, p.seq), array_agg(p.sqlstate ORDER BY p.line, p.seq)
	INTO problems, states FROM svtoms_value_problems p;
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION 'value set CSV has % problem(s); nothing was loaded', cardinality(problems)
			USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
				  HINT = 'Fix the lines listed and import again.';
	END IF;

	INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence)
	VALUES (import_value_set.id, import_value_set.framework_id, import_value_set.name,
			import_value_set.valid_from, import_value_set.source, import_value_set.licence);
	INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight,
									 attribution, displacement, dropoff, years)
	SELECT import_value_set.id, btrim(l.measure_code), l.proxy_value::numeric,
		   coalesce(nullif(btrim(l.deadweight), '')::numeric, 0),
		   coalesce(nullif(btrim(l.attribution), '')::numeric, 0),
		   coalesce(nullif(btrim(l.displacement), '')::numeric, 0),
		   coalesce(nullif(btrim(l.dropoff), '')::numeric, 0),
		   coalesce(nullif(btrim(l.years), '')::integer, 1)
	FROM svtoms_value_lines l;
	GET DIAGNOSTICS loaded = ROW_COUNT;

	IF csv IS NULL THEN
		DELETE FROM svtoms.value_upload u WHERE u.uploaded_by = current_user;
	END IF;
	DROP TABLE svtoms_value_lines, svtoms_value_problems;
	RETURN loaded;
END
$$;
COMMENT ON FUNCTION svtoms.import_value_set(text, text, text, date, text, text, text) IS
	'creates a value set from CSV text (or, with csv NULL, from your rows in svtoms.value_upload); all or nothing, every bad line reported';

--------------------------------------------------------------------------
-- Framework interchange as JSON: one document holds a framework, its
-- themes, outcomes and measures, its value sets and its longlist.
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.framework_json(framework_id text) RETURNS jsonb
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	doc jsonb;
BEGIN
	SELECT jsonb_build_object(
		'id', f.id, 'name', f.name, 'version', f.version, 'valuation', f.valuation,
		'currency', f.currency, 'source', f.source, 'licence', f.licence,
		'description', f.description,
		'themes', coalesce((
			SELECT jsonb_agg(jsonb_build_object(
				'code', t.code, 'name', t.name, 'weight', t.weight,
				'outcomes', coalesce((
					SELECT jsonb_agg(jsonb_build_object(
						'code', o.code, 'name', o.name,
						'measures', coalesce((
							SELECT jsonb_agg(jsonb_build_object(
								'code', m.code, 'name', m.name, 'unit', m.unit,
								'unit_kind', m.unit_kind, 'direction', m.direction,
								'evidence', m.evidence, 'exclusive_group', m.exclusive_group,
								'max_points', m.max_points) ORDER BY m.code)
							FROM svtoms.measure m
							WHERE m.framework_id = o.framework_id AND m.outcome_code = o.code), '[]'))
						ORDER BY o.code)
					FROM svtoms.outcome o
					WHERE o.framework_id = t.framework_id AND o.theme_code = t.code), '[]'))
				ORDER BY t.code)
			FROM svtoms.theme t WHERE t.framework_id = f.id), '[]'),
		'value_sets', coalesce((
			SELECT jsonb_agg(jsonb_build_object(
				'id', vs.id, 'name', vs.name, 'valid_from', vs.valid_from,
				'source', vs.source, 'licence', vs.licence,
				'values', coalesce((
					SELECT jsonb_agg(jsonb_build_object(
						'measure_code', mv.measure_code, 'proxy_value', mv.proxy_value,
						'deadweight', mv.deadweight, 'attribution', mv.attribution,
						'displacement', mv.displacement, 'dropoff', mv.dropoff,
						'years', mv.years) ORDER BY mv.measure_code)
					FROM svtoms.measure_value mv WHERE mv.value_set_id = vs.id), '[]'))
				ORDER BY vs.id)
			FROM svtoms.value_set vs WHERE vs.framework_id = f.id), '[]'),
		'longlist', coalesce((
			SELECT jsonb_agg(jsonb_build_object(
				'position', b.position, 'theme_code', b.theme_code, 'theme_label', b.theme_label,
				'benefit', b.benefit, 'true_of', b.true_of, 'proven', b.proven,
				'easily_evidenced', b.easily_evidenced, 'causal_research', b.causal_research)
				ORDER BY b.position)
			FROM svtoms.benefit_longlist b WHERE b.framework_id = f.id), '[]'))
	INTO doc
	FROM svtoms.framework f WHERE f.id = framework_json.framework_id;
	IF doc IS NULL THEN
		RAISE EXCEPTION 'framework "%" does not exist', framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.framework lists the frameworks loaded.';
	END IF;
	RETURN doc;
END
$$;
COMMENT ON FUNCTION svtoms.framework_json(text) IS
	'a framework with its themes, outcomes, measures, value sets and longlist as one JSON document';

-- The problems of a framework document, each with the path it is at and
-- the SQLSTATE it deserves.  Checks everything the tables' constraints
-- check, so that one error can list every problem.
CREATE FUNCTION svtoms.framework_json_problems(doc jsonb)
	RETURNS TABLE (sqlstate text, problem text)
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	key_re constant text := '^[A-Za-z0-9][A-Za-z0-9._:-]*$';
	unit_kinds constant text[] := ARRAY['count', 'percent', 'ratio', 'boolean', 'money', 'hours',
										'days', 'weeks', 'fte', 'tonnes', 'score'];
	t record; o record; m record; vs record; v record; b record;
	tpath text; opath text; mpath text; vpath text;
	theme_codes text[] := '{}';
	outcome_codes text[] := '{}';
	measure_codes text[] := '{}';
	set_ids text[] := '{}';
	benefits text[] := '{}';
	codes text[];
	k text;
BEGIN
	IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
		RETURN QUERY SELECT '22023', 'the document must be a JSON object';
		RETURN;
	END IF;

	FOR k IN SELECT jsonb_object_keys(doc) LOOP
		IF NOT k = ANY (ARRAY['id', 'name', 'version', 'valuation', 'currency', 'source', 'licence',
							  'description', 'themes', 'value_sets', 'longlist']) THEN
			RETURN QUERY SELECT '22023', format('%s: unknown key', k);
		END IF;
	END LOOP;

	-- the framework
	IF jsonb_typeof(doc -> 'id') IS DISTINCT FROM 'string' OR doc ->> 'id' !~ key_re THEN
		RETURN QUERY SELECT '22023', format('id: %s is not a valid id (letters, digits and . _ : -)',
											coalesce((doc -> 'id')::text, 'missing'));
	ELSIF EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = doc ->> 'id') THEN
		RETURN QUERY SELECT '23505', format('id: framework %s already exists', quote_literal(doc ->> 'id'));
	END IF;
	IF jsonb_typeof(doc -> 'name') IS DISTINCT FROM 'string' OR btrim(doc ->> 'name') = '' THEN
		RETURN QUERY SELECT '22023', 'name: a non-empty string is required';
	ELSIF EXISTS (SELECT 1 FROM svtoms.framework f
				  WHERE f.name = doc ->> 'name' AND f.version = coalesce(doc ->> 'version', '1')) THEN
		RETURN QUERY SELECT '23505', format('name: a framework named %s, version %s, already exists',
											quote_literal(doc ->> 'name'), coalesce(doc ->> 'version', '1'));
	END IF;
	IF NOT coalesce(doc ->> 'valuation' IN ('monetary', 'points'), false) THEN
		RETURN QUERY SELECT '22023', format('valuation: %s is not monetary or points',
											coalesce((doc -> 'valuation')::text, 'missing'));
	END IF;
	IF doc ? 'currency' AND jsonb_typeof(doc -> 'currency') <> 'null'
	   AND coalesce(doc ->> 'currency' !~ '^[A-Z]{3}$', true) THEN
		RETURN QUERY SELECT '22023', format('currency: %s is not an ISO 4217 code such as GBP', doc -> 'currency');
	ELSIF doc ->> 'valuation' = 'monetary' AND jsonb_typeof(doc -> 'currency') = 'null' THEN
		RETURN QUERY SELECT '22023', 'currency: a monetary framework needs a currency';
	END IF;
	FOREACH k IN ARRAY ARRAY['version', 'source', 'licence', 'description'] LOOP
		IF doc ? k AND jsonb_typeof(doc -> k) NOT IN ('string', 'null') THEN
			RETURN QUERY SELECT '22023', format('%s: must be a string', k);
		END IF;
	END LOOP;

	-- themes, outcomes, measures
	IF jsonb_typeof(doc -> 'themes') IS DISTINCT FROM 'array' OR jsonb_array_length(doc -> 'themes') = 0 THEN
		RETURN QUERY SELECT '22023', 'themes: a non-empty array is required';
	ELSE
		FOR t IN SELECT e, i - 1 AS i FROM jsonb_array_elements(doc -> 'themes') WITH ORDINALITY x(e, i) LOOP
			tpath := format('themes[%s]', t.i);
			IF jsonb_typeof(t.e -> 'code') IS DISTINCT FROM 'string' OR btrim(t.e ->> 'code') = '' THEN
				RETURN QUERY SELECT '22023', tpath || '.code: a non-empty string is required';
			ELSIF t.e ->> 'code' = ANY (theme_codes) THEN
				RETURN QUERY SELECT '23505', format('%s.code: theme %s appears twice', tpath, quote_literal(t.e ->> 'code'));
			ELSE
				theme_codes := theme_codes || (t.e ->> 'code');
			END IF;
			IF jsonb_typeof(t.e -> 'name') IS DISTINCT FROM 'string' THEN
				RETURN QUERY SELECT '22023', tpath || '.name: a string is required';
			END IF;
			IF t.e ? 'weight' AND (jsonb_typeof(t.e -> 'weight') IS DISTINCT FROM 'number'
								   OR (t.e ->> 'weight')::numeric < 0) THEN
				RETURN QUERY SELECT '22023', format('%s.weight: %s is not a number >= 0', tpath, t.e -> 'weight');
			END IF;
			IF t.e ? 'outcomes' AND jsonb_typeof(t.e -> 'outcomes') <> 'array' THEN
				RETURN QUERY SELECT '22023', tpath || '.outcomes: must be an array';
				CONTINUE;
			END IF;
			FOR o IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(t.e -> 'outcomes', '[]')) WITH ORDINALITY x(e, i) LOOP
				opath := format('%s.outcomes[%s]', tpath, o.i);
				IF jsonb_typeof(o.e -> 'code') IS DISTINCT FROM 'string' OR btrim(o.e ->> 'code') = '' THEN
					RETURN QUERY SELECT '22023', opath || '.code: a non-empty string is required';
				ELSIF o.e ->> 'code' = ANY (outcome_codes) THEN
					RETURN QUERY SELECT '23505', format('%s.code: outcome %s appears twice', opath, quote_literal(o.e ->> 'code'));
				ELSE
					outcome_codes := outcome_codes || (o.e ->> 'code');
				END IF;
				IF jsonb_typeof(o.e -> 'name') IS DISTINCT FROM 'string' THEN
					RETURN QUERY SELECT '22023', opath || '.name: a string is required';
				END IF;
				IF o.e ? 'measures' AND jsonb_typeof(o.e -> 'measures') <> 'array' THEN
					RETURN QUERY SELECT '22023', opath || '.measures: must be an array';
					CONTINUE;
				END IF;
				FOR m IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(o.e -> 'measures', '[]')) WITH ORDINALITY x(e, i) LOOP
					mpath := format('%s.measures[%s]', opath, m.i);
					IF jsonb_typeof(m.e -> 'code') IS DISTINCT FROM 'string' OR btrim(m.e ->> 'code') = '' THEN
						RETURN QUERY SELECT '22023', mpath || '.code: a non-empty string is required';
					ELSIF m.e ->> 'code' = ANY (measure_codes) THEN
						RETURN QUERY SELECT '23505', format('%s.code: measure %s appears twice', mpath, quote_literal(m.e ->> 'code'));
					ELSE
						measure_codes := measure_codes || (m.e ->> 'code');
					END IF;
					IF jsonb_typeof(m.e -> 'name') IS DISTINCT FROM 'string' THEN
						RETURN QUERY SELECT '22023', mpath || '.name: a string is required';
					END IF;
					IF m.e ? 'unit' AND jsonb_typeof(m.e -> 'unit') NOT IN ('string', 'null') THEN
						RETURN QUERY SELECT '22023', mpath || '.unit: must be a string';
					END IF;
					IF m.e ? 'unit_kind' AND NOT coalesce(m.e ->> 'unit_kind' = ANY (unit_kinds), false) THEN
						RETURN QUERY SELECT '22023', format('%s.unit_kind: %s is not one of %s', mpath,
															m.e -> 'unit_kind', array_to_string(unit_kinds, ', '));
					END IF;
					IF m.e ? 'direction' AND NOT coalesce(m.e ->> 'direction' IN ('higher_better', 'lower_better'), false) THEN
						RETURN QUERY SELECT '22023', format('%s.direction: %s is not higher_better or lower_better',
															mpath, m.e -> 'direction');
					END IF;
					IF m.e ? 'evidence' AND NOT coalesce(m.e ->> 'evidence' IN ('robust', 'proxy'), false) THEN
						RETURN QUERY SELECT '22023', format('%s.evidence: %s is not robust or proxy', mpath, m.e -> 'evidence');
					END IF;
					IF m.e ? 'exclusive_group' AND jsonb_typeof(m.e -> 'exclusive_group') <> 'null'
					   AND (jsonb_typeof(m.e -> 'exclusive_group') <> 'string' OR btrim(m.e ->> 'exclusive_group') = '') THEN
						RETURN QUERY SELECT '22023', mpath || '.exclusive_group: must be a non-empty string or null';
					END IF;
					IF m.e ? 'max_points' AND jsonb_typeof(m.e -> 'max_points') <> 'null'
					   AND (jsonb_typeof(m.e -> 'max_points') <> 'number' OR (m.e ->> 'max_points')::numeric < 0) THEN
						RETURN QUERY SELECT '22023', format('%s.max_points: %s is not a number >= 0', mpath, m.e -> 'max_points');
					END IF;
				END LOOP;
			END LOOP;
		END LOOP;
	END IF;

	-- value sets
	IF doc ? 'value_sets' AND jsonb_typeof(doc -> 'value_sets') <> 'array' THEN
		RETURN QUERY SELECT '22023', 'value_sets: must be an array';
	ELSE
		FOR vs IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(doc -> 'value_sets', '[]')) WITH ORDINALITY x(e, i) LOOP
			vpath := format('value_sets[%s]', vs.i);
			IF jsonb_typeof(vs.e -> 'id') IS DISTINCT FROM 'string' OR vs.e ->> 'id' !~ key_re THEN
				RETURN QUERY SELECT '22023', format('%s.id: %s is not a valid id', vpath, coalesce((vs.e -> 'id')::text, 'missing'));
			ELSIF vs.e ->> 'id' = ANY (set_ids) THEN
				RETURN QUERY SELECT '23505', format('%s.id: value set %s appears twice', vpath, quote_literal(vs.e ->> 'id'));
			ELSIF EXISTS (SELECT 1 FROM svtoms.value_set s WHERE s.id = vs.e ->> 'id') THEN
				RETURN QUERY SELECT '23505', format('%s.id: value set %s already exists', vpath, quote_literal(vs.e ->> 'id'));
			ELSE
				set_ids := set_ids || (vs.e ->> 'id');
			END IF;
			IF jsonb_typeof(vs.e -> 'name') IS DISTINCT FROM 'string' THEN
				RETURN QUERY SELECT '22023', vpath || '.name: a string is required';
			END IF;
			IF vs.e ? 'valid_from' THEN
				BEGIN
					IF jsonb_typeof(vs.e -> 'valid_from') IS DISTINCT FROM 'string'
					   OR vs.e ->> 'valid_from' !~ '^\d{4}-\d{2}-\d{2}$'
					   OR (vs.e ->> 'valid_from')::date IS NULL THEN
						RAISE invalid_datetime_format;
					END IF;
				EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
					RETURN QUERY SELECT '22023', format('%s.valid_from: %s is not a date (YYYY-MM-DD)',
														vpath, vs.e -> 'valid_from');
				END;
			END IF;
			IF jsonb_typeof(vs.e -> 'values') IS DISTINCT FROM 'array' THEN
				RETURN QUERY SELECT '22023', vpath || '.values: an array is required';
				CONTINUE;
			END IF;
			codes := '{}';
			FOR v IN SELECT e, i - 1 AS i FROM jsonb_array_elements(vs.e -> 'values') WITH ORDINALITY x(e, i) LOOP
				IF NOT coalesce(v.e ->> 'measure_code' = ANY (measure_codes), false) THEN
					RETURN QUERY SELECT '23503', format('%s.values[%s].measure_code: %s is not a measure of this framework',
														vpath, v.i, coalesce(v.e -> 'measure_code', 'null'));
				ELSIF v.e ->> 'measure_code' = ANY (codes) THEN
					RETURN QUERY SELECT '23505', format('%s.values[%s].measure_code: %s appears twice',
														vpath, v.i, v.e -> 'measure_code');
				ELSE
					codes := codes || (v.e ->> 'measure_code');
				END IF;
				IF jsonb_typeof(v.e -> 'proxy_value') IS DISTINCT FROM 'number' OR (v.e ->> 'proxy_value')::numeric < 0 THEN
					RETURN QUERY SELECT '22023', format('%s.values[%s].proxy_value: %s is not a number >= 0',
														vpath, v.i, coalesce(v.e -> 'proxy_value', 'null'));
				END IF;
				FOREACH k IN ARRAY ARRAY['deadweight', 'attribution', 'displacement', 'dropoff'] LOOP
					IF v.e ? k AND (jsonb_typeof(v.e -> k) IS DISTINCT FROM 'number'
									OR (v.e ->> k)::numeric NOT BETWEEN 0 AND 1) THEN
						RETURN QUERY SELECT '22023', format('%s.values[%s].%s: %s is not a fraction in [0, 1]',
															vpath, v.i, k, v.e -> k);
					END IF;
				END LOOP;
				IF v.e ? 'years' AND (jsonb_typeof(v.e -> 'years') IS DISTINCT FROM 'number'
									  OR v.e ->> 'years' !~ '^[0-9]+$'
									  OR (v.e ->> 'years')::numeric NOT BETWEEN 1 AND 100) THEN
					RETURN QUERY SELECT '22023', format('%s.values[%s].years: %s is not a whole number from 1 to 100',
														vpath, v.i, v.e -> 'years');
				END IF;
			END LOOP;
		END LOOP;
	END IF;

	-- longlist
	IF doc ? 'longlist' AND jsonb_typeof(doc -> 'longlist') <> 'array' THEN
		RETURN QUERY SELECT '22023', 'longlist: must be an array';
	ELSE
		codes := '{}';
		FOR b IN SELECT e, i - 1 AS i FROM jsonb_array_elements(coalesce(doc -> 'longlist', '[]')) WITH ORDINALITY x(e, i) LOOP
			vpath := format('longlist[%s]', b.i);
			IF jsonb_typeof(b.e -> 'position') IS DISTINCT FROM 'number' OR b.e ->> 'position' !~ '^[0-9]+$'
			   OR (b.e ->> 'position')::numeric NOT BETWEEN 1 AND 2147483647 THEN
				RETURN QUERY SELECT '22023', format('%s.position: %s is not a whole number from 1', vpath,
													coalesce(b.e -> 'position', 'null'));
			ELSIF b.e ->> 'position' = ANY (codes) THEN
				RETURN QUERY SELECT '23505', format('%s.position: %s appears twice', vpath, b.e -> 'position');
			ELSE
				codes := codes || (b.e ->> 'position');
			END IF;
			IF NOT coalesce(b.e ->> 'theme_code' = ANY (theme_codes), false) THEN
				RETURN QUERY SELECT '23503', format('%s.theme_code: %s is not a theme of this framework', vpath,
													coalesce(b.e -> 'theme_code', 'null'));
			END IF;
			IF jsonb_typeof(b.e -> 'benefit') IS DISTINCT FROM 'string' THEN
				RETURN QUERY SELECT '22023', vpath || '.benefit: a string is required';
			ELSIF b.e ->> 'benefit' = ANY (benefits) THEN
				RETURN QUERY SELECT '23505', format('%s.benefit: %s appears twice', vpath, b.e -> 'benefit');
			ELSE
				benefits := benefits || (b.e ->> 'benefit');
			END IF;
			FOREACH k IN ARRAY ARRAY['proven', 'easily_evidenced', 'causal_research'] LOOP
				IF NOT coalesce(b.e ->> k IN ('Y', 'N', '?'), false) THEN
					RETURN QUERY SELECT '22023', format('%s.%s: %s is not Y, N or ?', vpath, k, coalesce(b.e -> k, 'null'));
				END IF;
			END LOOP;
		END LOOP;
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.framework_json_problems(jsonb) IS
	'every problem of a framework JSON document, with its path (used by svtoms.import_framework)';

CREATE FUNCTION svtoms.import_framework(doc jsonb) RETURNS text
	LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	problems text[];
	states text[];
	fid text := doc ->> 'id';
BEGIN
	SELECT array_agg(p.problem), array_agg(p.sqlstate)
	INTO problems, states
	FROM svtoms.framework_json_problems(doc) p;
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION 'framework JSON has % problem(s); nothing was imported', cardinality(problems)
			USING ERRCODE = states[1], DETAIL = array_to_string(problems, E'\n'),
				  HINT = 'svtoms.framework_json(id) shows the expected shape.';
	END IF;

	INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description)
	VALUES (fid, doc ->> 'name', coalesce(doc ->> 'version', '1'), doc ->> 'valuation',
			CASE WHEN doc ? 'currency' THEN doc ->> 'currency' ELSE 'GBP' END,
			coalesce(doc ->> 'source', 'not recorded'), coalesce(doc ->> 'licence', 'not recorded'),
			doc ->> 'description');
	INSERT INTO svtoms.theme (framework_id, code, name, weight)
	SELECT fid, t ->> 'code', t ->> 'name', coalesce((t ->> 'weight')::numeric, 1)
	FROM jsonb_array_elements(doc -> 'themes') t;
	INSERT INTO svtoms.outcome (framework_id, code, theme_code, name)
	SELECT fid, o ->> 'code', t ->> 'code', o ->> 'name'
	FROM jsonb_array_elements(doc -> 'themes') t,
		 jsonb_array_elements(coalesce(t -> 'outcomes', '[]')) o;
	INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction,
							   evidence, exclusive_group, max_points)
	SELECT fid, m ->> 'code', o ->> 'code', m ->> 'name', m ->> 'unit',
		   coalesce(m ->> 'unit_kind', 'count'), coalesce(m ->> 'direction', 'higher_better'),
		   coalesce(m ->> 'evidence', 'robust'), m ->> 'exclusive_group', (m ->> 'max_points')::numeric
	FROM jsonb_array_elements(doc -> 'themes') t,
		 jsonb_array_elements(coalesce(t -> 'outcomes', '[]')) o,
		 jsonb_array_elements(coalesce(o -> 'measures', '[]')) m;
	INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence)
	SELECT vs ->> 'id', fid, vs ->> 'name', coalesce((vs ->> 'valid_from')::date, CURRENT_DATE),
		   coalesce(vs ->> 'source', 'not recorded'), coalesce(vs ->> 'licence', 'not recorded')
	FROM jsonb_array_elements(coalesce(doc -> 'value_sets', '[]')) vs;
	INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight, attribution,
									 displacement, dropoff, years)
	SELECT vs ->> 'id', v ->> 'measure_code', (v ->> 'proxy_value')::numeric,
		   coalesce((v ->> 'deadweight')::numeric, 0), coalesce((v ->> 'attribution')::numeric, 0),
		   coalesce((v ->> 'displacement')::numeric, 0), coalesce((v ->> 'dropoff')::numeric, 0),
		   coalesce((v ->> 'years')::integer, 1)
	FROM jsonb_array_elements(coalesce(doc -> 'value_sets', '[]')) vs,
		 jsonb_array_elements(vs -> 'values') v;
	INSERT INTO svtoms.benefit_longlist (framework_id, position, theme_code, theme_label, benefit, true_of,
										proven, easily_evidenced, causal_research)
	SELECT fid, (b ->> 'position')::integer, b ->> 'theme_code', b ->> 'theme_label', b ->> 'benefit',
		   b ->> 'true_of', b ->> 'proven', b ->> 'easily_evidenced', b ->> 'causal_research'
	FROM jsonb_array_elements(coalesce(doc -> 'longlist', '[]')) b;
	RETURN fid;
END
$$;
COMMENT ON FUNCTION svtoms.import_framework(jsonb) IS
	'creates a framework (with its value sets and longlist) from svtoms.framework_json output; all or nothing, every problem reported';

--------------------------------------------------------------------------
-- Tenders: the outcomes in scope, the bids and their signed responses;
-- svtoms.evaluate ranks the bids, svtoms.award freezes the result.
--------------------------------------------------------------------------

CREATE TABLE svtoms.tender (
	id text PRIMARY KEY
		CONSTRAINT tender_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$'),
	framework_id text NOT NULL REFERENCES svtoms.framework (id) ON UPDATE CASCADE,
	value_set_id text,
	title text,
	contract_value numeric
		CONSTRAINT tender_contract_value_positive CHECK (contract_value > 0 AND contract_value NOT IN ('NaN', 'Infinity')),
	price_weight numeric NOT NULL DEFAULT 0 CONSTRAINT tender_price_weight_not_negative CHECK (price_weight >= 0),
	quality_weight numeric NOT NULL DEFAULT 0 CONSTRAINT tender_quality_weight_not_negative CHECK (quality_weight >= 0),
	social_weight numeric NOT NULL DEFAULT 0 CONSTRAINT tender_social_weight_not_negative CHECK (social_weight >= 0),
	context text NOT NULL DEFAULT 'procurement'
		CONSTRAINT tender_context_known CHECK (context IN ('procurement', 'monitoring')),
	missing_policy text NOT NULL DEFAULT 'flag'
		CONSTRAINT tender_missing_policy_known CHECK (missing_policy IN ('flag', 'disqualify')),
	harm_weight numeric NOT NULL DEFAULT 1
		CONSTRAINT tender_harm_weight_at_least_1 CHECK (harm_weight >= 1 AND harm_weight NOT IN ('NaN', 'Infinity')),
	theme_floor numeric CONSTRAINT tender_theme_floor_finite CHECK (theme_floor NOT IN ('NaN', 'Infinity', '-Infinity')),
	balance_weight numeric NOT NULL DEFAULT 0
		CONSTRAINT tender_balance_weight_fraction CHECK (balance_weight BETWEEN 0 AND 1),
	discount_rate numeric NOT NULL DEFAULT 0
		CONSTRAINT tender_discount_rate_fraction CHECK (discount_rate BETWEEN 0 AND 1),
	track_record_policy text NOT NULL DEFAULT 'ignore'
		CONSTRAINT tender_track_record_policy_known CHECK (track_record_policy IN ('ignore', 'discount')),
	track_record_default numeric NOT NULL DEFAULT 1
		CONSTRAINT tender_track_record_default_fraction CHECK (track_record_default BETWEEN 0 AND 1),
	social_judged_share numeric NOT NULL DEFAULT 0
		CONSTRAINT tender_social_judged_share_fraction CHECK (social_judged_share BETWEEN 0 AND 1),
	require_both_social boolean NOT NULL DEFAULT false,
	CONSTRAINT tender_weights_sum_to_100 CHECK (price_weight + quality_weight + social_weight = 100),
	FOREIGN KEY (value_set_id, framework_id) REFERENCES svtoms.value_set (id, framework_id)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.tender IS
	'a procurement: its framework and value set, the weights of price, quality and social value, and its evaluation policies';
COMMENT ON COLUMN svtoms.tender.value_set_id IS 'the proxy values a monetary framework is valued with';
COMMENT ON COLUMN svtoms.tender.context IS
	'procurement: proxy-evidence responses are excluded; monitoring: they count';
COMMENT ON COLUMN svtoms.tender.missing_policy IS 'flag: an unanswered in-scope outcome flags the bid; disqualify: it also disqualifies it';
COMMENT ON COLUMN svtoms.tender.harm_weight IS 'net for scoring = benefit - harm_weight x harm (at least 1)';
COMMENT ON COLUMN svtoms.tender.theme_floor IS 'minimum net of every in-scope theme; a bid below it is disqualified';
COMMENT ON COLUMN svtoms.tender.balance_weight IS 'social points x (1 - balance_weight + balance_weight x balance)';
COMMENT ON COLUMN svtoms.tender.discount_rate IS 'the discount rate sroi_value applies after the first year';
COMMENT ON COLUMN svtoms.tender.track_record_policy IS
	'ignore, or discount: a bid''s benefit counts at its supplier''s delivery rate (svtoms.supplier_track_record)';
COMMENT ON COLUMN svtoms.tender.track_record_default IS 'the delivery rate assumed for a supplier with no track record';
COMMENT ON COLUMN svtoms.tender.social_judged_share IS
	'share of the social points given by officers'' judgements of social questions, the rest by the measured net';
COMMENT ON COLUMN svtoms.tender.require_both_social IS
	'a bid must give both a measured social value response and a judged social answer, or be disqualified';

CREATE TABLE svtoms.tender_outcome (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	outcome_code text NOT NULL,
	framework_id text NOT NULL,
	PRIMARY KEY (tender_id, outcome_code),
	FOREIGN KEY (framework_id, outcome_code) REFERENCES svtoms.outcome (framework_id, code)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.tender_outcome IS
	'the outcomes in scope of a tender: every bid must answer each (none listed: all of the framework''s)';
COMMENT ON COLUMN svtoms.tender_outcome.framework_id IS 'the framework of the tender; filled in on insert';

CREATE TABLE svtoms.bid (
	id text PRIMARY KEY CONSTRAINT bid_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$'),
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	bidder text NOT NULL,
	price numeric CONSTRAINT bid_price_not_negative CHECK (price >= 0 AND price NOT IN ('NaN', 'Infinity')),
	quality_points numeric NOT NULL DEFAULT 0
		CONSTRAINT bid_quality_points_not_negative CHECK (quality_points >= 0 AND quality_points NOT IN ('NaN', 'Infinity'))
);
CREATE INDEX bid_tender ON svtoms.bid (tender_id);
COMMENT ON TABLE svtoms.bid IS 'a bid for a tender: the bidder, its price and its quality points';
COMMENT ON COLUMN svtoms.bid.quality_points IS 'quality points given to the bid (at most the tender''s quality_weight)';
COMMENT ON INDEX svtoms.bid_tender IS 'finds the bids of a tender';

CREATE TABLE svtoms.response (
	bid_id text NOT NULL REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	measure_code text NOT NULL,
	framework_id text NOT NULL,
	quantity numeric CONSTRAINT response_quantity_finite CHECK (quantity NOT IN ('NaN', 'Infinity', '-Infinity')),
	evidence_ref text,
	note text,
	PRIMARY KEY (bid_id, measure_code),
	FOREIGN KEY (framework_id, measure_code) REFERENCES svtoms.measure (framework_id, code)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.response IS 'a bid''s answer on one measure: a signed quantity, negative for a harm';
COMMENT ON COLUMN svtoms.response.quantity IS 'in the measure''s unit; negative is a harm; NULL is no answer';
COMMENT ON COLUMN svtoms.response.evidence_ref IS 'where the evidence for the answer is';
COMMENT ON COLUMN svtoms.response.framework_id IS 'the framework of the bid''s tender; filled in on insert';

CREATE TRIGGER fill_framework_id BEFORE INSERT OR UPDATE ON svtoms.tender_outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.fill_framework_id();
CREATE TRIGGER fill_framework_id BEFORE INSERT OR UPDATE ON svtoms.response
	FOR EACH ROW EXECUTE FUNCTION svtoms.fill_framework_id();

-- A tender's scope and responses name codes of its framework: once it
-- has any, it cannot move to another framework, nor a bid to a tender of
-- another framework.  (Renaming a framework's id cascades and is fine.)
CREATE FUNCTION svtoms.keep_framework() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	moved_to text;
BEGIN
	IF TG_TABLE_NAME = 'tender' THEN
		IF NEW.framework_id IS DISTINCT FROM OLD.framework_id
		   AND EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = OLD.framework_id)
		   AND (EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = OLD.id)
				OR EXISTS (SELECT 1 FROM svtoms.bid b WHERE b.tender_id = OLD.id)) THEN
			RAISE EXCEPTION 'tender "%" already has scope or bids under framework "%"', OLD.id, OLD.framework_id
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Create a new tender under the other framework.';
		END IF;
	ELSIF NEW.tender_id IS DISTINCT FROM OLD.tender_id THEN
		SELECT t.framework_id INTO moved_to FROM svtoms.tender t WHERE t.id = NEW.tender_id;
		IF moved_to IS DISTINCT FROM (SELECT t.framework_id FROM svtoms.tender t WHERE t.id = OLD.tender_id)
		   AND EXISTS (SELECT 1 FROM svtoms.response r WHERE r.bid_id = OLD.id) THEN
			RAISE EXCEPTION 'bid "%" has responses under another framework than tender "%"', OLD.id, NEW.tender_id
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Enter the bid again under the other tender.';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.keep_framework() IS
	'trigger: a tender with scope or bids keeps its framework; a bid with responses stays under the same framework';
CREATE TRIGGER keep_framework BEFORE UPDATE OF framework_id ON svtoms.tender
	FOR EACH ROW EXECUTE FUNCTION svtoms.keep_framework();
CREATE TRIGGER keep_framework BEFORE UPDATE OF tender_id ON svtoms.bid
	FOR EACH ROW EXECUTE FUNCTION svtoms.keep_framework();

-- The award: the evaluation and its inputs, frozen.
CREATE TABLE svtoms.award (
	tender_id text PRIMARY KEY REFERENCES svtoms.tender (id) ON UPDATE CASCADE,
	awarded_at timestamptz NOT NULL DEFAULT now(),
	awarded_by name NOT NULL DEFAULT current_user,
	framework_id text NOT NULL,
	value_set_id text,
	inputs jsonb NOT NULL
);
COMMENT ON TABLE svtoms.award IS
	'the award of a tender: when and by whom, and its inputs (tender, scope, bids, responses, values) as they were';
COMMENT ON COLUMN svtoms.award.inputs IS 'the tender, its scope, bids, responses and value set at the award, as JSON';

CREATE TABLE svtoms.award_result (
	tender_id text NOT NULL REFERENCES svtoms.award (tender_id) ON UPDATE CASCADE,
	bid_id text NOT NULL,
	bidder text NOT NULL,
	price numeric,
	value svtoms.sv NOT NULL,
	profile svtoms.profile NOT NULL,
	net numeric NOT NULL,
	sv_ratio numeric,
	balance double precision NOT NULL,
	missing bigint NOT NULL,
	excluded bigint NOT NULL,
	price_points numeric,
	quality_points numeric,
	social_points numeric,
	total_points numeric,
	rank bigint,
	status text[] NOT NULL,
	PRIMARY KEY (tender_id, bid_id)
);
COMMENT ON TABLE svtoms.award_result IS 'the evaluation of each bid at the award, as svtoms.evaluate returned it';

-- Whether a tender is awarded as of now: guard_awarded asks when the
-- transaction's snapshot (REPEATABLE READ, SERIALIZABLE) predates an award.
CREATE FUNCTION svtoms.tender_is_awarded(tender_id text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tender_is_awarded'
	LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION svtoms.tender_is_awarded(text) IS
	'whether an award of the tender is committed, read with the latest snapshot rather than the transaction''s';

-- Changes to awarded tenders are refused.  A row inserted again exactly as
-- the award recorded it (a restore of a dump) is let through.
CREATE FUNCTION svtoms.guard_awarded() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	r record;
	tender text;
	a record;
	recorded jsonb;
	value_set text;
	msg text;
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		IF EXISTS (SELECT 1 FROM svtoms.award) THEN
			RAISE EXCEPTION 'svtoms.% cannot be truncated while awards exist', TG_TABLE_NAME
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  DETAIL = 'Awarded tenders, their inputs and their award records are kept as they were.';
		END IF;
		RETURN NULL;
	END IF;
	IF TG_TABLE_NAME IN ('award', 'award_result') THEN
		RAISE EXCEPTION 'the award of tender "%" cannot be changed', OLD.tender_id
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'An award record is kept as made, so that the decision can be reproduced.';
	END IF;

	FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD]
	                              ELSE ARRAY[OLD, NEW] END
	LOOP
		IF TG_TABLE_NAME = 'measure_value' THEN
			-- wait for an award in progress, then look for awards using the set
			value_set := r.value_set_id;
			PERFORM pg_advisory_xact_lock_shared(hashtext('svtoms.value_set'), hashtext(value_set));
			SELECT aw.tender_id, aw.awarded_at INTO a
			FROM svtoms.award aw WHERE aw.value_set_id = value_set ORDER BY aw.tender_id LIMIT 1;
			IF NOT FOUND THEN
				CONTINUE;
			END IF;
		ELSE
			IF TG_TABLE_NAME = 'tender' THEN
				tender := r.id;
			ELSIF TG_TABLE_NAME IN ('tender_outcome', 'bid', 'question', 'judgement') THEN
				tender := r.tender_id;
			ELSE
				SELECT b.tender_id INTO tender FROM svtoms.bid b WHERE b.id = r.bid_id;
			END IF;
			PERFORM pg_advisory_xact_lock_shared(hashtext('svtoms.tender'), hashtext(tender));
			SELECT aw.tender_id, aw.awarded_at INTO a FROM svtoms.award aw WHERE aw.tender_id = tender;
			IF NOT FOUND THEN
				-- an award committed after this transaction's snapshot
				IF current_setting('transaction_isolation') <> 'read committed'
				   AND svtoms.tender_is_awarded(tender) THEN
					RAISE EXCEPTION 'tender % was awarded after this transaction began', quote_literal(tender)
						USING ERRCODE = 'serialization_failure',
							  DETAIL = format('The %s row was not %s.', TG_TABLE_NAME,
											  CASE TG_OP WHEN 'INSERT' THEN 'inserted' WHEN 'UPDATE' THEN 'updated'
											  ELSE 'deleted' END),
							  HINT = 'Retry the transaction; an awarded tender cannot change.';
				END IF;
				CONTINUE;
			END IF;
		END IF;
		-- a restore: the row as recorded (timestamps compared as timestamps,
		-- whatever the session's time zone); only those who may read award
		-- inputs restore, so others are not given a permission error here
		IF TG_OP = 'INSERT' AND has_column_privilege('svtoms.award', 'inputs', 'SELECT') THEN
			SELECT aw.inputs -> CASE TG_TABLE_NAME WHEN 'measure_value' THEN 'values' WHEN 'tender_outcome' THEN 'scope'
											  WHEN 'bid' THEN 'bids' WHEN 'response' THEN 'responses'
											  WHEN 'question' THEN 'questions' WHEN 'judgement' THEN 'judgements'
											  ELSE 'tender' END
			INTO recorded FROM svtoms.award aw WHERE aw.tender_id = a.tender_id;
		ELSE
			recorded := NULL;
		END IF;
		IF recorded IS NOT NULL AND EXISTS (
			SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(recorded) WHEN 'array' THEN recorded
												ELSE jsonb_build_array(recorded) END) e
			WHERE e.value - 'judged_at' @> (to_jsonb(r) - 'framework_id' - 'judged_at')
			  AND (TG_TABLE_NAME <> 'judgement'
				   OR (e.value ->> 'judged_at')::timestamptz = (to_jsonb(r) ->> 'judged_at')::timestamptz)) THEN
			CONTINUE;
		END IF;
		IF TG_TABLE_NAME = 'measure_value' THEN
			msg := format('value set %L was used by the award of tender %L on %s; its values can no longer change',
						  value_set, a.tender_id, to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ'));
		ELSE
			msg := format('tender %L was awarded on %s; its %s can no longer change', tender,
						  to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
						  CASE TG_TABLE_NAME WHEN 'tender' THEN 'definition' WHEN 'tender_outcome' THEN 'scope'
							   WHEN 'bid' THEN 'bids' WHEN 'question' THEN 'questions'
							   WHEN 'judgement' THEN 'judgements' ELSE 'responses' END);
		END IF;
		RAISE EXCEPTION '%', msg
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = format('The %s row was not %s.', TG_TABLE_NAME,
								  CASE TG_OP WHEN 'INSERT' THEN 'inserted' WHEN 'UPDATE' THEN 'updated'
								  ELSE 'deleted' END),
				  HINT = 'An awarded evaluation is frozen; record delivery against it instead.';
	END LOOP;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION svtoms.guard_awarded() IS
	'trigger: refuses changes to awarded tenders, their scope, bids, responses and value sets, and to award records';

CREATE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.tender
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.tender_outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.bid
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.response
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.award
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.award_result
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.tender
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.tender_outcome
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.bid
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.response
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award_result
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();

SELECT pg_catalog.pg_extension_config_dump('svtoms.tender', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.tender_outcome', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.bid', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.response', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award_result', '');

-- The value of each response of a tender's bids: evaluation rules 1 to 4
-- (scope, evidence, double counting, amounts), one row per answered
-- response on an in-scope measure.  amount is NULL when the response
-- cannot be valued; svtoms.evaluate says why.
CREATE TYPE svtoms.response_value AS (
	bid_id text,
	measure_code text,
	outcome_code text,
	theme_code text,
	quantity numeric,
	amount numeric,
	counted boolean,
	excluded_because text
);
COMMENT ON TYPE svtoms.response_value IS
	'a response valued by svtoms.response_values: its amount, whether it counts, and why not';

-- Every name below is schema-qualified (or a pg_catalog builtin, which is
-- always searched first), so the function needs no SET search_path and the
-- planner can inline it into the query that calls it; nor is it STRICT,
-- which would also prevent that (a NULL tender finds no rows anyway).
CREATE FUNCTION svtoms.response_values(tender_id text)
	RETURNS SETOF svtoms.response_value
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	WITH t AS (
		SELECT x.*, f.valuation,
			   EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = x.id) AS has_scope
		FROM svtoms.tender x JOIN svtoms.framework f ON f.id = x.framework_id
		WHERE x.id = response_values.tender_id
	),
	scope AS (
		SELECT o.code, o.theme_code
		FROM t JOIN svtoms.outcome o ON o.framework_id = t.framework_id
		WHERE NOT t.has_scope
		   OR o.code IN (SELECT s.outcome_code FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
	),
	r AS (
		SELECT r.bid_id, r.measure_code, m.outcome_code, sc.theme_code, r.quantity, m.direction,
			   m.unit_kind, m.exclusive_group, m.max_points, t.valuation, t.discount_rate,
			   t.context = 'procurement' AND m.evidence = 'proxy' AS proxy,
			   v.proxy_value, v.deadweight, v.attribution, v.displacement, v.dropoff, v.years
		FROM t
		JOIN svtoms.bid b ON b.tender_id = t.id
		JOIN svtoms.response r ON r.bid_id = b.id
		JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = r.measure_code
		JOIN scope sc ON sc.code = m.outcome_code
		LEFT JOIN svtoms.measure_value v ON v.value_set_id = t.value_set_id AND v.measure_code = r.measure_code
		WHERE r.quantity IS NOT NULL
	),
	-- points frameworks score a measure across the tender's bids
	across AS (
		SELECT r.measure_code, min(r.quantity) AS min_q, max(abs(r.quantity)) AS max_abs,
			   bool_and(r.quantity > 0) AS all_positive
		FROM r WHERE NOT r.proxy GROUP BY r.measure_code
	),
	valued AS MATERIALIZED (		-- value each response once
		SELECT r.*,
			   CASE
				   WHEN r.proxy THEN NULL
				   WHEN r.valuation = 'monetary' THEN
					   svtoms.sroi_value(r.quantity, r.proxy_value, r.deadweight, r.attribution,
										 r.displacement, r.dropoff, r.years, r.discount_rate)
				   WHEN r.max_points IS NULL THEN NULL
				   WHEN r.unit_kind = 'boolean' THEN
					   CASE WHEN r.quantity IN (-1, 0, 1) THEN trim_scale(r.max_points * r.quantity) END
				   WHEN r.direction = 'lower_better' THEN
					   CASE WHEN a.all_positive THEN trim_scale(r.max_points * a.min_q / r.quantity) END
				   WHEN a.max_abs = 0 THEN 0
				   ELSE trim_scale(r.max_points * r.quantity / a.max_abs)
			   END AS amount
		FROM r LEFT JOIN across a ON a.measure_code = r.measure_code
	),
	-- in an exclusive group only the largest absolute amount counts
	placed AS (
		SELECT v.*,
			   CASE WHEN v.exclusive_group IS NULL OR v.proxy THEN 1
					ELSE row_number() OVER (PARTITION BY v.bid_id, v.exclusive_group, v.proxy
											ORDER BY abs(v.amount) DESC NULLS LAST, v.measure_code) END AS place
		FROM valued v
	)
	SELECT p.bid_id, p.measure_code, p.outcome_code, p.theme_code, p.quantity, p.amount,
		   NOT p.proxy AND p.place = 1,
		   CASE WHEN p.proxy THEN 'proxy_evidence' WHEN p.place > 1 THEN 'double_counted' END
	FROM placed p
	ORDER BY p.bid_id, p.measure_code
$$;
COMMENT ON FUNCTION svtoms.response_values(text) IS
	'each response of a tender''s bids on an in-scope measure: its valued amount, whether it counts, and why not';

-- svtoms.evaluate: DESIGN.md's evaluation rules, step by step.
CREATE FUNCTION svtoms.evaluate(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, price numeric, value svtoms.sv, profile svtoms.profile,
				   net numeric, sv_ratio numeric, balance double precision, missing bigint,
				   excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[])
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	-- plan each statement once per session: a custom plan would plan the
	-- inlined response_values again at every call
	SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
	t svtoms.tender;
	monetary boolean;
	bad text;
	rvs svtoms.response_value[];
BEGIN
	-- an awarded tender answers with its award
	IF EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = evaluate.tender_id) THEN
		RETURN QUERY
		SELECT ar.bid_id, ar.bidder, ar.price, ar.value, ar.profile, ar.net, ar.sv_ratio, ar.balance,
			   ar.missing, ar.excluded, ar.price_points, ar.quality_points, ar.social_points,
			   ar.total_points, ar.rank, ar.status
		FROM svtoms.award_result ar WHERE ar.tender_id = evaluate.tender_id
		ORDER BY ar.rank NULLS LAST, ar.bid_id;
		RETURN;
	END IF;

	SELECT * INTO t FROM svtoms.tender x WHERE x.id = evaluate.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	SELECT f.valuation = 'monetary' INTO monetary FROM svtoms.framework f WHERE f.id = t.framework_id;
	IF monetary AND t.value_set_id IS NULL THEN
		RAISE EXCEPTION 'tender "%" has no value set to value its monetary framework "%"', t.id, t.framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Set svtoms.tender.value_set_id to a value set of the framework.';
	END IF;

	-- inputs every rule below relies on, each problem named
	SELECT string_agg(format('bid %s: quality_points %s, quality_weight %s', b.id, b.quality_points,
							 t.quality_weight), E'\n' ORDER BY b.id)
	INTO bad FROM svtoms.bid b
	WHERE b.tender_id = t.id AND b.quality_points > t.quality_weight
	  AND NOT EXISTS (SELECT 1 FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality');
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'quality points above the quality weight in tender "%"', t.id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
				  HINT = 'Quality points are given out of the tender''s quality_weight.';
	END IF;
	IF (SELECT sum(q.max_points) FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality')
	   > t.quality_weight THEN
		RAISE EXCEPTION 'the quality questions of tender "%" are worth more than its quality weight %',
			t.id, t.quality_weight
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'The max_points of the quality questions add up to at most the quality_weight.';
	END IF;
	IF t.social_judged_share > 0
	   AND NOT EXISTS (SELECT 1 FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'social') THEN
		RAISE EXCEPTION 'tender "%" gives % of its social points to judgements but has no social question',
			t.id, t.social_judged_share
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Add questions of kind social to svtoms.question, or set social_judged_share to 0.';
	END IF;
	SELECT string_agg(format('bid %s: price %s', b.id, coalesce(b.price::text, 'NULL')), E'\n' ORDER BY b.id)
	INTO bad FROM svtoms.bid b
	WHERE b.tender_id = t.id AND t.price_weight > 0 AND coalesce(b.price, 0) <= 0;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'bids in tender "%" without a price above zero', t.id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
				  HINT = 'Relative price scoring needs every price > 0; with a zero price, weight price 0 and score it another way.';
	END IF;
	-- rules 1 to 4, once
	rvs := ARRAY(SELECT rv FROM svtoms.response_values(t.id) rv);
	SELECT string_agg(format('bid %s, measure %s: %s', rv.bid_id, rv.measure_code,
							 CASE
								 WHEN monetary THEN format('value set %s has no value for it', t.value_set_id)
								 WHEN m.max_points IS NULL THEN 'the measure has no max_points'
								 WHEN m.unit_kind = 'boolean' THEN format('%s is not -1, 0 or 1', rv.quantity)
								 WHEN m.direction = 'lower_better' THEN
									 format('%s: a lower-is-better measure needs every quantity > 0', rv.quantity)
								 ELSE 'cannot be valued' END),
					  E'\n' ORDER BY rv.bid_id, rv.measure_code)
	INTO bad
	FROM unnest(rvs) rv
	JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = rv.measure_code
	WHERE rv.amount IS NULL AND rv.excluded_because IS DISTINCT FROM 'proxy_evidence'
	  -- a lower-is-better quantity > 0 is unvalued only because another is not
	  AND NOT (NOT monetary AND m.max_points IS NOT NULL AND m.unit_kind <> 'boolean'
			   AND m.direction = 'lower_better' AND rv.quantity > 0);
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'responses in tender "%" cannot be valued', t.id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
				  HINT = 'Fix the value set, the measures or the quantities listed.';
	END IF;

	RETURN QUERY
	WITH scope AS (
		SELECT o.code AS outcome_code, o.theme_code
		FROM svtoms.outcome o
		WHERE o.framework_id = t.framework_id
		  AND (NOT EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
			   OR o.code IN (SELECT s.outcome_code FROM svtoms.tender_outcome s WHERE s.tender_id = t.id))
	),
	rv AS (
		SELECT * FROM unnest(rvs)
	),
	-- 5: every response as an account entry of its theme, and a missing
	-- entry for each in-scope outcome a bid answered on none of its measures
	entries AS (
		SELECT rv.bid_id, rv.theme_code,
			   CASE WHEN rv.counted THEN svtoms.sv(rv.amount) ELSE 'excluded=1'::svtoms.sv END AS entry
		FROM rv
		UNION ALL
		SELECT b.id, s.theme_code, 'missing=1'::svtoms.sv
		FROM svtoms.bid b CROSS JOIN scope s
		WHERE b.tender_id = t.id
		  AND NOT EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.outcome_code = s.outcome_code)
	),
	judgements AS (
		SELECT qm.bid_id,
			   sum(coalesce(qm.points, 0)) FILTER (WHERE qm.kind = 'quality') AS quality,
			   sum(coalesce(qm.points, 0)) FILTER (WHERE qm.kind = 'social')
				   / sum(qm.max_points) FILTER (WHERE qm.kind = 'social') AS social_share,
			   coalesce(bool_or(qm.evaluators > 0) FILTER (WHERE qm.kind = 'social'), false) AS social_answered,
			   bool_or(qm.evaluators = 0) AS unjudged,
			   bool_or(qm.disagreement) AS disagree,
			   bool_or(qm.kind = 'quality') AS quality_questions
		FROM svtoms.question_moderation qm WHERE qm.tender_id = t.id
		GROUP BY qm.bid_id
	),
	accounts AS (
		SELECT b.id, b.bidder, b.price,
			   CASE WHEN coalesce(jd.quality_questions, false) THEN jd.quality ELSE b.quality_points END AS quality,
			   coalesce(jd.social_share, 0) AS social_share,
			   coalesce(jd.social_answered, false) AS social_answered,
			   coalesce(jd.unjudged, false) AS unjudged, coalesce(jd.disagree, false) AS disagree,
			   -- the track record is looked up only when the tender uses it
			   CASE WHEN t.track_record_policy <> 'discount' THEN 1
					ELSE coalesce((SELECT least(greatest(tr.rate, 0), 1) FROM svtoms.supplier_track_record tr
								   WHERE tr.supplier = b.bidder AND tr.rate IS NOT NULL),
								  t.track_record_default) END AS record,
			   coalesce(p.prof, '{}'::svtoms.profile) AS prof,
			   EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.excluded_because = 'double_counted') AS doubled,
			   EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.excluded_because = 'proxy_evidence') AS proxied
		FROM svtoms.bid b
		LEFT JOIN (SELECT en.bid_id, svtoms.theme_profile(en.theme_code, en.entry) AS prof
				   FROM entries en GROUP BY en.bid_id) p ON p.bid_id = b.id
		LEFT JOIN judgements jd ON jd.bid_id = b.id
		WHERE b.tender_id = t.id
	),
	-- 6: gates
	gated AS (
		SELECT a.*, v.val,
			   svtoms.missing(v.val) > 0 AS incomplete,
			   t.require_both_social AND (svtoms.responses(v.val) = 0 OR NOT a.social_answered)
				   AS social_missing,
			   t.theme_floor IS NOT NULL AND EXISTS (
				   SELECT 1 FROM svtoms.themes(a.prof) th WHERE svtoms.net(th.value) < t.theme_floor) AS below_floor
		FROM accounts a
		CROSS JOIN LATERAL (SELECT svtoms.total(a.prof) AS val) v
	),
	judged AS (
		SELECT g.*,
			   NOT ((g.incomplete AND t.missing_policy = 'disqualify') OR g.below_floor OR g.social_missing) AS ok,
			   g.record * svtoms.benefit(g.val) - t.harm_weight * svtoms.harm(g.val) AS nfs,
			   svtoms.balance(g.prof) AS bal
		FROM gated g
	),
	best AS (
		SELECT max(j.nfs) AS best_nfs, min(j.price) AS lowest FROM judged j WHERE j.ok
	),
	-- 7: points of qualified bids
	pointed AS (
		SELECT j.*,
			   CASE WHEN NOT j.ok THEN NULL
					WHEN t.price_weight = 0 THEN 0::numeric
					ELSE svtoms.price_score(j.price, bs.lowest, t.price_weight) END AS pp,
			   CASE WHEN j.ok THEN j.quality END AS qp,
			   CASE WHEN NOT j.ok THEN NULL
					ELSE trim_scale(
						(1 - t.social_judged_share)
						* svtoms.relative_score(j.nfs, bs.best_nfs, t.social_weight)
						* CASE WHEN t.balance_weight = 0 THEN 1
							   ELSE 1 - t.balance_weight + t.balance_weight * j.bal::numeric END
						+ t.social_judged_share * t.social_weight * j.social_share) END AS sp
		FROM judged j CROSS JOIN best bs
	),
	totalled AS (
		SELECT p.*, trim_scale(p.pp + p.qp + p.sp) AS tp FROM pointed p
	)
	SELECT x.id, x.bidder, x.price, x.val, x.prof, svtoms.net(x.val),
		   trim_scale(svtoms.net(x.val) / t.contract_value), x.bal, svtoms.missing(x.val), svtoms.excluded(x.val),
		   x.pp, x.qp, x.sp, x.tp,
		   CASE WHEN x.ok THEN rank() OVER (PARTITION BY x.ok ORDER BY x.tp DESC) END,
		   array_remove(ARRAY[
			   CASE WHEN x.incomplete THEN 'incomplete' END,
			   CASE WHEN x.doubled THEN 'double_counted' END,
			   CASE WHEN x.proxied THEN 'proxy_excluded' END,
			   CASE WHEN svtoms.harm(x.val) > 0 THEN 'harm' END,
			   CASE WHEN svtoms.harm(x.val) > 0 AND t.harm_weight > 1 THEN 'harm_weighted' END,
			   CASE WHEN x.record < 1 THEN 'track_record_discounted' END,
			   CASE WHEN x.below_floor THEN 'below_theme_floor' END,
			   CASE WHEN x.ok AND t.balance_weight > 0 AND x.bal < 1 THEN 'unbalanced' END,
			   CASE WHEN x.unjudged THEN 'unjudged' END,
			   CASE WHEN x.disagree THEN 'judges_disagree' END,
			   CASE WHEN x.social_missing THEN 'social_answer_missing' END,
			   CASE WHEN NOT x.ok THEN 'disqualified' END], NULL)
	FROM totalled x
	ORDER BY 15 NULLS LAST, 1;
END
$$;
COMMENT ON FUNCTION svtoms.evaluate(text) IS
	'one row per bid of a tender: its account and theme profile, price, quality and social points, total, rank and status flags';

-- BI tools read every tender at once: a tender that cannot be evaluated
-- (a bid without a price, say) shows as such, rather than failing the query.
CREATE FUNCTION svtoms.evaluate_or_explain(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, price numeric, value svtoms.sv, profile svtoms.profile,
				   net numeric, sv_ratio numeric, balance double precision, missing bigint,
				   excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[], problem text)
	LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	msg text;
	detail text;
BEGIN
	-- evaluate's rows are all computed before the first is returned
	RETURN QUERY SELECT e.*, NULL::text FROM svtoms.evaluate(evaluate_or_explain.tender_id) e;
EXCEPTION WHEN invalid_parameter_value THEN
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
	RETURN QUERY
	SELECT b.id, b.bidder, b.price, NULL::svtoms.sv, NULL::svtoms.profile, NULL::numeric, NULL::numeric,
		   NULL::double precision, NULL::bigint, NULL::bigint, NULL::numeric, NULL::numeric, NULL::numeric,
		   NULL::numeric, NULL::bigint, ARRAY['unevaluable'], concat_ws(': ', msg, nullif(detail, ''))
	FROM svtoms.bid b WHERE b.tender_id = evaluate_or_explain.tender_id ORDER BY b.id;
END
$$;
COMMENT ON FUNCTION svtoms.evaluate_or_explain(text) IS
	'svtoms.evaluate, or, for a tender it cannot evaluate, each bid flagged unevaluable with the reason in problem';

CREATE VIEW svtoms.bid_evaluation AS
SELECT t.id AS tender_id, t.title AS tender_title, e.bid_id, e.bidder, e.price,
	   svtoms.benefit(e.value) AS benefit, svtoms.harm(e.value) AS harm, e.net, e.sv_ratio,
	   e.balance::numeric AS balance, svtoms.coverage(e.profile)::numeric AS coverage,
	   svtoms.responses(e.value)::integer AS responses, svtoms.negatives(e.value)::integer AS negatives,
	   e.missing::integer AS missing, e.excluded::integer AS excluded,
	   e.price_points, e.quality_points, e.social_points, e.total_points, e.rank::integer AS rank,
	   array_to_string(e.status, ',') AS status, e.profile::jsonb AS profile,
	   (a.tender_id IS NOT NULL) AS awarded, e.problem
FROM svtoms.tender t
CROSS JOIN LATERAL svtoms.evaluate_or_explain(t.id) e
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.bid_evaluation IS
	'svtoms.evaluate for every tender, one row per bid, in plain column types for BI tools; a tender it cannot evaluate shows why in problem';

CREATE VIEW svtoms.bid_theme_evaluation AS
SELECT t.id AS tender_id, e.bid_id, e.bidder, th.theme,
	   svtoms.benefit(th.value) AS benefit, svtoms.harm(th.value) AS harm, svtoms.net(th.value) AS net,
	   svtoms.responses(th.value)::integer AS responses, svtoms.negatives(th.value)::integer AS negatives,
	   svtoms.missing(th.value)::integer AS missing, svtoms.excluded(th.value)::integer AS excluded,
	   e.rank::integer AS rank, (a.tender_id IS NOT NULL) AS awarded
FROM svtoms.tender t
CROSS JOIN LATERAL svtoms.evaluate_or_explain(t.id) e
CROSS JOIN LATERAL svtoms.themes(e.profile) th
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.bid_theme_evaluation IS
	'each bid''s account theme by theme (one row per bid and theme), for charts in BI tools';

CREATE PROCEDURE svtoms.award(tender_id text)
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t svtoms.tender;
	results svtoms.award_result[];
BEGIN
	-- the evaluation must see every change committed before the lock below
	-- is granted; a snapshot taken earlier in the transaction would not
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'svtoms.award runs at READ COMMITTED, not %', upper(current_setting('transaction_isolation'))
			USING ERRCODE = 'invalid_transaction_state',
				  HINT = 'CALL svtoms.award(...) in a transaction at the default isolation level, READ COMMITTED.';
	END IF;
	-- hold off changes to the tender and its value set while awarding (the
	-- guard_awarded trigger takes the same locks, shared); advisory locks
	-- need no UPDATE privilege on the tender
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.tender'), hashtext(award.tender_id));
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = award.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.value_set'), hashtext(t.value_set_id));
	IF EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = t.id) THEN
		RAISE EXCEPTION 'tender "%" is already awarded', t.id
			USING ERRCODE = 'unique_violation',
				  HINT = 'An award is made once; svtoms.evaluate returns it.';
	END IF;

	SELECT array_agg(ROW(t.id, e.*)::svtoms.award_result) INTO results FROM svtoms.evaluate(t.id) e;
	IF results IS NULL OR NOT EXISTS (SELECT 1 FROM unnest(results) r WHERE r.rank IS NOT NULL) THEN
		RAISE EXCEPTION 'tender "%" has no qualified bid to award', t.id
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'SELECT * FROM svtoms.evaluate(...) shows why each bid was disqualified.';
	END IF;

	INSERT INTO svtoms.award (tender_id, framework_id, value_set_id, inputs)
	VALUES (t.id, t.framework_id, t.value_set_id, jsonb_build_object(
		'tender', to_jsonb(t),
		'scope', coalesce((SELECT jsonb_agg(to_jsonb(s) - 'framework_id' ORDER BY s.outcome_code)
						   FROM svtoms.tender_outcome s WHERE s.tender_id = t.id), '[]'),
		'bids', coalesce((SELECT jsonb_agg(to_jsonb(b) ORDER BY b.id)
						  FROM svtoms.bid b WHERE b.tender_id = t.id), '[]'),
		'responses', coalesce((SELECT jsonb_agg(to_jsonb(r) - 'framework_id' ORDER BY r.bid_id, r.measure_code)
							   FROM svtoms.response r JOIN svtoms.bid b ON b.id = r.bid_id
							   WHERE b.tender_id = t.id), '[]'),
		'values', coalesce((SELECT jsonb_agg(to_jsonb(v) - 'framework_id' ORDER BY v.measure_code)
							FROM svtoms.measure_value v WHERE v.value_set_id = t.value_set_id), '[]'),
		-- the framework's measures as they were: a framework of a council's
		-- own may be edited after the award
		'measures', coalesce((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.code)
							  FROM svtoms.measure m WHERE m.framework_id = t.framework_id), '[]'),
		'questions', coalesce((SELECT jsonb_agg(to_jsonb(q) ORDER BY q.code)
							   FROM svtoms.question q WHERE q.tender_id = t.id), '[]'),
		'judgements', coalesce((SELECT jsonb_agg(to_jsonb(j) ORDER BY j.bid_id, j.question_code, j.evaluator)
								FROM svtoms.judgement j WHERE j.tender_id = t.id), '[]')));
	INSERT INTO svtoms.award_result SELECT (unnest(results)).*;
END
$$;
COMMENT ON PROCEDURE svtoms.award(text) IS
	'freezes the evaluation of a tender, and the inputs and value set it used, into an award record; the tender cannot change afterwards';

--------------------------------------------------------------------------
-- Officer judgements: questions scored by evaluators on a declared scale,
-- moderated into quality points or a judged part of the social points.
--------------------------------------------------------------------------

CREATE TABLE svtoms.question (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	code text NOT NULL CONSTRAINT question_code_not_blank CHECK (btrim(code) <> ''),
	wording text NOT NULL,
	kind text NOT NULL DEFAULT 'quality' CONSTRAINT question_kind_known CHECK (kind IN ('quality', 'social')),
	scale_min numeric NOT NULL DEFAULT 0,
	scale_max numeric NOT NULL,
	max_points numeric NOT NULL CONSTRAINT question_max_points_positive CHECK (max_points > 0),
	max_spread numeric CONSTRAINT question_max_spread_not_negative CHECK (max_spread >= 0),
	PRIMARY KEY (tender_id, code),
	CONSTRAINT question_scale_ordered CHECK (scale_max > scale_min),
	CONSTRAINT question_numbers_finite CHECK (scale_min NOT IN ('NaN', '-Infinity', 'Infinity')
		AND scale_max NOT IN ('NaN', 'Infinity') AND max_points NOT IN ('NaN', 'Infinity')
		AND max_spread NOT IN ('NaN', 'Infinity'))
);
COMMENT ON TABLE svtoms.question IS
	'a question of a tender that officers score on a declared scale: quality, or the judged part of social value';
COMMENT ON COLUMN svtoms.question.kind IS 'quality: feeds quality points; social: feeds the judged share of social points';
COMMENT ON COLUMN svtoms.question.max_points IS 'points of the question: a median at scale_max earns all of them';
COMMENT ON COLUMN svtoms.question.max_spread IS
	'evaluators disagree when their scores spread more than this (default: a quarter of the scale)';

CREATE TABLE svtoms.judgement (
	bid_id text NOT NULL REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	question_code text NOT NULL,
	tender_id text NOT NULL,
	evaluator text NOT NULL CONSTRAINT judgement_evaluator_not_blank CHECK (btrim(evaluator) <> ''),
	score numeric NOT NULL,
	rationale text,
	judged_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (bid_id, question_code, evaluator),
	FOREIGN KEY (tender_id, question_code) REFERENCES svtoms.question (tender_id, code)
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE svtoms.judgement IS 'one evaluator''s score of one bid on one question, with the rationale';
COMMENT ON COLUMN svtoms.judgement.tender_id IS 'the tender of the bid; filled in on insert';

-- A judgement's tender follows its bid, and its score must lie on the scale.
CREATE FUNCTION svtoms.check_judgement() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	q svtoms.question;
BEGIN
	SELECT b.tender_id INTO NEW.tender_id FROM svtoms.bid b WHERE b.id = NEW.bid_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'bid "%" does not exist', NEW.bid_id
			USING ERRCODE = 'foreign_key_violation', HINT = 'Create the bid first.';
	END IF;
	SELECT * INTO q FROM svtoms.question x WHERE x.tender_id = NEW.tender_id AND x.code = NEW.question_code;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" has no question "%"', NEW.tender_id, NEW.question_code
			USING ERRCODE = 'foreign_key_violation', HINT = 'Add the question to svtoms.question first.';
	END IF;
	IF NEW.score < q.scale_min OR NEW.score > q.scale_max OR NEW.score = 'NaN' THEN
		RAISE EXCEPTION 'score % is outside the scale % to % of question "%"',
			NEW.score, q.scale_min, q.scale_max, q.code
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('Evaluator %s, bid %s.', NEW.evaluator, NEW.bid_id),
				  HINT = 'Score on the question''s declared scale.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.check_judgement() IS
	'trigger: fills judgement.tender_id from its bid and refuses scores outside the question''s scale';
CREATE TRIGGER check_judgement BEFORE INSERT OR UPDATE ON svtoms.judgement
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_judgement();

-- Moderation: the scores of several evaluators summed up.
CREATE TYPE svtoms.moderation AS (
	evaluators integer,
	median numeric,
	min numeric,
	max numeric,
	spread numeric,
	disagreement boolean
);
COMMENT ON TYPE svtoms.moderation IS
	'moderated scores: how many evaluators, the median, lowest and highest score, their spread, and whether it exceeds the allowed spread';

CREATE TYPE svtoms.moderation_state AS (scores numeric[], max_spread numeric);
COMMENT ON TYPE svtoms.moderation_state IS 'transition state of svtoms.moderate: the scores so far and the allowed spread';

CREATE FUNCTION svtoms.moderation_accum(state svtoms.moderation_state, score numeric, max_spread numeric)
	RETURNS svtoms.moderation_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT ROW(CASE WHEN score IS NULL THEN coalesce(state.scores, '{}')
					ELSE array_append(coalesce(state.scores, '{}'), score) END,
			   coalesce(max_spread, state.max_spread))::svtoms.moderation_state
$$;
COMMENT ON FUNCTION svtoms.moderation_accum(svtoms.moderation_state, numeric, numeric) IS
	'transition function of svtoms.moderate';
CREATE FUNCTION svtoms.moderation_accum(state svtoms.moderation_state, score numeric)
	RETURNS svtoms.moderation_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT svtoms.moderation_accum(state, score, NULL)
$$;
COMMENT ON FUNCTION svtoms.moderation_accum(svtoms.moderation_state, numeric) IS
	'transition function of svtoms.moderate without an allowed spread';
CREATE FUNCTION svtoms.moderation_combine(a svtoms.moderation_state, b svtoms.moderation_state)
	RETURNS svtoms.moderation_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a
				ELSE ROW(array_cat(a.scores, b.scores), coalesce(a.max_spread, b.max_spread))::svtoms.moderation_state END
$$;
COMMENT ON FUNCTION svtoms.moderation_combine(svtoms.moderation_state, svtoms.moderation_state) IS
	'combine function of svtoms.moderate';
CREATE FUNCTION svtoms.moderation_final(state svtoms.moderation_state) RETURNS svtoms.moderation
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE WHEN n = 0 THEN ROW(0, NULL, NULL, NULL, NULL, false)::svtoms.moderation
		   ELSE ROW(n,
					CASE WHEN n % 2 = 1 THEN s[(n + 1) / 2] ELSE trim_scale((s[n / 2] + s[n / 2 + 1]) / 2) END,
					s[1], s[n], s[n] - s[1], coalesce(s[n] - s[1] > state.max_spread, false))::svtoms.moderation END
	FROM (SELECT ARRAY(SELECT x FROM unnest(state.scores) x ORDER BY x) AS s,
				 coalesce(cardinality(state.scores), 0) AS n) sorted
$$;
COMMENT ON FUNCTION svtoms.moderation_final(svtoms.moderation_state) IS 'final function of svtoms.moderate';

CREATE AGGREGATE svtoms.moderate(score numeric, max_spread numeric) (
	SFUNC = svtoms.moderation_accum,
	STYPE = svtoms.moderation_state,
	FINALFUNC = svtoms.moderation_final,
	COMBINEFUNC = svtoms.moderation_combine,
	INITCOND = '({},)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.moderate(numeric, numeric) IS
	'moderates evaluators'' scores: median, min, max, spread, and a disagreement flag when the spread exceeds max_spread';
CREATE AGGREGATE svtoms.moderate(score numeric) (
	SFUNC = svtoms.moderation_accum,
	STYPE = svtoms.moderation_state,
	FINALFUNC = svtoms.moderation_final,
	COMBINEFUNC = svtoms.moderation_combine,
	INITCOND = '({},)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.moderate(numeric) IS
	'moderates evaluators'' scores: median, min, max and spread (never flags disagreement)';

-- Every question of every tender, for every bid, moderated.
CREATE VIEW svtoms.question_moderation AS
SELECT q.tender_id, b.id AS bid_id, b.bidder, q.code AS question_code, q.kind,
	   (m.r).evaluators, (m.r).median, (m.r).min, (m.r).max, (m.r).spread, (m.r).disagreement,
	   trim_scale(coalesce(q.max_spread, (q.scale_max - q.scale_min) / 4)) AS max_spread,
	   CASE WHEN (m.r).median IS NOT NULL
			THEN trim_scale(q.max_points * ((m.r).median - q.scale_min) / (q.scale_max - q.scale_min)) END AS points,
	   q.max_points
FROM svtoms.question q
JOIN svtoms.bid b ON b.tender_id = q.tender_id
CROSS JOIN LATERAL (
	SELECT svtoms.moderate(j.score, coalesce(q.max_spread, (q.scale_max - q.scale_min) / 4)) AS r
	FROM svtoms.judgement j WHERE j.bid_id = b.id AND j.question_code = q.code) m;
COMMENT ON VIEW svtoms.question_moderation IS
	'each bid''s moderated score on each question of its tender, and the points it earns (max_points x (median - scale_min) / (scale_max - scale_min))';

CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.question
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.judgement
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.question
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.judgement
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
SELECT pg_catalog.pg_extension_config_dump('svtoms.question', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.judgement', '');

--------------------------------------------------------------------------
-- Delivery: what a supplier reports against its awarded commitments,
-- valued as at the award, with an append-only status history.
--------------------------------------------------------------------------

CREATE TABLE svtoms.delivery (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bid_id text NOT NULL REFERENCES svtoms.bid (id) ON UPDATE CASCADE,
	measure_code text NOT NULL,
	framework_id text NOT NULL,
	period_start date NOT NULL,
	period_end date NOT NULL,
	quantity numeric NOT NULL
		CONSTRAINT delivery_quantity_finite CHECK (quantity NOT IN ('NaN', 'Infinity', '-Infinity')),
	note text,
	reported_by name NOT NULL DEFAULT current_user,
	reported_at timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT delivery_period_ordered CHECK (period_end >= period_start),
	FOREIGN KEY (framework_id, measure_code) REFERENCES svtoms.measure (framework_id, code)
		ON UPDATE CASCADE
);
CREATE INDEX delivery_bid_measure ON svtoms.delivery (bid_id, measure_code, period_start);
COMMENT ON INDEX svtoms.delivery_bid_measure IS 'finds the deliveries of a bid';
COMMENT ON TABLE svtoms.delivery IS
	'a quantity reported as delivered on one measure of an awarded bid in one period; negative is a harm';
COMMENT ON COLUMN svtoms.delivery.framework_id IS 'the framework of the bid''s tender; filled in on insert';
COMMENT ON COLUMN svtoms.delivery.note IS 'the supplier''s account of what was delivered';

CREATE TABLE svtoms.delivery_event (
	delivery_id bigint NOT NULL REFERENCES svtoms.delivery (id),
	seq bigint GENERATED ALWAYS AS IDENTITY,
	status text NOT NULL
		CONSTRAINT delivery_event_status_known CHECK (status IN ('evidenced', 'verified', 'rejected')),
	evidence_ref text,
	note text,
	changed_by name NOT NULL DEFAULT current_user,
	changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	PRIMARY KEY (delivery_id, seq)
);
COMMENT ON TABLE svtoms.delivery_event IS
	'the status history of each delivery after its report, append-only: evidenced, then verified, or rejected';
COMMENT ON COLUMN svtoms.delivery_event.seq IS 'order of the events';
COMMENT ON SEQUENCE svtoms.delivery_id_seq IS 'numbers the deliveries';
COMMENT ON SEQUENCE svtoms.delivery_event_seq_seq IS 'orders the delivery events';

-- Deliveries are recorded against awarded winning bids, and never edited:
-- a correction is a rejection and a new report.
CREATE FUNCTION svtoms.check_delivery() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	tender text;
	current_status text;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE', 'TRUNCATE') THEN
		RAISE EXCEPTION 'svtoms.% is append-only', TG_TABLE_NAME
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'Delivery records and their status history are kept as they were written.',
				  HINT = 'Change a status with svtoms.set_delivery_status; correct a quantity by rejecting it and reporting again.';
	END IF;

	IF TG_TABLE_NAME = 'delivery' THEN
		SELECT b.tender_id INTO tender FROM svtoms.bid b WHERE b.id = NEW.bid_id;
		IF NOT EXISTS (SELECT 1 FROM svtoms.award_result ar
					   WHERE ar.tender_id = tender AND ar.bid_id = NEW.bid_id AND ar.rank = 1) THEN
			RAISE EXCEPTION 'bid "%" has not been awarded a contract', NEW.bid_id
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Deliveries are recorded against the winning bid of an awarded tender (CALL svtoms.award).';
		END IF;
		SELECT t.framework_id INTO NEW.framework_id FROM svtoms.tender t WHERE t.id = tender;
		RETURN NEW;
	END IF;

	-- delivery_event: a delivery is reported (its row), then evidenced, then
	-- verified, or rejected
	SELECT e.status INTO current_status FROM svtoms.delivery_event e
	WHERE e.delivery_id = NEW.delivery_id ORDER BY e.seq DESC LIMIT 1;
	IF NOT EXISTS (SELECT 1 FROM svtoms.delivery d WHERE d.id = NEW.delivery_id) THEN
		RAISE EXCEPTION 'delivery % does not exist', NEW.delivery_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	current_status := coalesce(current_status, 'reported');
	IF NOT (current_status = 'reported' AND NEW.status IN ('evidenced', 'rejected')
			OR current_status = 'evidenced' AND NEW.status IN ('verified', 'rejected')) THEN
		RAISE EXCEPTION 'delivery % cannot go from % to %', NEW.delivery_id, current_status, NEW.status
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'A delivery is reported, then evidenced, then verified or rejected (it may be rejected once reported).';
	END IF;
	-- a period is verified once: a second report of it must be rejected (a
	-- restore replays the events in order, so it passes here too)
	IF NEW.status = 'verified' THEN
		-- the check below must see a verification committed while waiting
		-- for the lock; a snapshot taken earlier in the transaction would not
		IF current_setting('transaction_isolation') <> 'read committed' THEN
			RAISE EXCEPTION 'verifying delivery % runs at READ COMMITTED, not %', NEW.delivery_id,
				upper(current_setting('transaction_isolation'))
				USING ERRCODE = 'invalid_transaction_state',
					  HINT = 'Verify deliveries in a transaction at the default isolation level, READ COMMITTED.';
		END IF;
		PERFORM 1 FROM svtoms.delivery d JOIN svtoms.bid b ON b.id = d.bid_id
		WHERE d.id = NEW.delivery_id FOR UPDATE OF b;
		IF EXISTS (
			SELECT 1 FROM svtoms.delivery d JOIN svtoms.delivery o
				ON o.bid_id = d.bid_id AND o.measure_code = d.measure_code
			   AND o.period_start = d.period_start AND o.period_end = d.period_end AND o.id <> d.id
			WHERE d.id = NEW.delivery_id
			  AND (SELECT e.status FROM svtoms.delivery_event e WHERE e.delivery_id = o.id
				   ORDER BY e.seq DESC LIMIT 1) = 'verified') THEN
			RAISE EXCEPTION 'another delivery of the same measure and period as delivery % is verified', NEW.delivery_id
				USING ERRCODE = 'unique_violation',
					  HINT = 'A period is verified once: reject the duplicate report.';
		END IF;
	END IF;
	IF NEW.status = 'evidenced' AND coalesce(btrim(NEW.evidence_ref), '') = '' THEN
		RAISE EXCEPTION 'evidencing delivery % needs an evidence reference', NEW.delivery_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Say where the evidence is: a document, a payroll extract, an invoice.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.check_delivery() IS
	'trigger: deliveries only for awarded winning bids, a valid status lifecycle, one verified report per period, and no edits or deletions';

CREATE TRIGGER check_delivery BEFORE INSERT OR UPDATE OR DELETE ON svtoms.delivery
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_delivery();
CREATE TRIGGER check_delivery BEFORE INSERT OR UPDATE OR DELETE ON svtoms.delivery_event
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_delivery();
CREATE TRIGGER check_delivery_truncate BEFORE TRUNCATE ON svtoms.delivery
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.check_delivery();
CREATE TRIGGER check_delivery_truncate BEFORE TRUNCATE ON svtoms.delivery_event
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.check_delivery();

SELECT pg_catalog.pg_extension_config_dump('svtoms.delivery', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.delivery_event', '');

CREATE FUNCTION svtoms.report_delivery(bid_id text, measure_code text, period_start date, period_end date,
									   quantity numeric, evidence_ref text DEFAULT NULL, note text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	new_id bigint;
BEGIN
	INSERT INTO svtoms.delivery (bid_id, measure_code, period_start, period_end, quantity, note)
	VALUES (report_delivery.bid_id, report_delivery.measure_code, report_delivery.period_start,
			report_delivery.period_end, report_delivery.quantity, report_delivery.note)
	RETURNING id INTO new_id;
	IF evidence_ref IS NOT NULL THEN
		INSERT INTO svtoms.delivery_event (delivery_id, status, evidence_ref)
		VALUES (new_id, 'evidenced', report_delivery.evidence_ref);
	END IF;
	RETURN new_id;
END
$$;
COMMENT ON FUNCTION svtoms.report_delivery(text, text, date, date, numeric, text, text) IS
	'records a delivery of an awarded bid (reported, and evidenced when an evidence reference is given); returns its id';

CREATE FUNCTION svtoms.set_delivery_status(delivery_id bigint, status text, evidence_ref text DEFAULT NULL,
										   note text DEFAULT NULL)
	RETURNS void
	LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
	INSERT INTO svtoms.delivery_event (delivery_id, status, evidence_ref, note)
	VALUES (delivery_id, status, evidence_ref, note)
$$;
COMMENT ON FUNCTION svtoms.set_delivery_status(bigint, text, text, text) IS
	'moves a delivery on in its lifecycle (evidenced, verified or rejected), keeping the earlier statuses';

-- Delivered quantities are valued as the award valued commitments: with
-- the value set and discount rate frozen in the award (monetary), or with
-- the award's scaling of the measure across bids (points).
CREATE FUNCTION svtoms.delivery_amount(tender_id text, measure_code text, quantity numeric)
	RETURNS numeric
	LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE
		WHEN f.valuation = 'monetary' THEN
			(SELECT svtoms.sroi_value(delivery_amount.quantity, v.proxy_value, v.deadweight, v.attribution, v.displacement,
									  v.dropoff, v.years, (a.inputs -> 'tender' ->> 'discount_rate')::numeric)
			 FROM jsonb_to_recordset(a.inputs -> 'values')
				  AS v(measure_code text, proxy_value numeric, deadweight numeric, attribution numeric,
					   displacement numeric, dropoff numeric, years integer)
			 WHERE v.measure_code = delivery_amount.measure_code)
		WHEN m.max_points IS NULL THEN NULL
		WHEN m.unit_kind = 'boolean' THEN trim_scale(m.max_points * delivery_amount.quantity)
		ELSE (SELECT CASE
					 WHEN m.direction = 'lower_better' THEN
						 CASE WHEN delivery_amount.quantity > 0 AND min(rv.quantity) > 0
							  THEN trim_scale(m.max_points * min(rv.quantity) / delivery_amount.quantity) END
					 WHEN max(abs(rv.quantity)) > 0 THEN trim_scale(m.max_points * delivery_amount.quantity / max(abs(rv.quantity)))
					 END
			  FROM svtoms.response_values(a.tender_id) rv
			  WHERE rv.measure_code = delivery_amount.measure_code
				AND rv.excluded_because IS DISTINCT FROM 'proxy_evidence')
		END
	FROM svtoms.award a
	JOIN svtoms.framework f ON f.id = a.framework_id
	JOIN svtoms.measure m ON m.framework_id = a.framework_id AND m.code = delivery_amount.measure_code
	WHERE a.tender_id = delivery_amount.tender_id
$$;
COMMENT ON FUNCTION svtoms.delivery_amount(text, text, numeric) IS
	'the value of a delivered quantity of a measure, as the award of the tender valued commitments';

CREATE VIEW svtoms.delivery_progress AS
SELECT d.id::integer AS delivery_id, b.tender_id, d.bid_id, b.bidder, d.measure_code, o.theme_code,
	   d.period_start, d.period_end, d.quantity, l.status, ev.evidence_ref, l.changed_by::text AS changed_by,
	   l.changed_at::date AS changed_on,
	   svtoms.delivery_amount(b.tender_id, d.measure_code, d.quantity) AS amount
FROM svtoms.delivery d
JOIN svtoms.bid b ON b.id = d.bid_id
JOIN svtoms.measure m ON m.framework_id = d.framework_id AND m.code = d.measure_code
JOIN svtoms.outcome o ON o.framework_id = m.framework_id AND o.code = m.outcome_code
CROSS JOIN LATERAL (
	SELECT coalesce(max(x.status), 'reported') AS status, coalesce(max(x.changed_by), d.reported_by) AS changed_by,
		   coalesce(max(x.changed_at), d.reported_at) AS changed_at
	FROM (SELECT e.status, e.changed_by, e.changed_at FROM svtoms.delivery_event e
		  WHERE e.delivery_id = d.id ORDER BY e.seq DESC LIMIT 1) x) l
LEFT JOIN LATERAL (
	SELECT e.evidence_ref FROM svtoms.delivery_event e
	WHERE e.delivery_id = d.id AND e.evidence_ref IS NOT NULL ORDER BY e.seq DESC LIMIT 1) ev ON true;
COMMENT ON VIEW svtoms.delivery_progress IS
	'every delivery with its current status, latest evidence reference and value as at the award';

-- Committed (the award's counted responses of the winning bid) against
-- verified delivery, per measure.
CREATE VIEW svtoms.delivery_by_measure AS
WITH winners AS (
	SELECT ar.tender_id, ar.bid_id, ar.bidder FROM svtoms.award_result ar WHERE ar.rank = 1
),
committed AS (
	SELECT w.tender_id, w.bid_id, rv.measure_code, rv.theme_code, rv.quantity, rv.amount
	FROM winners w CROSS JOIN LATERAL svtoms.response_values(w.tender_id) rv
	WHERE rv.bid_id = w.bid_id AND rv.counted
),
delivered AS (
	SELECT p.tender_id, p.bid_id, p.measure_code, p.theme_code,
		   sum(p.quantity) FILTER (WHERE p.status <> 'rejected') AS reported_quantity,
		   sum(p.quantity) FILTER (WHERE p.status = 'verified') AS verified_quantity,
		   sum(p.amount) FILTER (WHERE p.status = 'verified') AS verified_value
	FROM svtoms.delivery_progress p
	GROUP BY p.tender_id, p.bid_id, p.measure_code, p.theme_code
)
SELECT w.tender_id, w.bid_id, w.bidder, coalesce(c.measure_code, d.measure_code) AS measure_code,
	   coalesce(c.theme_code, d.theme_code) AS theme_code,
	   coalesce(c.quantity, 0) AS committed_quantity, coalesce(c.amount, 0) AS committed_value,
	   coalesce(d.reported_quantity, 0) AS reported_quantity,
	   coalesce(d.verified_quantity, 0) AS verified_quantity, coalesce(d.verified_value, 0) AS verified_value,
	   CASE WHEN c.amount > 0 THEN trim_scale(coalesce(d.verified_value, 0) / c.amount) END AS delivery_rate
FROM winners w
JOIN (committed c FULL JOIN delivered d
	  ON d.tender_id = c.tender_id AND d.bid_id = c.bid_id AND d.measure_code = c.measure_code)
  ON w.tender_id = coalesce(c.tender_id, d.tender_id) AND w.bid_id = coalesce(c.bid_id, d.bid_id);
COMMENT ON VIEW svtoms.delivery_by_measure IS
	'each awarded contract''s commitments and verified delivery per measure, valued as at the award, with the delivery rate';

-- Performance ratings of the Procurement Act 2023.  Councils set their own
-- thresholds here; without rows the documented defaults apply.
CREATE TABLE svtoms.rating_threshold (
	rating text PRIMARY KEY
		CONSTRAINT rating_threshold_rating_known CHECK (rating IN ('Good', 'Approaching target', 'Requires improvement')),
	min_rate numeric NOT NULL CONSTRAINT rating_threshold_min_rate_finite CHECK (min_rate NOT IN ('NaN', 'Infinity', '-Infinity'))
);
COMMENT ON TABLE svtoms.rating_threshold IS
	'the lowest delivery rate for each performance rating (defaults when absent: Good 0.95, Approaching target 0.80, Requires improvement 0.50; below is Inadequate)';
SELECT pg_catalog.pg_extension_config_dump('svtoms.rating_threshold', '');

CREATE FUNCTION svtoms.performance_rating(rate numeric) RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE
		WHEN rate >= t.good THEN 'Good'
		WHEN rate >= t.approaching THEN 'Approaching target'
		WHEN rate >= t.improvement THEN 'Requires improvement'
		ELSE 'Inadequate' END
	FROM (SELECT coalesce(max(min_rate) FILTER (WHERE rating = 'Good'), 0.95) AS good,
				 coalesce(max(min_rate) FILTER (WHERE rating = 'Approaching target'), 0.80) AS approaching,
				 coalesce(max(min_rate) FILTER (WHERE rating = 'Requires improvement'), 0.50) AS improvement
		  FROM svtoms.rating_threshold) t
$$;
COMMENT ON FUNCTION svtoms.performance_rating(numeric) IS
	'the Procurement Act 2023 rating of a delivery rate: Good, Approaching target, Requires improvement or Inadequate';

CREATE VIEW svtoms.delivery_by_contract AS
SELECT w.tender_id, w.bid_id, w.bidder,
	   svtoms.benefit(c.committed) AS committed_benefit, svtoms.harm(c.committed) AS committed_harm,
	   svtoms.net(c.committed) AS committed_net,
	   svtoms.benefit(c.verified) AS verified_benefit, svtoms.harm(c.verified) AS verified_harm,
	   svtoms.net(c.verified) AS verified_net,
	   c.deliveries, c.verified_deliveries, c.rejected_deliveries,
	   CASE WHEN svtoms.net(c.committed) > 0
			THEN trim_scale(svtoms.net(c.verified) / svtoms.net(c.committed)) END AS delivery_rate,
	   CASE WHEN svtoms.net(c.committed) > 0
			THEN svtoms.performance_rating(svtoms.net(c.verified) / svtoms.net(c.committed)) END AS rating
FROM svtoms.award_result w
CROSS JOIN LATERAL (
	SELECT (SELECT svtoms.social_value(rv.amount) FROM svtoms.response_values(w.tender_id) rv
			WHERE rv.bid_id = w.bid_id AND rv.counted) AS committed,
		   (SELECT svtoms.social_value(p.amount) FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'verified') AS verified,
		   (SELECT count(*)::integer FROM svtoms.delivery d WHERE d.bid_id = w.bid_id) AS deliveries,
		   (SELECT count(*)::integer FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'verified') AS verified_deliveries,
		   (SELECT count(*)::integer FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'rejected') AS rejected_deliveries) c
WHERE w.rank = 1;
COMMENT ON VIEW svtoms.delivery_by_contract IS
	'each awarded contract: committed and verified social value (benefit, harm, net), delivery rate and performance rating';

CREATE FUNCTION svtoms.delivered_profile(bid_id text) RETURNS svtoms.profile
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT svtoms.theme_profile(p.theme_code, p.amount)
	FROM svtoms.delivery_progress p
	WHERE p.bid_id = delivered_profile.bid_id AND p.status = 'verified'
$$;
COMMENT ON FUNCTION svtoms.delivered_profile(text) IS 'the verified delivery of a bid, theme by theme, valued as at the award';

CREATE VIEW svtoms.supplier_track_record AS
SELECT c.bidder AS supplier, count(*)::integer AS contracts,
	   sum(c.committed_net) AS committed_net, sum(c.verified_net) AS verified_net,
	   CASE WHEN sum(c.committed_net) > 0 THEN trim_scale(sum(c.verified_net) / sum(c.committed_net)) END AS rate
FROM svtoms.delivery_by_contract c
GROUP BY c.bidder;
COMMENT ON VIEW svtoms.supplier_track_record IS
	'each supplier''s verified social value over its committed social value, across its awarded contracts';

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

GRANT USAGE ON SCHEMA svtoms TO svtoms_admin, svtoms_evaluator, svtoms_reader, svtoms_bidder;

-- Staff read everything but the bidder logins and the CSV staging table.
GRANT SELECT ON ALL TABLES IN SCHEMA svtoms TO svtoms_admin, svtoms_evaluator, svtoms_reader;
REVOKE SELECT ON svtoms.bidder_account, svtoms.value_upload FROM svtoms_evaluator, svtoms_reader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA svtoms TO svtoms_admin, svtoms_evaluator;

GRANT INSERT, UPDATE, DELETE ON
	svtoms.framework, svtoms.theme, svtoms.outcome, svtoms.measure, svtoms.value_set,
	svtoms.measure_value, svtoms.benefit_longlist, svtoms.value_upload, svtoms.tender,
	svtoms.tender_outcome, svtoms.bid, svtoms.response, svtoms.question, svtoms.judgement,
	svtoms.rating_threshold, svtoms.bidder_account
	TO svtoms_admin;
GRANT INSERT ON svtoms.award, svtoms.award_result, svtoms.delivery, svtoms.delivery_event
	TO svtoms_admin, svtoms_evaluator;
GRANT INSERT, UPDATE, DELETE ON svtoms.judgement TO svtoms_evaluator;
GRANT UPDATE (quality_points) ON svtoms.bid TO svtoms_evaluator;

-- Bidders: the published side of a tender, and their own bids.
GRANT SELECT ON
	svtoms.framework, svtoms.theme, svtoms.outcome, svtoms.measure, svtoms.value_set,
	svtoms.measure_value, svtoms.benefit_longlist, svtoms.tender, svtoms.tender_outcome,
	svtoms.question, svtoms.bidder_account
	TO svtoms_bidder;
GRANT SELECT (tender_id, awarded_at) ON svtoms.award TO svtoms_bidder;
GRANT SELECT, DELETE ON svtoms.bid, svtoms.response TO svtoms_bidder;
GRANT INSERT (id, tender_id, bidder, price), UPDATE (price) ON svtoms.bid TO svtoms_bidder;
GRANT INSERT (bid_id, measure_code, framework_id, quantity, evidence_ref, note),
	UPDATE (quantity, evidence_ref, note) ON svtoms.response TO svtoms_bidder;

-- Evaluations, awards and imports read or write other bidders' data:
-- staff only.
REVOKE EXECUTE ON FUNCTION
	svtoms.evaluate(text), svtoms.response_values(text), svtoms.delivered_profile(text),
	svtoms.delivery_amount(text, text, numeric),
	svtoms.report_delivery(text, text, date, date, numeric, text, text),
	svtoms.set_delivery_status(bigint, text, text, text)
	FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION svtoms.evaluate_or_explain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.evaluate_or_explain(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;
REVOKE EXECUTE ON PROCEDURE svtoms.award(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.evaluate(text), svtoms.response_values(text), svtoms.delivered_profile(text),
	svtoms.delivery_amount(text, text, numeric)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT EXECUTE ON FUNCTION svtoms.report_delivery(text, text, date, date, numeric, text, text),
	svtoms.set_delivery_status(bigint, text, text, text)
	TO svtoms_admin, svtoms_evaluator;
GRANT EXECUTE ON PROCEDURE svtoms.award(text) TO svtoms_admin, svtoms_evaluator;
REVOKE EXECUTE ON FUNCTION svtoms.tender_is_awarded(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.tender_is_awarded(text)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader, svtoms_bidder;

ALTER TABLE svtoms.bid ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.response ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.bidder_account ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff ON svtoms.bid TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_bids ON svtoms.bid TO svtoms_bidder
	USING (bidder IN (SELECT a.bidder FROM svtoms.bidder_account a WHERE a.role_name = current_user));
CREATE POLICY staff ON svtoms.response TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_responses ON svtoms.response TO svtoms_bidder
	USING (bid_id IN (SELECT b.id FROM svtoms.bid b));
CREATE POLICY staff ON svtoms.bidder_account TO svtoms_admin USING (true);
CREATE POLICY own_account ON svtoms.bidder_account FOR SELECT TO svtoms_bidder
	USING (role_name = current_user);
COMMENT ON POLICY staff ON svtoms.bid IS 'staff roles see every bid (their table privileges say what they may change)';
COMMENT ON POLICY own_bids ON svtoms.bid IS 'a bidder sees and changes only the bids of the supplier its login acts for';
COMMENT ON POLICY staff ON svtoms.response IS 'staff roles see every response';
COMMENT ON POLICY own_responses ON svtoms.response IS 'a bidder sees and changes only the responses of its own bids';
COMMENT ON POLICY staff ON svtoms.bidder_account IS 'administrators manage the bidder logins';
COMMENT ON POLICY own_account ON svtoms.bidder_account IS 'a bidder sees which supplier its login acts for';

--------------------------------------------------------------------------
-- Pictures: a bid's theme profile as an SVG chart, a tender's evaluation
-- as a self-contained HTML report.  Benefit and harm are told apart by
-- side and stripes, not only by colour; every number is also in the text
-- a screen reader reads; text from the data never becomes markup.
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.html_escape(value text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	-- control characters are not allowed in XML and are parse errors in
	-- HTML: a "?" keeps the document well-formed
	SELECT replace(replace(replace(replace(replace(
		regexp_replace(value, '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]', '?', 'g'),
		'&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION svtoms.html_escape(text) IS
	'text made safe inside HTML or SVG text and quoted attributes: & < > " '' escaped, control characters replaced by ?';

CREATE FUNCTION svtoms.profile_svg(profile svtoms.profile) RETURNS text
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	-- thousands separators, in the integral part only
	grouped CONSTANT text := '(?<![.]\d*)(\d)(?=(\d{3})+(?!\d))';
	head CONSTANT integer := 56;      -- legend and scale lines
	row_h CONSTANT integer := 72;     -- a theme: name, bars, amounts
	name_max CONSTANT integer := 40;  -- characters of a theme name drawn
	-- Okabe-Ito: blue benefit, vermillion harm, black net
	benefit_fill CONSTANT text := '#0072B2';
	harm_fill CONSTANT text := '#D55E00';
	r record;
	n integer := 0;
	names text[] := '{}';
	cut text[] := '{}';
	lines text[] := '{}';
	benefits numeric[] := '{}';
	harms numeric[] := '{}';
	nets numeric[] := '{}';
	said text[] := '{}';            -- pieces, joined once: text grown in a loop is copied whole each time
	longest numeric := 0;             -- the largest benefit or harm: the longest bar
	widest numeric := 0;              -- estimated width of the longest text
	scale_line text;
	w integer;
	h integer;
	x0 numeric;                       -- the zero axis
	half numeric;                     -- from the axis to the end of the longest bar
	y integer;
	len numeric;
	xn numeric;
	body text[] := '{}';
	-- totals in numeric: the themes of a valid profile can add up to more
	-- than one account holds
	total_benefit numeric := 0;
	total_harm numeric := 0;
BEGIN
	-- first the texts, whose widths set the chart's width
	FOR r IN
		SELECT t.theme, v.benefit, v.harm, v.net, v.missing, v.excluded,
			   replace(regexp_replace(v.benefit::text, grouped, '\1,', 'g'), '-', '&#8722;') AS benefit_text,
			   replace(regexp_replace(v.harm::text, grouped, '\1,', 'g'), '-', '&#8722;') AS harm_text,
			   CASE WHEN v.net > 0 THEN '+' ELSE '' END
			   || replace(regexp_replace(v.net::text, grouped, '\1,', 'g'), '-', '&#8722;') AS net_text
		FROM svtoms.themes(profile_svg.profile) t,
			 LATERAL (SELECT svtoms.benefit(t.value) AS benefit, svtoms.harm(t.value) AS harm,
							 svtoms.net(t.value) AS net, svtoms.missing(t.value) AS missing,
							 svtoms.excluded(t.value) AS excluded) v
	LOOP
		n := n + 1;
		-- a long name is cut, and whole in a tooltip and in the description
		names := names || CASE WHEN r.theme = '' THEN '""'
							   WHEN length(r.theme) > name_max THEN left(r.theme, name_max - 1) || '...'
							   ELSE r.theme END;
		cut := cut || CASE WHEN length(r.theme) > name_max THEN r.theme END;
		lines := lines || ('benefit ' || r.benefit_text || ' &#183; harm ' || r.harm_text
						   || ' &#183; net ' || r.net_text
						   || CASE WHEN r.missing > 0 THEN ' &#183; ' || r.missing::text || ' missing' ELSE '' END
						   || CASE WHEN r.excluded > 0 THEN ' &#183; ' || r.excluded::text || ' excluded' ELSE '' END);
		benefits := benefits || r.benefit;
		harms := harms || r.harm;
		nets := nets || r.net;
		said := array_append(said, ' ' || svtoms.html_escape(CASE WHEN r.theme = '' THEN '""' ELSE r.theme END)
				|| ': benefit ' || r.benefit_text
				|| ', harm ' || r.harm_text || ', net ' || r.net_text
				|| CASE WHEN r.missing = 1 THEN ', 1 missing answer'
						WHEN r.missing > 1 THEN ', ' || r.missing::text || ' missing answers' ELSE '' END
				|| CASE WHEN r.excluded = 1 THEN ', 1 excluded response'
						WHEN r.excluded > 1 THEN ', ' || r.excluded::text || ' excluded responses' ELSE '' END
				|| '.');
		longest := greatest(longest, r.benefit, r.harm);
		total_benefit := total_benefit + r.benefit;
		total_harm := total_harm + r.harm;
		-- about 8.5 px a character of a 13 px bold name, 7 px of 12 px text
		widest := greatest(widest, length(names[n]) * 8.5,
						   length(regexp_replace(lines[n], '&#?\w+;', 'x', 'g')) * 7);
	END LOOP;

	scale_line := CASE
		WHEN n = 0 THEN 'No themes.'
		WHEN longest = 0 THEN n::text || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
							  || ', none with a benefit or a harm.'
		ELSE n::text || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
			 || ' on one scale: the longest bar is '
			 || regexp_replace(longest::text, grouped, '\1,', 'g') || '.' END;
	widest := greatest(widest, length(scale_line) * 7);
	w := greatest(640, ceil(32 + widest))::integer;
	x0 := w / 2.0;
	half := w / 2.0 - 16;
	h := head + n * row_h + CASE WHEN n > 0 THEN 8 ELSE 0 END;

	FOR i IN 1 .. n LOOP
		y := head + (i - 1) * row_h;
		body := array_append(body, E'\n<text x="16" y="' || (y + 14)::text || '" font-size="13" font-weight="bold">'
				|| coalesce('<title>' || svtoms.html_escape(cut[i]) || '</title>', '')
				|| svtoms.html_escape(names[i]) || '</text>');
		IF benefits[i] > 0 THEN
			-- at least 2 px, so that no benefit or harm disappears beside a huge one
			len := greatest(round(half * benefits[i] / longest, 2), 2);
			body := array_append(body, E'\n<rect x="' || trim_scale(x0)::text || '" y="' || (y + 24)::text
					|| '" width="' || trim_scale(len)::text || '" height="16" fill="' || benefit_fill || '"/>');
		END IF;
		IF harms[i] > 0 THEN
			len := greatest(round(half * harms[i] / longest, 2), 2);
			body := array_append(body, E'\n<rect x="' || trim_scale(x0 - len)::text || '" y="' || (y + 24)::text
					|| '" width="' || trim_scale(len)::text || '" height="16" fill="' || harm_fill || '"/>'
					-- white stripes from the axis outwards: harm reads without colour
					|| E'\n<line x1="' || trim_scale(x0)::text || '" y1="' || (y + 32)::text
					|| '" x2="' || trim_scale(x0 - len)::text || '" y2="' || (y + 32)::text
					|| '" stroke="#FFFFFF" stroke-width="16" stroke-dasharray="2 4" stroke-dashoffset="4"/>');
		END IF;
		body := array_append(body, E'\n<line x1="' || trim_scale(x0)::text || '" y1="' || (y + 20)::text
				|| '" x2="' || trim_scale(x0)::text || '" y2="' || (y + 44)::text
				|| '" stroke="#595959" stroke-width="1"/>');
		xn := CASE WHEN longest > 0 THEN round(x0 + half * nets[i] / longest, 2) ELSE x0 END;
		body := array_append(body, E'\n<line x1="' || trim_scale(xn)::text || '" y1="' || (y + 20)::text
				|| '" x2="' || trim_scale(xn)::text || '" y2="' || (y + 44)::text
				|| '" stroke="#000000" stroke-width="2"/>'
				|| E'\n<path d="M' || trim_scale(xn)::text || ',' || (y + 39)::text
				|| 'l5,5l-5,5l-5,-5z" fill="#000000"/>'
				|| E'\n<text x="16" y="' || (y + 62)::text || '">' || lines[i] || '</text>');
	END LOOP;

	RETURN '<svg xmlns="http://www.w3.org/2000/svg" width="' || w::text || '" height="' || h::text
		|| '" viewBox="0 0 ' || w::text || ' ' || h::text
		|| '" role="img" font-family="sans-serif" font-size="12" fill="#1A1A1A">'
		|| E'\n<title>Social value by theme</title>'
		|| E'\n<desc>' || CASE WHEN n = 0 THEN 'The profile has no themes.'
			ELSE 'Benefit, harm and net social value of ' || n::text
				 || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
				 || '. Benefits are bars to the right of zero, harms striped bars to the left, '
				 || 'the net a black mark.' || array_to_string(said, '')
				 || ' In total: benefit '
				 || regexp_replace(total_benefit::text, grouped, '\1,', 'g')
				 || ', harm ' || regexp_replace(total_harm::text, grouped, '\1,', 'g')
				 || ', net ' || CASE WHEN total_benefit > total_harm THEN '+' ELSE '' END
				 || replace(regexp_replace((total_benefit - total_harm)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '.' END
		|| '</desc>'
		|| E'\n<rect width="' || w::text || '" height="' || h::text || '" fill="#FFFFFF"/>'
		-- legend: the three marks, each with a word
		|| E'\n<rect x="16" y="8" width="16" height="16" fill="' || benefit_fill || '"/>'
		|| E'\n<text x="38" y="20">benefit (right of 0)</text>'
		|| E'\n<rect x="190" y="8" width="16" height="16" fill="' || harm_fill || '"/>'
		|| E'\n<line x1="206" y1="16" x2="190" y2="16" stroke="#FFFFFF" stroke-width="16" stroke-dasharray="2 4" stroke-dashoffset="4"/>'
		|| E'\n<text x="212" y="20">harm (left of 0, striped)</text>'
		|| E'\n<line x1="400" y1="6" x2="400" y2="22" stroke="#000000" stroke-width="2"/>'
		|| E'\n<path d="M400,17l5,5l-5,5l-5,-5z" fill="#000000"/>'
		|| E'\n<text x="412" y="20">net (benefit &#8722; harm)</text>'
		|| E'\n<text x="16" y="44">' || scale_line || '</text>'
		|| array_to_string(body, '')
		|| E'\n</svg>';
END
$$;
COMMENT ON FUNCTION svtoms.profile_svg(svtoms.profile) IS
	'a bid''s theme profile as a self-contained, accessible SVG chart: benefit right of a zero axis, harm striped to the left, net marked';


CREATE FUNCTION svtoms.report_html(tender_id text) RETURNS text
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	-- thousands separators, in the integral part only
	grouped CONSTANT text := '(?<![.]\d*)(\d)(?=(\d{3})+(?!\d))';
	-- a figure that is not there (a disqualified bid's points), in words for screen readers
	none CONSTANT text := '<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>';
	t svtoms.tender;
	f svtoms.framework;
	vs svtoms.value_set;
	a svtoms.award;
	awarded boolean;
	rvs svtoms.response_value[];
	e record;
	i integer := 0;
	n_ranked integer := 0;
	n_disqualified integer := 0;
	amount_unit text;
	in_scope text[];
	scope_html text;
	value_set_html text;
	quality_html text;
	-- pieces, joined once: text grown in a loop is copied whole each time
	ranking text[] := '{}';
	sections text[] := '{}';
	flag_html text;
	seen text[] := '{}';
	legend text;
	theme_rows text;
	harm_items text;
	unanswered text;
	excluded_items text;
	heading text;
	per_bid jsonb;                   -- each bid's harms, uncounted responses, answered outcomes
BEGIN
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = report_html.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', report_html.tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	SELECT * INTO f FROM svtoms.framework x WHERE x.id = t.framework_id;
	SELECT * INTO a FROM svtoms.award x WHERE x.tender_id = t.id;
	awarded := FOUND;
	-- the value set the figures were made with: the award's once awarded;
	-- a points framework values nothing with one
	IF f.valuation = 'monetary' THEN
		SELECT * INTO vs FROM svtoms.value_set x
		WHERE x.id = CASE WHEN awarded THEN a.value_set_id ELSE t.value_set_id END;
	END IF;
	amount_unit := CASE WHEN f.valuation = 'monetary' THEN coalesce(f.currency, 'money') ELSE 'points' END;
	rvs := ARRAY(SELECT rv FROM svtoms.response_values(t.id) rv);
	-- the outcomes every bid must answer (rule 1)
	in_scope := ARRAY(
		SELECT o.code FROM svtoms.outcome o
		WHERE o.framework_id = t.framework_id
		  AND (NOT EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
			   OR EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id AND s.outcome_code = o.code))
		ORDER BY o.code COLLATE "C");

	SELECT CASE WHEN EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
				THEN '' ELSE '<p>All of the framework''s outcomes are in scope.</p>' || E'\n' END
		   || '<ul>' || string_agg(E'\n<li>' || svtoms.html_escape(o.code) || ': ' || svtoms.html_escape(o.name)
								   || ' <span class="theme">(theme ' || svtoms.html_escape(o.theme_code) || ')</span></li>',
								   '' ORDER BY o.code COLLATE "C") || E'\n</ul>'
	INTO scope_html
	FROM svtoms.outcome o WHERE o.framework_id = t.framework_id AND o.code = ANY (in_scope);

	value_set_html := CASE
		WHEN f.valuation = 'points' THEN
			'<dd>None: a points framework. Each measure is scored across the bids with its maximum points.</dd>'
		WHEN vs.id IS NULL THEN '<dd>None set.</dd>'
		ELSE '<dd>' || svtoms.html_escape(vs.name) || ' (<code>' || svtoms.html_escape(vs.id) || '</code>), valid from '
			 || to_char(vs.valid_from, 'YYYY-MM-DD') || '</dd>'
			 || E'\n<dt>Value set source</dt><dd>' || svtoms.html_escape(vs.source) || '</dd>'
			 || E'\n<dt>Value set licence</dt><dd>' || svtoms.html_escape(vs.licence) || '</dd>' END;

	SELECT CASE WHEN count(*) = 0 THEN 'each bid''s own quality points'
				ELSE 'officers'' moderated judgements on ' || count(*)::text
					 || CASE WHEN count(*) = 1 THEN ' quality question' ELSE ' quality questions' END END
	INTO quality_html
	FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality';

	-- every bid's harms, uncounted responses and answered outcomes, in one
	-- pass over the responses rather than one pass per bid
	SELECT coalesce(jsonb_object_agg(x.bid_id, jsonb_build_object('harms', x.harms, 'excluded', x.excluded,
																 'answered', x.answered)), '{}')
	INTO per_bid
	FROM (SELECT rv.bid_id,
				 string_agg(E'\n<li><code>' || svtoms.html_escape(rv.measure_code) || '</code> '
							|| coalesce(svtoms.html_escape(m.name), '') || ': '
							|| replace(regexp_replace(rv.quantity::text, grouped, '\1,', 'g'), '-', '&#8722;')
							|| coalesce(' ' || svtoms.html_escape(m.unit), '') || ', valued at '
							|| replace(regexp_replace(rv.amount::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit
							|| coalesce('. <span class="note">Note: ' || svtoms.html_escape(nullif(r.note, '')) || '</span>', '')
							|| '</li>', '' ORDER BY rv.measure_code COLLATE "C")
					FILTER (WHERE rv.counted AND rv.amount < 0) AS harms,
				 string_agg(E'\n<li><code>' || svtoms.html_escape(rv.measure_code) || '</code> '
							|| coalesce(svtoms.html_escape(m.name), '') || ': '
							|| replace(regexp_replace(rv.quantity::text, grouped, '\1,', 'g'), '-', '&#8722;')
							|| coalesce(' ' || svtoms.html_escape(m.unit), '') || '; '
							|| CASE rv.excluded_because
								 WHEN 'proxy_evidence' THEN 'proxy evidence, not counted in a procurement'
								 WHEN 'double_counted' THEN 'double counted: a larger response in its exclusive group counts'
								 ELSE svtoms.html_escape(rv.excluded_because) END
							|| '</li>', '' ORDER BY rv.measure_code COLLATE "C")
					FILTER (WHERE NOT rv.counted) AS excluded,
				 to_jsonb(array_agg(DISTINCT rv.outcome_code)) AS answered
		  FROM unnest(rvs) rv
		  LEFT JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = rv.measure_code
		  LEFT JOIN svtoms.response r ON r.bid_id = rv.bid_id AND r.measure_code = rv.measure_code
		  GROUP BY rv.bid_id) x;

	FOR e IN SELECT * FROM svtoms.evaluate(t.id) LOOP
		i := i + 1;
		IF e.rank IS NULL THEN
			n_disqualified := n_disqualified + 1;
		ELSE
			n_ranked := n_ranked + 1;
		END IF;
		seen := seen || e.status;
		SELECT coalesce(string_agg('<span class="flag flag-' || regexp_replace(s.flag, '[^A-Za-z0-9_-]', '', 'g')
								   || '">' || svtoms.html_escape(s.flag) || '</span>', ' ' ORDER BY s.k), '')
		INTO flag_html FROM unnest(e.status) WITH ORDINALITY s(flag, k);

		ranking := array_append(ranking, E'\n<tr' || CASE WHEN e.rank IS NULL THEN ' class="disqualified"' ELSE '' END || '>'
			|| '<td class="num">' || coalesce(e.rank::text, '<span class="unranked">not ranked</span>') || '</td>'
			|| '<th scope="row"><a href="#bid-' || i::text || '">' || svtoms.html_escape(e.bidder) || '</a>'
			|| ' <code class="bid-id">' || svtoms.html_escape(e.bid_id) || '</code></th>'
			|| '<td class="num">' || coalesce(replace(regexp_replace(e.price::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) || '</td>'
			|| '<td class="num">' || coalesce(regexp_replace(round(e.price_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num">' || coalesce(regexp_replace(round(e.quality_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num">' || coalesce(regexp_replace(round(e.social_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num total">' || coalesce(regexp_replace(round(e.total_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num">' || replace(regexp_replace(e.net::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
			|| '<td>' || CASE WHEN flag_html = '' THEN '<span class="visually-hidden">none</span>'
							  ELSE flag_html END || '</td></tr>');

		-- each theme's account, by the theme's name in the framework
		SELECT string_agg(E'\n<tr><th scope="row">' || svtoms.html_escape(th.theme)
						  || coalesce(' <span class="theme">' || svtoms.html_escape(nm.name) || '</span>', '') || '</th>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.benefit(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.harm(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.net(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || svtoms.responses(th.value)::text || '</td>'
						  || '<td class="num">' || svtoms.missing(th.value)::text || '</td>'
						  || '<td class="num">' || svtoms.excluded(th.value)::text || '</td></tr>', '' ORDER BY th.k)
		INTO theme_rows
		FROM svtoms.themes(e.profile) WITH ORDINALITY th(theme, value, k)
		LEFT JOIN svtoms.theme nm ON nm.framework_id = t.framework_id AND nm.code = th.theme;

		-- the harms the bid declares, response by response
		harm_items := per_bid -> e.bid_id ->> 'harms';

		SELECT string_agg(E'\n<li><code>' || svtoms.html_escape(o.code) || '</code> ' || svtoms.html_escape(o.name)
						  || ' <span class="theme">(theme ' || svtoms.html_escape(o.theme_code) || ')</span></li>',
						  '' ORDER BY o.code COLLATE "C")
		INTO unanswered
		FROM svtoms.outcome o
		WHERE o.framework_id = t.framework_id AND o.code = ANY (in_scope)
		  AND NOT coalesce(per_bid -> e.bid_id -> 'answered' ? o.code, false);

		excluded_items := per_bid -> e.bid_id ->> 'excluded';

		heading := CASE WHEN e.rank IS NULL THEN 'Not ranked: ' ELSE 'Rank ' || e.rank::text || ': ' END
				   || svtoms.html_escape(e.bidder);
		sections := array_append(sections, E'\n<section class="bid" aria-labelledby="bid-' || i::text || '">'
			|| E'\n<h3 id="bid-' || i::text || '">' || heading || '</h3>'
			|| E'\n<dl class="facts">'
			|| E'\n<dt>Bid</dt><dd><code>' || svtoms.html_escape(e.bid_id) || '</code></dd>'
			|| E'\n<dt>Benefit</dt><dd>' || replace(regexp_replace(svtoms.benefit(e.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| E'\n<dt>Harm</dt><dd>' || replace(regexp_replace(svtoms.harm(e.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| E'\n<dt>Net social value</dt><dd>' || replace(regexp_replace(e.net::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| CASE WHEN f.valuation = 'monetary' THEN coalesce(E'\n<dt>Net / contract value</dt><dd>'
															  || round(e.sv_ratio, 4)::text || '</dd>', '') ELSE '' END
			|| E'\n<dt>Balance across themes</dt><dd>' || round(e.balance::numeric, 3)::text || '</dd>'
			|| E'\n<dt>Responses counted</dt><dd>' || svtoms.responses(e.value)::text || '</dd>'
			|| E'\n<dt>Missing answers</dt><dd>' || e.missing::text || '</dd>'
			|| E'\n<dt>Excluded responses</dt><dd>' || e.excluded::text || '</dd>'
			|| E'\n<dt>Flags</dt><dd>' || CASE WHEN flag_html = '' THEN 'none' ELSE flag_html END || '</dd>'
			|| E'\n</dl>'
			|| E'\n<figure>\n' || svtoms.profile_svg(e.profile)
			|| E'\n<figcaption>Theme profile of ' || svtoms.html_escape(e.bidder)
			|| ' in ' || amount_unit || ': benefit to the right of zero, harm striped to the left, the net marked in black.</figcaption>'
			|| E'\n</figure>'
			|| E'\n<table class="themes">'
			|| E'\n<caption>Theme accounts of ' || svtoms.html_escape(e.bidder) || ' (' || amount_unit || ')</caption>'
			|| E'\n<thead><tr><th scope="col">Theme</th><th scope="col" class="num">Benefit</th>'
			|| '<th scope="col" class="num">Harm</th><th scope="col" class="num">Net</th>'
			|| '<th scope="col" class="num">Responses</th><th scope="col" class="num">Missing</th>'
			|| '<th scope="col" class="num">Excluded</th></tr></thead>'
			|| E'\n<tbody>' || coalesce(theme_rows, E'\n<tr><td colspan="7">No themes in scope.</td></tr>') || E'\n</tbody>'
			|| E'\n</table>'
			|| E'\n<h4>Harms</h4>'
			|| coalesce(E'\n<ul class="harms">' || harm_items || E'\n</ul>', E'\n<p>No harm declared.</p>')
			|| coalesce(E'\n<h4>Outcomes not answered</h4>\n<ul class="unanswered">' || unanswered || E'\n</ul>', '')
			|| coalesce(E'\n<h4>Responses not counted</h4>\n<ul class="excluded">' || excluded_items || E'\n</ul>', '')
			|| E'\n</section>');
	END LOOP;

	-- what each flag that occurs means
	SELECT string_agg(E'\n<dt><span class="flag flag-' || v.flag || '">' || v.flag || '</span></dt><dd>' || v.note || '</dd>',
					  '' ORDER BY v.k)
	INTO legend
	FROM (VALUES
		(1, 'incomplete', 'an outcome in scope was not answered'),
		(2, 'double_counted', 'a response was not counted: a larger one in the same exclusive group counts'),
		(3, 'proxy_excluded', 'a response on a proxy-evidence measure was not counted (procurement context)'),
		(4, 'harm', 'the bid declares harm, subtracted from its benefit'),
		(5, 'harm_weighted', 'its harm counts more than once for scoring (harm weight above 1)'),
		(6, 'track_record_discounted', 'its benefit counts at the supplier''s delivery rate, below 1'),
		(7, 'below_theme_floor', 'a theme in scope has a net below the tender''s theme floor'),
		(8, 'unbalanced', 'its social points were reduced: its benefits are unevenly spread over the themes'),
		(9, 'unjudged', 'a question has no evaluator''s score for the bid'),
		(10, 'judges_disagree', 'the evaluators'' scores on a question spread more than the question allows'),
		(11, 'social_answer_missing', 'it lacks the counted response or the judged social answer the tender requires'),
		(12, 'disqualified', 'not scored and not ranked')) v(k, flag, note)
	WHERE v.flag = ANY (seen);

	RETURN '<!DOCTYPE html>'
		|| E'\n<html lang="en-GB">'
		|| E'\n<head>'
		|| E'\n<meta charset="utf-8">'
		|| E'\n<meta name="viewport" content="width=device-width, initial-scale=1">'
		|| E'\n<title>Social value evaluation: ' || svtoms.html_escape(coalesce(t.title, 'tender ' || t.id))
		|| ' (' || svtoms.html_escape(t.id) || ')</title>'
		|| E'\n<style>'
		|| E'\nbody{margin:0;background:#fff;color:#1a1a1a;font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5}'
		|| E'\nmain{max-width:75rem;margin:0 auto;padding:1rem 1.5rem 3rem}'
		|| E'\nh1{font-size:1.75rem;margin:.5rem 0}'
		|| E'\nh2{font-size:1.4rem;margin-top:2.5rem;border-bottom:2px solid #1a1a1a}'
		|| E'\nh3{font-size:1.2rem;margin-top:2rem}'
		|| E'\nh4{font-size:1rem;margin:1rem 0 .25rem}'
		|| E'\na{color:#0b57a4}'
		|| E'\ntable{border-collapse:collapse;margin:.75rem 0}'
		|| E'\ncaption{text-align:left;font-weight:bold;padding:.25rem 0}'
		|| E'\nth,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}'
		|| E'\nthead th{background:#e8e8e8}'
		|| E'\n.num{text-align:right;font-variant-numeric:tabular-nums}'
		|| E'\ntd.num{white-space:nowrap}'
		|| E'\n.total{font-weight:bold}'
		|| E'\ncode{font-family:ui-monospace,"Cascadia Mono","DejaVu Sans Mono",monospace;font-size:.9em}'
		|| E'\n.bid-id{display:block;font-weight:normal}'
		|| E'\n.wide{overflow-x:auto}'
		|| E'\ntr.disqualified td,tr.disqualified th{background:#f2f2f2;color:#3d3d3d}'
		|| E'\n.unranked{font-style:italic}'
		|| E'\n.flag{display:inline-block;border:1px solid #595959;border-radius:.25rem;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:.875rem;background:#fff;white-space:nowrap}'
		|| E'\n.flag-harm,.flag-harm_weighted{background:#fde4d6;border-color:#a33b00}'
		|| E'\n.flag-disqualified{background:#1a1a1a;border-color:#1a1a1a;color:#fff}'
		|| E'\n.theme,.note{color:#4a4a4a}'
		|| E'\ndl.facts{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.5rem 0}'
		|| E'\ndl.facts dt{font-weight:bold}'
		|| E'\ndl.facts dd{margin:0}'
		|| E'\nfigure{margin:1rem 0}'
		|| E'\nfigure svg{max-width:100%;height:auto}'
		|| E'\nfigcaption{font-size:.9rem;color:#4a4a4a}'
		|| E'\n.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}'
		|| E'\n@media print{main{max-width:none}section.bid{break-inside:avoid-page}a{color:inherit}}'
		|| E'\n</style>'
		|| E'\n</head>'
		|| E'\n<body>'
		|| E'\n<main>'
		|| E'\n<h1>Social value evaluation: ' || svtoms.html_escape(coalesce(t.title, 'tender ' || t.id)) || '</h1>'
		|| E'\n<p class="award">' || CASE WHEN awarded
			THEN '<strong>Awarded</strong> on ' || to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ')
				 || ' by ' || svtoms.html_escape(a.awarded_by::text)
				 || '. The figures are those recorded at the award.'
			ELSE '<strong>Not awarded.</strong> The figures are the evaluation of the bids as they stand; they can change until the award.' END
		|| '</p>'
		|| E'\n<p>' || i::text || CASE WHEN i = 1 THEN ' bid' ELSE ' bids' END || ': ' || n_ranked::text || ' ranked, '
		|| n_disqualified::text || ' disqualified.</p>'
		|| E'\n<h2 id="tender">Tender</h2>'
		|| E'\n<dl class="facts">'
		|| E'\n<dt>Tender</dt><dd><code>' || svtoms.html_escape(t.id) || '</code></dd>'
		|| coalesce(E'\n<dt>Title</dt><dd>' || svtoms.html_escape(t.title) || '</dd>', '')
		|| E'\n<dt>Framework</dt><dd>' || svtoms.html_escape(f.name) || ' (<code>' || svtoms.html_escape(f.id)
		|| '</code>), version ' || svtoms.html_escape(f.version) || ', ' || f.valuation
		|| CASE WHEN f.valuation = 'monetary' THEN ' in ' || svtoms.html_escape(f.currency) ELSE '' END || '</dd>'
		|| E'\n<dt>Framework source</dt><dd>' || svtoms.html_escape(f.source) || '</dd>'
		|| E'\n<dt>Framework licence</dt><dd>' || svtoms.html_escape(f.licence) || '</dd>'
		|| E'\n<dt>Value set</dt>' || value_set_html
		|| coalesce(E'\n<dt>Contract value</dt><dd>' || regexp_replace(t.contract_value::text, grouped, '\1,', 'g')
					|| coalesce(' ' || svtoms.html_escape(f.currency), '') || '</dd>', '')
		|| E'\n<dt>Weights</dt><dd>price ' || trim_scale(t.price_weight)::text || ', quality '
		|| trim_scale(t.quality_weight)::text || ', social value ' || trim_scale(t.social_weight)::text || ' (of 100 points)</dd>'
		|| E'\n<dt>Quality points</dt><dd>' || quality_html || '</dd>'
		|| E'\n<dt>Context</dt><dd>' || t.context || CASE WHEN t.context = 'procurement'
			THEN ': responses on proxy-evidence measures are not counted' ELSE ': proxy-evidence responses count' END || '</dd>'
		|| E'\n<dt>Missing answers</dt><dd>' || CASE WHEN t.missing_policy = 'disqualify'
			THEN 'disqualify the bid' ELSE 'flag the bid as incomplete' END || '</dd>'
		|| E'\n<dt>Harm weight</dt><dd>' || trim_scale(t.harm_weight)::text
		|| ': net for scoring is benefit &#8722; ' || trim_scale(t.harm_weight)::text || ' &#215; harm</dd>'
		|| E'\n<dt>Theme floor</dt><dd>' || coalesce(replace(regexp_replace(t.theme_floor::text, grouped, '\1,', 'g'), '-', '&#8722;')
			|| ': a theme in scope with a lower net disqualifies the bid', 'none') || '</dd>'
		|| E'\n<dt>Balance weight</dt><dd>' || trim_scale(t.balance_weight)::text || '</dd>'
		|| E'\n<dt>Discount rate</dt><dd>' || trim_scale(t.discount_rate)::text || '</dd>'
		|| E'\n<dt>Track record</dt><dd>' || CASE WHEN t.track_record_policy = 'discount'
			THEN 'benefit counted at the supplier''s delivery rate (' || trim_scale(t.track_record_default)::text
				 || ' without a record)' ELSE 'ignored' END || '</dd>'
		|| E'\n<dt>Judged share of social points</dt><dd>' || trim_scale(t.social_judged_share)::text
		|| CASE WHEN t.require_both_social THEN '; a measured and a judged social answer are both required' ELSE '' END || '</dd>'
		|| E'\n</dl>'
		|| E'\n<h3>Outcomes in scope</h3>'
		|| E'\n' || coalesce(scope_html, '<p>None: the framework has no outcomes.</p>')
		|| E'\n<h2 id="ranking">Ranking</h2>'
		-- a wide table scrolls on a narrow screen; the region can take the keyboard focus to scroll
		|| E'\n<div class="wide" role="region" aria-labelledby="ranking" tabindex="0">'
		|| E'\n<table class="ranking">'
		|| E'\n<caption>Bids by total points; net social value in ' || amount_unit || '; points rounded to 2 decimals</caption>'
		|| E'\n<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Bidder and bid</th>'
		|| '<th scope="col" class="num">Price</th><th scope="col" class="num">Price points</th>'
		|| '<th scope="col" class="num">Quality points</th><th scope="col" class="num">Social points</th>'
		|| '<th scope="col" class="num">Total points</th><th scope="col" class="num">Net social value</th>'
		|| '<th scope="col">Flags</th></tr></thead>'
		|| E'\n<tbody>' || CASE WHEN i = 0 THEN E'\n<tr><td colspan="9">No bids.</td></tr>' ELSE array_to_string(ranking, '') END
		|| E'\n</tbody>'
		|| E'\n</table>'
		|| E'\n</div>'
		|| coalesce(E'\n<h3>Flags</h3>\n<dl class="facts flags">' || legend || E'\n</dl>', '')
		|| E'\n<h2 id="bids">Bids</h2>'
		|| CASE WHEN i = 0 THEN E'\n<p>No bids.</p>' ELSE array_to_string(sections, '') END
		|| E'\n</main>'
		|| E'\n<footer><p>Made by svtoms.report_html from svtoms.evaluate. Points are rounded for display; '
		|| 'svtoms.evaluate gives them exactly.</p></footer>'
		|| E'\n</body>'
		|| E'\n</html>';
END
$$;
COMMENT ON FUNCTION svtoms.report_html(text) IS
	'a tender''s evaluation as a self-contained, accessible HTML5 report: ranking, each bid''s theme chart, harms, missing answers and flags, and the value set used';

-- the report shows every bid's evaluation: the staff roles that may
-- run svtoms.evaluate, not bidders
REVOKE EXECUTE ON FUNCTION svtoms.report_html(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.report_html(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;

--------------------------------------------------------------------------
-- Open Contracting Data Standard (OCDS): tenders, lots and bids in, the
-- bids extension's ranks and statuses out.
--------------------------------------------------------------------------

-- What an OCDS import keeps beside the tender and its bids: the ocid that
-- keys the tender, its lots, and each bid's identity and status as
-- published.  Kept apart from svtoms.tender and svtoms.bid, so that a
-- publisher's later status changes never touch what an award froze.
CREATE TABLE svtoms.ocds_tender (
	tender_id text PRIMARY KEY REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	ocid text NOT NULL CONSTRAINT ocds_tender_ocid_unique UNIQUE,
	release_id text,
	release_date timestamptz,
	status text,
	currency text,
	award_criteria text,
	weights_from text NOT NULL DEFAULT 'not published'
);
COMMENT ON TABLE svtoms.ocds_tender IS
	'the OCDS contracting process (ocid) each imported tender comes from, as of the latest release imported';
COMMENT ON COLUMN svtoms.ocds_tender.ocid IS 'the open contracting id; svtoms.import_ocds finds the tender by it';
COMMENT ON COLUMN svtoms.ocds_tender.release_id IS 'id of the latest release imported';
COMMENT ON COLUMN svtoms.ocds_tender.release_date IS 'date of the latest release imported; older releases are skipped';
COMMENT ON COLUMN svtoms.ocds_tender.status IS 'tender.status as published';
COMMENT ON COLUMN svtoms.ocds_tender.currency IS 'currency of tender.value as published';
COMMENT ON COLUMN svtoms.ocds_tender.award_criteria IS 'tender.awardCriteria as published (lowestCost, bestProposal, ...)';
COMMENT ON COLUMN svtoms.ocds_tender.weights_from IS 'where the tender''s price, quality and social weights came from';

CREATE TABLE svtoms.lot (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	id text NOT NULL CONSTRAINT lot_id_not_blank CHECK (btrim(id) <> ''),
	title text,
	status text,
	amount numeric CONSTRAINT lot_amount_not_negative CHECK (amount >= 0 AND amount NOT IN ('NaN', 'Infinity')),
	currency text,
	PRIMARY KEY (tender_id, id)
);
COMMENT ON TABLE svtoms.lot IS 'a lot of a tender, as published in OCDS tender.lots';
COMMENT ON COLUMN svtoms.lot.amount IS 'the lot''s estimated value (value.amount)';

CREATE TABLE svtoms.ocds_bid (
	bid_id text PRIMARY KEY REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	ocds_id text NOT NULL,
	status text,
	currency text,
	submitted_at timestamptz,
	related_lots text[],
	tenderer_ids text[],
	CONSTRAINT ocds_bid_id_unique UNIQUE (tender_id, ocds_id)
);
COMMENT ON TABLE svtoms.ocds_bid IS 'each imported bid''s identity and status in its OCDS release (bids.details)';
COMMENT ON COLUMN svtoms.ocds_bid.ocds_id IS 'the bid''s id in the release (unique within its contracting process)';
COMMENT ON COLUMN svtoms.ocds_bid.status IS 'the bid''s status as published (pending, valid, disqualified, withdrawn, or the publisher''s own)';
COMMENT ON COLUMN svtoms.ocds_bid.currency IS 'currency of the bid''s value';
COMMENT ON COLUMN svtoms.ocds_bid.related_lots IS 'ids of the lots the bid is for';
COMMENT ON COLUMN svtoms.ocds_bid.tenderer_ids IS 'ids of the organizations that made the bid, as published';

SELECT pg_catalog.pg_extension_config_dump('svtoms.ocds_tender', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.lot', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.ocds_bid', '');

-- A JSON number, or a string that reads as one (publishers write both);
-- NULL for anything else.
CREATE FUNCTION svtoms.ocds_number(v jsonb) RETURNS numeric
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE jsonb_typeof(v)
		   WHEN 'number' THEN (v #>> '{}')::numeric
		   WHEN 'string' THEN CASE WHEN v #>> '{}' ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$'
								   THEN btrim(v #>> '{}')::numeric END
		   END
$$;
COMMENT ON FUNCTION svtoms.ocds_number(jsonb) IS
	'a JSON number, or a string holding one, as numeric; NULL otherwise (used by svtoms.import_ocds)';

-- An OCDS date-time, or NULL when the text is not one.
CREATE FUNCTION svtoms.ocds_timestamp(v jsonb) RETURNS timestamptz
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF jsonb_typeof(v) IS DISTINCT FROM 'string'
	   OR v #>> '{}' !~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)?\s*$' THEN
		RETURN NULL;
	END IF;
	RETURN (v #>> '{}')::timestamptz;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_timestamp(jsonb) IS
	'an OCDS date-time string as timestamptz; NULL when it is not one (used by svtoms.import_ocds)';

-- The problems of an OCDS value object ({amount, currency}) at a path.
CREATE FUNCTION svtoms.ocds_value_problems(v jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s: a value must be an object with amount and currency, not %s', path, v)
	WHERE jsonb_typeof(v) NOT IN ('object', 'null')
	UNION ALL
	SELECT format('%s.amount: %s is not a number', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND jsonb_typeof(v -> 'amount') NOT IN ('null')
	  AND svtoms.ocds_number(v -> 'amount') IS NULL
	UNION ALL
	SELECT format('%s.amount: %s is negative', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND svtoms.ocds_number(v -> 'amount') < 0
	UNION ALL
	SELECT format('%s.amount: %s is too large (at most 30 digits before the point)', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND svtoms.ocds_number(v -> 'amount') >= 1e30
	UNION ALL
	SELECT format('%s.currency: %s is not a currency code', path, v -> 'currency')
	WHERE jsonb_typeof(v) = 'object' AND jsonb_typeof(v -> 'currency') NOT IN ('string', 'null')
$$;
COMMENT ON FUNCTION svtoms.ocds_value_problems(jsonb, text) IS
	'the problems of an OCDS value object (amount, currency), each naming its JSON path (used by svtoms.import_ocds)';

-- The problems of an award criteria breakdown (lot or lot group).
CREATE FUNCTION svtoms.ocds_criteria_problems(ac jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s: award criteria must be an object, not %s', path, ac)
	WHERE jsonb_typeof(ac) NOT IN ('object', 'null')
	UNION ALL
	SELECT format('%s.criteria: must be an array, not %s', path, ac -> 'criteria')
	WHERE jsonb_typeof(ac) = 'object' AND jsonb_typeof(ac -> 'criteria') NOT IN ('array', 'null')
	UNION ALL
	SELECT p FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ac -> 'criteria') = 'array' THEN ac -> 'criteria' END)
		WITH ORDINALITY c (crit, i),
		LATERAL (
			SELECT format('%s.criteria[%s]: a criterion must be an object', path, i - 1)
			WHERE jsonb_typeof(crit) <> 'object'
			UNION ALL
			SELECT format('%s.criteria[%s].numbers: must be an array, not %s', path, i - 1, crit -> 'numbers')
			WHERE jsonb_typeof(crit) = 'object' AND jsonb_typeof(crit -> 'numbers') NOT IN ('array', 'null')
			UNION ALL
			SELECT format('%s.criteria[%s].numbers[%s]%s', path, i - 1, j - 1, msg)
			FROM jsonb_array_elements(CASE WHEN jsonb_typeof(crit -> 'numbers') = 'array' THEN crit -> 'numbers' END)
				WITH ORDINALITY n (num, j),
				LATERAL (
					SELECT ': a criterion number must be an object' AS msg WHERE jsonb_typeof(num) <> 'object'
					UNION ALL
					SELECT format('.number: %s is not a number', num -> 'number')
					WHERE jsonb_typeof(num) = 'object' AND jsonb_typeof(num -> 'number') NOT IN ('null')
					  AND svtoms.ocds_number(num -> 'number') IS NULL
					UNION ALL
					SELECT format('.number: %s is too large', num -> 'number')
					WHERE jsonb_typeof(num) = 'object' AND abs(svtoms.ocds_number(num -> 'number')) >= 1e30
					UNION ALL
					SELECT format('.weight: %s is not in the criterionWeight codelist', num -> 'weight')
					WHERE jsonb_typeof(num) = 'object' AND jsonb_typeof(num -> 'weight') <> 'null'
					  AND NOT coalesce(num ->> 'weight' IN ('percentageExact', 'percentageRangeMiddle', 'decimalExact',
															'decimalRangeMiddle', 'pointsExact', 'pointsRangeMiddle',
															'order'), false)) m) x (p)
$$;
COMMENT ON FUNCTION svtoms.ocds_criteria_problems(jsonb, text) IS
	'the problems of an OCDS award criteria breakdown, each naming its JSON path (used by svtoms.import_ocds)';

-- The problems of one release, each naming its JSON path.
CREATE FUNCTION svtoms.ocds_release_problems(r jsonb, path text) RETURNS SETOF text
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t jsonb := r -> 'tender';
	details jsonb := r #> '{bids,details}';
	e record;
	l record;
	repeated text[];                 -- bid ids that occur more than once
BEGIN
	IF jsonb_typeof(r) IS DISTINCT FROM 'object' THEN
		RETURN NEXT format('%s: a release must be an object, not %s', path, coalesce(jsonb_typeof(r), 'missing'));
		RETURN;
	END IF;
	IF jsonb_typeof(r -> 'ocid') IS DISTINCT FROM 'string' OR btrim(r ->> 'ocid') = '' THEN
		RETURN NEXT format('%s.ocid: missing; every release names its contracting process', path);
	ELSIF r ->> 'ocid' !~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' THEN
		RETURN NEXT format('%s.ocid: %s has characters a tender id cannot have (letters, digits, . _ : / - only)',
						   path, r -> 'ocid');
	END IF;
	IF jsonb_typeof(r -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(r -> 'date') IS NULL THEN
		RETURN NEXT format('%s.date: %s is not a date-time', path, r -> 'date');
	END IF;

	IF jsonb_typeof(t) NOT IN ('object', 'null') THEN
		RETURN NEXT format('%s.tender: must be an object, not %s', path, t);
	ELSIF jsonb_typeof(t) = 'object' THEN
		RETURN QUERY SELECT svtoms.ocds_value_problems(t -> 'value', path || '.tender.value');
		IF jsonb_typeof(t -> 'title') NOT IN ('string', 'null') THEN
			RETURN NEXT format('%s.tender.title: must be text, not %s', path, t -> 'title');
		END IF;
		IF jsonb_typeof(t -> 'lots') NOT IN ('array', 'null') THEN
			RETURN NEXT format('%s.tender.lots: must be an array, not %s', path, t -> 'lots');
		ELSIF jsonb_typeof(t -> 'lots') = 'array' THEN
			FOR l IN SELECT x.lot, x.i - 1 AS i FROM jsonb_array_elements(t -> 'lots') WITH ORDINALITY x (lot, i) LOOP
				IF jsonb_typeof(l.lot) <> 'object' THEN
					RETURN NEXT format('%s.tender.lots[%s]: a lot must be an object', path, l.i);
					CONTINUE;
				END IF;
				IF coalesce(jsonb_typeof(l.lot -> 'id'), 'missing') NOT IN ('string', 'number') OR btrim(l.lot ->> 'id') = '' THEN
					RETURN NEXT format('%s.tender.lots[%s].id: missing; every lot needs an id', path, l.i);
				END IF;
				RETURN QUERY SELECT svtoms.ocds_value_problems(l.lot -> 'value', format('%s.tender.lots[%s].value', path, l.i));
				RETURN QUERY SELECT svtoms.ocds_criteria_problems(l.lot -> 'awardCriteria',
																   format('%s.tender.lots[%s].awardCriteria', path, l.i));
			END LOOP;
		END IF;
		IF jsonb_typeof(t -> 'lotGroups') = 'array' THEN
			RETURN QUERY SELECT svtoms.ocds_criteria_problems(g.grp -> 'awardCriteria',
															   format('%s.tender.lotGroups[%s].awardCriteria', path, g.i - 1))
				FROM jsonb_array_elements(t -> 'lotGroups') WITH ORDINALITY g (grp, i) WHERE jsonb_typeof(g.grp) = 'object';
		END IF;
	END IF;

	IF jsonb_typeof(r -> 'bids') NOT IN ('object', 'null') THEN
		RETURN NEXT format('%s.bids: must be an object with details, not %s', path, r -> 'bids');
	ELSIF jsonb_typeof(details) NOT IN ('array', 'null') THEN
		RETURN NEXT format('%s.bids.details: must be an array, not %s', path, details);
	ELSIF jsonb_typeof(details) = 'array' THEN
		SELECT array_agg(id) INTO repeated
		FROM (SELECT o ->> 'id' AS id FROM jsonb_array_elements(details) o
			  WHERE jsonb_typeof(o) = 'object' GROUP BY 1 HAVING count(*) > 1) d;
		FOR e IN SELECT x.b, x.i - 1 AS i, format('%s.bids.details[%s]', path, x.i - 1) AS p
				 FROM jsonb_array_elements(details) WITH ORDINALITY x (b, i) LOOP
			IF jsonb_typeof(e.b) <> 'object' THEN
				RETURN NEXT format('%s: a bid must be an object', e.p);
				CONTINUE;
			END IF;
			IF coalesce(jsonb_typeof(e.b -> 'id'), 'missing') NOT IN ('string', 'number') OR btrim(e.b ->> 'id') = '' THEN
				RETURN NEXT format('%s.id: missing; every bid needs an id', e.p);
			ELSIF e.b ->> 'id' = ANY (repeated) THEN
				RETURN NEXT format('%s.id: %s is the id of another bid of this release too', e.p, e.b -> 'id');
			END IF;
			RETURN QUERY SELECT svtoms.ocds_value_problems(e.b -> 'value', e.p || '.value');
			IF jsonb_typeof(e.b -> 'status') NOT IN ('string', 'null') THEN
				RETURN NEXT format('%s.status: must be text, not %s', e.p, e.b -> 'status');
			END IF;
			IF jsonb_typeof(e.b -> 'tenderers') NOT IN ('array', 'null') THEN
				RETURN NEXT format('%s.tenderers: must be an array, not %s', e.p, e.b -> 'tenderers');
			ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.b -> 'tenderers') = 'array'
																  THEN e.b -> 'tenderers' END) o
						  WHERE jsonb_typeof(o) <> 'object') THEN
				RETURN NEXT format('%s.tenderers: every tenderer must be an object (id, name)', e.p);
			END IF;
			IF jsonb_typeof(e.b -> 'relatedLots') NOT IN ('array', 'null') THEN
				RETURN NEXT format('%s.relatedLots: must be an array, not %s', e.p, e.b -> 'relatedLots');
			ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.b -> 'relatedLots') = 'array'
																  THEN e.b -> 'relatedLots' END) o
						  WHERE NOT (jsonb_typeof(o) IN ('string', 'number')
									 OR jsonb_typeof(o) = 'object' AND jsonb_typeof(o -> 'id') IN ('string', 'number'))) THEN
				RETURN NEXT format('%s.relatedLots: each must be a lot id (or an object with one)', e.p);
			END IF;
			IF jsonb_typeof(e.b -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(e.b -> 'date') IS NULL THEN
				RETURN NEXT format('%s.date: %s is not a date-time', e.p, e.b -> 'date');
			END IF;
		END LOOP;
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_release_problems(jsonb, text) IS
	'the problems of one OCDS release for svtoms.import_ocds, each naming its JSON path; none when it can be imported';

-- Tender weights from published award criteria: price and cost criteria
-- weigh price, a criterion named social value weighs social value, the
-- rest quality.  Percentages, decimals and points are scaled to 100.
CREATE FUNCTION svtoms.ocds_weights(criteria jsonb, OUT price_weight numeric, OUT quality_weight numeric,
									OUT social_weight numeric)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	WITH w AS (
		SELECT CASE WHEN concat_ws(' ', c ->> 'name', c ->> 'description') ~* 'social[ -]?value' THEN 'social'
					WHEN c ->> 'type' IN ('price', 'cost') THEN 'price'
					ELSE 'quality' END AS kind,
			   svtoms.ocds_number(n -> 'number')
				 * CASE WHEN n ->> 'weight' LIKE 'decimal%' THEN 100 ELSE 1 END AS weight
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(criteria) = 'array' THEN criteria END) c,
			 jsonb_array_elements(CASE WHEN jsonb_typeof(c -> 'numbers') = 'array' THEN c -> 'numbers' END) n
		WHERE jsonb_typeof(c) = 'object' AND jsonb_typeof(n) = 'object'
		  AND n ->> 'weight' IN ('percentageExact', 'percentageRangeMiddle', 'decimalExact', 'decimalRangeMiddle',
								 'pointsExact', 'pointsRangeMiddle')
		  AND svtoms.ocds_number(n -> 'number') >= 0),
	s AS (
		SELECT round(100 * sum(weight) FILTER (WHERE kind = 'quality') / sum(weight), 6) AS q,
			   round(100 * sum(weight) FILTER (WHERE kind = 'social') / sum(weight), 6) AS s
		FROM w HAVING sum(weight) > 0)
	-- the price weight takes what rounding leaves, so the three add up to 100
	SELECT 100 - coalesce(q, 0) - coalesce(s, 0), coalesce(q, 0), coalesce(s, 0) FROM s
$$;
COMMENT ON FUNCTION svtoms.ocds_weights(jsonb) IS
	'price, quality and social weights (adding up to 100) from OCDS award criteria; NULLs when no criterion is weighted';

CREATE FUNCTION svtoms.import_ocds(doc jsonb, framework_id text DEFAULT 'uk-social-value-model-2020',
								   value_set_id text DEFAULT NULL)
	RETURNS TABLE (ocid text, tender_id text, object text, id text, action text, note text)
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	records jsonb;
	found_releases jsonb := '[]';
	skipped jsonb := '[]';
	problems text[];
	rel record;
	r jsonb;
	t jsonb;
	tid text;
	existing svtoms.tender;
	link svtoms.ocds_tender;
	awarded boolean;
	rdate timestamptz;
	wp numeric;
	wq numeric;
	ws numeric;
	wfrom text;
	changes text[];
	lot record;
	b record;
	bid_key text;
	old_bid svtoms.bid;
	old_ob svtoms.ocds_bid;
BEGIN
	IF doc IS NULL THEN
		RAISE EXCEPTION 'OCDS data is NULL' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	-- 1. the releases in the document: a release, a release package, a
	--    record (its compiled release, or its embedded releases), a record
	--    package, or a bare array of releases; oldest first, so that the
	--    latest release of a process has the last word
	IF jsonb_typeof(doc) = 'object' AND (doc ? 'records'
	   OR doc ? 'ocid' AND (doc ? 'compiledRelease' OR jsonb_typeof(doc -> 'releases') = 'array')) THEN
		records := CASE WHEN doc ? 'records' THEN doc -> 'records' ELSE jsonb_build_array(doc) END;
		IF jsonb_typeof(records) <> 'array' THEN
			problems := problems || format('$.records: must be an array, not %s', jsonb_typeof(records));
		ELSE
			SELECT coalesce(jsonb_agg(jsonb_build_object('path', x.path, 'release', x.rel) ORDER BY x.n, x.d NULLS FIRST, x.j),
							'[]')
			INTO found_releases
			FROM (SELECT CASE WHEN doc ? 'records' THEN format('$.records[%s]', i - 1) ELSE '$' END
						 || CASE WHEN jsonb_typeof(rc -> 'compiledRelease') = 'object' THEN '.compiledRelease'
								 ELSE format('.releases[%s]', j - 1) END AS path,
						 coalesce(rc -> 'compiledRelease', e) AS rel, i AS n, j,
						 svtoms.ocds_timestamp(e -> 'date') AS d
				  FROM jsonb_array_elements(records) WITH ORDINALITY a (rc, i)
				  LEFT JOIN LATERAL jsonb_array_elements(
						CASE WHEN jsonb_typeof(rc -> 'compiledRelease') IS DISTINCT FROM 'object'
								  AND jsonb_typeof(rc -> 'releases') = 'array' THEN rc -> 'releases'
							 ELSE '[null]' END) WITH ORDINALITY b (e, j) ON true
				  WHERE jsonb_typeof(rc) = 'object'
					AND (jsonb_typeof(rc -> 'compiledRelease') = 'object' OR jsonb_typeof(rc -> 'releases') = 'array')
					-- a linked release (url, date, tag) carries no data to import
					AND NOT (jsonb_typeof(e) = 'object' AND e ? 'url' AND NOT e ? 'tender' AND NOT e ? 'bids')) x;
			SELECT coalesce(jsonb_agg(jsonb_build_object('ocid', rc ->> 'ocid', 'url', e ->> 'url')), '[]')
			INTO skipped
			FROM jsonb_array_elements(records) rc, jsonb_array_elements(rc -> 'releases') e
			WHERE jsonb_typeof(rc) = 'object' AND jsonb_typeof(rc -> 'releases') = 'array'
			  AND jsonb_typeof(rc -> 'compiledRelease') IS DISTINCT FROM 'object'
			  AND jsonb_typeof(e) = 'object' AND e ? 'url' AND NOT e ? 'tender' AND NOT e ? 'bids';
			problems := problems || ARRAY(
				SELECT format('$.records[%s]: a record must be an object with compiledRelease or releases', i - 1)
				FROM jsonb_array_elements(records) WITH ORDINALITY a (rc, i)
				WHERE jsonb_typeof(rc) <> 'object'
				   OR jsonb_typeof(rc -> 'compiledRelease') <> 'object' AND jsonb_typeof(rc -> 'releases') <> 'array'
				   OR NOT rc ? 'compiledRelease' AND NOT rc ? 'releases');
		END IF;
	ELSIF jsonb_typeof(doc) = 'object' AND doc ? 'releases' AND NOT doc ? 'tender' THEN
		IF jsonb_typeof(doc -> 'releases') <> 'array' THEN
			problems := problems || format('$.releases: must be an array, not %s', jsonb_typeof(doc -> 'releases'));
		ELSE
			SELECT coalesce(jsonb_agg(jsonb_build_object('path', format('$.releases[%s]', i - 1), 'release', e)
									  ORDER BY svtoms.ocds_timestamp(e -> 'date') NULLS FIRST, i), '[]')
			INTO found_releases FROM jsonb_array_elements(doc -> 'releases') WITH ORDINALITY a (e, i);
		END IF;
	ELSIF jsonb_typeof(doc) = 'array' THEN
		SELECT coalesce(jsonb_agg(jsonb_build_object('path', format('$[%s]', i - 1), 'release', e)
								  ORDER BY svtoms.ocds_timestamp(e -> 'date') NULLS FIRST, i), '[]')
		INTO found_releases FROM jsonb_array_elements(doc) WITH ORDINALITY a (e, i);
	ELSIF jsonb_typeof(doc) = 'object' AND doc ? 'ocid' THEN
		found_releases := jsonb_build_array(jsonb_build_object('path', '$', 'release', doc));
	ELSE
		problems := problems || format('$: %s is not an OCDS release, record, release package or record package',
									   CASE jsonb_typeof(doc) WHEN 'object' THEN 'an object without ocid, releases or records'
									   ELSE 'a JSON ' || jsonb_typeof(doc) END);
	END IF;

	-- 2. every problem of every release, before anything is written
	problems := problems || ARRAY(
		SELECT p FROM jsonb_array_elements(found_releases) x, svtoms.ocds_release_problems(x -> 'release', x ->> 'path') p);
	IF cardinality(problems) > 0 THEN
		RAISE EXCEPTION 'OCDS data has % problem(s); nothing was imported', cardinality(problems)
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = array_to_string(problems[1:50], E'\n')
						   || CASE WHEN cardinality(problems) > 50
								   THEN format(E'\n... and %s more', cardinality(problems) - 50) ELSE '' END,
				  HINT = 'svtoms.import_ocds takes OCDS 1.1 releases, records and their packages, with the bids and award criteria extensions.';
	END IF;
	IF found_releases = '[]' AND skipped = '[]' THEN
		RAISE EXCEPTION 'OCDS data holds no release' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = import_ocds.framework_id) THEN
		RAISE EXCEPTION 'framework "%" does not exist', import_ocds.framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Name the framework new tenders are evaluated under: svtoms.import_ocds(doc, framework_id => ...).';
	END IF;

	FOR rel IN SELECT x.value ->> 'ocid' AS ocid, x.value ->> 'url' AS url FROM jsonb_array_elements(skipped) x LOOP
		RETURN QUERY SELECT rel.ocid, NULL::text, 'release'::text, rel.url, 'skipped'::text,
			'a linked release: fetch it and import the releases themselves'::text;
	END LOOP;

	-- 3. each release in turn: its tender, lots and bids
	FOR rel IN SELECT x.ord, x.value -> 'release' AS release
			   FROM jsonb_array_elements(found_releases) WITH ORDINALITY x (value, ord) ORDER BY x.ord LOOP
		r := rel.release;
		t := CASE WHEN jsonb_typeof(r -> 'tender') = 'object' THEN r -> 'tender' ELSE '{}' END;
		rdate := svtoms.ocds_timestamp(r -> 'date');
		SELECT * INTO link FROM svtoms.ocds_tender o WHERE o.ocid = r ->> 'ocid';
		tid := coalesce(link.tender_id, r ->> 'ocid');
		IF link.release_date > rdate THEN
			RETURN QUERY SELECT r ->> 'ocid', tid, 'release'::text, r ->> 'id', 'skipped'::text,
				format('older (%s) than the release already imported (%s)',
					   to_char(rdate AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
					   to_char(link.release_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
			CONTINUE;
		END IF;
		SELECT * INTO existing FROM svtoms.tender x WHERE x.id = tid;
		IF link.tender_id IS NULL AND EXISTS (SELECT 1 FROM svtoms.ocds_tender o WHERE o.tender_id = tid) THEN
			RAISE EXCEPTION 'tender "%" already comes from another contracting process, %', tid,
				(SELECT o.ocid FROM svtoms.ocds_tender o WHERE o.tender_id = tid)
				USING ERRCODE = 'unique_violation',
					  HINT = 'A tender takes the releases of one ocid; give the other tender another id.';
		END IF;
		awarded := EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = tid);

		-- weights: published criteria (the same for every lot), or a
		-- price-only award criterion; otherwise the tender keeps its own
		wfrom := NULL;
		SELECT x.price_weight, x.quality_weight, x.social_weight INTO wp, wq, ws
		FROM (SELECT array_agg(DISTINCT g.value #> '{awardCriteria,criteria}') AS cs
			  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t -> 'lots') = 'array' THEN t -> 'lots' ELSE '[]' END
										|| CASE WHEN jsonb_typeof(t -> 'lotGroups') = 'array' THEN t -> 'lotGroups' ELSE '[]' END) g
			  WHERE jsonb_typeof(g.value #> '{awardCriteria,criteria}') = 'array') c,
			 svtoms.ocds_weights(c.cs[1]) x
		WHERE cardinality(c.cs) = 1;
		IF wp IS NOT NULL THEN
			wfrom := 'award criteria of the lots';
		ELSIF t ->> 'awardCriteria' IN ('lowestCost', 'priceOnly') THEN
			wp := 100;
			wq := 0;
			ws := 0;
			wfrom := format('tender.awardCriteria %s', t ->> 'awardCriteria');
		END IF;

		IF existing.id IS NULL THEN
			INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
									   price_weight, quality_weight, social_weight)
			VALUES (tid, import_ocds.framework_id, import_ocds.value_set_id, nullif(btrim(t ->> 'title'), ''),
					nullif(svtoms.ocds_number(t #> '{value,amount}'), 0),
					coalesce(wp, 100), coalesce(wq, 0), coalesce(ws, 0));
			RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'created'::text,
				coalesce('weights from ' || wfrom,
						 'no award criteria weights published: price_weight 100 until you set the weights');
		ELSE
			changes := ARRAY(
				SELECT c FROM (VALUES
					('title', existing.title IS DISTINCT FROM coalesce(nullif(btrim(t ->> 'title'), ''), existing.title)),
					('contract_value', t ? 'value' AND existing.contract_value
						IS DISTINCT FROM nullif(svtoms.ocds_number(t #> '{value,amount}'), 0)),
					('weights', wp IS NOT NULL
						AND (existing.price_weight, existing.quality_weight, existing.social_weight)
							IS DISTINCT FROM (wp, wq, ws))) v (c, changed)
				WHERE changed);
			IF cardinality(changes) = 0 THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'unchanged'::text, NULL::text;
			ELSIF awarded THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'kept'::text,
					format('the tender is awarded; its %s as published are not taken', array_to_string(changes, ', '));
			ELSE
				UPDATE svtoms.tender x
				SET title = coalesce(nullif(btrim(t ->> 'title'), ''), x.title),
					contract_value = CASE WHEN t ? 'value' THEN nullif(svtoms.ocds_number(t #> '{value,amount}'), 0)
										  ELSE x.contract_value END,
					price_weight = coalesce(wp, x.price_weight),
					quality_weight = coalesce(wq, x.quality_weight),
					social_weight = coalesce(ws, x.social_weight)
				WHERE x.id = tid;
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'updated'::text,
					array_to_string(changes, ', ');
			END IF;
		END IF;
		INSERT INTO svtoms.ocds_tender AS o (tender_id, ocid, release_id, release_date, status, currency,
											  award_criteria, weights_from)
		VALUES (tid, r ->> 'ocid', r ->> 'id', rdate, t ->> 'status', t #>> '{value,currency}', t ->> 'awardCriteria',
				coalesce(wfrom, 'not published'))
		ON CONFLICT ON CONSTRAINT ocds_tender_pkey DO UPDATE
		SET release_id = excluded.release_id, release_date = coalesce(excluded.release_date, o.release_date),
			status = coalesce(excluded.status, o.status), currency = coalesce(excluded.currency, o.currency),
			award_criteria = coalesce(excluded.award_criteria, o.award_criteria),
			weights_from = CASE WHEN wfrom IS NOT NULL AND NOT awarded THEN wfrom ELSE o.weights_from END
		WHERE (o.release_id, o.release_date, o.status, o.currency, o.award_criteria, o.weights_from)
			  IS DISTINCT FROM (excluded.release_id, coalesce(excluded.release_date, o.release_date),
								coalesce(excluded.status, o.status), coalesce(excluded.currency, o.currency),
								coalesce(excluded.award_criteria, o.award_criteria),
								CASE WHEN wfrom IS NOT NULL AND NOT awarded THEN wfrom ELSE o.weights_from END);

		-- lots
		FOR lot IN SELECT btrim(l ->> 'id') AS lot_id, nullif(btrim(l ->> 'title'), '') AS title, l ->> 'status' AS status,
						  svtoms.ocds_number(l #> '{value,amount}') AS amount, l #>> '{value,currency}' AS currency
				   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t -> 'lots') = 'array' THEN t -> 'lots' ELSE '[]' END) l LOOP
			INSERT INTO svtoms.lot AS x (tender_id, id, title, status, amount, currency)
			VALUES (tid, lot.lot_id, lot.title, lot.status, lot.amount, lot.currency)
			ON CONFLICT ON CONSTRAINT lot_pkey DO NOTHING;
			IF FOUND THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'lot'::text, lot.lot_id, 'created'::text, NULL::text;
			ELSE
				UPDATE svtoms.lot x SET title = lot.title, status = lot.status, amount = lot.amount, currency = lot.currency
				WHERE x.tender_id = tid AND x.id = lot.lot_id
				  AND (x.title, x.status, x.amount, x.currency) IS DISTINCT FROM (lot.title, lot.status, lot.amount, lot.currency);
				RETURN QUERY SELECT r ->> 'ocid', tid, 'lot'::text, lot.lot_id,
					CASE WHEN FOUND THEN 'updated' ELSE 'unchanged' END, NULL::text;
			END IF;
		END LOOP;

		-- bids: submitted ones are evaluated; invited, withdrawn and
		-- disqualified ones are not
		FOR b IN SELECT d ->> 'id' AS ocds_id, lower(d ->> 'status') AS status,
						svtoms.ocds_number(d #> '{value,amount}') AS price, d #>> '{value,currency}' AS currency,
						svtoms.ocds_timestamp(d -> 'date') AS submitted_at,
						coalesce(nullif((SELECT string_agg(btrim(coalesce(nullif(btrim(o ->> 'name'), ''), o ->> 'id')), ' + '
											   ORDER BY i)
										 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
																	  THEN d -> 'tenderers' END) WITH ORDINALITY x (o, i)), ''),
								 'bid ' || (d ->> 'id')) AS bidder,
						(SELECT array_agg(coalesce(o ->> 'id', o #>> '{identifier,id}') ORDER BY i)
						 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
													  THEN d -> 'tenderers' END) WITH ORDINALITY x (o, i)) AS tenderer_ids,
						(SELECT array_agg(CASE jsonb_typeof(o) WHEN 'object' THEN o ->> 'id' ELSE o #>> '{}' END ORDER BY i)
						 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'relatedLots') = 'array'
													  THEN d -> 'relatedLots' END) WITH ORDINALITY x (o, i)) AS related_lots
				 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r #> '{bids,details}') = 'array'
											  THEN r #> '{bids,details}' ELSE '[]' END) d LOOP
			SELECT * INTO old_ob FROM svtoms.ocds_bid o WHERE o.tender_id = tid AND o.ocds_id = b.ocds_id;
			-- the bid's svtoms id: the tender's, then the published id
			bid_key := coalesce(old_ob.bid_id,
								tid || '/' || CASE WHEN b.ocds_id ~ '^[A-Za-z0-9._:/-]+$' THEN b.ocds_id ELSE md5(b.ocds_id) END);
			SELECT * INTO old_bid FROM svtoms.bid x WHERE x.id = bid_key;
			IF old_bid.tender_id <> tid THEN
				RAISE EXCEPTION 'bid "%" of contracting process % is the id of a bid of tender "%"', bid_key,
					r ->> 'ocid', old_bid.tender_id
					USING ERRCODE = 'unique_violation',
						  HINT = 'Give the other bid another id; imported bids are named tender id/published bid id.';
			END IF;
			IF b.status IN ('invited', 'withdrawn', 'disqualified') THEN
				IF old_bid.id IS NULL THEN
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'skipped'::text,
						format('%s: not a bid to evaluate', b.status);
				ELSIF awarded OR EXISTS (SELECT 1 FROM svtoms.response x WHERE x.bid_id = bid_key) THEN
					UPDATE svtoms.ocds_bid o SET status = b.status WHERE o.bid_id = bid_key AND o.status IS DISTINCT FROM b.status;
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'kept'::text,
						format('now %s in the source, but %s; delete bid %L yourself if it should go', b.status,
							   CASE WHEN awarded THEN 'the tender is awarded' ELSE 'it has responses' END, bid_key);
				ELSE
					DELETE FROM svtoms.bid x WHERE x.id = bid_key;
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'removed'::text,
						format('%s in the source', b.status);
				END IF;
				CONTINUE;
			END IF;
			IF old_bid.id IS NULL THEN
				INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES (bid_key, tid, b.bidder, b.price);
				action := 'created';
			ELSIF (old_bid.bidder, old_bid.price) IS DISTINCT FROM (b.bidder, b.price) THEN
				IF awarded THEN
					action := 'kept';
				ELSE
					UPDATE svtoms.bid x SET bidder = b.bidder, price = b.price WHERE x.id = bid_key;
					action := 'updated';
				END IF;
			ELSE
				action := 'unchanged';
			END IF;
			INSERT INTO svtoms.ocds_bid AS o (bid_id, tender_id, ocds_id, status, currency, submitted_at, related_lots,
											  tenderer_ids)
			VALUES (bid_key, tid, b.ocds_id, b.status, b.currency, b.submitted_at, b.related_lots, b.tenderer_ids)
			ON CONFLICT ON CONSTRAINT ocds_bid_pkey DO UPDATE
			SET status = excluded.status, currency = excluded.currency, submitted_at = excluded.submitted_at,
				related_lots = excluded.related_lots, tenderer_ids = excluded.tenderer_ids
			WHERE (o.status, o.currency, o.submitted_at, o.related_lots, o.tenderer_ids)
				  IS DISTINCT FROM (excluded.status, excluded.currency, excluded.submitted_at, excluded.related_lots,
									excluded.tenderer_ids);
			IF FOUND AND action = 'unchanged' THEN
				action := 'updated';
			END IF;
			RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, action,
				CASE WHEN action = 'kept' THEN 'the tender is awarded; its price and bidder as published are not taken'
					 WHEN b.price IS NULL THEN 'no value published: the bid has no price'
					 WHEN b.related_lots IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(b.related_lots) u
																 WHERE NOT EXISTS (SELECT 1 FROM svtoms.lot x
																				   WHERE x.tender_id = tid AND x.id = u))
						 THEN 'relatedLots names a lot the tender does not list' END;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON FUNCTION svtoms.import_ocds(jsonb, text, text) IS
	'creates or updates tenders (by ocid), lots and bids from OCDS releases, records or packages; all or nothing, idempotent; one row per object';

-- The bids extension's bids object for a tender: each bid with its value,
-- status and rank as svtoms evaluated it (the award, once made), and the
-- statistics of the evaluation.
CREATE FUNCTION svtoms.ocds_bids(tender_id text) RETURNS jsonb
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	result jsonb;
	tender_currency text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM svtoms.tender t WHERE t.id = ocds_bids.tender_id) THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT o.currency INTO tender_currency FROM svtoms.ocds_tender o WHERE o.tender_id = ocds_bids.tender_id;
	WITH e AS (
		SELECT e.bid_id, e.bidder, e.price, e.rank, e.status AS flags, ob.ocds_id, ob.status AS published_status,
			   coalesce(ob.currency, tender_currency) AS currency, ob.submitted_at, ob.related_lots, ob.tenderer_ids,
			   'disqualified' = ANY (e.status) AS disqualified
		FROM svtoms.evaluate(ocds_bids.tender_id) e
		LEFT JOIN svtoms.ocds_bid ob ON ob.bid_id = e.bid_id),
	details AS (
		SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
				   'id', coalesce(ocds_id, bid_id),
				   'date', to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
				   'status', CASE WHEN disqualified THEN 'disqualified' ELSE 'valid' END,
				   'tenderers', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
						'id', CASE WHEN cardinality(tenderer_ids) = 1 THEN tenderer_ids[1] END, 'name', bidder))),
				   'value', CASE WHEN price IS NOT NULL
								 THEN jsonb_strip_nulls(jsonb_build_object('amount', price, 'currency', currency)) END,
				   'hasRank', rank IS NOT NULL AND NOT disqualified,
				   'rank', CASE WHEN NOT disqualified THEN rank END,
				   'relatedLots', to_jsonb(related_lots)))
			   ORDER BY rank NULLS LAST, coalesce(ocds_id, bid_id)), '[]') AS d
		FROM e),
	stats AS (
		SELECT measure, value, currency, ord FROM (
			SELECT 'bids' AS measure, count(*)::numeric AS value, NULL::text AS currency, 1 AS ord FROM e
			UNION ALL SELECT 'validBids', count(*) FILTER (WHERE NOT disqualified), NULL, 2 FROM e
			UNION ALL SELECT 'disqualifiedBids', count(*) FILTER (WHERE disqualified), NULL, 3 FROM e
			UNION ALL SELECT 'bidders', count(DISTINCT bidder), NULL, 4 FROM e
			UNION ALL SELECT 'lowestValidBidValue', min(price) FILTER (WHERE NOT disqualified), min(currency), 5 FROM e
			UNION ALL SELECT 'highestValidBidValue', max(price) FILTER (WHERE NOT disqualified), min(currency), 6 FROM e) s
		WHERE value IS NOT NULL)
	SELECT jsonb_build_object(
			   'statistics', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
										   'id', n::text, 'measure', measure, 'value', value, 'currency', currency))
										   ORDER BY n)
									   FROM (SELECT stats.*, row_number() OVER (ORDER BY ord) AS n FROM stats) x), '[]'),
			   'details', (SELECT d FROM details))
	INTO result;
	RETURN result;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_bids(text) IS
	'the OCDS bids extension''s bids object of a tender: each bid''s value, status and rank as svtoms evaluated it, and statistics';

GRANT SELECT ON svtoms.ocds_tender, svtoms.lot, svtoms.ocds_bid TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT INSERT, UPDATE, DELETE ON svtoms.ocds_tender, svtoms.lot, svtoms.ocds_bid TO svtoms_admin;
GRANT SELECT ON svtoms.lot TO svtoms_bidder;
REVOKE EXECUTE ON FUNCTION svtoms.ocds_bids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.ocds_bids(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;

--------------------------------------------------------------------------
-- Scale-out over PostgreSQL nodes with postgres_fdw.  Each shard is a
-- database with svtoms holding its own tenders; a coordinator with svtoms
-- and postgres_fdw imports every shard's BI views into a schema of its
-- own and unites them in schema svtoms_shards, with the shard's name.
-- The sv and profile aggregates are shipped whole to a shard when its
-- server lists svtoms in its extensions option.
--------------------------------------------------------------------------

-- Profiles added theme by theme, so that profiles computed per shard (or
-- per tender) can be combined with a one-argument aggregate whose state
-- is an ordinary type, as Citus requires for distributed partial
-- aggregation.  Every name in it is schema-qualified, so it needs no SET
-- search_path, which would cost every row of the aggregate.
CREATE FUNCTION svtoms.profile_add(a svtoms.profile, b svtoms.profile) RETURNS svtoms.profile
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$
	SELECT svtoms.theme_profile(t.theme, t.value)
	FROM (SELECT * FROM svtoms.themes(a) UNION ALL SELECT * FROM svtoms.themes(b)) t
$$;
COMMENT ON FUNCTION svtoms.profile_add(svtoms.profile, svtoms.profile) IS
	'two profiles added theme by theme (transition and combine function of svtoms.sum(profile))';

CREATE AGGREGATE svtoms.sum(svtoms.profile) (
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
CREATE FUNCTION svtoms.fdw_extensions(server_options text[]) RETURNS text[]
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
CREATE FUNCTION svtoms.shards()
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

-- (Re)creates one view in schema svtoms_shards per view of svtoms, the
-- UNION ALL of that view on every attached shard, with its server's name
-- in column shard.  Columns are the coordinator's view's, so a shard with
-- another svtoms version is refused rather than silently mismatched.
CREATE FUNCTION svtoms.refresh_shard_views() RETURNS integer
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	v text;
	shard_count integer;
	body text;
	bad record;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.shards'));
	SELECT count(*) INTO shard_count FROM svtoms.shards();
	IF shard_count > 0 AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'svtoms_shards') THEN
		CREATE SCHEMA svtoms_shards;
		COMMENT ON SCHEMA svtoms_shards IS
			'svtoms views of every attached shard as one, with the shard''s server name (svtoms.attach_shard)';
		GRANT USAGE ON SCHEMA svtoms_shards TO svtoms_admin, svtoms_evaluator, svtoms_reader;
	END IF;
	FOR v IN
		SELECT c.relname FROM pg_class c
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
		EXECUTE format('CREATE OR REPLACE VIEW svtoms_shards.%I AS %s', v, body);
		EXECUTE format('COMMENT ON VIEW svtoms_shards.%I IS %L', v,
					   format('svtoms.%s of every attached shard, with the shard''s server name in column shard', v));
		EXECUTE format('GRANT SELECT ON svtoms_shards.%I TO svtoms_admin, svtoms_evaluator, svtoms_reader', v);
	END LOOP;
	RETURN shard_count;
END
$$;
COMMENT ON FUNCTION svtoms.refresh_shard_views() IS
	'(re)creates the views of schema svtoms_shards from the attached shards; returns how many shards they unite';

CREATE FUNCTION svtoms.attach_shard(server name) RETURNS text
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
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.shards'));

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
			EXECUTE format('DROP FOREIGN TABLE %s', old_tables);
		END IF;
		EXECUTE format('DROP SCHEMA %I', retired);
	END IF;
	RETURN target;
END
$$;
COMMENT ON FUNCTION svtoms.attach_shard(name) IS
	'makes a postgres_fdw server a shard: ships svtoms to it, imports its svtoms views into schema svtoms_shard_<server>, and adds it to the views of schema svtoms_shards';

CREATE FUNCTION svtoms.detach_shard(server name) RETURNS void
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
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.shards'));
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
		EXECUTE format('DROP FOREIGN TABLE %s', old_tables);
	END IF;
	EXECUTE format('DROP SCHEMA %I', retired);
END
$$;
COMMENT ON FUNCTION svtoms.detach_shard(name) IS
	'removes a shard from the views of schema svtoms_shards and drops its imported views; the server and its options stay';

-- Attaching and detaching shards changes servers and schemas:
-- administrators only.  Which shards are attached is for staff to read.
REVOKE EXECUTE ON FUNCTION svtoms.attach_shard(name), svtoms.detach_shard(name), svtoms.refresh_shard_views()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.attach_shard(name), svtoms.detach_shard(name), svtoms.refresh_shard_views()
	TO svtoms_admin;
REVOKE EXECUTE ON FUNCTION svtoms.shards() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.shards() TO svtoms_admin, svtoms_evaluator, svtoms_reader;

--------------------------------------------------------------------------
-- Bundled frameworks (read-only; copy one under a new id to adapt it)
--------------------------------------------------------------------------

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'on', true);

-- The cooperative-values prototype, exactly as the seed publishes it.
-- Measures in italics there (proxy measures) have evidence 'proxy'.
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('ccin-coop-2022', 'Translating Cooperative Values to Social Values in Procurement', '2022',
		'points', NULL,
		'Co-operative Councils'' Innovation Network (CCIN), "Translating Cooperative Values to Social Values in Procurement - Policy Prototype", Oxford City Council, 2022',
		'published policy prototype for councils to adapt; no licence terms stated; reproduced unchanged',
		'A prototype TOMs framework for the values of cooperatives and community businesses. Italic measures in the source are marked proxy: not robust enough to evaluate bids in procurement. Points are svtoms'' default of 10 per measure.',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('ccin-coop-2022', 'participation', 'Participation and Accountability'),
	('ccin-coop-2022', 'equity', 'Equity and Equality'),
	('ccin-coop-2022', 'empowerment', 'Self-help/empowerment'),
	('ccin-coop-2022', 'conviviality', 'Conviviality/Community'),
	('ccin-coop-2022', 'wellbeing', 'Wellbeing');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('ccin-coop-2022', 'PA1', 'participation', 'Increased number of people involved in economic decision making'),
	('ccin-coop-2022', 'PA2', 'participation', 'Increased community participation'),
	('ccin-coop-2022', 'EE1', 'equity', 'Wider distribution of profits and capital growth arising from economic activity'),
	('ccin-coop-2022', 'EE2', 'equity', 'Increased investment in local area/community'),
	('ccin-coop-2022', 'SE1', 'empowerment', 'Increased personal and collective agency'),
	('ccin-coop-2022', 'SE2', 'empowerment', 'Increased creativity in the workplace'),
	('ccin-coop-2022', 'SE3', 'empowerment', 'Increased dignity of labour'),
	('ccin-coop-2022', 'SE4', 'empowerment', 'Increased capacities/skills'),
	('ccin-coop-2022', 'SE5', 'empowerment', 'Reduced dominance/hierarchical power'),
	('ccin-coop-2022', 'CC1', 'conviviality', 'More local people working on local causes'),
	('ccin-coop-2022', 'CC2', 'conviviality', 'Increased accountability to local community'),
	('ccin-coop-2022', 'CC3', 'conviviality', 'Increased resilience of local community'),
	('ccin-coop-2022', 'WB1', 'wellbeing', 'Reduced loneliness'),
	('ccin-coop-2022', 'WB2', 'wellbeing', 'Improved mental health of workers');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, max_points) VALUES
	('ccin-coop-2022', 'PA1a', 'PA1', 'Percentage of workforce engaged in decision making', '% of workforce', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'PA1b', 'PA1', 'Number of other stakeholders engaged in decision making', 'stakeholders', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'PA1c', 'PA1', 'Workers represented on and voting for the board of directors', 'yes (1) or no (0)', 'boolean', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'PA2a', 'PA2', 'Number of community members participating in decision making', 'people', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE1a', 'EE1', 'Percentage of company owned by workforce', '% of ownership', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE1b', 'EE1', 'Percentage of company owned by community', '% of ownership', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE1c', 'EE1', 'Wage ratio between highest and lowest earner', 'highest pay / lowest pay', 'ratio', 'lower_better', 'robust', 10),
	('ccin-coop-2022', 'EE1d', 'EE1', 'Presence of an asset lock (statutory or voluntary)', 'yes (1) or no (0)', 'boolean', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE2a', 'EE2', '% profit/surplus distributed to the local community in the form of grants, donations, investment', '% of profit or surplus', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'SE1a', 'SE1', 'Number of people self-reporting increased sense of empowerment', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'SE2a', 'SE2', 'Number of people self-reporting increased creativity', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'SE3a', 'SE3', 'Below average HR issues /Tribunals', 'HR issues and tribunals', 'count', 'lower_better', 'proxy', 10),
	('ccin-coop-2022', 'SE4a', 'SE4', 'People self-report greater confidence and skills', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'SE5a', 'SE5', 'Higher staff retention', '% of staff retained', 'percent', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'CC1a', 'CC1', 'Percentage of workforce employed from the locality', '% of workforce', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'CC2a', 'CC2', 'Number of local people involved in designing/delivering services', 'people', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'CC2b', 'CC2', 'Self-reported satisfaction at local services', '% satisfied', 'percent', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'CC3a', 'CC3', 'Increase in number of people in local community known to each other', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'WB1a', 'WB1', 'Number of local people participating in community activity', 'people', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'WB2a', 'WB2', 'Number of workers self-reporting positive relationship with work', 'people', 'count', 'higher_better', 'proxy', 10);

-- The seed's longlist of benefits (its Figure 2), answers as published.
INSERT INTO svtoms.benefit_longlist (framework_id, position, theme_code, theme_label, benefit, true_of, proven, easily_evidenced, causal_research) VALUES
	('ccin-coop-2022', 1, 'equity', 'equity', 'Profits shared equally', 'all coops', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 2, 'participation', 'participation', 'Participation in decision making', 'all coops', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 3, 'equity', 'equity', 'Workers share capital growth', 'all coops', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 4, 'equity', 'equity', 'Surplus put to local purpose', 'All community business', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 5, 'equity', 'equity', 'Retention of profits/surplus within an area', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 6, 'participation', 'participation', 'Accountability to local community', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 7, 'equity', 'equity', 'Shared ownership', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 8, 'equity', 'equity', 'Wealth equity', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 9, 'conviviality', 'Conviviality/Community', 'Localised supply chains', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 10, 'conviviality', 'Conviviality/Community', 'Locally rooted and responsive to local need', 'All community business', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 11, 'empowerment', 'Self-help/empowerment', 'Generating shared agency', 'All community business', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 12, 'wellbeing', 'wellbeing', 'Create/sustain a sense of belonging', 'All community business', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 13, 'wellbeing', 'wellbeing', 'Better mental health of workers', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 14, 'conviviality', 'Conviviality/Community', 'Directly addressing the needs of a community', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 15, 'conviviality', 'Conviviality/Community', 'Creating /sustaining a sense of community', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 16, 'empowerment', 'Self-help/empowerment', 'Economic empowerment (absence of ''dominance'')', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 17, 'empowerment', 'Self-help/empowerment', 'Resilient in crisis', 'Many coop/community businesses', 'Y', '?', 'Y'),
	('ccin-coop-2022', 18, 'empowerment', 'Self-help/empowerment', 'Increased dignity of labour', 'Many coop/community businesses', '?', 'N', 'Y'),
	('ccin-coop-2022', 19, 'conviviality', 'Conviviality/Community', 'Generates creativity', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 20, 'conviviality', 'Conviviality/Community', 'Generates ''conviviality''', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 21, 'conviviality', 'Conviviality/Community', 'Generates community', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 22, 'empowerment', 'Self-help/empowerment', 'Generates individual skills/capacities', 'Many coop/community businesses', '?', 'N', 'Y'),
	('ccin-coop-2022', 23, 'empowerment', 'Self-help/empowerment', 'Reduces dominance/hierarchical power', 'Many coop/community businesses', '?', 'N', 'Y'),
	('ccin-coop-2022', 24, 'equity', 'equity', 'Reduces competition over scarce resources', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 25, 'conviviality', 'Conviviality/Community', 'Reduces atomisation', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 26, 'equity', 'equity', 'Social equity', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 27, 'conviviality', 'Conviviality/Community', 'Being part of something bigger than oneself', 'Many coop/community businesses', '?', 'N', '?');

-- The UK government Social Value Model: its themes and policy outcomes,
-- one rubric-scored answer per outcome.
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('uk-social-value-model-2020', 'The Social Value Model (PPN 06/20)', '2020', 'points', NULL,
		'Cabinet Office, Procurement Policy Note 06/20 "Taking account of social value in the award of central government contracts" and The Social Value Model (2020); replaced by PPN 002 (2025)',
		'Open Government Licence v3.0',
		'The structure of the central government Social Value Model: five themes and their eight policy outcomes. Bids answer each chosen outcome in writing; evaluators score the answer (svtoms measure unit_kind score, 0 to 100).',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('uk-social-value-model-2020', 'covid-19-recovery', 'COVID-19 recovery'),
	('uk-social-value-model-2020', 'economic-inequality', 'Tackling economic inequality'),
	('uk-social-value-model-2020', 'climate-change', 'Fighting climate change'),
	('uk-social-value-model-2020', 'equal-opportunity', 'Equal opportunity'),
	('uk-social-value-model-2020', 'wellbeing', 'Wellbeing');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('uk-social-value-model-2020', 'covid-19-recovery', 'covid-19-recovery', 'Help local communities to manage and recover from the impact of COVID-19'),
	('uk-social-value-model-2020', 'new-businesses-jobs-skills', 'economic-inequality', 'Create new businesses, new jobs and new skills'),
	('uk-social-value-model-2020', 'supply-chain-resilience', 'economic-inequality', 'Increase supply chain resilience and capacity'),
	('uk-social-value-model-2020', 'environment-stewardship', 'climate-change', 'Effective stewardship of the environment'),
	('uk-social-value-model-2020', 'disability-employment-gap', 'equal-opportunity', 'Reduce the disability employment gap'),
	('uk-social-value-model-2020', 'workforce-inequality', 'equal-opportunity', 'Tackle workforce inequality'),
	('uk-social-value-model-2020', 'health-wellbeing', 'wellbeing', 'Improve health and wellbeing'),
	('uk-social-value-model-2020', 'community-cohesion', 'wellbeing', 'Improve community cohesion');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, max_points)
SELECT o.framework_id, o.code || '.answer', o.code, 'Evaluated answer: ' || o.name, 'evaluator score, 0 to 100',
	   'score', 'higher_better', 'robust', 100
FROM svtoms.outcome o WHERE o.framework_id = 'uk-social-value-model-2020';

-- A TOMs-shaped sample with illustrative values.  The measure wording is
-- svtoms' own, and the values are NOT the National TOMs proxy values, which
-- are licensed (CC BY-NC-ND 4.0) and must be loaded by a council that
-- holds them.
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('toms-sample', 'TOMs-shaped sample framework', '2026', 'monetary', 'GBP',
		'svtoms sample, shaped like the National TOMs themes (Jobs, Growth, Social, Environment, Innovation); measure wording is svtoms'' own',
		'sample distributed with svtoms; free to copy and adapt',
		'A small monetary framework for trying svtoms out. It is not the National TOMs: load the licensed framework and values for real evaluations.',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('toms-sample', 'jobs', 'Jobs: promote local skills and employment'),
	('toms-sample', 'growth', 'Growth: support the growth of responsible regional business'),
	('toms-sample', 'social', 'Social: healthier, safer and more resilient communities'),
	('toms-sample', 'environment', 'Environment: decarbonise and safeguard our world'),
	('toms-sample', 'innovation', 'Innovation: promote social innovation');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('toms-sample', 'JOBS-1', 'jobs', 'More local people in employment'),
	('toms-sample', 'JOBS-2', 'jobs', 'More local people gaining skills'),
	('toms-sample', 'GROWTH-1', 'growth', 'More contract spend in the local economy'),
	('toms-sample', 'SOCIAL-1', 'social', 'Stronger local communities'),
	('toms-sample', 'ENV-1', 'environment', 'Lower carbon emissions'),
	('toms-sample', 'ENV-2', 'environment', 'Less waste sent to landfill'),
	('toms-sample', 'INNOV-1', 'innovation', 'More social innovation in the local economy');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, exclusive_group) VALUES
	('toms-sample', 'JOB1', 'JOBS-1', 'Local people employed on the contract', 'FTE-years', 'fte', 'higher_better', 'robust', NULL),
	('toms-sample', 'JOB2', 'JOBS-1', 'Long-term unemployed people employed on the contract', 'FTE-years', 'fte', 'higher_better', 'robust', NULL),
	('toms-sample', 'JOB3', 'JOBS-2', 'Apprenticeship weeks on the contract', 'weeks', 'weeks', 'higher_better', 'robust', NULL),
	('toms-sample', 'JOB4', 'JOBS-2', 'Training hours for local people', 'hours', 'hours', 'higher_better', 'robust', NULL),
	('toms-sample', 'GRO1', 'GROWTH-1', 'Spend with local suppliers', '£ spent', 'money', 'higher_better', 'robust', 'local-spend'),
	('toms-sample', 'GRO2', 'GROWTH-1', 'Spend with local small and medium enterprises', '£ spent', 'money', 'higher_better', 'robust', 'local-spend'),
	('toms-sample', 'GRO3', 'GROWTH-1', 'Spend with voluntary, community and social enterprises', '£ spent', 'money', 'higher_better', 'robust', NULL),
	('toms-sample', 'SOC1', 'SOCIAL-1', 'Staff volunteering time in local communities', 'hours', 'hours', 'higher_better', 'robust', NULL),
	('toms-sample', 'SOC2', 'SOCIAL-1', 'Expert staff time given to local community organisations', 'hours', 'hours', 'higher_better', 'robust', NULL),
	('toms-sample', 'SOC3', 'SOCIAL-1', 'Donations and in-kind contributions to local community projects', '£ given', 'money', 'higher_better', 'robust', NULL),
	('toms-sample', 'ENV1', 'ENV-1', 'Carbon emissions saved on the contract (negative when the contract adds emissions)', 'tonnes CO2e', 'tonnes', 'higher_better', 'robust', NULL),
	('toms-sample', 'ENV2', 'ENV-2', 'Waste diverted from landfill', 'tonnes', 'tonnes', 'higher_better', 'robust', NULL),
	('toms-sample', 'INN1', 'INNOV-1', 'Support given to local social enterprises and start-ups', 'hours', 'hours', 'higher_better', 'robust', NULL);

INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence, bundled)
VALUES ('toms-sample-illustrative', 'toms-sample', 'Illustrative values - NOT the National TOMs proxy values', '2026-01-01',
		'Illustrative round numbers chosen for svtoms, except: SOC1 £16.93 and SOC2 £101.00 an hour, the volunteering and expert-time rates in Essex County Council''s ECC TOMs guidance (2023); ENV1 £245 a tonne, the central 2021 carbon value in BEIS, "Valuation of greenhouse gas emissions: for policy appraisal and evaluation" (2021). These are not the National TOMs proxy values.',
		'illustrative sample distributed with svtoms; free to copy. The National TOMs values are Social Value Portal''s, licensed CC BY-NC-ND 4.0, and must be loaded by a council that holds them',
		true);

INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight, attribution, displacement, dropoff, years) VALUES
	('toms-sample-illustrative', 'JOB1', 10000, 0.2, 0, 0, 0, 1),
	('toms-sample-illustrative', 'JOB2', 15000, 0.1, 0, 0, 0, 1),
	('toms-sample-illustrative', 'JOB3', 250, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'JOB4', 15, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'GRO1', 0.50, 0, 0, 0.25, 0, 1),
	('toms-sample-illustrative', 'GRO2', 0.50, 0, 0, 0.25, 0, 1),
	('toms-sample-illustrative', 'GRO3', 0.60, 0, 0, 0.25, 0, 1),
	('toms-sample-illustrative', 'SOC1', 16.93, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'SOC2', 101.00, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'SOC3', 1.00, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'ENV1', 245, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'ENV2', 100, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'INN1', 50, 0, 0, 0, 0, 1);

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'off', true);
