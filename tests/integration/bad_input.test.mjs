// @ts-check
// Bad input bounces with a stable code and a human message; the connection stays usable; protocol
// violations close with a documented code; the server keeps running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import WebSocket from 'ws';
import { startPodium, Client } from '../support/podium.mjs';
import { decodeServer } from '../../protocol/js/protocol.mjs';

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium.stop();
});

/** Sends raw text and returns the next message. */
async function roundTrip(c, text) {
  const from = c.messages.length;
  c.send(text);
  return c.next(() => true, { from });
}

async function stillUsable(c) {
  const pong = await roundTrip(c, JSON.stringify({ type: 'ping', t0: 42 }));
  assert.equal(pong.type, 'pong');
  assert.equal(pong.t0, 42);
  assert.ok(Math.abs(pong.ts - Date.now()) < 5000);
}

test('malformed, unknown, mistyped, oversized and deep messages are rejected with stable codes', async () => {
  const c = await Client.connect(podium.url);
  assert.equal((await c.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
  const cases = [
    ['{"type":"queue.join",', 'bad_request'],
    ['"just a string"', 'bad_request'],
    [JSON.stringify({ type: 'queue.teleport', op_id: 'a1' }), 'unknown_type'],
    [JSON.stringify({ type: 'x'.repeat(2000), op_id: 'a6' }), 'unknown_type'],
    [JSON.stringify({ type: 'queue.join', op_id: 'a7', kind: 'k'.repeat(2000) }), 'bad_request'],
    [JSON.stringify({ type: 'queue.withdraw', op_id: 'a2' }), 'bad_request'],
    [JSON.stringify({ type: 'timer.adjust', op_id: 'a3', timer: 'speaker', delta_ms: 'lots' }), 'bad_request'],
    [JSON.stringify({ type: 'queue.join', op_id: 'a4', name: 'x'.repeat(17 * 1024) }), 'too_large'],
    [JSON.stringify({ type: 'ping', t0: 1, x: JSON.parse('['.repeat(40) + ']'.repeat(40)) }), 'too_deep'],
    [JSON.stringify({ type: 'queue.join', op_id: 'a5', name: 'n'.repeat(200) }), 'bad_request'],
    [JSON.stringify({ type: 'hello', protocol: 1, room: 'group-1', role: 'participant', device: c.device }), 'already_joined'],
  ];
  for (const [text, code] of cases) {
    const r = await roundTrip(c, text);
    assert.equal(r.type, 'reject', text.slice(0, 80));
    assert.equal(r.code, code, `${text.slice(0, 80)} -> ${r.message}`);
    assert.ok(r.message.length > 5, 'a human message');
    assert.doesNotThrow(() => decodeServer(JSON.stringify(r)), `the refusal of ${text.slice(0, 40)} is one clients read`);
    await stillUsable(c);
  }
  const withOp = await roundTrip(c, JSON.stringify({ type: 'queue.withdraw', op_id: 'zz-9' }));
  assert.equal(withOp.op_id, 'zz-9', 'the reject names the op it answers');
  await c.close();
});

test('hello problems: unknown room, wrong key, wrong version, missing device, commands before hello', async () => {
  const c = await Client.connect(podium.url);
  const before = await roundTrip(c, JSON.stringify({ type: 'queue.join', op_id: 'b1' }));
  assert.equal(before.code, 'not_joined');
  assert.equal((await c.hello({ room: 'group-9', role: 'participant' })).code, 'unknown_room');
  // A room name of 2,000 bytes is quoted short: the refusal stays one every client can read.
  const long = await c.hello({ room: 'क़'.repeat(300), role: 'participant' }); // 1,800 bytes
  assert.equal(long.code, 'unknown_room');
  assert.ok(long.message.length < 200, long.message);
  assert.doesNotThrow(() => decodeServer(JSON.stringify(long)));
  assert.equal((await c.hello({ room: 'group-1', role: 'facilitator', key: 'WRONG' })).code, 'bad_key');
  assert.equal((await c.hello({ room: 'group-1', role: 'facilitator' })).code, 'bad_key');
  // Another room's key does not open this one.
  assert.equal((await c.hello({ room: 'group-1', role: 'facilitator', key: podium.keys['group-2'] })).code, 'bad_key');
  assert.equal((await c.hello({ room: 'group-1', role: 'participant', protocol: 2 })).code, 'unsupported_version');
  assert.equal((await c.hello({ room: 'group-1', role: 'participant', device: 'short' })).code, 'bad_request');
  assert.equal((await c.hello({ room: 'group-1', role: 'emperor' })).code, 'bad_request');
  // After all that, the connection still joins.
  assert.equal((await c.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
  await c.close();
});

test('the display is read-only and the organizer key opens any room', async () => {
  const d = await Client.connect(podium.url);
  await d.hello({ room: 'group-1', role: 'display' });
  const r = await d.command('queue.join', {});
  assert.equal(r.code, 'forbidden');
  const o = await Client.connect(podium.url);
  assert.equal((await o.hello({ room: 'group-3', role: 'organizer', key: podium.organizerKey })).type, 'welcome');
  assert.equal((await o.command('queue.add', { name: 'From the organizer' })).type, 'ack');
  await d.close();
  await o.close();
});

test('protocol violations close with documented codes', async () => {
  const spam = await Client.connect(podium.url);
  for (let i = 0; i < 20; i++) spam.send('not json');
  assert.equal((await spam.closed).code, 1008);

  const binary = await Client.connect(podium.url);
  binary.ws.send(Buffer.from([1, 2, 3]));
  assert.equal((await binary.closed).code, 1003);

  const huge = await Client.connect(podium.url);
  huge.send('x'.repeat(2 * 1024 * 1024));
  // The server answers 1009 and drops the connection at once; a client still busy sending the rest of
  // the frame may only see the TCP reset (1006).
  assert.ok([1009, 1006].includes((await huge.closed).code));

  // Still serving.
  const fine = await Client.connect(podium.url);
  assert.equal((await fine.hello({ room: 'group-1', role: 'display' })).type, 'welcome');
  await fine.close();
});

test('a participant sending too fast is rate limited and told when to retry', async () => {
  const c = await Client.connect(podium.url);
  await c.hello({ room: 'group-2', role: 'participant' });
  for (let i = 0; i < 40; i++) c.send({ type: 'ping', t0: i });
  const limited = await c.next((m) => m.type === 'reject' && m.code === 'rate_limited');
  assert.ok(limited.retry_after_ms > 0);
  await c.close();
});

test('the WebSocket upgrade checks Origin', async () => {
  const statusOf = (origin) =>
    new Promise((resolve) => {
      const headers = origin ? { origin } : {};
      const ws = new WebSocket(podium.url.replace('http', 'ws') + '/ws', { headers });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => {});
    });
  assert.equal(await statusOf(podium.url), 101);
  assert.equal(await statusOf('http://evil.example'), 403);
  assert.equal(await statusOf(''), 403);
});

/** The status line's code for a raw HTTP/1.1 request naming `host` (a WebSocket upgrade if `origin`). */
function statusFor(url, host, origin = '') {
  const { port } = new URL(url);
  const upgrade = origin
    ? `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
      `Sec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\n`
    : 'Connection: close\r\n';
  const path = origin ? '/ws' : '/api/meeting';
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${upgrade}\r\n`),
    );
    let head = '';
    socket.on('data', (d) => {
      head += d;
      const m = head.match(/^HTTP\/1\.1 (\d{3})/);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', reject);
  });
}

test('DNS rebinding: a request naming a host the server does not answer to gets 421, the upgrade too', async () => {
  const { port } = new URL(podium.url);
  // A page whose own name was rebound to this server sends its name as Host and as Origin.
  assert.equal(await statusFor(podium.url, `evil.example:${port}`), 421);
  assert.equal(await statusFor(podium.url, `evil.example:${port}`, `http://evil.example:${port}`), 421);
  // Addresses and localhost are this server whatever they say.
  assert.equal(await statusFor(podium.url, `127.0.0.1:${port}`), 200);
  assert.equal(await statusFor(podium.url, `localhost:${port}`), 200);
  assert.equal(await statusFor(podium.url, `[::1]:${port}`), 200);
  assert.equal(await statusFor(podium.url, `127.0.0.1:${port}`, `http://127.0.0.1:${port}`), 101);
  // A name given with --allow-host (or --public-url) is answered, in any letter case.
  const named = await startPodium({ args: ['--allow-host', 'podium.local', '--public-url', 'http://room.example.org/'] });
  try {
    const p = new URL(named.url).port;
    assert.equal(await statusFor(named.url, `Podium.Local:${p}`), 200);
    assert.equal(await statusFor(named.url, `podium.local:${p}`, `http://podium.local:${p}`), 101);
    assert.equal(await statusFor(named.url, 'room.example.org'), 200);
    assert.equal(await statusFor(named.url, `evil.example:${p}`, `http://evil.example:${p}`), 421);
  } finally {
    await named.stop();
  }
});

test('HTTP: health, meeting, security headers, no path traversal', async () => {
  const health = await fetch(`${podium.url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, 'ok');

  const meeting = await (await fetch(`${podium.url}/api/meeting`)).json();
  assert.equal(meeting.time_zone, 'Europe/Zurich');
  assert.deepEqual(meeting.rooms.map((r) => r.id), ['plenary', 'group-1', 'group-2', 'group-3']);
  for (const r of meeting.rooms) {
    assert.match(r.join_code, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.ok(r.title.length > 5);
  }
  assert.equal(JSON.stringify(meeting).includes(podium.keys['group-1']), false, 'no key leaks');

  const page = await fetch(`${podium.url}/display.html`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  const mod = await fetch(`${podium.url}/protocol/protocol.mjs`);
  assert.equal(mod.status, 200);
  assert.match(mod.headers.get('content-type') ?? '', /javascript/);

  for (const p of ['/../CMakeLists.txt', '/%2e%2e/CMakeLists.txt', '/protocol/..%2fPROTOCOL.md', '/..%5cCMakeLists.txt']) {
    const res = await fetch(`${podium.url}${p}`);
    assert.equal(res.status, 404, p);
  }
  const post = await fetch(`${podium.url}/api/meeting`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
});

test('joining by code: /j/CODE leads to the room, an unknown code gets a friendly page, the QR is SVG', async () => {
  const meeting = await (await fetch(`${podium.url}/api/meeting`)).json();
  const room = meeting.rooms.find((r) => r.id === 'group-2');
  assert.equal(room.join_path, `/j/${room.join_code}`);
  const go = await fetch(`${podium.url}/j/${room.join_code.toLowerCase()}`, { redirect: 'manual' });
  assert.equal(go.status, 302);
  assert.equal(go.headers.get('location'), '/participant.html?room=group-2');
  const lost = await fetch(`${podium.url}/j/NOPE42`);
  assert.equal(lost.status, 404);
  assert.match(lost.headers.get('content-type') ?? '', /text\/html/);
  // Worded on the phone in its own language (tests/browser/languages.test.mjs); here, the page and its words' key.
  assert.match(await lost.text(), /data-testid="unknown-heading" data-i18n="u.heading"/);
  const qr = await fetch(`${podium.url}${room.qr_path}`);
  assert.equal(qr.status, 200);
  assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
  const svg = await qr.text();
  assert.match(svg, /^<\?xml[^]*<svg [^>]*viewBox="0 0 (\d+) \1"/);
  assert.equal((await fetch(`${podium.url}/api/rooms/nowhere/qr.svg`)).status, 404);
});
