// A protocol client for the Impactkaarten relay, written from docs/protocol.md alone.
//
//   node client.mjs <base-url> <seed>          a session
//   node client.mjs <base-url> <seed> flood    the message limit (a relay with its default limits)
//   node client.mjs <base-url> <seed> slow     a reader too slow for its queue
//
// It creates a room over the HTTP API (§15), seats a facilitator, 3–5 players, an observer
// and a meeting-room screen over websockets (§4–§6), and plays a random session seeded by
// <seed>. Every seat keeps its own view as a client must: the view of its welcome, then
// every event applied to it by the rules of §10.1. It checks, and reports precisely:
//   - every event's `hash` (§10.2) against the hash of the seat's own view;
//   - at intervals and at the end, the welcome that answers `sync` against the seat's view,
//     deeply and with key order (§9 fixes the order), and the welcome's raw bytes against
//     the §10.2 encoding of the parsed view;
//   - the shape of every view the relay sends (§9: key order, always-present fields, no
//     empty fields, no field the document does not name);
//   - the redaction rules (§6.5): no other seat's vote value, taken card or hand;
//   - that a refused command comes back as a documented `error` and changes nothing;
//   - who stands in for an absent facilitator (§8: the player online longest, from the
//     events' `at`), also after a stand-in leaves or drops; and a room filled to its 40
//     seats (§14), past the 12 colours (§10.1), whose next join is refused; and, in the
//     canvas and actions phases, a command for each refusal §8 and §11 name a case for;
//   - the HTTP API of §15 beside the seats' views: every deck by its hash, the room's
//     look-up, the facilitator endpoints' statuses and the report's files, and the delete;
//   - the close codes of §12 where a session meets them: left, kicked, replaced (a seat
//     resumed elsewhere), bad token, room full, deleted, and unknown room after it.
// It prints a one-line summary and exits 0, or prints the first failures and exits 1.
//
// DOCCLIENT_VERBOSE=1 also prints the event types the observer saw (coverage) and the
// stand-ins.
// No dependencies: Node 18 or later (its fetch, and the small websocket client below).
// The client never sleeps: it waits for answers and events, with a timeout only as a bound.

import { request } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

const BASE = (process.argv[2] || '').replace(/\/+$/, '');
const SEED = Number(process.argv[3] ?? 1);
const MODE = process.argv[4] || 'session'; // or 'flood', against a relay with its default limits
// or 'jointimeout', against a relay whose join timeout is JOIN_MS (15 s by default, §6.1),
// or 'tries', against a relay with its default limits, or 'liveness', against a relay that
// pings every half second
const JOIN_MS = Number(process.argv[5] ?? 15000);
if (!BASE || !Number.isFinite(SEED)) {
  console.error('usage: node client.mjs <base-url> <seed>');
  process.exit(2);
}
const WS_URL = BASE.replace(/^http/, 'ws') + '/ws';
const WAIT_MS = 20000; // a failure bound for every wait, never a pace

// ---------------------------------------------------------------------------------------
// A websocket client (RFC 6455), as much of it as a text protocol needs: the handshake,
// masked text frames out, text frames (fragmented or not), pings and the close handshake
// in. Written here because Node 18 and 20 have no WebSocket without a flag (Debian 12's
// Node is 18), and the client takes no packages. Its surface is the browser's:
// onopen, onmessage({data}), onclose({code, reason}), onerror, send(text), close(code).

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

class Socket {
  constructor(url) {
    const u = new URL(url.replace(/^ws/, 'http'));
    const key = randomBytes(16).toString('base64');
    this.onopen = this.onmessage = this.onclose = this.onerror = () => {};
    this.sock = null;
    this.buf = Buffer.alloc(0);
    this.parts = []; // the fragments of a message not yet whole
    this.closeCode = 1006; // no close frame (yet): the connection was lost
    this.closeReason = '';
    this.ended = false;
    const req = request({
      host: u.hostname, port: u.port, path: u.pathname + u.search,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket',
        'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13',
      },
    });
    req.on('upgrade', (res, sock, head) => {
      const want = createHash('sha1').update(key + WS_GUID).digest('base64');
      if (res.headers['sec-websocket-accept'] !== want) {
        sock.destroy();
        this.onerror(new Error('bad Sec-WebSocket-Accept'));
        this.finish();
        return;
      }
      this.sock = sock;
      sock.setNoDelay(true);
      sock.on('data', (d) => this.data(d));
      sock.on('close', () => this.finish());
      sock.on('error', (err) => this.onerror(err));
      this.onopen();
      if (head.length) this.data(head);
    });
    req.on('response', (res) => {
      res.resume();
      this.onerror(new Error(`handshake answered ${res.statusCode}`));
      this.finish();
    });
    req.on('error', (err) => { this.onerror(err); this.finish(); });
    req.end();
  }

  // data takes bytes from the socket and hands on every whole frame in them.
  data(d) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      if (this.buf.length < 2) return;
      const fin = (this.buf[0] & 0x80) !== 0;
      const op = this.buf[0] & 0x0f;
      const masked = (this.buf[1] & 0x80) !== 0;
      let len = this.buf[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        at = 10;
      }
      const mask = masked ? this.buf.subarray(at, at + 4) : null;
      if (masked) at += 4;
      if (this.buf.length < at + len) return;
      const payload = Buffer.from(this.buf.subarray(at, at + len));
      this.buf = this.buf.subarray(at + len);
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      this.frame(fin, op, payload);
    }
  }

  frame(fin, op, payload) {
    switch (op) {
      case 0x0: case 0x1: case 0x2: // continuation, text, binary
        this.parts.push(payload);
        if (fin) {
          const whole = Buffer.concat(this.parts);
          this.parts = [];
          this.onmessage({ data: whole.toString('utf8') });
        }
        return;
      case 0x8: // close: answer it (once), then the server ends the TCP connection
        if (payload.length >= 2) {
          this.closeCode = payload.readUInt16BE(0);
          this.closeReason = payload.subarray(2).toString('utf8');
        } else {
          this.closeCode = 1005;
        }
        if (!this.closing) this.write(0x8, payload.subarray(0, 2));
        this.closing = true;
        this.sock.end();
        return;
      case 0x9: // ping
        this.pings = (this.pings || 0) + 1;
        if (!this.mute) this.write(0xa, payload); // mute: a client gone silent (liveness)
        return;
      default: // pong
    }
  }

  // write sends one whole frame, masked as a client must.
  write(op, payload) {
    if (!this.sock || this.sock.destroyed || this.sock.writableEnded) return;
    const mask = randomBytes(4);
    const len = payload.length;
    const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = 0x80 | op;
    if (len < 126) {
      head[1] = 0x80 | len;
    } else if (len < 65536) {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    } else {
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
    this.sock.write(Buffer.concat([head, mask, body]));
  }

  // rawFrame sends one frame as given, for the frames a client must not send (§12): fin,
  // the reserved bits (rsv, in the first byte's place), the opcode, masked or not.
  rawFrame({ fin = true, rsv = 0, op, payload, masked = true }) {
    const len = payload.length;
    const head = len < 126 ? Buffer.alloc(2) : Buffer.alloc(4);
    head[0] = (fin ? 0x80 : 0) | rsv | op;
    head[1] = (masked ? 0x80 : 0) | (len < 126 ? len : 126);
    if (len >= 126) head.writeUInt16BE(len, 2);
    const mask = masked ? randomBytes(4) : Buffer.alloc(0);
    const body = Buffer.from(payload);
    if (masked) for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
    this.sock.write(Buffer.concat([head, mask, body]));
  }

  // send sends a text message; once the close handshake has begun it drops it, as a
  // browser's WebSocket does (the seat then learns of the close from onclose).
  send(text) {
    if (this.closing) return;
    this.write(0x1, Buffer.from(text, 'utf8'));
  }

  // close starts the close handshake, with a status code or (as a browser without one) none.
  close(code) {
    if (this.closing || !this.sock) return;
    this.closing = true;
    const payload = Buffer.alloc(code === undefined ? 0 : 2);
    if (code !== undefined) payload.writeUInt16BE(code, 0);
    this.write(0x8, payload);
  }

  finish() {
    if (this.ended) return;
    this.ended = true;
    this.onclose({ code: this.closeCode, reason: this.closeReason });
  }
}

// ---------------------------------------------------------------------------------------
// Randomness: mulberry32, so a seed replays the same session.

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const chance = (p) => rnd() < p;
const randInt = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => (xs.length ? xs[Math.floor(rnd() * xs.length)] : undefined);

// ---------------------------------------------------------------------------------------
// Failures and statistics.

const failures = [];
const MAX_FAILURES = 10;
class Abort extends Error {}

function fail(msg) {
  failures.push(msg);
  if (failures.length >= MAX_FAILURES) throw new Abort('too many failures');
}

const stats = { types: {}, commands: 0, acks: 0, refusals: 0, refusalCodes: {}, hashes: 0, syncs: 0, rawChecked: 0 };

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const short = (v, n = 600) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > n ? s.slice(0, n) + '…' : s;
};

// ---------------------------------------------------------------------------------------
// The view's schema (§9): key order per object, the always-present fields, and which field
// holds which kind of object. canon() uses it to put a view in the document's form;
// shapeProblems() checks that what the relay sent is in that form.

const SCHEMA = {
  view: {
    keys: ['version', 'facilitator', 'coFacilitator', 'away', 'deckId', 'settings', 'phase', 'ended',
      'startAt', 'endAt', 'seats', 'piles', 'prompt', 'spotlight', 'shown', 'answers', 'current', 'canvas',
      'ranking', 'turn', 'actions', 'timer', 'openingLines', 'closingLines',
      'me', 'hand', 'rounds', 'canUndo', 'myDots'],
    always: ['version', 'facilitator', 'deckId', 'settings', 'phase', 'seats', 'piles', 'current', 'timer', 'me'],
    sub: {
      settings: 'settings', seats: ['seat'], piles: 'piles', spotlight: 'spotlight', answers: ['answer'],
      canvas: ['canvasCard'], ranking: ['rank'], actions: ['action'], timer: 'timer',
      openingLines: ['line'], closingLines: ['line'], rounds: ['round'],
    },
  },
  seat: {
    keys: ['id', 'name', 'lang', 'color', 'observer', 'facilitator', 'connected', 'gone', 'kicked',
      'handSize', 'played', 'dotsUsed', 'roundPlayed', 'voted'],
    always: ['id', 'name', 'lang', 'color'],
  },
  round: {
    keys: ['card', 'voted', 'myVote', 'revealed', 'votes', 'result', 'insight', 'revealAt'],
    always: ['card'],
    sub: { votes: ['vote'], result: 'result' },
  },
  vote: { keys: ['seat', 'value'], always: ['value'] },
  result: {
    keys: ['count', 'distribution', 'mean', 'spread', 'min', 'max', 'apart', 'of'],
    always: ['count', 'distribution', 'mean', 'spread', 'min', 'max', 'apart'],
  },
  canvasCard: {
    keys: ['card', 'part', 'owner', 'reason', 'title', 'reactions', 'dots', 'seq'],
    always: ['card', 'part', 'owner', 'seq'],
    sub: { reactions: ['reaction'] },
  },
  reaction: { keys: ['seat', 'kind', 'text'], always: ['seat', 'kind'] },
  rank: { keys: ['card', 'dots', 'plus', 'place'], always: ['card', 'dots', 'plus', 'place'] },
  action: { keys: ['id', 'card', 'text', 'ownerSeat', 'owner', 'due', 'by'], always: ['id', 'text', 'by'] },
  timer: { keys: ['running', 'endsAt', 'remaining', 'duration'], always: [] },
  settings: {
    keys: ['phases', 'freeTable', 'lang', 'handSize', 'statements', 'dots', 'statementSeconds', 'canvasSeconds',
      'dotsSeconds', 'actionsSeconds', 'retentionDays', 'handoverSeconds', 'canvasTogether', 'canvasCards',
      'title', 'chosen', 'written', 'opening', 'openingQuestion', 'openingSeconds', 'closing',
      'closingQuestion', 'closingSeconds', 'manualReveal', 'anonymousVotes'],
    always: ['phases', 'lang', 'handSize', 'statements', 'dots', 'statementSeconds', 'canvasSeconds',
      'dotsSeconds', 'actionsSeconds'],
  },
  piles: { keys: ['statements', 'draw', 'questions', 'advice', 'discard'], always: ['statements', 'draw', 'questions', 'advice', 'discard'] },
  answer: { keys: ['card', 'text'], always: ['card', 'text'] },
  line: { keys: ['seat', 'text'], always: ['seat', 'text'] },
  spotlight: { keys: ['card', 'action'], always: [] },
};

// "left out when empty, zero or false" (§3, §9).
const isEmpty = (v) => v === undefined || v === null || v === false || v === 0 || v === '' ||
  (Array.isArray(v) && v.length === 0);

// canon returns v in the document's form: keys in the schema's order, empty fields left
// out except the always-present ones. Unknown keys are kept at the end (and reported by
// shapeProblems), so they show up in comparisons rather than vanish.
function canon(schemaName, v) {
  if (v === undefined || v === null) return v;
  if (Array.isArray(schemaName)) return v.map((x) => canon(schemaName[0], x));
  const s = SCHEMA[schemaName];
  const out = {};
  for (const k of s.keys) {
    let x = v[k];
    const always = s.always.includes(k);
    if (schemaName === 'settings' && k === 'phases' && isEmpty(x)) x = null; // "phases" null when empty
    if (!always && isEmpty(x)) continue;
    if (always && x === undefined) {
      fail(`internal: always-present field ${schemaName}.${k} missing in a view being encoded`);
      continue;
    }
    const sub = s.sub && s.sub[k];
    out[k] = sub && x !== null ? canon(sub, x) : clone(x);
  }
  for (const k of Object.keys(v)) if (!s.keys.includes(k)) out[k] = clone(v[k]);
  return out;
}

// shapeProblems lists where v (as the relay sent it) breaks the form §9 promises.
function shapeProblems(schemaName, v, path, out) {
  if (Array.isArray(schemaName)) {
    if (!Array.isArray(v)) { out.push(`${path}: not an array`); return out; }
    v.forEach((x, i) => shapeProblems(schemaName[0], x, `${path}[${i}]`, out));
    return out;
  }
  const s = SCHEMA[schemaName];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) { out.push(`${path}: not an object`); return out; }
  const keys = Object.keys(v);
  let last = -1;
  for (const k of keys) {
    const i = s.keys.indexOf(k);
    if (i < 0) { out.push(`${path}.${k}: a field the document does not name (value ${short(v[k], 80)})`); continue; }
    if (i < last) out.push(`${path}.${k}: out of the documented key order (${keys.join(',')})`);
    last = Math.max(last, i);
    const always = s.always.includes(k);
    if (!always && isEmpty(v[k])) out.push(`${path}.${k}: an empty field that should be left out (${JSON.stringify(v[k])})`);
    const sub = s.sub && s.sub[k];
    if (sub && v[k] !== null) shapeProblems(sub, v[k], `${path}.${k}`, out);
  }
  for (const k of s.always) if (!(k in v)) out.push(`${path}.${k}: an always-present field is missing`);
  if (schemaName === 'settings' && Array.isArray(v.phases) && v.phases.length === 0) out.push(`${path}.phases: [] where the document says null`);
  return out;
}

// diffPaths lists the paths where a and b differ, key order included.
function diffPaths(a, b, path = 'view', out = []) {
  if (out.length >= 12) return out;
  if (a === b) return out;
  const ta = Array.isArray(a) ? 'array' : a === null ? 'null' : typeof a;
  const tb = Array.isArray(b) ? 'array' : b === null ? 'null' : typeof b;
  if (ta !== tb) { out.push(`${path}: ${short(a, 120)} vs ${short(b, 120)}`); return out; }
  if (ta === 'array') {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length} (${short(a, 160)} vs ${short(b, 160)})`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) diffPaths(a[i], b[i], `${path}[${i}]`, out);
    return out;
  }
  if (ta === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    for (const k of ka) if (!(k in b)) out.push(`${path}.${k}: ${short(a[k], 120)} vs absent`);
    for (const k of kb) if (!(k in a)) out.push(`${path}.${k}: absent vs ${short(b[k], 120)}`);
    const common = ka.filter((k) => k in b);
    const commonB = kb.filter((k) => k in a);
    if (common.join(',') !== commonB.join(',')) out.push(`${path}: key order ${common.join(',')} vs ${commonB.join(',')}`);
    for (const k of common) diffPaths(a[k], b[k], `${path}.${k}`, out);
    return out;
  }
  out.push(`${path}: ${short(a, 120)} vs ${short(b, 120)}`);
  return out;
}

// ---------------------------------------------------------------------------------------
// The §10.2 encoding and hash.

function goString(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '<') out += '\\u003c';
    else if (ch === '>') out += '\\u003e';
    else if (ch === '&') out += '\\u0026';
    else if (c === 0x2028) out += '\\u2028';
    else if (c === 0x2029) out += '\\u2029';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20) out += '\\u00' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

// goJSON encodes a value already in canonical form (canon): no spaces, keys as they come.
function goJSON(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v); // integers; mean and spread: shortest, no exponent in range
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return '[' + v.map(goJSON).join(',') + ']';
  return '{' + Object.keys(v).map((k) => goString(k) + ':' + goJSON(v[k])).join(',') + '}';
}

const OWN = ['me', 'hand', 'rounds', 'canUndo', 'myDots'];

// fnv1a continues the FNV-1a 64 hash h with the UTF-8 bytes of s.
function fnv1a(h, s) {
  const mask = 0xffffffffffffffffn;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & mask;
  }
  return h;
}
const FNV_OFFSET = 0xcbf29ce484222325n;
const hex16 = (h) => h.toString(16).padStart(16, '0');

// viewHash: FNV-1a 64 of the table part's encoding without `actions`, then of each
// action's own hash (FNV-1a 64 of its encoding) as 16 hex digits, then of the own part's
// encoding.
function viewHash(view) {
  const c = canon('view', view);
  const table = {}, own = {};
  for (const k of Object.keys(c)) (OWN.includes(k) ? own : table)[k] = c[k];
  const actions = table.actions || [];
  delete table.actions;
  let h = fnv1a(FNV_OFFSET, goJSON(table));
  for (const a of actions) h = fnv1a(h, hex16(fnv1a(FNV_OFFSET, goJSON(a))));
  return hex16(fnv1a(h, goJSON(own)));
}

// rawObjectAfter returns the raw text of the JSON object that follows `"key":` in a frame,
// so the client can compare the relay's bytes with its own encoding of the parsed object.
function rawObjectAfter(frame, key) {
  const start = frame.indexOf(`"${key}":{`);
  if (start < 0) return undefined;
  let i = start + key.length + 3, depth = 0, inStr = false;
  for (let j = i; j < frame.length; j++) {
    const ch = frame[j];
    if (inStr) {
      if (ch === '\\') j++;
      else if (ch === '"') inStr = false;
    } else if (ch === '"') inStr = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return frame.slice(i, j + 1);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Documented names (§3, §10, §11), to check that everything the relay sends is documented.

const SERVER_TYPES = ['welcome', 'ack', 'error', 'event', 'ping', 'bye'];
const ERROR_CODES = new Set(('bad_message unknown_type not_joined already_joined missing_id rate_limited storage ' +
  'bad_room unknown_room bad_token too_many_tries unavailable bad_version id_reused busy stale unknown_command ' +
  'system_only unknown_seat not_facilitator not_a_player wrong_phase session_ended not_your_turn not_in_hand ' +
  'unknown_card not_on_canvas not_owner not_author too_early time_up own_card voting_closed bad_value ' +
  'reason_required title_required too_long no_dots_left no_dot no_cards room_full nothing_to_undo ' +
  'unknown_action must_hand_over no_change limit_reached votes_cast too_few_votes reveal_pending').split(' '));
const EVENT_FIELDS = new Set(['type', 'version', 'actor', 'at', 'seat', 'name', 'lang', 'observer', 'screen',
  'facilitator', 'phase', 'card', 'part', 'value', 'text', 'title', 'kind', 'action', 'owner', 'due', 'seconds',
  'settings', 'hand', 'sizes', 'piles', 'turn', 'revealAt', 'reveal', 'seq', 'deckId', 'deckHash', 'undo', 'view']);
const RELAY_OWN_EVENTS = new Set(['revealed', 'connected', 'disconnected', 'stoodin', 'facilitatorback']);

// ---------------------------------------------------------------------------------------
// Applying an event to a view: §10.1, rule by rule.

function seatOf(view, id) {
  return view.seats.find((s) => s.id === id); // by id, not position: screens leave gaps
}
// offline reports whether the seat is in view and not connected: a view the relay encoded
// leaves `connected` out when it is false (§3, a missing field is its zero value).
function offline(view, id) {
  const s = seatOf(view, id);
  return !!s && !s.connected;
}

function currentRound(view) {
  return view.current >= 0 ? view.rounds?.[view.current] : undefined;
}

function applyEvent(view, e) {
  // 1. version
  view.version = e.version;
  // 2. an undo restores a whole view
  if (e.view !== undefined) return clone(e.view);
  const anon = !!view.settings?.anonymousVotes;
  const actorSeat = () => seatOf(view, e.actor);
  // 3. the event's own change
  switch (e.type) {
    case 'joined':
      if (!e.screen) {
        const taken = new Set(view.seats.filter((s) => !s.gone).map((s) => s.color));
        let color = -1;
        for (let c = 0; c < 12; c++) if (!taken.has(c)) { color = c; break; }
        if (color < 0) color = view.seats.length % 12;
        view.seats.push({ id: e.seat, name: e.name ?? '', lang: e.lang ?? '', color, observer: e.observer, connected: true });
        if (e.facilitator) { view.facilitator = e.seat; view.away = 0; }
      }
      break;
    case 'connected':
    case 'disconnected': {
      const s = seatOf(view, e.seat);
      if (s) s.connected = e.type === 'connected';
      break;
    }
    case 'left':
    case 'kicked': {
      if (view.coFacilitator === e.seat) view.coFacilitator = 0;
      if (view.away === e.seat) view.away = 0;
      if (view.away && view.facilitator === e.seat) { view.facilitator = view.away; view.away = 0; }
      const s = seatOf(view, e.seat);
      if (s) {
        s.gone = true;
        if (e.type === 'kicked') s.kicked = true;
        s.connected = false;
      }
      if (view.facilitator === e.seat) view.facilitator = 0;
      break;
    }
    case 'renamed': { const s = actorSeat(); if (s) s.name = e.name; break; }
    case 'langset': { const s = actorSeat(); if (s) s.lang = e.lang; break; }
    case 'observerset': { const s = seatOf(view, e.seat); if (s) s.observer = e.observer; break; }
    case 'settingsset': view.settings = clone(e.settings); break;
    case 'deckset':
      view.deckId = e.deckId;
      view.prompt = undefined;
      if (view.settings.chosen) view.settings.chosen = view.settings.chosen.filter((c) => c.startsWith('own:'));
      break;
    case 'handedover':
      view.facilitator = e.seat;
      if (view.coFacilitator === e.seat) view.coFacilitator = 0;
      break;
    case 'cofacilitatorset': view.coFacilitator = e.seat ?? 0; break;
    case 'stoodin':
      if (!view.away) view.away = view.facilitator;
      view.facilitator = e.seat;
      break;
    case 'facilitatorback': view.facilitator = e.seat; view.away = 0; break;
    case 'phasestarted':
      view.phase = e.phase;
      view.ended = false;
      view.timer = {};
      view.current = -1;
      if (e.phase === 'canvas') for (const s of view.seats) s.roundPlayed = 0;
      if (!view.startAt) view.startAt = e.at;
      if (e.card) {
        view.rounds = view.rounds || [];
        view.rounds.push({ card: e.card });
        view.current = view.rounds.length - 1;
      }
      break;
    case 'ended':
      view.phase = 'report';
      view.ended = true;
      view.endAt = e.at;
      view.timer = {};
      view.current = -1;
      break;
    case 'cardturned':
      view.rounds = view.rounds || [];
      view.rounds.push({ card: e.card });
      view.current = view.rounds.length - 1;
      break;
    case 'insightset': {
      const r = (view.rounds || []).find((x) => x.card === e.card);
      if (r) r.insight = e.text;
      break;
    }
    case 'prompted':
      view.prompt = e.card;
      if (e.card && !(view.shown || []).includes(e.card)) view.shown = [...(view.shown || []), e.card];
      break;
    case 'spotlit':
      view.spotlight = e.card ? { card: e.card } : e.action ? { action: e.action } : undefined;
      break;
    case 'cardanswered': {
      const answers = view.answers || [];
      const a = answers.find((x) => x.card === e.card);
      if (!e.text) view.answers = answers.filter((x) => x.card !== e.card);
      else if (a) a.text = e.text;
      else view.answers = [...answers, { card: e.card, text: e.text }];
      break;
    }
    case 'timerset': {
      const t = view.timer;
      const ms = (e.seconds || 0) * 1000;
      if (e.kind === 'start') view.timer = { running: true, endsAt: e.at + ms, duration: ms };
      else if (e.kind === 'pause') view.timer = { running: false, remaining: Math.max(0, t.endsAt - e.at), duration: t.duration };
      else if (e.kind === 'resume') view.timer = { running: true, endsAt: e.at + (t.remaining || 0), duration: t.duration };
      else if (e.kind === 'extend') {
        if (t.running) t.endsAt += ms; else t.remaining = (t.remaining || 0) + ms;
        t.duration = (t.duration || 0) + ms;
      } else if (e.kind === 'stop') view.timer = {};
      break;
    }
    case 'voted': {
      const r = currentRound(view);
      if (r) {
        const voted = new Set(r.voted || []);
        voted.add(e.actor);
        r.voted = [...voted].sort((a, b) => a - b);
        if (e.value) r.myVote = e.value;
      }
      break;
    }
    case 'played': {
      const s = actorSeat();
      if (s) {
        s.played = (s.played || 0) + 1;
        if (view.phase === 'canvas') s.roundPlayed = (s.roundPlayed || 0) + 1;
      }
      view.canvas = [...(view.canvas || []), { card: e.card, part: e.part, owner: e.actor, reason: e.text, title: e.title, seq: e.seq }];
      break;
    }
    case 'moved': {
      const c = (view.canvas || []).find((x) => x.card === e.card);
      if (c) c.part = e.part;
      break;
    }
    case 'reacted': {
      const c = (view.canvas || []).find((x) => x.card === e.card);
      if (c) {
        const rs = c.reactions || [];
        const r = rs.find((x) => x.seat === e.actor && x.kind === e.kind);
        if (!r) c.reactions = [...rs, { seat: e.actor, kind: e.kind, text: e.text }];
        else if (!e.text) c.reactions = rs.filter((x) => x !== r);
        else r.text = e.text;
      }
      break;
    }
    case 'dotted':
    case 'undotted': {
      const c = (view.canvas || []).find((x) => x.card === e.card);
      const who = anon ? 0 : e.actor;
      if (c) {
        const dots = c.dots || [];
        if (e.type === 'dotted') c.dots = [...dots, who];
        else { const i = dots.indexOf(who); if (i >= 0) c.dots = dots.filter((_, j) => j !== i); }
      }
      if (anon && e.actor !== undefined && e.actor === view.me) {
        const mine = view.myDots || [];
        if (e.type === 'dotted') view.myDots = [...mine, e.card].sort();
        else { const i = mine.indexOf(e.card); if (i >= 0) view.myDots = mine.filter((_, j) => j !== i); }
      }
      break;
    }
    case 'actionadded':
      view.actions = [...(view.actions || []), { id: e.action, card: e.card, text: e.text, ownerSeat: e.seat, owner: e.owner, due: e.due, by: e.actor }];
      break;
    case 'actionedited': {
      const a = (view.actions || []).find((x) => x.id === e.action);
      if (a) Object.assign(a, { card: e.card, text: e.text, ownerSeat: e.seat, owner: e.owner, due: e.due });
      break;
    }
    case 'actionremoved': view.actions = (view.actions || []).filter((x) => x.id !== e.action); break;
    case 'discarded':
      view.canvas = (view.canvas || []).filter((x) => x.card !== e.card);
      if (view.myDots) view.myDots = view.myDots.filter((c) => c !== e.card);
      break;
    case 'answered': {
      const key = e.phase === 'closing' ? 'closingLines' : 'openingLines';
      const lines = view[key] || [];
      const l = lines.find((x) => x.seat === e.actor);
      if (!e.text) view[key] = lines.filter((x) => x !== l);
      else if (l) l.text = e.text;
      else view[key] = [...lines, { seat: e.actor, text: e.text }];
      break;
    }
    case 'revealing': case 'revealed': case 'turnskipped': case 'passed': case 'taken':
      break;
    default:
      fail(`event type ${e.type} is not in §10`);
  }
  // 4. the facts
  if ('hand' in e) view.hand = e.hand || [];
  if (e.sizes) {
    if (e.sizes.length !== view.seats.length) fail(`sizes has ${e.sizes.length} entries for ${view.seats.length} seats: ${short(e)}`);
    e.sizes.forEach((n, i) => { if (view.seats[i]) view.seats[i].handSize = n; });
  }
  if (e.piles) view.piles = clone(e.piles);
  if ('turn' in e) view.turn = e.turn;
  if (e.revealAt) { const r = currentRound(view); if (r) r.revealAt = e.revealAt; }
  if (e.reveal) {
    const r = currentRound(view);
    if (r) { r.revealed = true; r.votes = clone(e.reveal.votes); r.result = clone(e.reveal.result); }
  }
  // 5. what is derived
  derive(view, e);
  return view;
}

function derive(view, e) {
  const canvas = view.canvas || [];
  if (canvas.length) {
    const rows = canvas.map((c) => ({
      card: c.card,
      dots: (c.dots || []).length,
      plus: (c.reactions || []).filter((r) => r.kind === 'plus').length,
      seq: c.seq,
    }));
    rows.sort((a, b) => b.dots - a.dots || b.plus - a.plus || a.seq - b.seq);
    let place = 0;
    view.ranking = rows.map((r, i) => {
      // equal dots and plus share a place; the next different one takes its position (1,1,3)
      if (i === 0 || r.dots !== rows[i - 1].dots || r.plus !== rows[i - 1].plus) place = i + 1;
      return { card: r.card, dots: r.dots, plus: r.plus, place };
    });
  } else view.ranking = undefined;
  const anon = !!view.settings?.anonymousVotes;
  for (const s of view.seats) {
    s.dotsUsed = anon ? undefined : canvas.reduce((n, c) => n + (c.dots || []).filter((d) => d === s.id).length, 0);
    s.facilitator = s.id === view.facilitator;
  }
  const r = currentRound(view);
  for (const s of view.seats) s.voted = !!r && (r.voted || []).includes(s.id);
  view.canUndo = view.me !== 0 && view.me === view.facilitator && !!e.undo;
}

// ---------------------------------------------------------------------------------------
// Waiting on conditions: every received message re-checks the waiters.

const waiters = new Set();
function poke() {
  for (const w of [...waiters]) {
    let ok = false;
    try { ok = w.cond(); } catch (err) { waiters.delete(w); clearTimeout(w.timer); w.reject(err); continue; }
    if (ok) { waiters.delete(w); clearTimeout(w.timer); w.resolve(); }
  }
}
function waitFor(what, cond) {
  if (cond()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const w = { cond, resolve, reject };
    w.timer = setTimeout(() => { waiters.delete(w); reject(new Abort(`timed out after ${WAIT_MS} ms waiting for ${what()}`)); }, WAIT_MS);
    waiters.add(w);
  });
}

// ---------------------------------------------------------------------------------------
// A seat: one websocket, one view.

let deckKinds = new Map(); // card id -> kind, from GET /api/decks/{hash}

class Seat {
  constructor(label, role) {
    this.label = label; // for messages
    this.role = role; // 'facilitator' | 'player' | 'observer' | 'screen' (how it joined)
    this.id = 0;
    this.token = '';
    this.view = null;
    this.n = 0;
    this.applied = 0; // events applied
    this.sinceSync = 0;
    this.answers = new Map(); // cmd id -> resolve
    this.welcomeWaiter = null;
    this.events = []; // {n, type, actor} of every event applied, in order
    this.cmdCount = 0;
    this.prefix = `${label.toLowerCase()}-${SEED}-${Math.floor(rnd() * 1e9).toString(36)}`;
    this.myVotes = new Map(); // card -> the value this seat voted (acked)
    this.closed = null; // {code, reason}
    this.bye = null;
    this.live = false; // seated and connected
    this.gone = false; // left or kicked
    this.hashMismatch = null;
    this.flooding = false; // rate_limited errors are expected (flood) and kept in limited
    this.limited = [];
  }

  who() { return `${this.label} (seat ${this.id})`; }

  open() {
    return new Promise((resolve, reject) => {
      const ws = new Socket(WS_URL);
      this.ws = ws;
      this.closed = null;
      this.bye = null;
      const t = setTimeout(() => reject(new Abort(`${this.label}: websocket did not open`)), WAIT_MS);
      ws.onopen = () => { clearTimeout(t); resolve(); };
      ws.onerror = () => {};
      ws.onclose = (ev) => {
        clearTimeout(t);
        if (this.ws !== ws) { this.replaced = { code: ev.code, reason: ev.reason }; poke(); return; } // an earlier connection of the seat
        this.closed = { code: ev.code, reason: ev.reason };
        this.closedAt = Date.now();
        this.live = false;
        if (this.welcomeWaiter) { this.welcomeWaiter({ t: 'closed', code: ev.code }); this.welcomeWaiter = null; }
        poke();
      };
      ws.onmessage = (ev) => {
        if (this.ws !== ws) {
          // An earlier connection of the seat, which a resume elsewhere replaces: only its
          // bye matters; the seat's view follows the new connection's welcome.
          try { const m = JSON.parse(String(ev.data)); if (m.t === 'bye') this.oldBye = m; } catch {}
          poke();
          return;
        }
        try { this.receive(String(ev.data)); } catch (err) { if (!(err instanceof Abort)) failures.push(`${this.label}: ${err.stack}`); }
        try { poke(); } catch {}
      };
    });
  }

  send(msg) { this.ws.send(JSON.stringify(msg)); }

  receive(frame) {
    let m;
    try { m = JSON.parse(frame); } catch { fail(`${this.who()}: a frame that is not JSON: ${short(frame)}`); return; }
    if (m.v !== 2) fail(`${this.who()}: message with v=${m.v}, want 2: ${short(frame)}`);
    if (!SERVER_TYPES.includes(m.t)) fail(`${this.who()}: message type ${m.t} not in §5: ${short(frame)}`);
    switch (m.t) {
      case 'welcome': return this.onWelcome(m, frame);
      case 'event': return this.onEvent(m, frame);
      case 'ack': {
        const r = this.answers.get(m.id);
        if (!r) fail(`${this.who()}: an ack for an id it did not send or already had answered: ${short(frame)}`);
        else { this.answers.delete(m.id); r(m); }
        return;
      }
      case 'error': {
        if (!ERROR_CODES.has(m.code)) fail(`${this.who()}: error code ${m.code} is not in §11: ${short(frame)}`);
        if (m.code === 'rate_limited') {
          if (this.flooding) { this.limited.push(Date.now()); if (m.id !== undefined) fail(`${this.who()}: rate_limited with id ${m.id} (§11: without id)`); return; }
          fail(`${this.who()}: rate_limited: the relay drops messages (run it with a higher message rate)`);
        }
        if (m.id !== undefined) {
          const r = this.answers.get(m.id);
          if (!r) fail(`${this.who()}: an error for an id it did not send: ${short(frame)}`);
          else { this.answers.delete(m.id); r(m); }
        } else if (this.welcomeWaiter) { const w = this.welcomeWaiter; this.welcomeWaiter = null; w(m); }
        else fail(`${this.who()}: an error without id that answers nothing: ${short(frame)}`);
        return;
      }
      case 'bye': this.bye = m; return;
      case 'ping':
        if (!Number.isInteger(m.now)) fail(`${this.who()}: a ping whose now is ${short(m.now)}, want Unix ms (§5)`);
        this.pingNow = m.now;
        if (this.talkBack) this.send({ v: 2, t: 'pong' });
        return;
    }
  }

  onWelcome(m, frame) {
    if (!this.id) this.id = m.seat; // so messages name the seat from its first welcome on
    const w = this.welcomeWaiter;
    this.welcomeWaiter = null;
    if (m.view?.version !== m.n) fail(`${this.who()}: welcome n=${m.n} but view.version=${m.view?.version}`);
    const probs = shapeProblems('view', m.view, 'view', []);
    if (probs.length) fail(`${this.who()}: the welcome's view is not in the form of §9: ${probs.slice(0, 6).join('; ')}`);
    // §10.2 says the view hash encodes the view "as the relay encodes a welcome": the
    // client's encoding of the parsed view must be the relay's bytes.
    const raw = rawObjectAfter(frame, 'view');
    const mine = goJSON(canon('view', m.view));
    if (raw !== mine) {
      let i = 0;
      while (i < raw.length && raw[i] === mine[i]) i++;
      fail(`${this.who()}: the welcome's view bytes differ from the §10.2 encoding at byte ${i}: relay …${short(raw.slice(Math.max(0, i - 40), i + 60))} vs client …${short(mine.slice(Math.max(0, i - 40), i + 60))}`);
    }
    stats.rawChecked++;
    this.checkSecrets(m.view, 'welcome');
    if (w) w(m);
    else fail(`${this.who()}: a welcome it did not ask for: ${short(frame)}`);
  }

  // adopt makes a welcome's view this seat's view.
  adopt(m) {
    this.id = m.seat;
    this.deckHash = m.deckHash;
    if (m.token) this.token = m.token;
    this.view = m.view;
    this.n = m.n;
    this.sinceSync = 0;
    this.live = true;
  }

  onEvent(m, frame) {
    const e = m.event;
    if (!this.view) { fail(`${this.label}: an event before its welcome: ${short(frame)}`); return; }
    if (m.n !== this.n + 1) fail(`${this.who()}: event n=${m.n} after n=${this.n}: a gap or a repeat (§6.4): ${short(frame)}`);
    if (e.version !== m.n) fail(`${this.who()}: event.version ${e.version} differs from n=${m.n}: ${short(frame)}`);
    if (m.view !== undefined) fail(`${this.who()}: an event message with a view (§5 says never): ${short(frame)}`);
    if ((m.hash !== undefined) !== (m.n % 64 === 0)) fail(`${this.who()}: hash ${m.hash === undefined ? 'absent' : 'present'} on event n=${m.n} (§5: on every event whose n is a multiple of 64)`);
    for (const k of Object.keys(e)) if (!EVENT_FIELDS.has(k)) fail(`${this.who()}: event field ${k} not in §10: ${short(frame)}`);
    if (e.view !== undefined) {
      const raw = rawObjectAfter(frame, 'view');
      const probs = shapeProblems('view', e.view, 'event.view', []);
      if (probs.length) fail(`${this.who()}: the view of ${e.type} is not in the form of §9: ${probs.slice(0, 6).join('; ')}`);
      if (raw !== goJSON(canon('view', e.view))) fail(`${this.who()}: the view of ${e.type} n=${m.n} is not encoded as §10.2 says`);
    }
    if (e.settings !== undefined) {
      const probs = shapeProblems('settings', e.settings, 'event.settings', []);
      if (probs.length) fail(`${this.who()}: event ${e.type} settings: ${probs.join('; ')}`);
    }
    this.checkEventSecrets(e, frame);
    const before = clone(this.view);
    this.view = applyEvent(this.view, e);
    this.n = m.n;
    this.applied++;
    this.sinceSync++;
    this.events.push({ n: m.n, type: e.type, actor: e.actor, revealAt: e.revealAt });
    trackOnline(m.n, e);
    if (e.type === 'deckset') this.deckHash = e.deckHash;
    if (this.role === 'observer') stats.types[e.type] = (stats.types[e.type] || 0) + 1;
    // `hand` is this seat's own whole hand (§10): it must agree with the size the event's
    // `sizes` gives this seat.
    const mine = seatOf(this.view, this.id);
    if (mine && (this.view.hand || []).length !== (mine.handSize || 0)) fail(`${this.who()}: after ${short(frame, 400)} the seat holds ${(this.view.hand || []).length} cards but its handSize is ${mine.handSize || 0}: a hand fact missing or not its own`);
    if (m.hash !== undefined) {
      stats.hashes++;
      const h = viewHash(this.view);
      if (h !== m.hash) {
        fail(`${this.who()}: view hash ${h} after event ${short(frame, 400)}, relay says ${m.hash}; the view before: ${short(canon('view', before), 300)}`);
        this.hashMismatch = { frame, mine: canon('view', this.view) };
      }
    }
  }

  // checkEventSecrets: what §6.5 says an event may carry to this seat.
  checkEventSecrets(e, frame) {
    const me = this.id;
    if (e.type === 'voted' && e.value !== undefined && e.actor !== me) fail(`${this.who()}: LEAK: seat ${e.actor}'s vote value: ${short(frame)}`);
    if (e.revealAt && e.type !== 'voted' && e.value !== undefined) fail(`${this.who()}: LEAK: a value on ${e.type}: ${short(frame)}`);
    if (e.type === 'taken' && e.card !== undefined && e.actor !== me) fail(`${this.who()}: LEAK: the card seat ${e.actor} took: ${short(frame)}`);
    if (Array.isArray(e.hand) && e.hand.length > 0) {
      const s = seatOf(this.view, me);
      if (!s || (s.observer && e.type !== 'observerset')) fail(`${this.who()}: LEAK: a hand sent to a seat that holds none (an observer or screen): ${short(frame)}`);
    }
    if (e.reveal !== undefined && e.type !== 'revealed') fail(`${this.who()}: votes revealed by ${e.type} (§10: reveal comes on a revealed event): ${short(frame)}`);
    if (this.view.settings.anonymousVotes) {
      if ((e.type === 'dotted' || e.type === 'undotted') && e.actor !== undefined && e.actor !== me) fail(`${this.who()}: LEAK: with anonymous votes, ${e.type} names its actor ${e.actor}: ${short(frame)}`);
      if (e.reveal) {
        if (e.reveal.votes.some((v) => v.seat !== undefined)) fail(`${this.who()}: LEAK: anonymous votes revealed with seats: ${short(frame)}`);
        if (e.reveal.result.apart.some((x) => x !== 0)) fail(`${this.who()}: LEAK: anonymous result.apart names seats: ${short(frame)}`);
      }
    }
    if (e.undo && this.view.facilitator !== me) { /* undo is public (§10: canUndo of the facilitator's view) */ }
  }

  // checkSecrets: what §6.5 says a view may hold for this seat.
  checkSecrets(view, where) {
    const me = view.me;
    const mine = seatOf(view, me);
    if (view.hand?.length && (!mine || mine.observer)) fail(`${this.who()}: LEAK: ${where} view holds a hand for a seat that is no player`);
    if (view.canUndo && view.facilitator !== me) fail(`${this.who()}: LEAK: ${where} view has canUndo but the seat is not the facilitator`);
    for (const r of view.rounds || []) {
      if (!r.revealed && r.votes) fail(`${this.who()}: LEAK: ${where} view has the votes of an unrevealed round ${r.card}`);
      if (r.myVote !== undefined) {
        // Its own vote, as this client sent it (an observer now may have voted before).
        if (!this.myVotes.has(r.card)) fail(`${this.who()}: LEAK: ${where} view has myVote ${r.myVote} on ${r.card}, a vote this seat never cast`);
        else if (this.myVotes.get(r.card) !== r.myVote) fail(`${this.who()}: ${where} view has myVote ${r.myVote} on ${r.card}, the seat voted ${this.myVotes.get(r.card)}`);
      }
      if (view.settings.anonymousVotes && r.votes?.some((v) => v.seat !== undefined)) fail(`${this.who()}: LEAK: anonymous votes with seats in ${where}`);
    }
    if (view.settings.anonymousVotes) {
      for (const c of view.canvas || []) if ((c.dots || []).some((d) => d !== 0)) fail(`${this.who()}: LEAK: anonymous dots name seats on ${c.card}`);
      if (view.seats.some((s) => s.dotsUsed !== undefined)) fail(`${this.who()}: LEAK: dotsUsed with anonymous votes`);
    } else if (view.myDots) fail(`${this.who()}: myDots without anonymous votes`);
    if (mine && view.hand && (mine.handSize || 0) !== view.hand.length) fail(`${this.who()}: ${where} view: hand has ${view.hand.length} cards, seats[].handSize says ${mine.handSize || 0}`);
  }

  welcome(msg) { return this.answerTo(JSON.stringify(msg)); }

  // answerTo sends text as it is and resolves with the welcome or the error without id
  // that answers it.
  answerTo(text) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Abort(`${this.label}: no answer to ${short(text)}`)), WAIT_MS);
      this.welcomeWaiter = (m) => { clearTimeout(t); resolve(m); };
      this.ws.send(text);
    });
  }

  // command sends a cmd and resolves with its ack or error.
  command(cmd, id) {
    id = id || `${this.prefix}.${++this.cmdCount}`;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Abort(`${this.who()}: no answer to command ${id} ${short(cmd)}`)), WAIT_MS);
      this.answers.set(id, (m) => { clearTimeout(t); resolve(m); });
      this.send({ v: 2, t: 'cmd', id, cmd });
    });
  }

  // sync asks for the whole view and compares it with this seat's own.
  async sync(why) {
    const m = await this.welcome({ v: 2, t: 'sync' });
    if (m.t !== 'welcome') { fail(`${this.who()}: sync answered with ${short(m)}`); return; }
    if (m.token !== undefined) fail(`${this.who()}: the welcome answering sync carries a token (§4 says without)`);
    stats.syncs++;
    if (m.n !== this.n) fail(`${this.who()}: the sync's welcome has n=${m.n}, the seat has applied up to n=${this.n}`);
    const d = diffPaths(canon('view', this.view), m.view);
    if (d.length) {
      const last = this.events.slice(-6).map((x) => `${x.n}:${x.type}`).join(' ');
      fail(`${this.who()}: ${why}: the seat's view differs from the relay's at n=${m.n} (last events ${last}):\n    ${d.join('\n    ')}`);
    }
    if (this.hashMismatch) this.hashMismatch = null;
    this.view = m.view; // take the relay's view, as §10.2 says, so one slip is reported once
    this.sinceSync = 0;
  }
}

// ---------------------------------------------------------------------------------------
// The session.

const seats = [];
// The seated connections; a seat that left or was kicked is out as soon as its view says
// so, even while its close is still on the way.
// A seat about to be kicked (kicking) is out from the command on: a screen's view never
// says it is gone, and its close may come before or after the facilitator's ack.
const live = () => seats.filter((s) => s.live && !s.kicking && !seatOf(s.view, s.id)?.gone);
const room = { code: '', token: '' };

// When each seat came online, from the joined and connected events any seat received
// (each n once): the relay makes the player online longest the stand-in (§8).
const onlineSince = new Map(); // seat id -> the `at` of its joined or connected event
const tracked = new Set(); // the n of every event tracked
function trackOnline(n, e) {
  if (tracked.has(n)) return;
  tracked.add(n);
  switch (e.type) {
    case 'joined': if (!e.screen) onlineSince.set(e.seat, e.at); break;
    case 'connected': onlineSince.set(e.seat, e.at); break;
    case 'disconnected': case 'left': case 'kicked': onlineSince.delete(e.seat); break;
  }
}

// longestOnline is the seat §8 says takes over for an absent facilitator: of the players
// online (no observer, not the absent facilitator f), the one who came online, or joined,
// earliest; ties to the lower seat. Undefined when no player is online.
function longestOnline(f) {
  const v = observerView();
  const cands = v.seats.filter((s) => !s.gone && s.connected && !s.observer && s.id !== f.id);
  for (const s of cands) if (!onlineSince.has(s.id)) fail(`seat ${s.id} is online in the view, but no joined or connected event of it was seen`);
  cands.sort((a, b) => (onlineSince.get(a.id) ?? 0) - (onlineSince.get(b.id) ?? 0) || a.id - b.id);
  return cands[0]?.id;
}

async function http(method, path, body, token) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(WAIT_MS) });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, json, text, headers: r.headers };
}

// expectStatus fails unless the HTTP answer r has the status and the error code given (§15).
function expectStatus(r, status, code, what) {
  if (r.status !== status || r.json?.error !== code) fail(`${what}: ${r.status} ${short(r.text, 200)}, want ${status} ${code}`);
}

// waitAll waits until every seated connection has applied the events up to n.
function waitAll(n) {
  return waitFor(() => `every seat at n=${n} (${live().map((s) => `${s.label}:${s.n}`).join(' ')})`, () => live().every((s) => s.n >= n));
}

function observerSeat() {
  return seats.find((s) => s.role === 'observer' && s.live) || live()[0];
}
function observerView() { return observerSeat().view; }
// The seats as the room sees them now.
function facilitator() { const v = observerView(); return live().find((s) => s.id === v.facilitator); }
function coFacilitator() { const v = observerView(); return live().find((s) => s.id && s.id === v.coFacilitator); }
function seatInfo(s) { return seatOf(observerView(), s.id); }
function players() { return live().filter((s) => s.role !== 'screen' && !seatInfo(s)?.observer); }

// run sends one command and waits for its answer and for its events at every seat.
// A refusal must be a documented code (expect: the code the document names, if it is
// clear) and must change nothing: the sender receives a command's events before its
// answer (§6.3), so any event between sending and the error must be the relay's own.
async function run(seat, cmd, expect) {
  if (!seat || !seat.live) return null;
  stats.commands++;
  const mark = seat.events.length;
  const ans = await seat.command(cmd);
  const allowed = expect === undefined ? undefined : Array.isArray(expect) ? expect : [expect];
  if (ans.t === 'ack') {
    stats.acks++;
    if (allowed && !allowed.includes('ack')) fail(`${seat.who()}: ${short(cmd)} was applied (ack n=${ans.n}); the document says it gets ${allowed.join(' or ')}`);
    if (seat.n < ans.n) fail(`${seat.who()}: the ack n=${ans.n} came before the command's events (seat at n=${seat.n}; §5: events before the ack)`);
    await waitAll(ans.n);
    if (cmd.type === 'vote') seat.myVotes.set(currentRound(seat.view).card, cmd.value);
  } else {
    stats.refusals++;
    stats.refusalCodes[ans.code] = (stats.refusalCodes[ans.code] || 0) + 1;
    if (allowed && !allowed.includes(ans.code)) fail(`${seat.who()}: ${short(cmd)} got ${ans.code} (${ans.message}); the document says ${allowed.join(' or ')}`);
    const between = seat.events.slice(mark).filter((x) => x.actor !== undefined || !RELAY_OWN_EVENTS.has(x.type));
    if (between.length) fail(`${seat.who()}: the refused ${short(cmd)} (${ans.code}) was preceded by events ${short(between)}: a refusal changes nothing`);
  }
  await afterStep();
  return ans;
}

// afterStep: let a started reveal countdown finish (its `revealed` arrives from the relay
// about 3 s later), syncing seats that have applied 40 events since their last welcome,
// and checking what must hold between every pair of seats.
async function afterStep() {
  const v = observerView();
  const r = currentRound(v);
  if (r && r.revealAt && !r.revealed) {
    // During the countdown a vote is refused (§8): reveal_pending, or voting_closed should
    // the countdown have ended meanwhile.
    const p = pick(players());
    if (p && chance(0.5)) await run(p, { type: 'vote', value: randInt(1, 5) }, ['reveal_pending', 'voting_closed']);
    const card = r.card;
    await waitFor(() => `the reveal of ${card} at every seat`, () => live().every((s) => (s.view.rounds || []).find((x) => x.card === card)?.revealed));
  }
  for (const s of live()) if (s.sinceSync >= 40 || s.hashMismatch) await s.sync(s.hashMismatch ? 'after a hash mismatch' : 'periodic sync');
  crossCheck();
}

// crossCheck: hands are disjoint (a card is in one place), and every seat's table part
// (the view without its own part, §10.2) is the public one the observer has (§6.5).
function crossCheck() {
  const where = new Map();
  for (const s of live()) {
    for (const c of s.view.hand || []) {
      if (where.has(c)) fail(`card ${c} is in the hands of ${where.get(c)} and ${s.who()}`);
      where.set(c, s.who());
      if ((s.view.canvas || []).some((x) => x.card === c)) fail(`${s.who()}: card ${c} is both in its hand and on the canvas`);
    }
  }
  const obs = seats.find((s) => s.role === 'observer' && s.live);
  if (!obs) return;
  const table = (v) => { const c = canon('view', v); for (const k of OWN) delete c[k]; return c; };
  const ref = table(obs.view);
  for (const s of live()) {
    if (s === obs || s.n !== obs.n) continue;
    const d = diffPaths(table(s.view), ref, 'table');
    if (d.length) fail(`${s.who()}'s table part differs from the observer's public view at n=${s.n}:\n    ${d.join('\n    ')}`);
  }
}

async function join(seat, msg) {
  await seat.open();
  const m = await seat.welcome({ v: 2, t: 'join', room: room.code, ...msg });
  if (m.t !== 'welcome') throw new Abort(`${seat.label}: join answered with ${short(m)}`);
  if (!m.token) fail(`${seat.label}: the welcome to a join has no token`);
  seat.adopt(m);
  seats.push(seat);
  if (!deckKinds.size) await loadDeck(m.deckHash);
  if (seat.role === 'screen' && seatOf(m.view, m.seat)) fail(`${seat.who()}: a screen's own view lists its seat (§4: no view lists it)`);
  await waitAll(m.n);
  await afterStep();
}

// loadDeck fetches the deck a welcome names (§15): its bytes hash to the name (§5:
// `deckHash`, the first 16 bytes of the SHA-256 of the deck's JSON, in hex), it may be
// cached for good, and asked again with its ETag it is not sent again. A hash no deck in
// play has is unknown_deck.
async function loadDeck(hash) {
  const r = await http('GET', `/api/decks/${hash}`);
  if (r.status !== 200) throw new Abort(`GET /api/decks/${hash}: ${r.status} ${short(r.text)}`);
  deckKinds = new Map(r.json.cards.map((c) => [c.id, c.kind]));
  const sum = createHash('sha256').update(Buffer.from(r.text, 'utf8')).digest('hex').slice(0, 32);
  if (sum !== hash) fail(`GET /api/decks/${hash}: the body hashes to ${sum}`);
  const cache = r.headers.get('cache-control') || '';
  if (!/\bimmutable\b/.test(cache) || !/\bmax-age=31536000\b/.test(cache)) fail(`GET /api/decks/${hash}: Cache-Control ${JSON.stringify(cache)}, want public, max-age=31536000, immutable`);
  const etag = r.headers.get('etag');
  if (etag !== `"${hash}"`) fail(`GET /api/decks/${hash}: ETag ${etag}, want the hash in quotes`);
  const again = await fetch(`${BASE}/api/decks/${hash}`, { headers: { 'If-None-Match': etag || '' }, signal: AbortSignal.timeout(WAIT_MS) });
  await again.arrayBuffer();
  if (again.status !== 304) fail(`GET /api/decks/${hash} with If-None-Match: ${again.status}, want 304`);
  const other = await http('GET', `/api/decks/${'0'.repeat(32)}`);
  if (other.status !== 404 || other.json?.error !== 'unknown_deck') fail(`GET /api/decks/ of a hash no deck has: ${other.status} ${short(other.text)}, want 404 unknown_deck`);
}

const PARTS = ['aanbod', 'bereik', 'impact', 'inkomsten'];
const texts = ['Oost & West', 'a <b>bold</b> idea', 'café "Zoë"', 'ja\\nee', 'plain words', 'line\u2028sep', 'emoji 🎭'];
const text = () => pick(texts) + ' ' + randInt(1, 99);
const cardsOfKind = (kind) => [...deckKinds].filter(([, k]) => k === kind).map(([id]) => id);

// ---- the commands a seat may try in a phase; each returns [seat, cmd, expect] or null ----

function anyone() { return pick(live().filter((s) => s.role !== 'screen')); }
function aPlayer() { return pick(players()); }
// A player with no facilitator's powers: the one to try the facilitator's commands.
function plain() { return pick(players().filter((s) => s !== facilitator() && s !== coFacilitator())); }
function anObserver() { return live().find((s) => s.role === 'observer' && seatInfo(s)?.observer); }

const common = [
  () => [anyone(), { type: 'rename', name: pick(['Ada', 'Bram & Co', '<Cees>', 'Dewi ☕', 'Eef\tTab']) + randInt(1, 9) }],
  () => [anyone(), { type: 'lang', lang: pick(['nl', 'en']) }],
  () => [anyone(), { type: 'lang', lang: 'de' }, 'bad_value'],
  () => [anyone(), { type: 'join' }, 'system_only'],
  () => [plain(), { type: 'undo' }, 'not_facilitator'],
];

function timerCmd() {
  const f = pick([facilitator(), coFacilitator()].filter(Boolean));
  const t = observerView().timer;
  const kind = t.running ? pick(['pause', 'extend', 'stop', 'start']) : t.remaining !== undefined ? pick(['resume', 'extend', 'stop']) : pick(['start', 'start', 'pause']);
  const cmd = { type: 'timer', kind };
  if (kind === 'start') cmd.seconds = pick([0, 30, 90]);
  if (kind === 'extend') cmd.seconds = 60;
  const ph = observerView().phase;
  const expect = kind === 'pause' && !t.running ? 'no_change' : kind === 'start' && cmd.seconds === 0 && ['lobby', 'free', 'report'].includes(ph) ? 'bad_value' : undefined;
  return [f, cmd, expect];
}

const duringPlay = [
  timerCmd,
  () => [facilitator(), chance(0.7) ? { type: 'prompt', kind: pick(['question', 'advice']) } : { type: 'prompt' }],
  () => [plain(), { type: 'prompt', kind: 'question' }, 'not_facilitator'],
  () => {
    const v = observerView();
    const choices = [...(v.rounds || []).map((r) => ({ card: r.card })), ...(v.canvas || []).map((c) => ({ card: c.card })),
      ...(v.shown || []).map((c) => ({ card: c })), ...(v.actions || []).map((a) => ({ action: a.id })), {}];
    return [facilitator(), { type: 'spotlight', ...pick(choices) }];
  },
  () => {
    const q = (observerView().shown || []).filter((c) => deckKinds.get(c) === 'question');
    if (!q.length) return [facilitator(), { type: 'cardanswer', card: pick(cardsOfKind('question')), text: text() }, 'bad_value'];
    return [facilitator(), { type: 'cardanswer', card: pick(q), text: chance(0.8) ? text() : '' }];
  },
  () => [aPlayer(), { type: 'addaction', text: text(), ...(chance(0.5) ? { seat: aPlayer()?.id } : {}), ...(chance(0.3) ? { owner: 'team & co' } : {}), ...(chance(0.3) ? { due: '2026-05-01' } : {}), ...(chance(0.4) && observerView().canvas?.length ? { card: pick(observerView().canvas).card } : {}) }],
  () => {
    const a = pick(observerView().actions || []);
    if (!a) return null;
    const s = chance(0.5) ? live().find((x) => x.id === a.by) : anyone();
    return [s, { type: 'editaction', action: a.id, text: text(), ...(chance(0.5) ? { due: '2026-06-0' + randInt(1, 9) } : {}) }];
  },
  () => {
    const a = pick(observerView().actions || []);
    if (!a || chance(0.5)) return null;
    return [anyone(), { type: 'delaction', action: a.id }];
  },
  () => [anObserver(), { type: 'addaction', text: 'from the wall' }, anObserver() && anObserver().id !== observerView().facilitator ? 'not_a_player' : undefined],
];

function canvasCard(filter) { return pick((observerView().canvas || []).filter(filter || (() => true))); }

function playCmd(seat, phase) {
  const hand = seat.view.hand || [];
  const card = pick(hand);
  if (!card) return null;
  const cmd = { type: 'play', card, part: pick(PARTS) };
  if (phase === 'canvas' || chance(0.5)) cmd.text = text();
  if (deckKinds.get(card) === 'blank') cmd.title = 'Own idea ' + randInt(1, 9);
  return [seat, cmd];
}

const canvasSteps = [
  () => {
    const v = observerView();
    if (v.settings.canvasTogether) return playCmd(aPlayer(), 'canvas');
    const s = live().find((x) => x.id === v.turn);
    return s ? playCmd(s, 'canvas') : null;
  },
  () => {
    const v = observerView();
    const s = live().find((x) => x.id === v.turn);
    return s ? [s, { type: 'pass' }] : null;
  },
  () => {
    const v = observerView();
    const s = pick(players().filter((x) => x.id !== v.turn && (x.view.hand || []).length));
    if (!s) return null;
    const [, cmd] = playCmd(s, 'canvas');
    return [s, cmd, v.settings.canvasTogether ? undefined : 'not_your_turn'];
  },
  () => { const v = observerView(); const s = pick(players().filter((x) => x.id !== v.turn)); return s ? [s, { type: 'pass' }, 'not_your_turn'] : null; },
  () => [facilitator(), { type: 'skipturn' }, observerView().settings.canvasTogether ? 'no_change' : undefined],
  () => { const s = live().find((x) => x.id === observerView().turn); return s ? [s, { type: 'play', card: pick(s.view.hand || ['none']), part: 'aanbod' }, 'reason_required'] : null; },
  ...duringPlay,
];

const reactSteps = [
  () => {
    const s = aPlayer();
    const c = s && canvasCard((c) => c.owner !== s.id);
    return c ? [s, { type: 'react', card: c.card, kind: pick(['plus', 'plus', 'question', 'concern']), ...(chance(0.5) ? { text: text() } : {}) }] : null;
  },
  () => { const s = aPlayer(); const c = s && canvasCard((c) => c.owner === s.id); return c ? [s, { type: 'react', card: c.card, kind: 'plus' }, 'own_card'] : null; },
  () => {
    const c = canvasCard();
    if (!c) return null;
    const owner = live().find((x) => x.id === c.owner);
    return [chance(0.7) ? owner : facilitator(), { type: 'move', card: c.card, part: pick(PARTS.filter((p) => p !== c.part)) }];
  },
];

const dotSteps = [
  () => { const c = canvasCard(); const s = aPlayer(); return c && s ? [s, { type: 'dot', card: c.card }] : null; },
  () => { const c = canvasCard(); const s = aPlayer(); return c && s ? [s, { type: 'dot', card: c.card }] : null; },
  () => {
    const s = aPlayer();
    if (!s) return null;
    const v = s.view;
    const mine = v.settings.anonymousVotes ? (v.myDots || []) : (v.canvas || []).filter((c) => (c.dots || []).includes(s.id)).map((c) => c.card);
    if (mine.length) return [s, { type: 'undot', card: pick(mine) }];
    const c = canvasCard();
    return c ? [s, { type: 'undot', card: c.card }, 'no_dot'] : null;
  },
  () => { const o = anObserver(); const c = canvasCard(); return o && c && o.id !== observerView().facilitator ? [o, { type: 'dot', card: c.card }, 'not_a_player'] : null; },
  ...reactSteps,
];

async function randomSteps(n, steps) {
  for (let i = 0; i < n; i++) {
    const gen = pick(steps);
    const r = gen();
    if (!r || !r[0]) continue;
    await run(r[0], r[1], r[2]);
  }
}

async function fac(cmd, expect) { return run(facilitator(), cmd, expect); }

async function statementRound(first, last) {
  // Anonymous votes are revealed from two votes on (§8).
  if (observerView().settings.anonymousVotes && !(currentRound(observerView())?.voted || []).length) {
    await fac({ type: 'reveal' }, 'too_few_votes');
    await run(aPlayer(), { type: 'vote', value: 4 });
    await fac({ type: 'reveal' }, 'too_few_votes');
  }
  // The first statement gets everyone's vote: the countdown starts by itself (§8), unless
  // settings.manualReveal, when the facilitator's reveal starts it below.
  if (first) for (const p of players()) await run(p, { type: 'vote', value: randInt(1, 5) });
  const steps = randInt(3, 9);
  for (let i = 0; i < steps; i++) {
    const cur = currentRound(observerView());
    if (cur?.revealed) break;
    const which = rnd();
    if (which < 0.55) await run(aPlayer(), { type: 'vote', value: randInt(1, 5) });
    else if (which < 0.65) await run(aPlayer(), { type: 'vote', value: pick([0, 6]) }, 'bad_value');
    else if (which < 0.75) await fac({ type: 'insight', text: text() });
    else if (which < 0.8) await run(anObserver(), { type: 'vote', value: 3 }, anObserver()?.id === observerView().facilitator ? undefined : 'not_a_player');
    else if (which < 0.85) await run(plain(), { type: 'nextcard' }, 'not_facilitator');
    else await randomSteps(1, [...common, ...duringPlay]);
  }
  const cur = currentRound(observerView());
  if (cur && !cur.revealed && (first || chance(0.6))) await fac({ type: 'reveal' }); // countdown, or too_few_votes / voting_closed
  if (!last) await fac({ type: 'nextcard' });
}

// ---------------------------------------------------------------------------------------

async function main() {
  const settings = {
    statements: 3,
    opening: chance(0.5),
    closing: chance(0.5),
    anonymousVotes: chance(0.5),
    canvasTogether: chance(0.4),
    manualReveal: chance(0.25),
    title: `Doc client <${SEED}> & co`,
    handoverSeconds: 1, // so a stand-in takes over within a second of the facilitator dropping
    written: ['Our own statement & more', 'Another <written> one'],
  };
  const created = await http('POST', '/api/rooms', { lang: 'en', settings });
  if (created.status !== 201) throw new Abort(`POST /api/rooms: ${created.status} ${created.text}`);
  room.code = created.json.code;
  room.token = created.json.facilitatorToken;
  const look = await http('GET', `/api/rooms/${room.code.toLowerCase().replace('-', '')}`);
  if (look.status !== 200 || look.json.code !== room.code) fail(`GET /api/rooms/{code} in lower case without dash: ${look.status} ${look.text}`);

  // The seats: the facilitator, 3–5 players, an observer, a meeting-room screen.
  const nPlayers = randInt(3, 5);
  await join(new Seat('Fac', 'facilitator'), { name: 'Fenna & <Fac>', lang: 'en', facilitatorToken: room.token });
  const names = ['Pim', 'Zoë "Z"', 'Joost\\', 'Anouk\u2029', 'Bo  spaced  '];
  for (let i = 0; i < nPlayers; i++) {
    await join(new Seat(`P${i + 1}`, 'player'), { name: names[i], lang: pick(['nl', 'en']) });
    if (i === 1) await join(new Seat('Obs', 'observer'), { name: 'Wall', observer: true });
    if (i === 0) await join(new Seat('Screen', 'screen'), { screen: true });
  }
  // A second join on a seated connection is refused and the connection stays usable.
  {
    const p = seats.find((s) => s.role === 'player');
    const m = await p.welcome({ v: 2, t: 'join', room: room.code, name: 'again' });
    if (m.t !== 'error' || m.code !== 'already_joined') fail(`${p.who()}: a second join got ${short(m)}, want already_joined`);
  }

  // Lobby.
  await envelope();
  await wireErrors();
  {
    // A facilitator who is not alone must hand over before leaving (§4).
    const m = await facilitator().welcome({ v: 2, t: 'leave' });
    if (m.t !== 'error' || m.code !== 'must_hand_over' || m.id !== undefined) fail(`the facilitator's leave: ${short(m)}, want must_hand_over without id`);
  }
  // The order of the checks (§8): a players' command in the wrong phase is wrong_phase
  // even from an observer; a facilitator's command from a player is not_facilitator in
  // any phase.
  for (const cmd of [{ type: 'vote', value: 3 }, { type: 'dot', card: 'x' }, { type: 'undot', card: 'x' },
    { type: 'play', card: 'x', part: 'aanbod' }, { type: 'pass' }, { type: 'take', kind: 'technology' },
    { type: 'discard', card: 'x' }, { type: 'answer', text: 'a' }, { type: 'react', card: 'x', kind: 'plus' },
    { type: 'move', card: 'x', part: 'aanbod' }, { type: 'addaction', text: 'a' }]) await run(anObserver(), cmd, 'wrong_phase');
  for (const cmd of [{ type: 'nextcard' }, { type: 'skipturn' }, { type: 'reveal' }, { type: 'next' },
    { type: 'prompt', kind: 'question' }, { type: 'spotlight' }, { type: 'insight', text: 'a' },
    { type: 'cardanswer', card: 'x' }, { type: 'kick', seat: 1 }]) await run(plain(), cmd, 'not_facilitator');
  await run(plain(), { type: 'start' }, 'not_facilitator');
  await run(aPlayer(), { type: 'vote', value: 3 }, 'wrong_phase');
  await fac({ type: 'cofacilitator', seat: pick(players().filter((s) => s !== facilitator())).id });
  {
    const s = clone(observerView().settings);
    s.title = 'Changed: ' + s.title;
    s.dots = 2;
    // Optimistic concurrency (§4, `version`): a command for a version the room has left is
    // stale, whatever else it would be; at the room's own version it goes through.
    const at = facilitator().view.version;
    await fac({ type: 'settings', settings: s, version: at - 1 }, 'stale');
    await fac({ type: 'settings', settings: s, version: at });
    await fac({ type: 'settings', settings: s }, 'no_change');
    await fac({ type: 'settings', settings: s, version: 1 }, 'stale');
  }
  await randomSteps(6, common);
  // Choose statements, then load an own deck over HTTP (§15): its deckset keeps only the
  // written statements of chosen (§10.1).
  {
    const st = clone(observerView().settings);
    st.chosen = ['own:2', pick(cardsOfKind('statement')), 'own:1'];
    await fac({ type: 'settings', settings: st });
    const deck = (await http('GET', `/api/decks/${seats[0].deckHash}`)).json;
    deck.id = `doc-deck-${SEED}`;
    deck.name = { nl: 'Doc-deck', en: 'Doc deck' };
    const r = await http('PUT', `/api/rooms/${room.code}/deck?name=doc.json`, deck, room.token);
    if (r.status !== 200) fail(`PUT deck: ${r.status} ${r.text}`);
    await waitFor(() => 'the deckset at every seat', () => live().every((x) => x.view.deckId === deck.id));
    await loadDeck(observerSeat().deckHash);
    const chosen = observerView().settings.chosen || [];
    if (chosen.join() !== 'own:2,own:1') fail(`after deckset, settings.chosen is ${JSON.stringify(chosen)}, want the written ones only`);
    await afterStep();
    // The deck command on the websocket (§8): a deck that fails validation is bad_value; a
    // small one whose frame fits in 16 KiB (deck-format.md: 4 statements, 24 technology and
    // blank cards; every card an icon, a technology also a body, a part and an example) is a
    // deckset like the one over HTTP. Then the full deck again, over HTTP, for the rest of the
    // session.
    await fac({ type: 'deck', deck: { id: 'broken', cards: [] } }, 'bad_value');
    const short1 = (c) => ({ id: c.id, kind: c.kind, title: c.title, icon: c.icon });
    const tech = (c) => ({ ...short1(c), body: c.title, parts: c.parts, example: { nl: 'Voorbeeld.', en: 'Example.' } });
    const of = (kind) => deck.cards.filter((c) => c.kind === kind);
    const blanks = of('blank').map(short1);
    const small = {
      id: `doc-small-${SEED}`, version: deck.version, name: { nl: 'Klein', en: 'Small' },
      cards: [...of('statement').slice(0, 4).map(short1), ...blanks, ...of('technology').slice(0, Math.max(0, 24 - blanks.length)).map(tech)],
    };
    const bytes = Buffer.byteLength(JSON.stringify({ v: 2, t: 'cmd', id: 'x'.repeat(64), cmd: { type: 'deck', deck: small } }));
    if (bytes > 16384) throw new Abort(`the small deck's frame is ${bytes} bytes, over 16 KiB`);
    await fac({ type: 'deck', deck: small }, 'ack');
    await waitFor(() => 'the small deck at every seat', () => live().every((x) => x.view.deckId === small.id));
    await loadDeck(observerSeat().deckHash);
    await afterStep();
    const back = await http('PUT', `/api/rooms/${room.code}/deck?name=doc.json`, deck, room.token);
    if (back.status !== 200) fail(`PUT deck again: ${back.status} ${back.text}`);
    await waitFor(() => 'the full deck again at every seat', () => live().every((x) => x.view.deckId === deck.id));
    await loadDeck(observerSeat().deckHash);
    await afterStep();
  }
  // Idempotency (§7): the same id again is acked with the same n; with another command, id_reused.
  {
    const f = facilitator();
    const id = `${f.prefix}.again`;
    const first = await f.command({ type: 'timer', kind: 'stop' }, id); // no timer: refused, not remembered
    if (first.t !== 'error' || first.code !== 'no_change') fail(`timer stop without a timer: ${short(first)}, want no_change`);
    const p = players().find((s) => s !== f);
    const pid = `${p.prefix}.again`;
    const a = await p.command({ type: 'rename', name: 'Renamed once' }, pid);
    await waitAll(a.n);
    const b = await p.command({ type: 'rename', name: 'Renamed once' }, pid);
    if (b.t !== 'ack' || b.n !== a.n) fail(`${p.who()}: a resent command got ${short(b)}, want the ack with n=${a.n}`);
    const c = await p.command({ type: 'rename', name: 'Other' }, pid);
    if (c.t !== 'error' || c.code !== 'id_reused') fail(`${p.who()}: a reused id with another command got ${short(c)}, want id_reused`);
    await afterStep();
  }

  await fac({ type: 'start' });
  if (observerView().phase === 'opening') {
    for (const s of players()) await run(s, { type: 'answer', text: text() });
    await randomSteps(5, [...common, timerCmd, () => [aPlayer(), { type: 'answer', text: chance(0.3) ? '' : text() }]]);
    await fac({ type: 'next' });
  }

  // Statements.
  if (observerView().phase !== 'statements') fail(`after the start and opening: phase ${observerView().phase}, want statements`);
  const rounds = randInt(2, 3);
  for (let i = 0; i < rounds; i++) await statementRound(i === 0, i === rounds - 1);
  await run(plain(), { type: 'skipturn' }, 'not_facilitator');
  await fac({ type: 'next' });

  // Canvas.
  if (observerView().phase !== 'canvas') fail(`phase ${observerView().phase}, want canvas`);
  await randomSteps(randInt(50, 70), [...canvasSteps, ...canvasSteps.slice(0, 2), ...reactSteps, ...common]);
  // A player becomes an observer (its hand goes to the discard pile) and is made a
  // player again by the facilitator (dealt a new hand in the canvas phase) (§8).
  {
    const p = plain();
    if (p) {
      await run(p, { type: 'observer', observer: true }, 'ack');
      await run(p, { type: 'observer', observer: true }, 'no_change');
      await run(p, { type: 'dot', card: 'x' }, 'wrong_phase'); // the phase comes before the role (§8)
      await fac({ type: 'observer', seat: p.id, observer: false }, 'ack');
    }
  }
  await canvasRefusals();
  await timeUp();
  await changeMidway();
  // A connection drops and the seat resumes (§6.2).
  await dropAndResume(pick(players().filter((s) => s !== facilitator())));
  await fac({ type: 'next' });

  // Dots.
  if (observerView().phase !== 'dots') fail(`phase ${observerView().phase}, want dots`);
  await randomSteps(randInt(30, 45), [...dotSteps, ...common]);
  await changeMidway();
  await replaceConnection(pick(players().filter((s) => s !== facilitator())));
  // Hand the role over and back (§8).
  {
    const f = facilitator();
    // To the co-facilitator, when there is one: they are then no longer co-facilitator.
    const to = coFacilitator() || pick(players().filter((s) => s !== f));
    await run(f, { type: 'handover', seat: to.id });
    await run(f, { type: 'undo' }, ['not_facilitator', 'nothing_to_undo']);
    await run(to, { type: 'handover', seat: f.id });
    await run(f, { type: 'handover', seat: f.id }, 'bad_value');
  }
  await fac({ type: 'next' });

  // Actions.
  if (observerView().phase !== 'actions') fail(`phase ${observerView().phase}, want actions`);
  await randomSteps(randInt(40, 60), [...duringPlay, ...duringPlay, ...reactSteps, ...common]);
  await actionRefusals();
  await fac({ type: 'timer', kind: 'start', seconds: 0 });
  await fac({ type: 'undo' });
  // An insight on an earlier statement, in any phase; without card only while one is up (§8).
  await fac({ type: 'insight', card: observerView().rounds[0].card, text: 'Later & wiser' }, 'ack');
  await fac({ type: 'insight', text: 'no card up' }, 'wrong_phase');
  await fac({ type: 'insight', card: pick(cardsOfKind('technology')), text: 'x' }, 'unknown_card');
  {
    const st = clone(observerView().settings);
    st.anonymousVotes = !st.anonymousVotes;
    await fac({ type: 'settings', settings: st }, 'votes_cast');
  }
  await standIn();

  // The free table, reached by a jump.
  await fac({ type: 'phase', phase: 'free' });
  await randomSteps(randInt(20, 30), [
    () => [aPlayer(), { type: 'take', kind: pick(['technology', 'blank', 'question', 'advice', 'statement']) }],
    () => { const s = pick(players().filter((x) => (x.view.hand || []).length)); return s ? playCmd(s, 'free') : null; },
    () => { const s = pick(players().filter((x) => (x.view.hand || []).length)); return s ? [s, { type: 'discard', card: pick(s.view.hand) }] : null; },
    () => { const c = canvasCard(); return c ? [live().find((x) => x.id === c.owner) || facilitator(), { type: 'discard', card: c.card }] : null; },
    ...reactSteps,
  ]);
  // A card taken by its id (§8 `take`: `card`, from any face-down or discard pile): a player
  // discards a card of its hand and takes that very card back; it is in the hand again.
  {
    const s = pick(players().filter((x) => (x.view.hand || []).length));
    if (s) {
      const card = pick(s.view.hand);
      await run(s, { type: 'discard', card }, 'ack');
      if ((s.view.hand || []).includes(card)) fail(`${s.who()}: ${card} still in the hand after its discard`);
      await run(s, { type: 'take', card }, 'ack');
      if (!(s.view.hand || []).includes(card)) fail(`${s.who()}: ${card} not in the hand after taking it from the discard pile`);
    }
  }
  await fac({ type: 'next' });
  if (observerView().phase === 'closing') {
    for (const s of players()) if (chance(0.7)) await run(s, { type: 'answer', text: text() });
    await fac({ type: 'next' });
  }
  if (observerView().phase !== 'report') fail(`after the last step: phase ${observerView().phase}, want report`);

  // After the end.
  await run(aPlayer(), { type: 'addaction', text: 'late' }, 'session_ended');
  await run(facilitator(), { type: 'end' }, 'session_ended');
  await run(aPlayer(), { type: 'rename', name: 'After the end' });
  await fac({ type: 'phase', phase: 'report' }, 'no_change');
  await fac({ type: 'phase', phase: 'actions' });
  await fac({ type: 'undo' });
  const [leaver, kicked] = players().filter((s) => s !== facilitator() && s !== coFacilitator());
  if (kicked) await fac({ type: 'kick', seat: kicked.id }, 'session_ended');
  await fac({ type: 'phase', phase: 'actions' }); // reopened: a kick is possible again

  // One player leaves, one is kicked (§4, §6.9).
  if (leaver) {
    leaver.send({ v: 2, t: 'leave' });
    await waitFor(() => `${leaver.label}'s close after leave`, () => leaver.closed);
    if (leaver.bye?.close !== 4505 || leaver.closed.code !== 4505) fail(`${leaver.who()}: leave ended with bye ${short(leaver.bye)} and close ${leaver.closed.code}, want 4505`);
    leaver.gone = true;
    await waitFor(() => `everyone seeing ${leaver.label} gone`, () => live().every((s) => seatOf(s.view, leaver.id)?.gone));
    await afterStep();
  }
  if (kicked) {
    kicked.kicking = true;
    await fac({ type: 'kick', seat: kicked.id }, 'ack');
    await waitFor(() => `${kicked.label}'s close after kick`, () => kicked.closed);
    if (kicked.closed.code !== 4501) fail(`${kicked.who()}: kick closed with ${kicked.closed.code}, want 4501`);
    kicked.gone = true;
  }
  // A late joiner takes the lowest colour that no seat still in the room has (§10.1).
  await join(new Seat('Late', 'player'), { name: 'Late & last', lang: 'nl' });
  // A meeting-room screen cannot lead (handover: not_a_player) but may be kicked: no view
  // lists it, so the event changes no view (§8).
  {
    const scr = seats.find((x) => x.role === 'screen' && x.live);
    if (scr) {
      await fac({ type: 'handover', seat: scr.id }, 'not_a_player');
      scr.kicking = true;
      await fac({ type: 'kick', seat: scr.id }, 'ack');
      await waitFor(() => 'the screen closing after its kick', () => scr.closed);
      if (scr.closed.code !== 4501) fail(`${scr.who()}: kick closed with ${scr.closed.code}, want 4501`);
    }
  }
  // Joining as an observer with the facilitator token takes the role over (§4).
  await join(new Seat('Fac2', 'observer'), { name: 'Second screen lead', observer: true, facilitatorToken: room.token });
  if (observerView().facilitator !== seats.at(-1).id) fail(`after a join with the facilitator token the facilitator is ${observerView().facilitator}, want ${seats.at(-1).id}`);
  await crowd();
  await fac({ type: 'end' });
  // A resume with the kicked seat's token is refused (§4).
  if (kicked) {
    const k = new Seat('Kicked-again', 'player');
    await k.open();
    const m = await k.welcome({ v: 2, t: 'resume', room: room.code, token: kicked.token, since: kicked.n });
    if (m.t !== 'error' || m.code !== 'bad_token') fail(`resume with a kicked seat's token: ${short(m)}, want bad_token`);
    await waitFor(() => 'the close after bad_token', () => k.closed);
    if (k.closed.code !== 4503) fail(`resume with a kicked seat's token: close ${k.closed.code} after bad_token, want 4503`);
  }

  // Every seat syncs at the end.
  for (const s of live()) await s.sync('final sync');
  crossCheck();

  // The facilitator's view over HTTP equals the facilitator seat's view (§15).
  const st = await http('GET', `/api/rooms/${room.code}/state`, undefined, room.token);
  const f = facilitator();
  if (st.status !== 200) fail(`GET state: ${st.status} ${st.text}`);
  else if (f && st.json.version === f.n) {
    const d = diffPaths(canon('view', f.view), st.json);
    if (d.length) fail(`GET /api/rooms/{code}/state differs from the facilitator's view:\n    ${d.join('\n    ')}`);
  }
  await httpAPI();
  await printAndDeck();
  await deleteRoom();
}

// printAndDeck: the printed decks, the guide and an own deck after the start (§15). The
// built-in deck and the room's as A4 PDFs, named by deck and language, the room's for its
// facilitator only; the guide as HTML in both languages; a deck put after the start is
// checked first (400 bad_deck with its problems) and then refused by the engine (409, the
// session having ended: session_ended); and /metrics names what §15 lists.
async function printAndDeck() {
  const v = observerView();
  const pdf = (r, deckId, lang, what) => {
    if (r.status !== 200) { fail(`${what}: ${r.status} ${short(r.text)}`); return; }
    if (r.headers.get('content-type') !== 'application/pdf') fail(`${what}: Content-Type ${r.headers.get('content-type')}, want application/pdf`);
    const want = `attachment; filename="impactkaarten-${deckId}-${lang}.pdf"`;
    if (r.headers.get('content-disposition') !== want) fail(`${what}: Content-Disposition ${r.headers.get('content-disposition')}, want ${want}`);
    if (!r.text.startsWith('%PDF-')) fail(`${what}: the body is not a PDF: ${short(r.text.slice(0, 20))}`);
  };
  const builtIn = await http('GET', '/api/decks/print?lang=en');
  pdf(builtIn, 'digitaal-dna', 'en', 'GET /api/decks/print');
  const print = `/api/rooms/${room.code}/deck/print`;
  expectStatus(await http('GET', `${print}?lang=fr`, undefined, room.token), 400, 'bad_lang', "the room's deck printed in French");
  expectStatus(await http('GET', print), 401, 'unauthorized', "the room's deck printed without a token");
  pdf(await http('GET', print, undefined, room.token), v.deckId, 'nl', `GET ${print}`);
  for (const lang of ['nl', 'en']) {
    const g = await http('GET', `/guide?lang=${lang}`);
    if (g.status !== 200 || g.headers.get('content-type') !== 'text/html; charset=utf-8' || !g.text.includes(`<html lang="${lang}">`)) fail(`GET /guide?lang=${lang}: ${g.status} ${g.headers.get('content-type')} ${short(g.text.slice(0, 80))}, want the guide's HTML page in ${lang}`);
  }
  // An own deck once the session has begun: a CSV with a problem, then a good deck.
  const put = async (body, name) => {
    const r = await fetch(`${BASE}/api/rooms/${room.code}/deck?name=${encodeURIComponent(name)}`, {
      method: 'PUT', body, headers: { Authorization: `Bearer ${room.token}` }, signal: AbortSignal.timeout(WAIT_MS) });
    const text = await r.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: r.status, json, text };
  };
  const csv = await put('kind,id,title_nl\nstatement,st-1,\n', 'Ons deck.csv');
  if (csv.status !== 400 || csv.json?.error !== 'bad_deck' || !Array.isArray(csv.json?.problems) || !csv.json.problems.length) fail(`PUT a CSV deck with problems: ${csv.status} ${short(csv.text, 200)}, want 400 bad_deck with its problems`);
  const deck = (await http('GET', `/api/decks/${seats[0].deckHash}`)).json;
  const late = await put(JSON.stringify(deck), 'deck.json');
  const rule = v.ended ? 'session_ended' : 'wrong_phase';
  expectStatus(late, 409, rule, `PUT a good deck after the start (phase ${v.phase})`);
  const metrics = await http('GET', '/metrics');
  for (const name of ['impactkaarten_connections', 'impactkaarten_rooms_loaded', 'impactkaarten_messages_in_total',
    'impactkaarten_messages_out_total', 'impactkaarten_commands_rejected_total', 'impactkaarten_store_commit_seconds',
    'impactkaarten_commands_committed_total', 'impactkaarten_command_seconds', 'impactkaarten_closes_total']) {
    if (!new RegExp(`^${name}[{ _]`, 'm').test(metrics.text)) fail(`GET /metrics has no ${name} (§15)`);
  }
}

// httpAPI: what §15 says of the look-up and the facilitator endpoints, beside the views
// the seats hold.
async function httpAPI() {
  const v = observerView();
  const look = await http('GET', `/api/rooms/${room.code}`);
  if (look.status !== 200) { fail(`GET /api/rooms/{code}: ${look.status} ${look.text}`); return; }
  noStore(look, 'GET /api/rooms/{code}');
  // players: seats in the room that are not observers; online: connected seats, observers
  // and screens included.
  const inRoom = v.seats.filter((x) => !x.gone);
  const want = {
    exists: true, code: room.code, phase: v.phase, players: inRoom.filter((x) => !x.observer).length,
    online: inRoom.filter((x) => x.connected).length + seats.filter((x) => x.role === 'screen' && x.live && !x.kicking).length,
    deckId: v.deckId, lang: v.settings.lang,
  };
  for (const [k, w] of Object.entries(want)) if (look.json[k] !== w) fail(`GET /api/rooms/{code}: ${k} is ${JSON.stringify(look.json[k])}, the seats' view makes it ${JSON.stringify(w)}`);
  if (typeof look.json.deckName?.nl !== 'string' || typeof look.json.deckName?.en !== 'string') fail(`GET /api/rooms/{code}: deckName ${short(look.json.deckName)}, want {nl, en}`);

  // Creating a room: what the table of §15 says of a body that is not right.
  const create = async (body, status, code, what) => {
    const r = await fetch(`${BASE}/api/rooms`, { method: 'POST', body, signal: AbortSignal.timeout(WAIT_MS) });
    const text = await r.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    if (r.status !== status || json?.error !== code) fail(`POST /api/rooms with ${what}: ${r.status} ${short(text, 200)}, want ${status} ${code}`);
    return json;
  };
  await create('{"bogus":1}', 400, 'bad_request', 'an unknown field');
  await create('{"settings":{"dots":99}}', 400, 'bad_settings', '99 dots');
  const bad = await create('{"deck":"geen-deck"}', 400, 'bad_deck', 'an unknown deck id');
  if (!Array.isArray(bad?.problems) || !bad.problems.length) fail(`POST /api/rooms with an unknown deck id: no problems listed: ${short(bad)}`);
  await create(`{"settings":{"title":"${'x'.repeat(1 << 20)}"}}`, 413, 'too_large', 'a body over 1 MiB');
  const health = await http('GET', '/healthz');
  if (health.status !== 200 || health.json?.ok !== true || !Number.isInteger(health.json?.roomsLoaded)) fail(`GET /healthz: ${health.status} ${short(health.text)}, want 200 {"ok":true,"roomsLoaded":…}`);

  // The facilitator endpoints' statuses, in their order: the format before the token, the
  // token's absence before its worth.
  const report = `/api/rooms/${room.code}/report`;
  expectStatus(await http('GET', `${report}?format=doc`), 400, 'bad_format', 'a report in an unknown format, without a token');
  expectStatus(await http('GET', `${report}?lang=fr`, undefined, room.token), 400, 'bad_lang', 'a report in an unknown language');
  const anon = await http('GET', report);
  expectStatus(anon, 401, 'unauthorized', 'a report without a token');
  if (!/^Bearer realm=/.test(anon.headers.get('www-authenticate') || '')) fail(`a report without a token: WWW-Authenticate ${anon.headers.get('www-authenticate')}, want Bearer realm=…`);
  const someone = players().find((x) => x.id !== v.facilitator);
  if (someone) expectStatus(await http('GET', `/api/rooms/${room.code}/state`, undefined, someone.token), 403, 'forbidden', `the state with ${someone.label}'s seat token`);
  // The seat that is facilitator now speaks for the room with its own seat token.
  const lead = facilitator();
  if (lead) {
    const st = await http('GET', `/api/rooms/${room.code}/state`, undefined, lead.token);
    if (st.status !== 200 || st.json.me !== lead.id) fail(`the state with the facilitator's seat token: ${st.status}, me ${st.json?.me}, want 200 and me ${lead.id}`);
    noStore(st, 'GET /api/rooms/{code}/state');
  }
  // The report, in each format that is text, as the file itself.
  const types = { json: 'application/json', md: 'text/markdown', html: 'text/html', csv: 'text/csv', ics: 'text/calendar' };
  for (const [format, type] of Object.entries(types)) {
    const r = await http('GET', `${report}?format=${format}&lang=${pick(['nl', 'en'])}`, undefined, room.token);
    const ct = r.headers.get('content-type') || '';
    const cd = r.headers.get('content-disposition') || '';
    if (r.status !== 200 || !ct.startsWith(type)) fail(`the ${format} report: ${r.status} ${ct}, want 200 ${type}`);
    const file = new RegExp(`^attachment; filename="impactkaarten-${room.code}-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`);
    if (!file.test(cd)) fail(`the ${format} report: Content-Disposition ${JSON.stringify(cd)}, want attachment; filename="impactkaarten-${room.code}-<date>.${format}"`);
  }
}

// noStore: an API answer that is JSON is not to be cached (§15).
function noStore(r, what) {
  if (!(r.headers.get('content-type') || '').startsWith('application/json')) fail(`${what}: Content-Type ${r.headers.get('content-type')}, want application/json`);
  if (r.headers.get('cache-control') !== 'no-store') fail(`${what}: Cache-Control ${r.headers.get('cache-control')}, want no-store`);
}

// deleteRoom deletes the room (§15): 204, every connection gets bye and close 4504, and the
// room is gone.
async function deleteRoom() {
  const open = live();
  const r = await http('DELETE', `/api/rooms/${room.code}`, undefined, room.token);
  if (r.status !== 204 || r.text !== '') fail(`DELETE /api/rooms/{code}: ${r.status} ${short(r.text)}, want 204 without a body`);
  for (const x of open) {
    await waitFor(() => `${x.label}'s close after the delete`, () => x.closed);
    if (x.closed.code !== 4504 || x.bye?.close !== 4504) fail(`${x.who()}: after the delete bye ${short(x.bye)} and close ${x.closed.code}, want 4504`);
  }
  const look = await http('GET', `/api/rooms/${room.code}`);
  if (look.status !== 404 || look.json?.error !== 'unknown_room') fail(`GET /api/rooms/{code} after the delete: ${look.status} ${short(look.text)}, want 404 unknown_room`);
  // A resume into the deleted room: unknown_room, then close 4502.
  const x = open[0];
  if (x) {
    const since = x.n;
    await x.open();
    const m = await x.welcome({ v: 2, t: 'resume', room: room.code, token: x.token, since });
    if (m.t !== 'error' || m.code !== 'unknown_room') fail(`${x.who()}: a resume into the deleted room got ${short(m)}, want unknown_room`);
    await waitFor(() => `${x.label}'s close after unknown_room`, () => x.closed);
    if (x.closed.code !== 4502) fail(`${x.who()}: a resume into the deleted room closed with ${x.closed.code}, want 4502`);
  }
}

// canvasRefusals sends, in the canvas phase, commands the document names a refusal for,
// one for each rule, each from a seat that passes the checks before it (§8: the order of
// checks; §11): it waits for the code the document gives, and run checks that nothing
// changed.
async function canvasRefusals() {
  const f = facilitator();
  const p = plain();
  if (!f || !p) return;
  await run(p, { type: 'fly' }, 'unknown_command');
  {
    // A cmd without an id: an error without id, and the connection stays open (§3).
    const m = await p.welcome({ v: 2, t: 'cmd', cmd: { type: 'pass' } });
    if (m.t !== 'error' || m.code !== 'missing_id' || m.id !== undefined) fail(`${p.who()}: a cmd without id got ${short(m)}, want missing_id without id`);
  }
  await fac({ type: 'kick', seat: 99 }, 'unknown_seat');
  await fac({ type: 'handover', seat: 99 }, 'unknown_seat');
  await fac({ type: 'kick', seat: f.id }, 'bad_value');
  await run(p, { type: 'rename', name: 'x'.repeat(33) }, 'too_long');
  await run(p, { type: 'rename', name: ' \t ' }, 'bad_value');
  await run(p, { type: 'rename', name: ` ${'y'.repeat(32)}  ` }, 'ack'); // 32 characters once trimmed
  await fac({ type: 'timer', kind: 'start', seconds: 7201 }, 'bad_value');
  await fac({ type: 'spotlight', card: 'nope' }, 'unknown_card');
  await fac({ type: 'spotlight', action: 999999 }, 'unknown_action');
  await fac({ type: 'prompt', card: 'nope' }, 'unknown_card');
  await fac({ type: 'prompt', card: pick(cardsOfKind('technology')) }, 'no_cards');
  await fac({ type: 'cardanswer', card: pick(cardsOfKind('technology')), text: 'x' }, 'bad_value');
  const v = observerView();
  const onCanvas = v.canvas || [];
  const hand = (s) => s.view.hand || [];
  // A canvas card moved by a player who did not place it (and is not the facilitator).
  const other = onCanvas.find((c) => c.owner !== p.id);
  if (other) await run(p, { type: 'move', card: other.card, part: pick(PARTS.filter((x) => x !== other.part)) }, 'not_owner');
  // A card in another seat's hand, not on the canvas.
  const held = players().find((s) => s !== p && hand(s).length);
  if (held) {
    await fac({ type: 'move', card: hand(held)[0], part: 'impact' }, 'not_on_canvas');
    await run(p, { type: 'react', card: hand(held)[0], kind: 'plus' }, 'not_on_canvas');
  }
  // A play from a seat that passes the phase, role, turn, count and timer checks: the card,
  // the part, the reason and the title are checked in that order (§8, Canvas together).
  await fac({ type: 'timer', kind: 'stop' }, ['ack', 'no_change']);
  const limit = v.settings.canvasCards || 2;
  const s = v.settings.canvasTogether
    ? players().find((x) => hand(x).length && (seatInfo(x).roundPlayed || 0) < limit)
    : live().find((x) => x.id === observerView().turn && hand(x).length);
  if (s) {
    const card = hand(s).find((c) => deckKinds.get(c) === 'technology') || hand(s)[0];
    const elsewhere = onCanvas[0]?.card || players().flatMap((x) => (x === s ? [] : hand(x)))[0];
    if (elsewhere) await run(s, { type: 'play', card: elsewhere, part: 'impact', text: 'why' }, 'not_in_hand');
    await run(s, { type: 'play', card: 'nope', part: 'impact', text: 'why' }, 'unknown_card');
    await run(s, { type: 'play', card, part: 'nowhere', text: 'why' }, 'bad_value');
    await run(s, { type: 'play', card, part: 'impact', text: 'w'.repeat(141) }, 'too_long');
    await run(s, { type: 'play', card, part: 'impact' }, 'reason_required');
    const blank = hand(s).find((c) => deckKinds.get(c) === 'blank');
    if (blank) {
      await run(s, { type: 'play', card: blank, part: 'impact', text: 'why' }, 'title_required');
      await run(s, { type: 'play', card: blank, part: 'impact', text: 'why', title: 't'.repeat(41) }, 'too_long');
    }
  }
}

// timeUp: the timer in the canvas phase (§8, Canvas together). Played together, a play
// after the timer has run out gets time_up, while it runs past its end and once it is
// paused with nothing left, and a seat that has placed its cards still gets limit_reached
// (the count comes before the timer); extending the timer opens the round again. Turn by
// turn, the timer running out stops no play.
async function timeUp() {
  const v = observerView();
  if (v.phase !== 'canvas' || !facilitator()) return;
  const hand = (s) => s.view.hand || [];
  const limit = v.settings.canvasCards || 2;
  const canPlay = (x) => hand(x).length && (v.settings.canvasTogether
    ? (seatInfo(x).roundPlayed || 0) < limit
    : x.id === observerView().turn);
  const s = players().find(canPlay);
  if (!s) return;
  await fac({ type: 'timer', kind: 'start', seconds: 1 }, 'ack');
  await clockPast(observerView().timer.endsAt);
  const play = (text) => {
    const card = hand(s).find((c) => deckKinds.get(c) === 'technology') || hand(s)[0];
    return { type: 'play', card, part: pick(PARTS), text, ...(deckKinds.get(card) === 'blank' ? { title: 'Late idea' } : {}) };
  };
  if (!v.settings.canvasTogether) {
    await run(s, play('after the time, turn by turn'), 'ack');
    await fac({ type: 'timer', kind: 'stop' }, 'ack');
    return;
  }
  await run(s, play('late'), 'time_up');
  const full = players().find((x) => hand(x).length && (seatInfo(x).roundPlayed || 0) >= limit);
  if (full) await run(full, { type: 'play', card: hand(full)[0], part: 'impact', text: 'late' }, 'limit_reached');
  await fac({ type: 'timer', kind: 'pause' }, 'ack');
  // A paused timer with nothing left has no `remaining` in a view the relay encoded: a
  // missing field is its zero value (§3).
  const t = observerView().timer;
  if (t.running || (t.remaining ?? 0) !== 0 || !t.duration) fail(`a timer paused after it ran out: ${short(t)}, want it paused with remaining 0 (§10.1)`);
  await run(s, play('late, paused'), 'time_up');
  await fac({ type: 'timer', kind: 'resume' }, 'no_change'); // nothing left to run
  await fac({ type: 'timer', kind: 'extend', seconds: 60 }, 'ack');
  await run(s, play('in the time added'), 'ack');
  await fac({ type: 'timer', kind: 'stop' }, 'ack');
}

// changeMidway: settings the facilitator may change once play has begun (§8, settings).
// In the canvas phase, playing together or turn by turn: switched during the round, it
// takes the turn away (view.turn 0) or gives it to a player; in the dots phase, the dots
// a player has may not go below what a seat has placed (bad_value).
async function changeMidway() {
  const v = observerView();
  const change = async (edit, expect) => {
    const st = clone(observerView().settings);
    edit(st);
    return fac({ type: 'settings', settings: st }, expect);
  };
  if (v.phase === 'canvas') {
    const was = !!v.settings.canvasTogether;
    for (const together of [!was, was]) {
      await change((st) => { st.canvasTogether = together; }, 'ack');
      const turn = observerView().turn || 0;
      const holder = turn && seatOf(observerView(), turn);
      if (together && turn !== 0) fail(`the canvas switched to playing together: turn ${turn}, want 0 (§8)`);
      if (!together && (!holder || holder.gone || holder.observer || holder.screen)) fail(`the canvas switched to turn by turn: the turn went to ${short(holder || turn)}, want a player`);
    }
  }
  if (v.phase === 'dots' && !v.settings.anonymousVotes) {
    const most = Math.max(0, ...v.seats.map((x) => x.dotsUsed || 0));
    if (most >= 2) await change((st) => { st.dots = most - 1; }, 'bad_value');
    if (most >= 1 && most !== v.settings.dots) {
      const had = v.settings.dots;
      await change((st) => { st.dots = most; }, 'ack');
      await change((st) => { st.dots = had; }, 'ack');
    }
  }
}

// clockPast waits until this machine's clock is past ms (Unix milliseconds), which the
// relay's clock, read when it stamps a command, is then too: a condition, not a pause.
async function clockPast(ms) {
  while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, ms + 1 - Date.now()));
}

// actionRefusals: the same for the actions phase.
async function actionRefusals() {
  const p = plain();
  if (!p) return;
  await run(p, { type: 'editaction', action: 999999, text: 'x' }, 'unknown_action');
  await run(p, { type: 'delaction', action: 999999 }, 'unknown_action');
  await run(p, { type: 'addaction', text: 'a'.repeat(201) }, 'too_long');
  await run(p, { type: 'addaction', text: '' }, 'bad_value');
  await run(p, { type: 'addaction', text: 'a', due: '2026-13-40' }, 'bad_value');
  await run(p, { type: 'addaction', text: 'a', owner: 'o'.repeat(49) }, 'too_long');
  await run(p, { type: 'addaction', text: 'a', seat: 99 }, 'unknown_seat');
  await fac({ type: 'timer', kind: 'stop' }, ['ack', 'no_change']);
  await fac({ type: 'timer', kind: 'pause' }, 'no_change');
  await fac({ type: 'timer', kind: 'resume' }, 'no_change');
  await fac({ type: 'timer', kind: 'extend', seconds: 60 }, 'no_change');
}

// MAX_SEATS is the seats a room takes, ever joined (§14).
const MAX_SEATS = 40;

// crowd fills the room (§10.1, §14): seats join until every one of the 12 colours is held
// by a seat still in the room, and past that, where a new seat's colour is the number of
// entries in seats before it, modulo 12; one that joined before the colours ran out
// leaves, and the next seat takes its colour, the lowest free one; the room takes 40
// seats ever joined (screens, observers and seats that left counted), and the next join
// gets room_full and close 4508.
async function crowd() {
  const present = () => observerView().seats.filter((x) => !x.gone);
  let i = 0;
  let freed = -1; // the colour the crowd seat that left held, until the next seat takes it
  let left = false;
  while (seats.length < MAX_SEATS) {
    i++;
    const observer = i % 3 === 0;
    const s = new Seat(`Crowd${i}`, observer ? 'observer' : 'player');
    await join(s, { name: `Crowd ${i} & co`, lang: pick(['nl', 'en']), observer });
    const mine = seatInfo(s);
    if (freed >= 0) {
      if (mine.color !== freed) fail(`${s.who()} got colour ${mine.color}, want ${freed}, the lowest free one, left by a seat that went`);
      freed = -1;
    }
    const colours = present().map((x) => x.color);
    if (!left && new Set(colours).size === 12 && colours.length === 14) {
      // Two seats past the 12 colours: the first crowd seat whose colour no other seat in
      // the room holds leaves.
      const unique = (x) => colours.filter((c) => c === seatInfo(x).color).length === 1;
      const first = seats.find((x) => x.label.startsWith('Crowd') && x.live && unique(x));
      if (first) {
        const colour = seatInfo(first).color;
        left = true;
        first.send({ v: 2, t: 'leave' });
        await waitFor(() => `${first.label}'s close after leave`, () => first.closed);
        first.gone = true;
        await waitFor(() => `everyone seeing ${first.label} gone`, () => live().every((x) => seatOf(x.view, first.id)?.gone));
        await afterStep();
        freed = colour;
      }
    }
  }
  const shared = present().length - new Set(present().map((x) => x.color)).size;
  if (shared === 0) fail(`${present().length} seats in the room and no colour held twice: the crowd never went past the 12 colours`);
  // The 41st join.
  const extra = new Seat('Crowd-full', 'player');
  await extra.open();
  const m = await extra.welcome({ v: 2, t: 'join', room: room.code, name: 'One too many' });
  if (m.t !== 'error' || m.code !== 'room_full') fail(`the join after ${MAX_SEATS} seats: ${short(m)}, want room_full`);
  await waitFor(() => 'the close after room_full', () => extra.closed);
  if (extra.closed.code !== 4508) fail(`after room_full: close ${extra.closed.code}, want 4508`);
  await afterStep();
}

// envelope: the decoding rules of §3 and §4 on a connection that has no seat yet.
async function envelope() {
  const x = new Seat('Raw', 'probe');
  await x.open();
  const expectErr = (m, code, what) => { if (m.t !== 'error' || m.code !== code) fail(`${what}: got ${short(m)}, want error ${code}`); };
  expectErr(await x.command({ type: 'vote', value: 1 }), 'not_joined', 'a cmd before join');
  expectErr(await x.welcome({ v: 2, t: 'sync' }), 'not_joined', 'a sync before join');
  expectErr(await x.welcome({ v: 2, t: 'nonsense' }), 'unknown_type', 'an unknown t');
  expectErr(await x.welcome({ v: 2, t: 'join', room: room.code, name: 'x', bogus: 1 }), 'bad_message', 'an unknown field');
  expectErr(await x.welcome({ v: 2, t: 'join', room: 'ABC-01O', name: 'x' }), 'bad_room', 'a code with 0 and O');
  expectErr(await x.welcome({ v: 2, t: 'resume', room: room.code }), 'bad_token', 'a resume without token');
  // Frames the relay cannot take (§3): each gets an error without id, and the connection
  // stays usable.
  const raw = (text) => x.answerTo(text);
  const deep = (n) => '['.repeat(n) + ']'.repeat(n);
  for (const [text, code, what] of [
    ['garbage', 'bad_message', 'not JSON'],
    ['[1]', 'bad_message', 'an array'],
    ['"s"', 'bad_message', 'a string'],
    ['null', 'bad_message', 'null'],
    ['{"v":2,"t":"sync"', 'bad_message', 'truncated'],
    ['{"v":2,"t":"sync"}{"v":2,"t":"sync"}', 'bad_message', 'two messages in one frame'],
    ['{"v":2,"t":"sync","T":"sync"}', 'bad_message', 'a field name twice, in another case'],
    [`{"v":2,"t":"join","room":"${room.code}","name":"x","cmd":{"type":"vote","bogus":1}}`, 'bad_message', 'an unknown field inside cmd'],
    ['{"v":2,"t":"join","room":5,"name":"x"}', 'bad_message', 'a number for the room'],
    ['{"v":2.5,"t":"sync"}', 'bad_message', 'a fraction for v'],
    [`{"v":2,"t":"resume","room":"${room.code}","token":"x","since":-1}`, 'bad_message', 'a negative since'],
    [`{"v":2,"t":"join","room":"${room.code}","name":${deep(17)}}`, 'bad_message', 'arrays 17 deep'],
    ['{"t":"sync"}', 'bad_message', 'no v'],
    ['{"v":0,"t":"sync"}', 'bad_message', 'v 0'],
    ['{"v":2}', 'bad_message', 'no t'],
    ['{"v":2,"t":"join","name":"x"}', 'bad_room', 'a join without room'],
    [`{"v":2,"t":"cmd","id":"${'i'.repeat(65)}","cmd":{"type":"pass"}}`, 'bad_message', 'a cmd id of 65 bytes'],
    ['{"v":2,"t":"cmd","id":7,"cmd":{"type":"pass"}}', 'bad_message', 'a cmd id that is a number'],
    ['{"v":2,"t":"cmd","id":"c1"}', 'bad_message', 'a cmd without cmd'],
    ['{"v":2,"t":"cmd","id":"c1","cmd":null}', 'bad_message', 'cmd null'],
    ['{"v":2,"t":"cmd","id":"c1","cmd":{}}', 'bad_message', 'a cmd without type'],
  ]) {
    const m = await raw(text);
    if (m.t !== 'error' || m.code !== code || m.id !== undefined) fail(`a frame with ${what}: got ${short(m)}, want error ${code} without id (§3)`);
    if (x.closed) { fail(`a frame with ${what} closed the connection (${x.closed.code}); §3: it stays usable`); return; }
  }
  expectErr(await x.welcome({ v: 1, t: 'join', room: room.code, name: 'x' }), 'bad_version', 'a version-1 join');
  await waitFor(() => 'the close after bad_version', () => x.closed);
  if (x.closed.code !== 4506 || x.bye?.close !== 4506) fail(`after bad_version: bye ${short(x.bye)}, close ${x.closed.code}, want 4506`);
}

// wireErrors: frames that break the websocket protocol (§3, §12), each on a connection of
// its own: a protocol error (an unmasked frame, a reserved bit, a continuation with no
// message begun, a control frame over 125 bytes) closes with 1002 and a message over
// 16 KiB with 1009, both without bye; a text frame of invalid UTF-8 closes with 1007,
// after its bye. A message of exactly 16 KiB is read (and answered).
async function wireErrors() {
  const sync = Buffer.from('{"v":2,"t":"sync"}');
  const probe = async (label, send, code, bye) => {
    const x = new Seat(label, 'probe');
    await x.open();
    send(x.ws);
    await waitFor(() => `${label}'s close`, () => x.closed);
    if (x.closed.code !== code) fail(`${label}: closed with ${x.closed.code}, want ${code} (§12)`);
    if (bye && x.bye?.close !== code) fail(`${label}: bye ${short(x.bye)} before close ${code}, want one with close ${code} (§6.9)`);
    if (!bye && x.bye) fail(`${label}: a bye ${short(x.bye)} before close ${code} (§12: none)`);
  };
  await probe('Unmasked', (ws) => ws.rawFrame({ op: 0x1, payload: sync, masked: false }), 1002, false);
  await probe('Reserved', (ws) => ws.rawFrame({ op: 0x1, rsv: 0x40, payload: sync }), 1002, false);
  await probe('Orphan', (ws) => ws.rawFrame({ op: 0x0, payload: sync }), 1002, false);
  await probe('Big ping', (ws) => ws.rawFrame({ op: 0x9, payload: Buffer.alloc(126) }), 1002, false);
  await probe('Too big', (ws) => ws.send(`{"v":2,"t":"sync"${' '.repeat(16385 - sync.length)}}`), 1009, false);
  await probe('Latin-1', (ws) => ws.rawFrame({ op: 0x1, payload: Buffer.from('{"v":2,"t":"join","name":"Caf\xe9"}', 'latin1') }), 1007, true);
  const x = new Seat('Just fits', 'probe');
  await x.open();
  const fits = `{"v":2,"t":"sync"${' '.repeat(16384 - sync.length)}}`;
  if (Buffer.byteLength(fits) !== 16384) fail(`the client built ${Buffer.byteLength(fits)} bytes, not 16,384`);
  const m = await x.answerTo(fits);
  if (m.t !== 'error' || m.code !== 'not_joined') fail(`a message of exactly 16,384 bytes: ${short(m)}, want not_joined (read, and answered)`);
  if (x.closed) fail(`a message of exactly 16,384 bytes closed the connection (${x.closed.code})`);
}

// standIn: the facilitator drops; with no co-facilitator online, after
// settings.handoverSeconds (1 s here) the relay makes the longest-online player the
// stand-in (stoodin). Then, by the seed, the stand-in leaves (the role goes back to the
// absent facilitator, and on to the next player online longest), or drops and is
// replaced in the same way (and leads no more when it comes back), or stays. The
// facilitator resumes and leads again (facilitatorback) (§8, §10.1).
async function standIn() {
  const f = facilitator();
  if (f.role !== 'facilitator') return;
  if (observerView().coFacilitator) await fac({ type: 'cofacilitator' });
  f.ws.close(1000);
  await waitFor(() => `${f.label}'s socket closing`, () => f.closed);
  await waitFor(() => `the others seeing ${f.label} offline`, () => live().every((x) => offline(x.view, f.id)));
  const want = longestOnline(f);
  await waitFor(() => `a stand-in for ${f.label} at every seat`, () => live().every((x) => x.view.away === f.id));
  await afterStep();
  const stand = facilitator();
  if (!stand) { fail('no stand-in seat is online'); return; }
  if (stand.id !== want) fail(`the stand-in is seat ${stand.id}; §8 names the player online longest, seat ${want} (online since ${short([...onlineSince])})`);
  await run(stand, { type: 'timer', kind: 'start', seconds: 45 }, 'ack');
  await run(stand, { type: 'kick', seat: plain()?.id ?? 99 }, 'not_facilitator');
  await run(stand, { type: 'cofacilitator', seat: f.id }, 'not_facilitator');
  await run(stand, { type: 'handover', seat: f.id }, 'not_facilitator');
  const then = pick(['leave', 'drop', 'stay']);
  if (process.env.DOCCLIENT_VERBOSE) console.log(`stand-in: seat ${stand.id} for seat ${f.id}, then ${then}`);
  switch (then) {
    case 'leave': {
      // The stand-in may leave (it holds the role for the one who comes back): the role is
      // the absent facilitator's again, then passes on.
      stand.send({ v: 2, t: 'leave' });
      await waitFor(() => `${stand.label}'s close after leave`, () => stand.closed);
      if (stand.bye?.close !== 4505 || stand.closed.code !== 4505) fail(`${stand.who()}: the stand-in's leave ended with bye ${short(stand.bye)} and close ${stand.closed.code}, want 4505`);
      stand.gone = true;
      await waitFor(() => `everyone seeing ${stand.label} gone`, () => live().every((s) => seatOf(s.view, stand.id)?.gone));
      await passesOn(f, stand);
      break;
    }
    case 'drop': {
      stand.ws.close(1000);
      await waitFor(() => `${stand.label}'s socket closing`, () => stand.closed);
      await waitFor(() => `the others seeing ${stand.label} offline`, () => live().every((x) => offline(x.view, stand.id)));
      await passesOn(f, stand);
      await resume(stand);
      if (observerView().facilitator === stand.id) fail(`${stand.who()}, the stand-in replaced while offline, leads again after its resume`);
      break;
    }
  }
  if (chance(0.3)) {
    // A join with the facilitator token ends the absence too: the new seat leads, and the
    // absent seat comes back without the role (§8).
    const g = new Seat('FacJoin', 'facilitator');
    await join(g, { name: 'Back on another device', lang: 'en', facilitatorToken: room.token });
    await waitFor(() => `${g.label} leading at every seat`, () => live().every((x) => x.view.facilitator === g.id && !x.view.away));
    await resume(f);
    if (observerView().facilitator !== g.id || observerView().away) fail(`${f.who()}, whose absence a join with the facilitator token ended, came back: facilitator ${observerView().facilitator}, away ${observerView().away}; want ${g.id} and none`);
    return;
  }
  await f.open();
  const m = await f.welcome({ v: 2, t: 'resume', room: room.code, token: f.token, since: f.n });
  if (m.t !== 'welcome') { fail(`${f.who()}: resume answered with ${short(m)}`); return; }
  f.adopt(m);
  // The facilitatorback follows the seat's connected event (§8); the welcome includes the
  // connected event (§6.2) but may come before the facilitatorback, which then arrives as an
  // event: wait for it.
  if (process.env.DOCCLIENT_VERBOSE) console.log(`welcome after the stand-in: facilitator ${m.view.facilitator}, away ${m.view.away ?? 0}`);
  await waitFor(() => `${f.label} leading again at every seat`, () => live().every((x) => x.view.facilitator === f.id && !x.view.away));
  await waitAll(m.n);
  await afterStep();
}

// passesOn waits, after the stand-in was left without the role (it left, or has been
// offline for the hand-over time), for the role to pass to the next player online longest,
// the absent facilitator f still away; with no player online, f holds it, absent (§8).
async function passesOn(f, stand) {
  const next = longestOnline(f);
  if (process.env.DOCCLIENT_VERBOSE) console.log(`stand-in after seat ${stand.id}: seat ${next ?? 'none'}`);
  if (next === undefined) {
    await waitFor(() => `${f.label} holding the role, absent, at every seat`, () => live().every((x) => x.view.facilitator === f.id && !x.view.away));
  } else {
    await waitFor(() => `seat ${next} standing in for ${f.label} after ${stand.label} at every seat`, () => live().every((x) => x.view.facilitator === next && x.view.away === f.id));
  }
  await afterStep();
}

async function dropAndResume(s) {
  if (!s) return;
  s.ws.close(1000);
  await waitFor(() => `${s.label}'s socket closing`, () => s.closed);
  await waitFor(() => `the others seeing ${s.label} offline`, () => live().every((x) => offline(x.view, s.id)));
  await afterStep();
  await resume(s);
}

// replaceConnection resumes the seat s on a second connection while its first is open:
// the first gets bye and close 4500 (replaced), the second the seat's welcome (§6.2).
async function replaceConnection(s) {
  if (!s) return;
  s.replaced = null;
  s.oldBye = null;
  await resume(s);
  await waitFor(() => `${s.label}'s first connection closing as replaced`, () => s.replaced);
  if (s.replaced.code !== 4500 || s.oldBye?.close !== 4500) fail(`${s.who()}: its first connection ended with bye ${short(s.oldBye)} and close ${s.replaced.code} after a resume elsewhere, want 4500`);
  await afterStep();
}

// resume opens a new connection for the seat s and resumes it (§6.2).
async function resume(s) {
  const since = s.n;
  await s.open();
  const m = await s.welcome({ v: 2, t: 'resume', room: room.code, token: s.token, since });
  if (m.t !== 'welcome') { fail(`${s.who()}: resume answered with ${short(m)}`); return; }
  if (m.token !== undefined) fail(`${s.who()}: the welcome to a resume carries a token`);
  if (m.seat !== s.id) fail(`${s.who()}: resumed into seat ${m.seat}`);
  if (!seatOf(m.view, s.id)?.connected) fail(`${s.who()}: the resume's welcome does not show the seat online (§6.2: its own connected event included)`);
  s.adopt(m);
  await waitAll(m.n);
  await afterStep();
}

// createRoom creates the room a mode plays in (§15) and keeps its code and token.
async function createRoom() {
  const created = await http('POST', '/api/rooms', { lang: 'en' });
  if (created.status !== 201) throw new Abort(`POST /api/rooms: ${created.status} ${created.text}`);
  room.code = created.json.code;
  room.token = created.json.facilitatorToken;
}

// flood (node client.mjs <base-url> <seed> flood, against a relay with its default limits):
// the message limit of §14 on a seated connection. A burst of 40 messages passes; the rest
// are dropped, with at most one rate_limited error (without id) a second; once the dropped
// messages, less one for each message allowed since, exceed 400, bye and close 4002.
async function flood() {
  await createRoom();
  await join(new Seat('Calm', 'player'), { name: 'Calm' });
  const s = new Seat('Flood', 'player');
  await join(s, { name: 'Flood' });
  s.flooding = true;
  s.limited = [];
  // 40 pass, 401 are dropped, and a few more for the tokens that come back meanwhile (20 a
  // second): the relay must close before the last.
  const started = Date.now();
  const total = 40 + 401 + 40;
  for (let i = 0; i < total; i++) s.send({ v: 2, t: 'pong' });
  await waitFor(() => `the close after ${total} messages at once`, () => s.closed);
  const seconds = (Date.now() - started) / 1000;
  if (s.closed.code !== 4002 || s.bye?.close !== 4002) fail(`${s.who()}: a flood ended with bye ${short(s.bye)} and close ${s.closed.code}, want 4002`);
  if (s.limited.length < 1 || s.limited.length > 1 + Math.ceil(seconds)) fail(`${s.who()}: ${s.limited.length} rate_limited errors in ${seconds} s, want one, and at most one a second`);
  // The other seat goes on; the flooder's seat is offline, not gone.
  const calm = seats[0];
  await waitFor(() => 'the calm seat seeing the flooder offline', () => offline(calm.view, s.id));
  await run(calm, { type: 'rename', name: 'Still here' }, 'ack');
  await calm.sync('after the flood');
}

// tries (node client.mjs <base-url> <seed> tries, against a relay with its default limits):
// the join-failure budget of an address (§6.2, §14). Joins with codes that name no room
// get unknown_room, ten of them (more only if the minute gives some back meanwhile), then
// too_many_tries and close 4507. While the budget is spent a join is refused for every
// code, a room that exists included, and so is a look-up over HTTP (429); a resume with a
// valid seat token still gets its welcome, one with a token that is not one gets
// too_many_tries, and the facilitator endpoints answer the correct token.
async function tries() {
  await createRoom();
  const p = new Seat('Player', 'player');
  await join(p, { name: 'Player' });
  const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const unknownCode = () => {
    for (;;) {
      const c = Array.from({ length: 6 }, () => ALPHABET[randInt(0, ALPHABET.length - 1)]).join('');
      if (c !== room.code.replace(/-/g, '')) return c;
    }
  };
  const refused = async (x, msg, what) => {
    await x.open();
    const m = await x.welcome(msg);
    if (m.t !== 'error' || m.code !== 'too_many_tries') fail(`${what}: ${short(m)}, want too_many_tries`);
    await waitFor(() => `${x.label}'s close after too_many_tries`, () => x.closed);
    if (x.closed.code !== 4507 || x.bye?.close !== 4507) fail(`${what}: bye ${short(x.bye)} and close ${x.closed.code}, want 4507`);
  };
  const guesser = new Seat('Guesser', 'probe');
  await guesser.open();
  const began = Date.now();
  let misses = 0;
  let m;
  for (let i = 0; i < 40; i++) {
    m = await guesser.welcome({ v: 2, t: 'join', room: unknownCode(), name: 'Guess' });
    if (m.t !== 'error' || m.code !== 'unknown_room') break;
    misses++;
  }
  const back = Math.floor((Date.now() - began) / 6000) + 1; // given back meanwhile, at most
  if (misses < 10 || misses > 10 + back) fail(`${misses} codes that name no room got unknown_room before ${short(m)}; the budget is 10`);
  if (m.t !== 'error' || m.code !== 'too_many_tries') fail(`after ${misses} unknown codes: ${short(m)}, want too_many_tries`);
  await waitFor(() => 'the guesser closing', () => guesser.closed);
  if (guesser.closed.code !== 4507 || guesser.bye?.close !== 4507) fail(`the guesser: bye ${short(guesser.bye)} and close ${guesser.closed.code}, want 4507`);
  await refused(new Seat('Neighbour', 'probe'), { v: 2, t: 'join', room: room.code, name: 'Neighbour' }, 'a join into a room that exists, with the budget spent');
  expectStatus(await http('GET', `/api/rooms/${room.code}`), 429, 'too_many_tries', 'a look-up with the budget spent');
  await refused(new Seat('Forger', 'probe'), { v: 2, t: 'resume', room: room.code, token: 'not-a-token-of-this-room', since: 0 }, 'a resume with a token that is not one');
  // The player behind the same address keeps the seat.
  p.ws.close(1000);
  await waitFor(() => `${p.label}'s socket closing`, () => p.closed);
  await resume(p);
  const st = await http('GET', `/api/rooms/${room.code}/state`, undefined, room.token);
  if (st.status !== 200) fail(`the facilitator's state with the correct token, the budget spent: ${st.status} ${short(st.text)}, want 200`);
  expectStatus(await http('GET', `/api/rooms/${room.code}/state`, undefined, 'not-the-token'), 429, 'too_many_tries', "the facilitator's state with a wrong token, the budget spent");
  await run(p, { type: 'rename', name: 'Still seated' }, 'ack');
  await addressLimits(p);
}

// addressLimits: the other limits of one address (§14). 20 rooms created a minute (the
// first was this session's; one comes back every 3 s), then 429 too_many_rooms; 200
// connections at once, the seated one included, then 429 on GET /ws, and the seated one
// plays on. A connection the relay closed a moment ago may still count for a moment.
async function addressLimits(p) {
  const began = Date.now();
  let rooms = 1;
  let r;
  for (let i = 0; i < 60; i++) {
    r = await http('POST', '/api/rooms', { lang: 'en' });
    if (r.status !== 201) break;
    rooms++;
  }
  const back = Math.floor((Date.now() - began) / 3000) + 1;
  expectStatus(r, 429, 'too_many_rooms', `after ${rooms} rooms created`);
  if (rooms < 20 || rooms > 20 + back) fail(`${rooms} rooms created before 429; the limit is 20 a minute`);
  const openRaw = () => new Promise((resolve) => {
    const ws = new Socket(WS_URL);
    ws.onopen = () => resolve({ ws, status: 101 });
    ws.onerror = (err) => { const m = /answered (\d+)/.exec(err.message); if (m) resolve({ ws: null, status: Number(m[1]) }); };
    ws.onclose = () => resolve({ ws: null, status: 0 });
  });
  const open = [];
  let last;
  for (let i = 0; i < 260; i++) {
    last = await openRaw();
    if (!last.ws) break;
    open.push(last.ws);
  }
  const held = open.length + 1; // and the seated player's
  for (const ws of open) try { ws.close(1000); } catch {}
  if (last.status !== 429) fail(`the websocket after ${held} connections from one address: ${last.status}, want 429`);
  if (held > 200 || held < 196) fail(`${held} connections from one address before 429; the limit is 200 at once`);
  await run(p, { type: 'rename', name: 'Seated still' }, 'ack');
}

// liveness (node client.mjs <base-url> <seed> liveness, against a relay that pings every
// half second and waits 3 s for an answer): the relay sends a ping frame and a ping
// message with its clock; a seated connection that answers neither (no pong frame, no
// message) is closed with bye and 4000, while one whose library answers the frames, and
// one that answers the messages instead, stay and play on (§6.8, §12).
async function liveness() {
  await createRoom();
  const alive = new Seat('Alive', 'player');
  await join(alive, { name: 'Alive' });
  const talker = new Seat('Talker', 'player');
  await join(talker, { name: 'Talker' });
  talker.ws.mute = true;
  talker.talkBack = true;
  const silent = new Seat('Silent', 'player');
  await join(silent, { name: 'Silent' });
  silent.ws.mute = true;
  await waitFor(() => 'the silent seat closing', () => silent.closed);
  if (silent.closed.code !== 4000 || silent.bye?.close !== 4000) fail(`${silent.who()}: silence ended with bye ${short(silent.bye)} and close ${silent.closed.code}, want 4000`);
  if (!silent.ws.pings) fail(`${silent.who()}: closed for silence without a ping frame first`);
  await waitFor(() => 'a ping message at the seat that answers the frames', () => alive.pingNow !== undefined);
  if (Math.abs(alive.pingNow - Date.now()) > 60_000) fail(`${alive.who()}: a ping's now ${alive.pingNow} is far from this machine's clock ${Date.now()}`);
  const answered = [alive, talker].filter((x) => {
    if (x.closed) fail(`${x.who()}: closed (${x.closed.code}) though it answered`);
    return !x.closed;
  });
  await waitFor(() => 'the others seeing the silent seat offline', () => answered.every((x) => offline(x.view, silent.id)));
  for (const x of answered) await run(x, { type: 'rename', name: `${x.label} still here` }, 'ack');
}

// slow (node client.mjs <base-url> <seed> slow, against a relay whose message rate is
// lifted): a reader too slow for its queue (§5, §6.4, §12, §14). One seat stops reading
// its socket while the facilitator edits an action as fast as the answers come; once its
// socket's window is full and 256 messages wait at the relay, the relay closes it with
// 4001 (no bye: the queue is full) and ends the connection within 2 s, so the others see
// it go offline; the seat, which reads nothing meanwhile, gets no close frame (1006).
// Reading again, it gets in order every event the relay sent before the close, and
// nothing after it; a resume seats it again.
async function slow() {
  await createRoom();
  const fac = new Seat('Fac', 'facilitator');
  await join(fac, { name: 'Fac', lang: 'en', facilitatorToken: room.token });
  const reader = new Seat('Slow', 'player');
  await join(reader, { name: 'Slow' });
  await run(fac, { type: 'start' }, 'ack');
  await run(fac, { type: 'addaction', text: 'An action edited many times' }, 'ack');
  const action = fac.view.actions[0].id;
  reader.ws.sock.pause(); // it reads nothing more until the relay has given up on it
  const pausedAt = Date.now();
  const pausedN = reader.n;
  const long = 'x'.repeat(180);
  let edits = 0;
  while (!offline(fac.view, reader.id)) {
    if (edits > 200000) throw new Abort(`${reader.who()}: still online after ${edits} events it did not read`);
    const batch = [];
    for (let i = 0; i < 32; i++, edits++) batch.push(fac.command({ type: 'editaction', action, text: `${long} ${edits}`, owner: 'o'.repeat(48) }));
    for (const m of await Promise.all(batch)) if (m.t !== 'ack') fail(`${fac.who()}: an edit got ${short(m)}, want ack`);
  }
  const offlineAt = fac.n;
  const tookMs = Date.now() - pausedAt;
  reader.ws.sock.resume();
  await waitFor(() => `${reader.label}'s close, reading again`, () => reader.closed);
  if (![4001, 1006].includes(reader.closed.code)) fail(`${reader.who()}: a reader too slow was closed with ${reader.closed.code}, want 1006 (or 4001, should the close frame have found room)`);
  if (reader.bye) fail(`${reader.who()}: a bye (${short(reader.bye)}) when its queue was full (§5: none then)`);
  if (reader.n >= offlineAt) fail(`${reader.who()}: read n=${reader.n}, yet it went offline at n=${offlineAt}: events after its close reached it`);
  const read = reader.n;
  const code = reader.closed.code;
  await resume(reader);
  await run(fac, { type: 'editaction', action, text: 'Read at last' }, 'ack');
  await reader.sync('after a resume that follows a close for a slow reader');
  await fac.sync('after the slow reader');
  console.log(`slow: the reader stopped reading at n=${pausedN}; ${edits} edits and ${tookMs} ms later the others saw it offline (n=${offlineAt}); it had been sent up to n=${read}, then close ${code}`);
}

// storage (node client.mjs <base-url> <seed> storage, against a relay whose store fails
// to keep the command whose id begins with "store-fails", and then to load the room twice):
// a room whose store stops answering (§11, §12). The command gets the error storage, and
// no seat sees anything of it; the room, which cannot load what is stored either, stops:
// every seat gets bye and close 4004. Reconnecting at once, a resume gets unavailable
// while the store still fails, on a connection that stays open (§11), and, tried again
// there, its welcome once the room loads, with the table as it was stored.
async function storage() {
  await createRoom();
  const fac = new Seat('Fac', 'facilitator');
  await join(fac, { name: 'Fac', lang: 'en', facilitatorToken: room.token });
  await join(new Seat('Pim', 'player'), { name: 'Pim' });
  await join(new Seat('Bo', 'player'), { name: 'Bo' });
  await run(fac, { type: 'start' }, 'ack');
  await run(fac, { type: 'addaction', text: 'Kept' }, 'ack');
  const stored = fac.n;
  const all = [...seats];
  const lost = fac.command({ type: 'addaction', text: 'Lost' }, 'store-fails-1');
  // The store gives up on that command once the room appends again: the facilitator's
  // renames, sent after it on the same connection, until the relay closes the connection.
  // Those the room took get the storage error too; those it had not, no answer.
  const renames = [];
  let answered = false;
  lost.then(() => { answered = true; }, () => { answered = true; });
  while (!answered && !fac.closed) {
    renames.push(fac.command({ type: 'rename', name: `Fac ${renames.length + 1}` }).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const m = await lost;
  if (m.t !== 'error' || m.code !== 'storage') fail(`${fac.who()}: a command the store could not keep got ${short(m)}, want error storage`);
  for (const r of renames) {
    const a = await Promise.race([r, Promise.resolve(null)]);
    if (a && (a.t !== 'error' || a.code !== 'storage')) fail(`${fac.who()}: a command after the one the store could not keep got ${short(a)}, want error storage or no answer`);
  }
  for (const s of all) {
    await waitFor(() => `${s.label}'s close once the room stopped`, () => s.closed);
    if (s.closed.code !== 4004 || s.bye?.close !== 4004) fail(`${s.who()}: the room stopped after a storage error; bye ${short(s.bye)} and close ${s.closed.code}, want 4004`);
    if (s.n !== stored) fail(`${s.who()}: at n=${s.n} when the room stopped, want n=${stored}: the command that was not stored reached it`);
  }
  // 4004: reconnect at once, and resume (§12).
  let unavailable = 0;
  for (const s of all) {
    await s.open();
    for (let tries = 1; ; tries++) {
      const w = await s.welcome({ v: 2, t: 'resume', room: room.code, token: s.token, since: s.n });
      if (w.t === 'welcome') {
        if (w.seat !== s.id) fail(`${s.who()}: resumed into seat ${w.seat}`);
        s.adopt(w);
        break;
      }
      if (w.t !== 'error' || w.code !== 'unavailable') throw new Abort(`${s.who()}: a resume after close 4004 got ${short(w)}, want a welcome or, while the store fails, unavailable`);
      unavailable++;
      if (tries >= 20) throw new Abort(`${s.who()}: ${tries} resumes got unavailable`);
      await new Promise((resolve) => setTimeout(resolve, 50 * tries)); // a client's back-off
      if (s.closed) throw new Abort(`${s.who()}: its connection closed (${s.closed.code}) after unavailable (§11: it stays open)`);
    }
  }
  if (unavailable === 0) fail('no resume got unavailable while the store could not load the room');
  await waitAll(Math.max(...all.map((s) => s.n)));
  for (const s of all) {
    const texts = (s.view.actions || []).map((a) => a.text);
    if (!texts.includes('Kept') || texts.includes('Lost')) fail(`${s.who()}: actions ${short(texts)} once the room loaded again, want the stored one only`);
  }
  await run(fac, { type: 'addaction', text: 'After' }, 'ack');
  for (const s of all) await s.sync('after the room loaded again');
  console.log(`storage: the room stopped at n=${stored}; ${unavailable} resume(s) got unavailable before it loaded again`);
}

// joinTimeout: connections that neither join nor resume in time (§6.1, §12). One sends
// nothing; the other sends a cmd (not_joined, and it stays open), then, halfway to the
// deadline, a join into a room that does not exist, retried on the same connection: the
// failed attempt does not extend the time. Both get bye and close 4003, neither before the
// time is up, and the one that tried well before a deadline counted from its attempt.
async function joinTimeout() {
  const quiet = new Seat('Quiet', 'probe');
  const tries = new Seat('Tries', 'probe');
  const opened = Date.now();
  await Promise.all([quiet.open(), tries.open()]);
  const m = await tries.command({ type: 'pass' });
  if (m.t !== 'error' || m.code !== 'not_joined') fail(`${tries.label}: a cmd before joining got ${short(m)}, want not_joined`);
  await clockPast(opened + JOIN_MS / 2);
  const triedAt = Date.now();
  const f = await tries.welcome({ v: 2, t: 'join', room: 'ZZZ-ZZZ', name: 'Late' });
  if (f.t !== 'error' || f.code !== 'unknown_room') fail(`${tries.label}: a join into a room that does not exist got ${short(f)}, want unknown_room`);
  await waitFor(() => 'both connections closed', () => quiet.closed && tries.closed);
  for (const x of [quiet, tries]) {
    const after = x.closedAt - opened;
    if (x.closed.code !== 4003 || x.bye?.close !== 4003) fail(`${x.label}: no join in time ended with bye ${short(x.bye)} and close ${x.closed.code}, want 4003`);
    if (after < JOIN_MS) fail(`${x.label}: closed ${after} ms after opening, before the join timeout of ${JOIN_MS} ms`);
  }
  if (tries.closedAt - triedAt >= JOIN_MS) fail(`${tries.label}: closed ${tries.closedAt - triedAt} ms after its failed join: the attempt extended the join timeout (§6.1: it does not)`);
}

// ---------------------------------------------------------------------------------------

const started = Date.now();
let crashed = null;
try {
  if (MODE === 'flood') await flood();
  else if (MODE === 'jointimeout') await joinTimeout();
  else if (MODE === 'tries') await tries();
  else if (MODE === 'liveness') await liveness();
  else if (MODE === 'slow') await slow();
  else if (MODE === 'storage') await storage();
  else await main();
} catch (err) {
  if (!(err instanceof Abort) || failures.length < MAX_FAILURES) crashed = err instanceof Abort ? err.message : err.stack;
}
for (const s of seats) try { s.ws.close(); } catch {}

const perSeat = seats.map((s) => `${s.label}=${s.applied}`).join(' ');
const codes = Object.entries(stats.refusalCodes).map(([k, v]) => `${k}:${v}`).join(',');
const summary = `seed ${SEED}: ${stats.commands} commands (${stats.acks} applied, ${stats.refusals} refused: ${codes}); events applied ${perSeat}; ${stats.hashes} hashes checked; ${stats.syncs} syncs compared; ${stats.rawChecked} welcome encodings checked; ${Date.now() - started} ms`;
if (process.env.DOCCLIENT_VERBOSE) console.log(`events seen by the observer: ${Object.entries(stats.types).map(([k, v]) => `${k}:${v}`).join(' ')}`);
if (crashed) failures.push(`stopped: ${crashed}`);
if (failures.length) {
  console.log(`FAIL ${summary}`);
  for (const f of failures.slice(0, MAX_FAILURES)) console.log(`- ${f}`);
  process.exit(1);
}
console.log(`ok ${summary}`);
process.exit(0);
