#!/usr/bin/python3
"""svtoms.sv and svtoms.profile through psycopg2, in text and in binary.

Reads the rows of client_fixture (test/clients/fixture.sql), parses their
text, decodes their binary form with the layout documented in
docs/reference/sv.md and docs/reference/profile.md, encodes values in
binary and has the server read them (binary COPY), and checks that bad
binary input is refused.

Usage: psycopg2_client.py [HOST [PORT [DBNAME [USER]]]]; missing arguments
come from PGHOST, PGPORT, PGDATABASE and PGUSER as libpq reads them.

Prints one line per check: "ok NAME" or "not ok NAME -- DETAIL", with
" # TODO REASON" after a check of a known open problem, and last
"done N checks".  Exits 0 when every check that is not TODO passed.
Standard library and psycopg2 only.
"""

import io
import struct
import sys
import traceback
from collections import namedtuple

import psycopg2

# ---------------------------------------------------------------- the values

# Amounts are integers of micro-units (10^-6); dscale is the display scale.
Sv = namedtuple("Sv", "benefit harm dscale responses negatives missing excluded")

MICRO = 10 ** 6
AMOUNT_MAX = 10 ** 38 - 1           # 10^32 - 10^-6, in micro-units
INT64_MAX = 2 ** 63 - 1


def sv_violation(v):
    """The documented invariant an account breaks, or None."""
    if v.benefit < 0 or v.harm < 0:
        return "benefit and harm cannot be negative"
    if v.benefit > AMOUNT_MAX or v.harm > AMOUNT_MAX:
        return "an amount has more than 32 integral digits"
    if min(v.responses, v.negatives, v.missing, v.excluded) < 0:
        return "counts cannot be negative"
    if v.negatives > v.responses:
        return "negatives cannot exceed responses"
    if v.harm > 0 and v.negatives == 0:
        return "a harm needs at least one negative response"
    if v.benefit > 0 and v.responses == v.negatives:
        return "a benefit needs at least one positive response"
    if not 0 <= v.dscale <= 6:
        return "the display scale must be between 0 and 6"
    unit = 10 ** (6 - v.dscale)
    if v.benefit % unit or v.harm % unit:
        return "an amount has more decimals than its display scale"
    return None


# ---------------------------------------------------------------- text format

def format_amount(micro, dscale):
    sign = "-" if micro < 0 else ""
    whole, frac = divmod(abs(micro), MICRO)
    if dscale == 0:
        return "%s%d" % (sign, whole)
    return "%s%d.%0*d" % (sign, whole, dscale, frac // 10 ** (6 - dscale))


def format_sv(v):
    return "benefit=%s harm=%s net=%s responses=%d negatives=%d missing=%d excluded=%d" % (
        format_amount(v.benefit, v.dscale), format_amount(v.harm, v.dscale),
        format_amount(v.benefit - v.harm, v.dscale),
        v.responses, v.negatives, v.missing, v.excluded)


def format_profile(themes):
    """themes: list of (name, Sv); written in bytewise order of the names."""
    parts = []
    for name, v in sorted(themes, key=lambda t: t[0].encode("utf-8")):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        parts.append('"%s": (%s)' % (quoted, format_sv(v)))
    return "{" + ", ".join(parts) + "}"


def parse_amount(text, signed=False):
    """'120.50' -> (120500000, 2); a '-' only where signed."""
    neg = signed and text.startswith("-")
    body = text[1:] if neg else text
    whole, dot, frac = body.partition(".")
    if not whole.isdigit() or not whole.isascii() or (dot and not (frac.isdigit() and frac.isascii())) \
            or len(frac) > 6 or (dot and not frac):
        raise ValueError("bad amount %r" % text)
    micro = int(whole) * MICRO + (int(frac) * 10 ** (6 - len(frac)) if frac else 0)
    return (-micro if neg else micro), len(frac)


SV_KEYS = ("benefit", "harm", "net", "responses", "negatives", "missing", "excluded")


def parse_sv(text):
    """Parse text output of svtoms.sv: the seven keys, in order, one space apart."""
    pairs = text.split(" ")
    if len(pairs) != 7:
        raise ValueError("expected 7 pairs in %r" % text)
    vals = {}
    for key, pair in zip(SV_KEYS, pairs):
        k, eq, val = pair.partition("=")
        if k != key or not eq:
            raise ValueError("expected %s= in %r" % (key, text))
        vals[key] = val
    benefit, bs = parse_amount(vals["benefit"])
    harm, hs = parse_amount(vals["harm"])
    net, ns = parse_amount(vals["net"], signed=True)
    if not bs == hs == ns:
        raise ValueError("amounts printed at different scales in %r" % text)
    if net != benefit - harm:
        raise ValueError("net is not benefit - harm in %r" % text)
    counts = []
    for key in SV_KEYS[3:]:
        if not (vals[key].isdigit() and vals[key].isascii()) or int(vals[key]) > INT64_MAX:
            raise ValueError("bad %s in %r" % (key, text))
        counts.append(int(vals[key]))
    return Sv(benefit, harm, bs, *counts)


def parse_profile(text):
    """Parse text output of svtoms.profile into a list of (name, Sv)."""
    if not text.startswith("{") or not text.endswith("}"):
        raise ValueError("a profile is in braces: %r" % text[:40])
    themes = []
    i, end = 1, len(text) - 1
    while i < end:
        if themes:
            if text[i:i + 2] != ", ":
                raise ValueError("expected ', ' at %d" % i)
            i += 2
        if text[i] != '"':
            raise ValueError("expected a quoted name at %d" % i)
        i += 1
        name = []
        while text[i] != '"':
            if text[i] == "\\":
                i += 1
                if text[i] not in '"\\':
                    raise ValueError("output escapes only \" and \\, at %d" % i)
            name.append(text[i])
            i += 1
        i += 1
        if text[i:i + 3] != ": (":
            raise ValueError("expected ': (' at %d" % i)
        close = text.index(")", i)
        themes.append(("".join(name), parse_sv(text[i + 3:close])))
        i = close + 1
    keys = [n.encode("utf-8") for n, _ in themes]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        raise ValueError("themes not in strictly bytewise order")
    return themes


# -------------------------------------------------------------- binary format

SV_FIELDS = struct.Struct(">qQqQhqqqq")      # 66 bytes after the version byte
VERSION = 1


def encode_sv_fields(v):
    return SV_FIELDS.pack(v.benefit >> 64, v.benefit & (2 ** 64 - 1),
                          v.harm >> 64, v.harm & (2 ** 64 - 1),
                          v.dscale, v.responses, v.negatives, v.missing, v.excluded)


def decode_sv_fields(buf, off):
    bh, bl, hh, hl, dscale, r, n, m, e = SV_FIELDS.unpack_from(buf, off)
    return Sv((bh << 64) | bl, (hh << 64) | hl, dscale, r, n, m, e)


def encode_sv(v):
    return bytes([VERSION]) + encode_sv_fields(v)


def decode_sv(buf):
    buf = bytes(buf)
    if len(buf) != 1 + SV_FIELDS.size:
        raise ValueError("an sv is 67 bytes, got %d" % len(buf))
    if buf[0] != VERSION:
        raise ValueError("version byte %d" % buf[0])
    return decode_sv_fields(buf, 1)


def encode_profile(themes, sort=True):
    """themes: list of (name, Sv); sort=False keeps the given order."""
    if sort:
        themes = sorted(themes, key=lambda t: t[0].encode("utf-8"))
    out = [struct.pack(">Bi", VERSION, len(themes))]
    for name, v in themes:
        raw = name.encode("utf-8")
        out.append(struct.pack(">i", len(raw)) + raw + encode_sv_fields(v))
    return b"".join(out)


def decode_profile(buf):
    buf = bytes(buf)
    version, n = struct.unpack_from(">Bi", buf, 0)
    if version != VERSION:
        raise ValueError("version byte %d" % version)
    off, themes = 5, []
    for _ in range(n):
        (length,) = struct.unpack_from(">i", buf, off)
        off += 4
        name = buf[off:off + length].decode("utf-8")
        off += length
        themes.append((name, decode_sv_fields(buf, off)))
        off += SV_FIELDS.size
    if off != len(buf):
        raise ValueError("%d trailing bytes" % (len(buf) - off))
    return themes


COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def copy_binary(rows):
    """A binary COPY stream of rows of bytes-or-None fields."""
    out = [COPY_SIGNATURE, struct.pack(">ii", 0, 0)]
    for row in rows:
        out.append(struct.pack(">h", len(row)))
        for field in row:
            if field is None:
                out.append(struct.pack(">i", -1))
            else:
                out.append(struct.pack(">i", len(field)) + field)
    out.append(struct.pack(">h", -1))
    return b"".join(out)


def parse_copy_binary(data):
    """Rows of bytes-or-None fields from a binary COPY stream."""
    if data[:11] != COPY_SIGNATURE:
        raise ValueError("no PGCOPY signature")
    flags, ext = struct.unpack_from(">ii", data, 11)
    if flags & (1 << 16):
        raise ValueError("rows with OIDs")
    off, rows = 19 + ext, []
    while True:
        (nfields,) = struct.unpack_from(">h", data, off)
        off += 2
        if nfields == -1:
            break
        row = []
        for _ in range(nfields):
            (length,) = struct.unpack_from(">i", data, off)
            off += 4
            if length == -1:
                row.append(None)
            else:
                row.append(data[off:off + length])
                off += length
        rows.append(row)
    if off != len(data):
        raise ValueError("%d bytes after the trailer" % (len(data) - off))
    return rows


# ------------------------------------------------------------------- checks

class Failed(Exception):
    pass


def expect(cond, detail):
    if not cond:
        raise Failed(detail)


class Runner:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, name, todo=None):
        """Decorator: run the function now as one check."""
        def run(fn):
            self.count += 1
            try:
                fn()
                line = "ok " + name
            except Exception as e:  # noqa: BLE001 -- any error fails the check
                detail = "%s: %s" % (type(e).__name__, e) if not isinstance(e, Failed) else str(e)
                if not isinstance(e, (Failed, psycopg2.Error)):
                    detail += " at " + traceback.extract_tb(e.__traceback__)[-1].name
                line = "not ok %s -- %s" % (name, " ".join(detail.split()))
                if not todo:
                    self.failed += 1
            if todo:
                line += " # TODO " + todo
            print(line, flush=True)
            return fn
        return run


def main():
    args = sys.argv[1:]
    params = {k: v for k, v in zip(("host", "port", "dbname", "user"), args)}
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    cur = conn.cursor()
    t = Runner()

    def one(sql, args=None):
        cur.execute(sql, args)
        return cur.fetchone()

    def sqlstate(sql, args=None, copy_data=None):
        """The SQLSTATE a statement fails with, or None."""
        try:
            if copy_data is None:
                cur.execute(sql, args)
            else:
                cur.copy_expert(sql, io.BytesIO(copy_data))
        except psycopg2.Error as e:
            return e.pgcode
        return None

    cur.execute("""SELECT id, a::text, p::text, svtoms.sv_send(a), svtoms.profile_send(p)
                   FROM client_fixture ORDER BY id""")
    fixture = [(r[0], r[1], r[2], bytes(r[3]) if r[3] is not None else None,
                bytes(r[4]) if r[4] is not None else None) for r in cur.fetchall()]
    rows = [r for r in fixture if r[1] is not None]
    expect_rows = len(fixture)
    parsed = {}

    # ---- text

    @t.check("text: every sv parses into benefit, harm, net and four counts")
    def _():
        expect(len(rows) >= 10, "fixture has %d rows" % len(rows))
        for id_, a, p, _a, _p in rows:
            parsed[id_] = [parse_sv(a), None]

    @t.check("text: every profile parses into quoted names in bytewise order and sv accounts")
    def _():
        for id_, a, p, _a, _p in rows:
            parsed[id_][1] = parse_profile(p)
        names = {n for _, p in parsed.values() for n, _ in p}
        expect({"Écosse – £", "🌍 climate", "日本語", "", 'say "hi"', "back\\slash", "tab\there"} <= names,
               "unicode and quoted names not all read back")

    @t.check("text: every value read satisfies the documented invariants")
    def _():
        for id_, (a, p) in parsed.items():
            for v in [a] + [v for _, v in p]:
                expect(sv_violation(v) is None, "row %d: %s" % (id_, sv_violation(v)))

    @t.check("text: formatting the parsed components gives the server's text")
    def _():
        for id_, a, p, _a, _p in rows:
            expect(format_sv(parsed[id_][0]) == a, "row %d: %s" % (id_, format_sv(parsed[id_][0])))
            expect(format_profile(parsed[id_][1]) == p, "row %d profile" % id_)

    @t.check("text: sv text sent back as a parameter round-trips exactly")
    def _():
        for id_, a, p, a_bin, _p in rows:
            text, raw = one("SELECT %s::svtoms.sv::text, svtoms.sv_send(%s::svtoms.sv)", (a, a))
            expect(text == a and bytes(raw) == a_bin, "row %d: %s" % (id_, text))

    @t.check("text: profile text sent back as a parameter round-trips exactly")
    def _():
        for id_, a, p, _a, p_bin in rows:
            text, raw = one("SELECT %s::svtoms.profile::text, svtoms.profile_send(%s::svtoms.profile)", (p, p))
            expect(text == p and bytes(raw) == p_bin, "row %d" % id_)

    @t.check("text: values formatted here are read by the server as written")
    def _():
        v = Sv(10 ** 31 + 7, 3 * MICRO, 6, INT64_MAX, 5, 0, INT64_MAX)
        themes = [("zeta", v), ("Ärger", Sv(0, 25 * MICRO, 0, 1, 1, 0, 0)), ("", Sv(0, 0, 0, 0, 0, 4, 0))]
        got = one("SELECT %s::svtoms.sv::text, %s::svtoms.profile::text",
                  (format_sv(v), format_profile(themes)))
        expect(got == (format_sv(v), format_profile(themes)), "read back as %r" % (got,))

    @t.check("text: typecasters registered for the sv and profile type OIDs parse result columns")
    def _():
        sv_oid, profile_oid = one("SELECT 'svtoms.sv'::regtype::oid, 'svtoms.profile'::regtype::oid")
        typed = conn.cursor()       # the casters apply to this cursor only
        for oid, name, parse in ((sv_oid, "SVTOMS_SV", parse_sv), (profile_oid, "SVTOMS_PROFILE", parse_profile)):
            caster = psycopg2.extensions.new_type(
                (oid,), name, lambda text, _cur, parse=parse: None if text is None else parse(text))
            psycopg2.extensions.register_type(caster, typed)
        typed.execute("SELECT id, a, p FROM client_fixture ORDER BY id")
        for id_, a, p in typed.fetchall():
            if a is None:
                expect(p is None, "row %d: NULL" % id_)
                continue
            expect(a == parsed[id_][0] and p == parsed[id_][1], "row %d: %r" % (id_, a))

    @t.check("text: malformed sv text is refused with 22P02")
    def _():
        code = sqlstate("SELECT %s::svtoms.sv", ("benefit=10 harm=4 net=5 responses=2 negatives=1",))
        expect(code == "22P02", "SQLSTATE %s" % code)
        code = sqlstate("SELECT %s::svtoms.profile", ('{"jobs": (profit=1)}',))
        expect(code == "22P02", "profile: SQLSTATE %s" % code)

    # ---- binary output

    @t.check("binary: every sv_send value is 67 bytes and decodes to the text value")
    def _():
        for id_, a, p, a_bin, _p in rows:
            expect(len(a_bin) == 67, "row %d: %d bytes" % (id_, len(a_bin)))
            expect(decode_sv(a_bin) == parsed[id_][0], "row %d: %s" % (id_, decode_sv(a_bin)))

    @t.check("binary: every profile_send value decodes to the text value, 5 + sum(4 + L + 66) bytes")
    def _():
        for id_, a, p, _a, p_bin in rows:
            themes = decode_profile(p_bin)
            expect(themes == parsed[id_][1], "row %d: decoded %r" % (id_, themes[:2]))
            size = 5 + sum(4 + len(n.encode("utf-8")) + 66 for n, _ in themes)
            expect(len(p_bin) == size, "row %d: %d bytes, not %d" % (id_, len(p_bin), size))

    @t.check("binary: values encoded here are byte for byte what the server sends")
    def _():
        for id_, a, p, a_bin, p_bin in rows:
            expect(encode_sv(parsed[id_][0]) == a_bin, "sv of row %d" % id_)
            expect(encode_profile(parsed[id_][1]) == p_bin, "profile of row %d" % id_)

    copied = {}

    @t.check("binary COPY TO STDOUT: the stream parses and every field decodes to the text value")
    def _():
        out = io.BytesIO()
        cur.copy_expert("COPY client_fixture (id, a, p) TO STDOUT (FORMAT binary)", out)
        copied["data"] = out.getvalue()
        got = parse_copy_binary(copied["data"])
        expect(len(got) == expect_rows, "%d rows" % len(got))
        texts = {r[0]: r for r in fixture}
        for id_b, a_b, p_b in got:
            (id_,) = struct.unpack(">i", id_b)
            _i, a, p, _a, _p = texts[id_]
            if a is None:
                expect(a_b is None and p_b is None, "row %d: NULL not sent as NULL" % id_)
                continue
            expect(decode_sv(a_b) == parsed[id_][0], "sv of row %d" % id_)
            expect(decode_profile(p_b) == parsed[id_][1], "profile of row %d" % id_)

    @t.check("binary COPY TO STDOUT: fields are the bytes of sv_send and profile_send")
    def _():
        sent = {r[0]: r for r in fixture}
        for id_b, a_b, p_b in parse_copy_binary(copied["data"]):
            (id_,) = struct.unpack(">i", id_b)
            expect(a_b == sent[id_][3] and p_b == sent[id_][4], "row %d" % id_)

    # ---- binary input

    cur.execute("CREATE TEMP TABLE sent (id int, a svtoms.sv, p svtoms.profile)")

    values = [
        (1, Sv(0, 0, 0, 0, 0, 0, 0), []),
        (2, Sv(0, 1, 6, 1, 1, 0, 0), [("harm", Sv(0, 800 * MICRO, 2, 2, 2, 0, 0))]),
        (3, Sv(AMOUNT_MAX, AMOUNT_MAX, 6, 2, 1, 0, 0),
         [("max", Sv(AMOUNT_MAX, 0, 6, 1, 0, 0, 0))]),
        (4, Sv(12345678901234567890123456 * MICRO + 654321, 0, 6, 1, 0, 0, 0),
         [("€ 10^25", Sv(10 ** 25 * MICRO, 0, 0, 1, 0, 0, 0))]),
        (5, Sv(0, MICRO, 0, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX),
         [("ü", Sv(MICRO, 0, 0, INT64_MAX, INT64_MAX - 1, INT64_MAX, INT64_MAX))]),
        # themes deliberately not in bytewise order: the server sorts them
        (6, Sv(15 * MICRO // 10, 0, 1, 1, 0, 0, 0),
         [("🌍", Sv(0, 0, 0, 1, 0, 0, 0)), ("b", Sv(2 * MICRO, 0, 3, 1, 0, 0, 0)),
          ("", Sv(0, 0, 0, 0, 0, 1, 0)), ("A\"\\", Sv(0, 0, 0, 0, 0, 0, 2))]),
        (7, None, None),
    ]

    @t.check("binary COPY FROM STDIN: the server reads exactly the values encoded here")
    def _():
        data = copy_binary([[struct.pack(">i", i),
                             encode_sv(v) if v else None,
                             encode_profile(p, sort=False) if p is not None else None]
                            for i, v, p in values])
        cur.copy_expert("COPY sent FROM STDIN (FORMAT binary)", io.BytesIO(data))
        cur.execute("SELECT id, a::text, p::text, svtoms.sv_send(a), svtoms.profile_send(p) FROM sent ORDER BY id")
        got = cur.fetchall()
        expect(len(got) == len(values), "%d rows" % len(got))
        for (i, v, p), (gi, a_text, p_text, a_bin, p_bin) in zip(values, got):
            if v is None:
                expect(a_text is None and p_text is None, "row %d: not NULL" % i)
                continue
            expect(a_text == format_sv(v), "row %d: %s" % (i, a_text))
            expect(p_text == format_profile(p), "row %d: %s" % (i, p_text))
            expect(bytes(a_bin) == encode_sv(v), "row %d: sv_send differs" % i)
            expect(bytes(p_bin) == encode_profile(p), "row %d: profile_send differs" % i)

    @t.check("binary COPY FROM STDIN: themes sent in any order are stored in bytewise order")
    def _():
        (text,) = one("SELECT p::text FROM sent WHERE id = 6")
        expect([n for n, _ in parse_profile(text)] == ["", 'A"\\', "b", "🌍"], text)

    @t.check("binary COPY round trip: COPY TO binary, COPY FROM binary into a second table, equal rows")
    def _():
        cur.execute("CREATE TEMP TABLE fixture_copy (id int, a svtoms.sv, p svtoms.profile)")
        cur.copy_expert("COPY fixture_copy FROM STDIN (FORMAT binary)", io.BytesIO(copied["data"]))
        (n, differ) = one("""
            SELECT count(*), count(*) FILTER (WHERE
                       f.id IS NULL OR c.id IS NULL
                    OR f.a::text IS DISTINCT FROM c.a::text
                    OR f.p::text IS DISTINCT FROM c.p::text
                    OR svtoms.sv_send(f.a) IS DISTINCT FROM svtoms.sv_send(c.a)
                    OR svtoms.profile_send(f.p) IS DISTINCT FROM svtoms.profile_send(c.p))
            FROM client_fixture f FULL JOIN fixture_copy c USING (id)""")
        expect(n == expect_rows and differ == 0, "%d rows, %d differ" % (n, differ))

    # ---- bad binary input

    good_sv = encode_sv(Sv(MICRO, 0, 0, 1, 0, 0, 0))
    good_profile = encode_profile([("ab", Sv(MICRO, 0, 0, 1, 0, 0, 0))])

    def copy_one(column, field):
        return copy_binary([[field]]), "COPY sent (%s) FROM STDIN (FORMAT binary)" % column

    def refused(column, field):
        data, sql = copy_one(column, field)
        (before,) = one("SELECT count(*) FROM sent")
        code = sqlstate(sql, copy_data=data)
        (after,) = one("SELECT count(*) FROM sent")      # also: the connection still works
        expect(after == before, "a row was loaded")
        return code

    def refused_with(column, field, want="22P03"):
        code = refused(column, field)
        expect(code == want, "SQLSTATE %s, not %s" % (code, want))

    @t.check("bad binary: an sv with version byte 2 is refused with 22P03")
    def _():
        refused_with("a", b"\x02" + good_sv[1:])

    @t.check("bad binary: a profile with version byte 2 is refused with 22P03")
    def _():
        refused_with("p", b"\x02" + good_profile[1:])

    @t.check("bad binary: an sv or profile with trailing bytes is refused with 22P03")
    def _():
        refused_with("a", good_sv + b"\x00")
        refused_with("p", good_profile + b"\x00")

    @t.check("bad binary: an sv breaking an invariant (negatives > responses) is refused with 22P03")
    def _():
        refused_with("a", encode_sv(Sv(0, 0, 0, 1, 2, 0, 0)))

    @t.check("bad binary: a profile with a duplicate theme or a name that is not UTF-8 is refused with 22P03")
    def _():
        one_theme = good_profile[5:]
        refused_with("p", struct.pack(">Bi", 1, 2) + one_theme + one_theme)
        refused_with("p", struct.pack(">Bii", 1, 1, 2) + b"\xc3\x28" + encode_sv_fields(Sv(0, 0, 0, 1, 0, 0, 0)))

    truncated = [("a", good_sv[:60]), ("a", good_sv[:1]), ("a", b""),
                 ("p", good_profile[:40]), ("p", good_profile[:3])]

    @t.check("bad binary: truncated sv and profile values are refused and load nothing")
    def _():
        for column, field in truncated:
            expect(refused(column, field) is not None, "%d bytes of %s accepted" % (len(field), column))

    @t.check("bad binary: truncated sv and profile values are refused with 22P03")
    def _():
        for column, field in truncated:
            refused_with(column, field)

    cur.close()
    conn.close()
    print("done %d checks" % t.count)
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
