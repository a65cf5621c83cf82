'use strict';
// svtoms.sv and svtoms.profile through node-postgres (pg), in text and in
// binary.
//
// Reads the rows of client_fixture (test/clients/fixture.sql), parses their
// text, decodes their binary form with the layout documented in
// docs/reference/sv.md and docs/reference/profile.md, sends values encoded
// here as binary parameters (Buffers), and checks that bad binary input is
// refused.
//
// Usage: node client.js [HOST [PORT [DBNAME [USER]]]]; missing arguments come
// from PGHOST, PGPORT, PGDATABASE and PGUSER as pg reads them.
//
// Prints one line per check: "ok NAME" or "not ok NAME -- DETAIL", with
// " # TODO REASON" after a check of a known open problem, and last
// "done N checks". Exits 0 when every check that is not TODO passed.

const pg = require('pg');

// ------------------------------------------------------------- the values

// Amounts are BigInts of micro-units (10^-6), counts BigInts, dscale the
// display scale.
const MICRO = 1000000n;
const AMOUNT_MAX = 10n ** 38n - 1n; // 10^32 - 10^-6, in micro-units
const INT64_MAX = 2n ** 63n - 1n;
const KEYS = ['benefit', 'harm', 'net', 'responses', 'negatives', 'missing', 'excluded'];
const COUNTS = KEYS.slice(3);

function sv(benefit, harm, dscale, responses, negatives, missing, excluded) {
  return { benefit, harm, dscale, responses, negatives, missing, excluded };
}

function svEqual(a, b) {
  return ['benefit', 'harm', 'dscale', ...COUNTS].every((k) => a[k] === b[k]);
}

function profileEqual(a, b) {
  return a.length === b.length && a.every(([n, v], i) => n === b[i][0] && svEqual(v, b[i][1]));
}

function svViolation(v) {
  if (v.benefit < 0n || v.harm < 0n) return 'benefit and harm cannot be negative';
  if (v.benefit > AMOUNT_MAX || v.harm > AMOUNT_MAX) return 'an amount has more than 32 integral digits';
  if (COUNTS.some((k) => v[k] < 0n)) return 'counts cannot be negative';
  if (v.negatives > v.responses) return 'negatives cannot exceed responses';
  if (v.harm > 0n && v.negatives === 0n) return 'a harm needs at least one negative response';
  if (v.benefit > 0n && v.responses === v.negatives) return 'a benefit needs at least one positive response';
  if (v.dscale < 0 || v.dscale > 6) return 'the display scale must be between 0 and 6';
  const unit = 10n ** BigInt(6 - v.dscale);
  if (v.benefit % unit !== 0n || v.harm % unit !== 0n) return 'an amount has more decimals than its display scale';
  return null;
}

// Bytewise order of UTF-8 names, as the server keeps them (JavaScript's
// string order compares UTF-16 units, which differs above U+FFFF).
function byName(a, b) {
  return Buffer.compare(Buffer.from(a[0], 'utf8'), Buffer.from(b[0], 'utf8'));
}

// ------------------------------------------------------------ text format

function formatAmount(micro, dscale) {
  const sign = micro < 0n ? '-' : '';
  const mag = micro < 0n ? -micro : micro;
  const whole = (mag / MICRO).toString();
  if (dscale === 0) return sign + whole;
  const frac = (mag % MICRO) / 10n ** BigInt(6 - dscale);
  return `${sign}${whole}.${frac.toString().padStart(dscale, '0')}`;
}

function formatSv(v) {
  return `benefit=${formatAmount(v.benefit, v.dscale)} harm=${formatAmount(v.harm, v.dscale)} ` +
    `net=${formatAmount(v.benefit - v.harm, v.dscale)} responses=${v.responses} ` +
    `negatives=${v.negatives} missing=${v.missing} excluded=${v.excluded}`;
}

function formatProfile(themes) {
  const parts = [...themes].sort(byName).map(([name, v]) =>
    `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}": (${formatSv(v)})`);
  return `{${parts.join(', ')}}`;
}

function parseAmount(text, signed) {
  const m = (signed ? /^(-?)([0-9]+)(?:\.([0-9]{1,6}))?$/ : /^()([0-9]+)(?:\.([0-9]{1,6}))?$/).exec(text);
  if (!m) throw new Error(`bad amount ${JSON.stringify(text)}`);
  const frac = m[3] || '';
  const micro = BigInt(m[2]) * MICRO + (frac ? BigInt(frac) * 10n ** BigInt(6 - frac.length) : 0n);
  return [m[1] ? -micro : micro, frac.length];
}

// Text output of svtoms.sv: the seven keys, in order, one space apart.
function parseSv(text) {
  const pairs = text.split(' ');
  if (pairs.length !== 7) throw new Error(`expected 7 pairs in ${JSON.stringify(text)}`);
  const vals = {};
  KEYS.forEach((key, i) => {
    const eq = pairs[i].indexOf('=');
    if (eq < 0 || pairs[i].slice(0, eq) !== key) throw new Error(`expected ${key}= in ${JSON.stringify(text)}`);
    vals[key] = pairs[i].slice(eq + 1);
  });
  const [benefit, bs] = parseAmount(vals.benefit, false);
  const [harm, hs] = parseAmount(vals.harm, false);
  const [net, ns] = parseAmount(vals.net, true);
  if (bs !== hs || hs !== ns) throw new Error(`amounts printed at different scales in ${JSON.stringify(text)}`);
  if (net !== benefit - harm) throw new Error(`net is not benefit - harm in ${JSON.stringify(text)}`);
  const counts = COUNTS.map((key) => {
    if (!/^[0-9]+$/.test(vals[key]) || BigInt(vals[key]) > INT64_MAX) throw new Error(`bad ${key} in ${text}`);
    return BigInt(vals[key]);
  });
  return sv(benefit, harm, bs, ...counts);
}

// Text output of svtoms.profile into [[name, sv], ...].
function parseProfile(text) {
  if (text[0] !== '{' || text[text.length - 1] !== '}') throw new Error('a profile is in braces');
  const themes = [];
  let i = 1;
  const end = text.length - 1;
  while (i < end) {
    if (themes.length) {
      if (text.slice(i, i + 2) !== ', ') throw new Error(`expected ", " at ${i}`);
      i += 2;
    }
    if (text[i] !== '"') throw new Error(`expected a quoted name at ${i}`);
    i++;
    let name = '';
    while (text[i] !== '"') {
      if (i >= end) throw new Error('name not closed');
      if (text[i] === '\\') {
        i++;
        if (text[i] !== '"' && text[i] !== '\\') throw new Error(`output escapes only " and \\, at ${i}`);
      }
      name += text[i++];
    }
    i++;
    if (text.slice(i, i + 3) !== ': (') throw new Error(`expected ": (" at ${i}`);
    const close = text.indexOf(')', i);
    themes.push([name, parseSv(text.slice(i + 3, close))]);
    i = close + 1;
  }
  for (let k = 1; k < themes.length; k++) {
    if (byName(themes[k - 1], themes[k]) >= 0) throw new Error('themes not in strictly bytewise order');
  }
  return themes;
}

// ---------------------------------------------------------- binary format

const VERSION = 1;
const FIELDS = 66; // benefit 16, harm 16, dscale 2, four counts of 8

function writeInt128(buf, off, v) {
  buf.writeBigInt64BE(BigInt.asIntN(64, v >> 64n), off);
  buf.writeBigUInt64BE(BigInt.asUintN(64, v), off + 8);
}

function readInt128(buf, off) {
  return (buf.readBigInt64BE(off) << 64n) | buf.readBigUInt64BE(off + 8);
}

function encodeFields(v) {
  const buf = Buffer.alloc(FIELDS);
  writeInt128(buf, 0, v.benefit);
  writeInt128(buf, 16, v.harm);
  buf.writeInt16BE(v.dscale, 32);
  COUNTS.forEach((k, i) => buf.writeBigInt64BE(v[k], 34 + 8 * i));
  return buf;
}

function decodeFields(buf, off) {
  return sv(readInt128(buf, off), readInt128(buf, off + 16), buf.readInt16BE(off + 32),
    ...COUNTS.map((k, i) => buf.readBigInt64BE(off + 34 + 8 * i)));
}

function encodeSv(v) {
  return Buffer.concat([Buffer.from([VERSION]), encodeFields(v)]);
}

function decodeSv(buf) {
  if (buf.length !== 1 + FIELDS) throw new Error(`an sv is 67 bytes, got ${buf.length}`);
  if (buf[0] !== VERSION) throw new Error(`version byte ${buf[0]}`);
  return decodeFields(buf, 1);
}

// sort = false keeps the given order of the themes
function encodeProfile(themes, sort = true) {
  const list = sort ? [...themes].sort(byName) : themes;
  const head = Buffer.alloc(5);
  head.writeUInt8(VERSION, 0);
  head.writeInt32BE(list.length, 1);
  const parts = [head];
  for (const [name, v] of list) {
    const raw = Buffer.from(name, 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32BE(raw.length, 0);
    parts.push(len, raw, encodeFields(v));
  }
  return Buffer.concat(parts);
}

function decodeProfile(buf) {
  if (buf[0] !== VERSION) throw new Error(`version byte ${buf[0]}`);
  const n = buf.readInt32BE(1);
  const themes = [];
  let off = 5;
  for (let i = 0; i < n; i++) {
    const len = buf.readInt32BE(off);
    off += 4;
    const name = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(off, off + len));
    off += len;
    themes.push([name, decodeFields(buf, off)]);
    off += FIELDS;
  }
  if (off !== buf.length) throw new Error(`${buf.length - off} trailing bytes`);
  return themes;
}

// What pg makes of a binary result field: it decodes the bytes as UTF-8
// (brianc/node-postgres#3495) and hands over that string (pg 8.8.0, Debian
// 12's node-pg) or the string encoded again (later versions, such as 8.23.1).
function throughUtf8(buf) {
  return Buffer.from(buf.toString('utf8'), 'utf8');
}

// pg before 8.16.2 leaves the result format code out of the Bind message of
// a query with binary: true (brianc/node-postgres#3487), which the server
// refuses with 08P01. With such a pg, run fn with the Bind messages of
// connection carrying the code, as later versions send them, so that binary
// results still reach pg's decoding of result fields.
async function withResultFormatCode(connection, fn) {
  const { serialize } = require('pg-protocol');
  // portal, statement, no parameters, then R and R result format codes
  const probe = serialize.bind({ binary: true });
  const r = probe.readInt16BE(5 + 2 + 4);
  if (probe.length >= 5 + 2 + 4 + 2 + 2 * r) return fn();
  const bind = connection.bind;
  connection.bind = function (config) {
    if (!config.binary) return bind.call(this, config);
    // the text form ends in "no result format codes": make it one code, binary
    const text = serialize.bind({ ...config, binary: false });
    const msg = Buffer.concat([text.subarray(0, text.length - 2), Buffer.from([0, 1, 0, 1])]);
    msg.writeInt32BE(msg.length - 1, 1);
    return this._send(msg);
  };
  try {
    return await fn();
  } finally {
    connection.bind = bind;
  }
}

// ----------------------------------------------------------------- checks

class Failed extends Error {}

function expect(cond, detail) {
  if (!cond) throw new Failed(detail);
}

async function main() {
  const [host, port, database, user] = process.argv.slice(2);
  const client = new pg.Client({ host, port: port && Number(port), database, user });
  await client.connect();
  let count = 0;
  let failed = 0;

  async function check(name, fn, todo) {
    count++;
    let line;
    try {
      await fn();
      line = `ok ${name}`;
    } catch (e) {
      let detail = e instanceof Failed ? e.message : `${e.code ? `${e.code} ` : ''}${e.message}`;
      if (!(e instanceof Failed) && !e.code) detail += ` at ${(e.stack || '').split('\n')[1] || '?'}`;
      line = `not ok ${name} -- ${detail.split(/\s+/).join(' ')}`;
      if (!todo) failed++;
    }
    if (todo) line += ` # TODO ${todo}`;
    console.log(line);
  }

  async function one(text, values) {
    return (await client.query({ text, values, rowMode: 'array' })).rows[0];
  }

  // The SQLSTATE a query fails with, or null.
  async function sqlstate(text, values) {
    try {
      await client.query({ text, values });
    } catch (e) {
      if (!e.code) throw e;
      return e.code;
    }
    return null;
  }

  const fixture = (await client.query(`
      SELECT id, note, a::text AS a, p::text AS p, svtoms.sv_send(a) AS a_bin, svtoms.profile_send(p) AS p_bin
      FROM client_fixture ORDER BY id`)).rows;
  const rows = fixture.filter((r) => r.a !== null);
  const parsed = new Map();

  // ---- text

  await check('text: every sv parses into benefit, harm, net and four counts', () => {
    expect(rows.length >= 10, `fixture has ${rows.length} rows`);
    for (const r of rows) parsed.set(r.id, { a: parseSv(r.a) });
  });

  await check('text: every profile parses into quoted names in bytewise order and sv accounts', () => {
    for (const r of rows) parsed.get(r.id).p = parseProfile(r.p);
    const names = new Set([...parsed.values()].flatMap((v) => v.p.map(([n]) => n)));
    for (const n of ['Écosse – £', '🌍 climate', '日本語', '', 'say "hi"', 'back\\slash', 'tab\there']) {
      expect(names.has(n), `theme ${JSON.stringify(n)} not read back`);
    }
  });

  await check('text: every value read satisfies the documented invariants', () => {
    for (const [id, { a, p }] of parsed) {
      for (const v of [a, ...p.map(([, x]) => x)]) expect(!svViolation(v), `row ${id}: ${svViolation(v)}`);
    }
  });

  await check("text: formatting the parsed components gives the server's text", () => {
    for (const r of rows) {
      expect(formatSv(parsed.get(r.id).a) === r.a, `row ${r.id}: ${formatSv(parsed.get(r.id).a)}`);
      expect(formatProfile(parsed.get(r.id).p) === r.p, `row ${r.id} profile`);
    }
  });

  await check('text: sv text sent back as a parameter round-trips exactly', async () => {
    for (const r of rows) {
      const [text, raw] = await one('SELECT $1::svtoms.sv::text, svtoms.sv_send($1::svtoms.sv)', [r.a]);
      expect(text === r.a && raw.equals(r.a_bin), `row ${r.id}: ${text}`);
    }
  });

  await check('text: profile text sent back as a parameter round-trips exactly', async () => {
    for (const r of rows) {
      const [text, raw] = await one('SELECT $1::svtoms.profile::text, svtoms.profile_send($1::svtoms.profile)', [r.p]);
      expect(text === r.p && raw.equals(r.p_bin), `row ${r.id}`);
    }
  });

  await check('text: values formatted here are read by the server as written', async () => {
    const v = sv(10n ** 31n + 7n, 3n * MICRO, 6, INT64_MAX, 5n, 0n, INT64_MAX);
    const themes = [['zeta', v], ['Ärger', sv(0n, 25n * MICRO, 0, 1n, 1n, 0n, 0n)], ['', sv(0n, 0n, 0, 0n, 0n, 4n, 0n)]];
    const [a, p] = await one('SELECT $1::svtoms.sv::text, $2::svtoms.profile::text', [formatSv(v), formatProfile(themes)]);
    expect(a === formatSv(v) && p === formatProfile(themes), `read back as ${a} ${p}`);
  });

  await check('text: type parsers set for the sv and profile type OIDs parse result columns', async () => {
    const [svOid, profileOid] = await one("SELECT 'svtoms.sv'::regtype::oid, 'svtoms.profile'::regtype::oid");
    const parsing = new pg.Client({ host, port: port && Number(port), database, user });
    parsing.setTypeParser(svOid, 'text', parseSv);
    parsing.setTypeParser(profileOid, 'text', parseProfile);
    await parsing.connect();
    try {
      for (const r of (await parsing.query('SELECT id, a, p FROM client_fixture ORDER BY id')).rows) {
        if (r.a === null) {
          expect(r.p === null, `row ${r.id}: NULL`);
          continue;
        }
        expect(svEqual(r.a, parsed.get(r.id).a) && profileEqual(r.p, parsed.get(r.id).p), `row ${r.id}`);
      }
    } finally {
      await parsing.end();
    }
  });

  await check('text: malformed sv text is refused with 22P02', async () => {
    let code = await sqlstate('SELECT $1::svtoms.sv', ['benefit=10 harm=4 net=5 responses=2 negatives=1']);
    expect(code === '22P02', `SQLSTATE ${code}`);
    code = await sqlstate('SELECT $1::svtoms.profile', ['{"jobs": (profit=1)}']);
    expect(code === '22P02', `profile: SQLSTATE ${code}`);
  });

  // ---- binary output

  await check('binary: every sv_send value (bytea) is 67 bytes and decodes to the text value', () => {
    for (const r of rows) {
      expect(Buffer.isBuffer(r.a_bin) && r.a_bin.length === 67, `row ${r.id}: not 67 bytes`);
      expect(svEqual(decodeSv(r.a_bin), parsed.get(r.id).a), `row ${r.id}: ${formatSv(decodeSv(r.a_bin))}`);
    }
  });

  await check('binary: every profile_send value (bytea) decodes to the text value, 5 + sum(4 + L + 66) bytes', () => {
    for (const r of rows) {
      const themes = decodeProfile(r.p_bin);
      expect(profileEqual(themes, parsed.get(r.id).p), `row ${r.id}: decoded ${formatProfile(themes).slice(0, 80)}`);
      const size = 5 + themes.reduce((s, [n]) => s + 4 + Buffer.byteLength(n, 'utf8') + 66, 0);
      expect(r.p_bin.length === size, `row ${r.id}: ${r.p_bin.length} bytes, not ${size}`);
    }
  });

  await check('binary: values encoded here are byte for byte what the server sends', () => {
    for (const r of rows) {
      expect(encodeSv(parsed.get(r.id).a).equals(r.a_bin), `sv of row ${r.id}`);
      expect(encodeProfile(parsed.get(r.id).p).equals(r.p_bin), `profile of row ${r.id}`);
    }
  });

  // binary: true asks for every result column in binary; the raw field is
  // kept by a parser that returns what pg gives it, as bytes.
  const asBytes = (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8'));
  const raw = { getTypeParser: (oid, format) => (format === 'binary' ? asBytes : pg.types.getTypeParser(oid, format)) };
  let binaryRows = [];

  await check('binary results (binary: true): each field is the send bytes, or what pg makes of bytes that are not UTF-8', async () => {
    binaryRows = (await withResultFormatCode(client.connection, () => client.query({
      text: 'SELECT id, a, p FROM client_fixture WHERE id = ANY($1) ORDER BY id',
      values: [rows.map((r) => r.id)], binary: true, types: raw, queryMode: 'extended',
    }))).rows;
    expect(binaryRows.length === rows.length, `${binaryRows.length} rows`);
    binaryRows.forEach((b, i) => {
      const r = rows[i];
      expect(b.a.equals(r.a_bin) || b.a.equals(throughUtf8(r.a_bin)), `sv of row ${r.id}: ${b.a.toString('hex')}`);
      expect(b.p.equals(r.p_bin) || b.p.equals(throughUtf8(r.p_bin)), `profile of row ${r.id}`);
    });
  });

  await check('binary results (binary: true): every field that arrives intact decodes to the text value', () => {
    let intact = 0;
    binaryRows.forEach((b, i) => {
      const r = rows[i];
      if (b.a.equals(r.a_bin)) {
        expect(svEqual(decodeSv(b.a), parsed.get(r.id).a), `sv of row ${r.id}`);
        intact++;
      }
      if (b.p.equals(r.p_bin)) {
        expect(profileEqual(decodeProfile(b.p), parsed.get(r.id).p), `profile of row ${r.id}`);
        intact++;
      }
    });
    expect(intact > 0, 'no field arrived intact');
  });

  // ---- binary input: Buffer parameters are bound in binary format

  const values = [
    [1, sv(0n, 0n, 0, 0n, 0n, 0n, 0n), []],
    [2, sv(0n, 1n, 6, 1n, 1n, 0n, 0n), [['harm', sv(0n, 800n * MICRO, 2, 2n, 2n, 0n, 0n)]]],
    [3, sv(AMOUNT_MAX, AMOUNT_MAX, 6, 2n, 1n, 0n, 0n), [['max', sv(AMOUNT_MAX, 0n, 6, 1n, 0n, 0n, 0n)]]],
    [4, sv(12345678901234567890123456n * MICRO + 654321n, 0n, 6, 1n, 0n, 0n, 0n),
      [['€ 10^25', sv(10n ** 25n * MICRO, 0n, 0, 1n, 0n, 0n, 0n)]]],
    [5, sv(0n, MICRO, 0, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX),
      [['ü', sv(MICRO, 0n, 0, INT64_MAX, INT64_MAX - 1n, INT64_MAX, INT64_MAX)]]],
    // themes deliberately not in bytewise order: the server sorts them
    [6, sv(15n * MICRO / 10n, 0n, 1, 1n, 0n, 0n, 0n),
      [['🌍', sv(0n, 0n, 0, 1n, 0n, 0n, 0n)], ['b', sv(2n * MICRO, 0n, 3, 1n, 0n, 0n, 0n)],
        ['', sv(0n, 0n, 0, 0n, 0n, 1n, 0n)], ['A"\\', sv(0n, 0n, 0, 0n, 0n, 0n, 2n)]]],
  ];

  await check('binary parameters: the server reads exactly the sv and profile values encoded here', async () => {
    for (const [id, v, p] of values) {
      const [a, pt, ab, pb] = await one(
        'SELECT $1::svtoms.sv::text, $2::svtoms.profile::text, svtoms.sv_send($1), svtoms.profile_send($2)',
        [encodeSv(v), encodeProfile(p, false)]);
      expect(a === formatSv(v), `value ${id}: ${a}`);
      expect(pt === formatProfile(p), `value ${id}: ${pt}`);
      expect(ab.equals(encodeSv(v)) && pb.equals(encodeProfile(p)), `value ${id}: send bytes differ`);
    }
  });

  await check('binary parameters: INSERT into sv and profile columns stores exactly those values', async () => {
    await client.query('CREATE TEMP TABLE sent (id int, a svtoms.sv, p svtoms.profile)');
    for (const [id, v, p] of values) {
      await client.query('INSERT INTO sent VALUES ($1, $2, $3)', [id, encodeSv(v), encodeProfile(p, false)]);
    }
    await client.query('INSERT INTO sent VALUES ($1, $2, $3)', [7, null, null]);
    const got = (await client.query('SELECT id, a::text AS a, p::text AS p FROM sent ORDER BY id')).rows;
    expect(got.length === values.length + 1, `${got.length} rows`);
    values.forEach(([id, v, p], i) => {
      expect(got[i].a === formatSv(v) && got[i].p === formatProfile(p), `row ${id}: ${got[i].a}`);
    });
    expect(got[values.length].a === null && got[values.length].p === null, 'NULL row');
    const order = parseProfile(got[5].p).map(([n]) => n);
    expect(JSON.stringify(order) === JSON.stringify(['', 'A"\\', 'b', '🌍']), `themes stored as ${order}`);
  });

  // ---- bad binary input

  const goodSv = encodeSv(sv(MICRO, 0n, 0, 1n, 0n, 0n, 0n));
  const goodProfile = encodeProfile([['ab', sv(MICRO, 0n, 0, 1n, 0n, 0n, 0n)]]);
  const target = { a: '$1::svtoms.sv', p: '$1::svtoms.profile' };

  async function refused(column, buf) {
    const code = await sqlstate(`INSERT INTO sent (${column}) VALUES (${target[column]})`, [buf]);
    const [n] = await one('SELECT count(*)::int FROM sent'); // also: the connection still works
    expect(n === values.length + 1, 'a row was inserted');
    return code;
  }

  async function refusedWith(column, buf, want = '22P03') {
    const code = await refused(column, buf);
    expect(code === want, `SQLSTATE ${code}, not ${want}`);
  }

  function withVersion(buf, version) {
    const copy = Buffer.from(buf);
    copy[0] = version;
    return copy;
  }

  await check('bad binary: an sv with version byte 2 is refused with 22P03', () => refusedWith('a', withVersion(goodSv, 2)));

  await check('bad binary: a profile with version byte 2 is refused with 22P03', () => refusedWith('p', withVersion(goodProfile, 2)));

  await check('bad binary: an sv or profile with trailing bytes is refused with 22P03', async () => {
    await refusedWith('a', Buffer.concat([goodSv, Buffer.from([0])]));
    await refusedWith('p', Buffer.concat([goodProfile, Buffer.from([0])]));
  });

  await check('bad binary: an sv breaking an invariant (negatives > responses) is refused with 22P03',
    () => refusedWith('a', encodeSv(sv(0n, 0n, 0, 1n, 2n, 0n, 0n))));

  await check('bad binary: a profile with a duplicate theme or a name that is not UTF-8 is refused with 22P03', async () => {
    const theme = goodProfile.subarray(5);
    const two = Buffer.from([1, 0, 0, 0, 2]);
    await refusedWith('p', Buffer.concat([two, theme, theme]));
    const badName = Buffer.from([1, 0, 0, 0, 1, 0, 0, 0, 2, 0xc3, 0x28]);
    await refusedWith('p', Buffer.concat([badName, encodeFields(sv(0n, 0n, 0, 1n, 0n, 0n, 0n))]));
  });

  const truncated = [['a', goodSv.subarray(0, 60)], ['a', goodSv.subarray(0, 1)], ['a', Buffer.alloc(0)],
    ['p', goodProfile.subarray(0, 40)], ['p', goodProfile.subarray(0, 3)]];

  await check('bad binary: truncated sv and profile values are refused and insert nothing', async () => {
    for (const [column, buf] of truncated) {
      expect(await refused(column, buf) !== null, `${buf.length} bytes of ${column} accepted`);
    }
  });

  await check('bad binary: truncated sv and profile values are refused with 22P03', async () => {
    for (const [column, buf] of truncated) await refusedWith(column, buf);
  });

  await client.end();
  console.log(`done ${count} checks`);
  return failed ? 1 : 0;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
  console.log(`not ok the script ran to the end -- ${e.code || ''} ${e.message}`);
  process.exitCode = 1;
});
