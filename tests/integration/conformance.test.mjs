// @ts-check
// WebSocket conformance smoke with a client nobody on the team wrote: npm `ws`, driven through its public
// API only. websocket.test.mjs writes frames byte by byte; this file checks that a real, independent
// implementation agrees with the server on the same points: fragmentation with an interleaved ping,
// whole-message UTF-8, the size limits (the protocol's 16 KiB / 64 KiB reject and the 1 MiB hard close),
// ping payloads, the closing handshake both ways, binary refused, permessage-deflate declined, and the
// server's own keep-alive ping (every 25 s) answered by the client's automatic pong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { Client, startPodium } from '../support/podium.mjs';

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
/** A connection that says hello and then nothing, to catch the server's keep-alive pings. */
let quiet;
/** @type {number[]} */
const quietPings = [];
let quietOpenedAt = 0;

const KIB = 1024;
const PARTICIPANT_LIMIT = 16 * KIB; // PROTOCOL.md, "too_large"
const FACILITATOR_LIMIT = 64 * KIB;
const HARD_LIMIT = 1024 * KIB; // PROTOCOL.md close codes: 1009 "a frame over the hard limit (1 MiB)"
const SERVER_PING_EVERY_MS = 25000; // issue 7: server pings at most 25 s apart

before(async () => {
  podium = await startPodium();
  quiet = await Client.connect(podium.url);
  quietOpenedAt = Date.now();
  quiet.ws.on('ping', () => quietPings.push(Date.now()));
  assert.equal((await quiet.hello({ room: 'plenary', role: 'display' })).type, 'welcome');
});

after(async () => {
  if (!podium) return;
  // Everything above ends in a clean stop: no crash, no sanitizer report (scripts/test runs ASan+UBSan).
  const { code } = await podium.stop();
  assert.equal(code, 0, podium.stderr());
});

/**
 * A `ws` client with the handshake's response kept, not yet open.
 * @returns {{ c: Client, response: Promise<import('node:http').IncomingMessage> }}
 */
function client() {
  const c = new Client(podium.url.replace(/^http/, 'ws') + '/ws', podium.url);
  const response = new Promise((resolve) => c.ws.once('upgrade', resolve));
  return { c, response };
}

async function connect() {
  const { c } = client();
  await c.opened;
  return c;
}

/**
 * How the connection ended, as `ws` saw it: the close frame's code and reason, whether both close frames
 * crossed (`wasClean`), and when.
 * @param {WebSocket} ws
 * @returns {Promise<{code: number, reason: string, wasClean: boolean, at: number}>}
 */
function ended(ws) {
  return new Promise((resolve) =>
    ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean, at: Date.now() })));
}

/** Resolves with the next pong's payload. @param {WebSocket} ws */
const nextPong = (ws) => new Promise((resolve) => ws.once('pong', (data) => resolve(Buffer.from(data))));

/** `{"type":"ping","t0":N,"pad":"xxx"}` of exactly `bytes` bytes. */
function pingOfSize(bytes, t0 = 7) {
  const empty = JSON.stringify({ type: 'ping', t0, pad: '' });
  return JSON.stringify({ type: 'ping', t0, pad: 'x'.repeat(bytes - empty.length) });
}

/** Sends raw text and returns the next message. @param {Client} c @param {string} text */
async function roundTrip(c, text) {
  const from = c.messages.length;
  c.send(text);
  return c.next(() => true, { from });
}

async function stillServing() {
  const fine = await connect();
  assert.equal((await fine.hello({ room: 'group-1', role: 'display' })).type, 'welcome');
  await fine.close();
}

test('handshake: ws offers permessage-deflate and the server declines it; no subprotocol', async () => {
  const { c, response } = client();
  await c.opened;
  const res = await response;
  assert.equal(res.statusCode, 101);
  assert.equal(res.headers['sec-websocket-extensions'], undefined, 'permessage-deflate stays off');
  assert.equal(c.ws.extensions, '');
  assert.equal(c.ws.protocol, '');
  // Frames from the server are parsed by ws (unmasked, well formed, text is UTF-8) or it would fail.
  assert.equal((await c.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
  await c.close();
});

test('(a) a hello sent in 3 fragments, a ping between them: the pong comes at once, then the welcome', async () => {
  const c = await connect();
  /** @type {string[]} */
  const order = [];
  c.ws.on('pong', (data) => order.push(`pong:${data}`));
  c.ws.on('message', (data) => order.push(`message:${JSON.parse(String(data)).type}`));
  const hello = Buffer.from(JSON.stringify({ type: 'hello', protocol: 1, room: 'group-1', role: 'participant', device: c.device }));
  const third = Math.floor(hello.length / 3);
  c.ws.send(hello.subarray(0, third), { binary: false, fin: false });
  const pong = nextPong(c.ws);
  c.ws.ping('between fragments');
  assert.equal(String(await pong), 'between fragments');
  c.ws.send(hello.subarray(third, 2 * third), { binary: false, fin: false });
  c.ws.send(hello.subarray(2 * third), { binary: false, fin: true });
  const welcome = await c.next((m) => m.type === 'welcome' || m.type === 'reject');
  assert.equal(welcome.type, 'welcome', JSON.stringify(welcome));
  assert.deepEqual(order, ['pong:between fragments', 'message:welcome']);

  // UTF-8 is checked on the whole message: a 4-byte character split across fragments is fine.
  const join = Buffer.from(JSON.stringify({ type: 'queue.join', op_id: 'cf-1', name: 'Zoë 日本 🌍' }));
  const cut = join.indexOf(Buffer.from('🌍')) + 1;
  c.ws.send(join.subarray(0, cut), { binary: false, fin: false });
  c.ws.send(join.subarray(cut, cut + 2), { binary: false, fin: false });
  c.ws.send(join.subarray(cut + 2), { binary: false, fin: true });
  const ack = await c.next((m) => (m.type === 'ack' || m.type === 'reject') && m.op_id === 'cf-1');
  assert.equal(ack.type, 'ack', JSON.stringify(ack));
  const joined = await c.next((m) => m.type === 'event' && m.event.type === 'queue.joined');
  assert.equal(joined.event.entry.name, 'Zoë 日本 🌍', 'the name arrives intact');
  await c.close();
});

test('(b) invalid UTF-8 in a text message closes with 1007 and ends the connection', async () => {
  /** @type {[string, (ws: WebSocket) => void][]} */
  const cases = [
    ['a bad continuation byte', (ws) => ws.send(Buffer.from([0x22, 0xc3, 0x28, 0x22]), { binary: false })],
    ['an encoded surrogate', (ws) => ws.send(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), { binary: false })],
    ['a character cut off at the end of a fragmented message', (ws) => {
      ws.send(Buffer.from('"ok'), { binary: false, fin: false });
      ws.send(Buffer.from([0xf0, 0x9f, 0x8c]), { binary: false, fin: true });
    }],
  ];
  for (const [what, send] of cases) {
    const c = await connect();
    const end = ended(c.ws);
    const sentAt = Date.now();
    send(c.ws);
    const result = await end;
    assert.equal(result.code, 1007, what);
    assert.equal(result.wasClean, true, `${what}: both close frames crossed`);
    assert.ok(result.at - sentAt < 2000, `${what}: the server ended the connection (${result.at - sentAt} ms)`);
    assert.equal(c.messages.length, 0, `${what}: nothing was answered`);
  }
  await stillServing();
});

test('(c) size: over 16 KiB is rejected for a participant, 64 KiB for a facilitator; over 1 MiB closes 1009', async () => {
  // Participant: exactly the limit is served, one byte more is too_large (in fragments, too), and the
  // connection stays open.
  const p = await connect();
  assert.equal((await p.hello({ room: 'group-2', role: 'participant' })).type, 'welcome');
  const atLimit = await roundTrip(p, pingOfSize(PARTICIPANT_LIMIT, 1));
  assert.deepEqual([atLimit.type, atLimit.t0], ['pong', 1], JSON.stringify(atLimit).slice(0, 200));
  const over = Buffer.from(pingOfSize(PARTICIPANT_LIMIT + 1, 2));
  const from = p.messages.length;
  for (let at = 0; at < over.length; at += 6000)
    p.ws.send(over.subarray(at, at + 6000), { binary: false, fin: at + 6000 >= over.length });
  const tooLarge = await p.next(() => true, { from });
  assert.equal(tooLarge.type, 'reject');
  assert.equal(tooLarge.code, 'too_large');
  assert.equal((await roundTrip(p, JSON.stringify({ type: 'ping', t0: 3 }))).type, 'pong', 'still open');

  // Facilitator: the larger limit.
  const f = await connect();
  assert.equal((await f.hello({ room: 'group-2', role: 'facilitator', key: podium.keys['group-2'] })).type, 'welcome');
  assert.equal((await roundTrip(f, pingOfSize(PARTICIPANT_LIMIT + 1, 4))).type, 'pong');
  assert.equal((await roundTrip(f, pingOfSize(FACILITATOR_LIMIT, 5))).type, 'pong');
  const fOver = await roundTrip(f, pingOfSize(FACILITATOR_LIMIT + 1, 6));
  assert.deepEqual([fOver.type, fOver.code], ['reject', 'too_large']);

  // The hard limit of the WebSocket layer: exactly 1 MiB still reaches the protocol (and is rejected
  // there); one byte more closes the connection with 1009.
  const atHard = await roundTrip(p, pingOfSize(HARD_LIMIT, 8));
  assert.deepEqual([atHard.type, atHard.code], ['reject', 'too_large']);
  const end = ended(p.ws);
  p.send(pingOfSize(HARD_LIMIT + 1, 9));
  const result = await end;
  assert.equal(result.code, 1009, `got ${result.code} ${result.reason}`);
  assert.equal(result.wasClean, true, 'the close frame arrived before the connection ended');

  // The same in fragments: refused while the message grows past 1 MiB.
  const g = await connect();
  const gEnd = ended(g.ws);
  const piece = Buffer.alloc(256 * KIB, 'x');
  for (let i = 0; i < 5; i++) g.ws.send(piece, { binary: false, fin: false });
  const gResult = await gEnd;
  assert.equal(gResult.code, 1009);
  await f.close();
  await stillServing();
});

test('(d) a ping is answered by a pong with the same payload, in order', async () => {
  const c = await connect();
  const payloads = [Buffer.alloc(0), Buffer.from('hello'), randomBytes(125), Buffer.from([0x00, 0xff, 0xfe, 0x80])];
  /** @type {Buffer[]} */
  const pongs = [];
  c.ws.on('pong', (data) => pongs.push(Buffer.from(data)));
  for (const p of payloads) c.ws.ping(p);
  const deadline = Date.now() + 5000;
  while (pongs.length < payloads.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(pongs.length, payloads.length);
  payloads.forEach((p, i) => assert.equal(pongs[i].toString('hex'), p.toString('hex'), `pong ${i}`));
  // Also after joining, while the room's messages flow.
  assert.equal((await c.hello({ room: 'group-3', role: 'participant' })).type, 'welcome');
  const after = nextPong(c.ws);
  c.ws.ping('joined');
  assert.equal(String(await after), 'joined');
  await c.close();
});

test('(e) the client\'s close (code + reason) is echoed with the same code and the connection ends cleanly', async () => {
  for (const [code, reason, joined] of /** @type {[number, string, boolean][]} */ ([
    [1000, 'bye for now', true],
    [1000, 'not even a hello', false],
    [4000, 'an application code', true],
    [3001, 'ünïcödé reason', true],
  ])) {
    const c = await connect();
    if (joined) assert.equal((await c.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
    const end = ended(c.ws);
    const started = Date.now();
    c.ws.close(code, reason);
    const result = await end;
    assert.equal(result.code, code, `close ${code}: echoed`);
    assert.equal(result.wasClean, true, `close ${code}: both close frames crossed`);
    // ws waits 30 s for the server to end the TCP connection before it gives up: quick means the server did.
    assert.ok(result.at - started < 2000, `close ${code}: ended in ${result.at - started} ms`);
    assert.equal(c.ws.readyState, WebSocket.CLOSED);
  }
  await stillServing();
});

test('(f) a binary message closes with 1003, also as the first fragment of one', async () => {
  const whole = await connect();
  assert.equal((await whole.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
  const end = ended(whole.ws);
  whole.ws.send(Buffer.from(JSON.stringify({ type: 'ping', t0: 1 })), { binary: true });
  const result = await end;
  assert.equal(result.code, 1003);
  assert.equal(result.wasClean, true);

  const fragment = await connect();
  const fEnd = ended(fragment.ws);
  fragment.ws.send(Buffer.from([1, 2, 3]), { binary: true, fin: false });
  assert.equal((await fEnd).code, 1003);
  await stillServing();
});

test('the server pings a quiet connection within 25 s, and ws\'s automatic pong keeps it open', async () => {
  const deadline = quietOpenedAt + SERVER_PING_EVERY_MS + 2000; // the sweep runs once a second
  while (quietPings.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(quietPings.length >= 1, true, 'a server ping arrived');
  assert.ok(quietPings[0] - quietOpenedAt <= SERVER_PING_EVERY_MS + 1500, `first ping after ${quietPings[0] - quietOpenedAt} ms`);
  assert.equal(quiet.ws.readyState, WebSocket.OPEN);
  const pong = await roundTrip(quiet, JSON.stringify({ type: 'ping', t0: 11 }));
  assert.deepEqual([pong.type, pong.t0], ['pong', 11], 'the application heartbeat answers too');
  await quiet.close();
});
