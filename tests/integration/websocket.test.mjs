// @ts-check
// The WebSocket layer itself (RFC 6455), with frames written byte by byte from a plain TCP socket: what a
// browser, an old phone's browser or a proxy may send, and what a broken or hostile client may send.
// Fragments and interleaved pings are handled; every violation closes with the code the RFC names and
// ends the connection; closing handshakes go both ways; the server keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { Client, deviceToken, startPodium } from '../support/podium.mjs';

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;

before(async () => {
  podium = await startPodium();
});

after(async () => {
  await podium?.stop();
});

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = createHash('sha1').update(`${KEY}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

/**
 * One client frame. @param {number} opcode @param {Buffer|string} data
 * @param {{fin?: boolean, mask?: boolean, rsv?: number, length?: number}} [o] `length` lies about the size
 */
function frame(opcode, data, { fin = true, mask = true, rsv = 0, length } = {}) {
  const payload = Buffer.from(data);
  const n = length ?? payload.length;
  const head = [((fin ? 0x80 : 0) | rsv | opcode), 0];
  if (n < 126) head[1] = n;
  else if (n < 65536) head.push(n >> 8, n & 0xff), (head[1] = 126);
  else {
    head[1] = 127;
    for (let shift = 56; shift >= 0; shift -= 8) head.push(Number((BigInt(n) >> BigInt(shift)) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  head[1] |= 0x80;
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  return Buffer.concat([Buffer.from(head), key, payload.map((b, i) => b ^ key[i & 3])]);
}

const text = (/** @type {any} */ json) => JSON.stringify(json);
const closePayload = (/** @type {number} */ code, reason = '') =>
  Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);

/** A raw connection: the upgrade by hand, then the server's frames as they come. */
async function raw() {
  const socket = net.connect(podium.port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const host = `127.0.0.1:${podium.port}`;
  socket.write(`GET /ws HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${podium.url}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  /** @type {{fin: boolean, opcode: number, payload: Buffer}[]} */
  const frames = [];
  /** @type {(() => void)[]} */
  let wake = [];
  let buffer = Buffer.alloc(0);
  let head = '';
  let ended = false;
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!head) {
      const at = buffer.indexOf('\r\n\r\n');
      if (at < 0) return;
      head = buffer.subarray(0, at).toString();
      buffer = buffer.subarray(at + 4);
    }
    for (;;) {
      if (buffer.length < 2) break;
      assert.equal(buffer[1] & 0x80, 0, 'a server never masks');
      let n = buffer[1] & 0x7f;
      let at = 2;
      if (n === 126) { if (buffer.length < 4) break; n = buffer.readUInt16BE(2); at = 4; }
      else if (n === 127) { if (buffer.length < 10) break; n = Number(buffer.readBigUInt64BE(2)); at = 10; }
      if (buffer.length < at + n) break;
      frames.push({ fin: (buffer[0] & 0x80) !== 0, opcode: buffer[0] & 0x0f, payload: buffer.subarray(at, at + n) });
      buffer = buffer.subarray(at + n);
    }
    wake.forEach((f) => f());
    wake = [];
  });
  const closed = new Promise((resolve) => socket.on('close', () => { ended = true; resolve(undefined); wake.forEach((f) => f()); }));
  socket.on('error', () => {});
  await new Promise((resolve) => { const check = () => (head || ended ? resolve(undefined) : wake.push(check)); check(); });
  let read = 0;
  return {
    socket,
    head: () => head,
    /** @param {Buffer} bytes */
    write: (bytes) => socket.write(bytes),
    /** The next frame from the server (null once the connection has ended). */
    next(timeout = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no frame within ${timeout} ms`)), timeout);
        const check = () => {
          if (read < frames.length) { clearTimeout(timer); resolve(frames[read++]); }
          else if (ended) { clearTimeout(timer); resolve(null); }
          else wake.push(check);
        };
        check();
      });
    },
    /** Resolves once the server has ended the TCP connection. */
    ended: (timeout = 5000) => Promise.race([closed.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), timeout))]),
  };
}

/** Reads past messages to the server's close frame; returns its code and reason. */
async function closeOf(/** @type {Awaited<ReturnType<typeof raw>>} */ c) {
  for (;;) {
    const f = await c.next();
    if (!f) return { code: 1006, reason: '' };
    if (f.opcode === 0x8) return { code: f.payload.readUInt16BE(0), reason: f.payload.subarray(2).toString() };
  }
}

/** The next text message, parsed. */
async function message(/** @type {Awaited<ReturnType<typeof raw>>} */ c) {
  for (;;) {
    const f = await c.next();
    assert.ok(f, 'the connection is still open');
    if (f.opcode === 0x1) return JSON.parse(f.payload.toString());
  }
}

const hello = () => text({ type: 'hello', protocol: 1, room: 'group-1', role: 'participant', device: deviceToken() });

test('the upgrade is answered with 101 and the right Sec-WebSocket-Accept', async () => {
  const c = await raw();
  assert.match(c.head(), /^HTTP\/1\.1 101 /);
  assert.match(c.head(), new RegExp(`\\r\\nSec-WebSocket-Accept: ${ACCEPT.replace(/[+/]/g, '\\$&')}`, 'i'));
  assert.doesNotMatch(c.head(), /Sec-WebSocket-Extensions/i, 'permessage-deflate stays off');
  c.socket.destroy();
});

test('a message in fragments, with a ping between them, and a frame cut across TCP writes', async () => {
  const c = await raw();
  const h = Buffer.from(hello());
  // Three fragments; the ping in the middle is answered at once, with its payload.
  c.write(frame(0x1, h.subarray(0, 10), { fin: false }));
  c.write(frame(0x9, 'are you there?'));
  c.write(frame(0x0, h.subarray(10, 20), { fin: false }));
  c.write(frame(0x0, h.subarray(20)));
  const pong = await c.next();
  assert.equal(pong?.opcode, 0xA);
  assert.equal(pong?.payload.toString(), 'are you there?');
  assert.equal((await message(c)).type, 'welcome');

  // A name with two-, three- and four-byte characters, split mid-character across fragments, and each
  // frame written in pieces: only the whole message has to be UTF-8.
  const join = Buffer.from(text({ type: 'queue.join', op_id: 'ws-1', name: 'Zoë Ngũgĩ 日本 🌍' }));
  const cut = join.indexOf(Buffer.from('🌍')) + 2;
  const bytes = Buffer.concat([frame(0x1, join.subarray(0, cut), { fin: false }), frame(0x0, join.subarray(cut))]);
  for (let at = 0; at < bytes.length; at += 7) {
    c.write(bytes.subarray(at, at + 7));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  let ack;
  do ack = await message(c); while (ack.type !== 'ack' && ack.type !== 'reject');
  assert.equal(ack.type, 'ack', JSON.stringify(ack));

  // Two whole messages in one write.
  c.write(Buffer.concat([frame(0x1, text({ type: 'queue.withdraw', op_id: 'ws-2', entry_id: ack.entry_id })),
    frame(0x1, text({ type: 'queue.join', op_id: 'ws-3', name: 'Again' }))]));
  const acks = [];
  while (acks.length < 2) {
    const m = await message(c);
    if (m.type === 'ack' || m.type === 'reject') acks.push(m);
  }
  assert.deepEqual(acks.map((m) => [m.type, m.op_id]), [['ack', 'ws-2'], ['ack', 'ws-3']]);
  c.socket.destroy();
});

/** @type {[string, Buffer, number][]} */
const violations = [
  ['an unmasked frame', frame(0x1, hello(), { mask: false }), 1002],
  ['a reserved bit (no extension was agreed)', frame(0x1, hello(), { rsv: 0x40 }), 1002],
  ['an unknown opcode', frame(0x3, 'x'), 1002],
  ['a continuation without a message', frame(0x0, 'x'), 1002],
  ['a new message inside a fragmented one', Buffer.concat([frame(0x1, '{"ty', { fin: false }), frame(0x1, '{}')]), 1002],
  ['a ping longer than 125 bytes', frame(0x9, 'p'.repeat(126)), 1002],
  ['a fragmented ping', frame(0x9, 'p', { fin: false }), 1002],
  ['a close frame with a one-byte payload', frame(0x8, Buffer.from([3])), 1002],
  ['a close code no peer may send (1005)', frame(0x8, closePayload(1005)), 1002],
  ['text that is not UTF-8', frame(0x1, Buffer.from([0x22, 0xc3, 0x28, 0x22])), 1007],
  ['text with an encoded surrogate', frame(0x1, Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])), 1007],
  ['an overlong encoding', frame(0x1, Buffer.from([0x22, 0xc0, 0xaf, 0x22])), 1007],
  ['a close reason that is not UTF-8', frame(0x8, Buffer.concat([closePayload(1000), Buffer.from([0xff])])), 1007],
  ['a binary frame', frame(0x2, Buffer.from([1, 2, 3])), 1003],
  // Only the header: the size alone is refused, before anything of it is kept.
  ['a frame that says it is 2 MiB', frame(0x1, '', { length: 2 * 1024 * 1024 }).subarray(0, 14), 1009],
];

for (const [what, bytes, code] of violations) {
  test(`${what}: close ${code}, and the connection ends`, async () => {
    const c = await raw();
    c.write(bytes);
    assert.equal((await closeOf(c)).code, code);
    assert.equal(await c.ended(), true, 'the server ended the TCP connection');
  });
}

test('a fragmented message over the size limit is refused while it grows', async () => {
  const c = await raw();
  const piece = 'x'.repeat(64 * 1024);
  for (let i = 0; i < 20; i++) c.write(frame(i === 0 ? 0x1 : 0x0, piece, { fin: false }));
  assert.equal((await closeOf(c)).code, 1009);
  assert.equal(await c.ended(), true);
});

test('closing handshakes: the client\'s is echoed; the server\'s waits for the answer', async () => {
  // The client closes: the server answers with the same code and ends the connection.
  const a = await raw();
  a.write(frame(0x1, hello()));
  assert.equal((await message(a)).type, 'welcome');
  a.write(frame(0x8, closePayload(1001, 'going away')));
  assert.deepEqual(await closeOf(a), { code: 1001, reason: '' });
  assert.equal(await a.ended(), true);

  // The server closes (too many malformed messages): its close frame comes first, then it waits for ours.
  const b = await raw();
  for (let i = 0; i < 20; i++) b.write(frame(0x1, 'not json'));
  assert.equal((await closeOf(b)).code, 1008);
  assert.equal(await b.ended(300), false, 'still open: the server waits for the client\'s close frame');
  b.write(frame(0x8, closePayload(1000)));
  assert.equal(await b.ended(), true);

  // A client that closes without a code gets a normal close back.
  const c = await raw();
  c.write(frame(0x8, ''));
  assert.equal((await closeOf(c)).code, 1000);
  assert.equal(await c.ended(), true);
});

test('after all of that the server still serves', async () => {
  const fine = await Client.connect(podium.url);
  assert.equal((await fine.hello({ room: 'group-1', role: 'display' })).type, 'welcome');
  await fine.close();
});

test('one address holds at most --max-connections-per-address WebSockets; the next gets 429 until one closes', async () => {
  const small = await startPodium({ args: ['--max-connections-per-address', '3'] });
  try {
    const held = await Promise.all([1, 2, 3].map(() => Client.connect(small.url)));
    await assert.rejects(Client.connect(small.url), /HTTP 429/);
    // What a browser's network panel, or a curious engineer, sees.
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(small.port, '127.0.0.1', () => socket.write(`GET /ws HTTP/1.1\r\n` +
        `Host: 127.0.0.1:${small.port}\r\nOrigin: ${small.url}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
      let text = '';
      socket.on('data', (d) => { text += d; if (text.includes('}')) { socket.destroy(); resolve(text); } });
      socket.on('error', reject);
    });
    assert.match(String(answer), /^HTTP\/1\.1 429 /);
    assert.match(String(answer), /\r\nRetry-After: 60\r\n/i);
    assert.equal(JSON.parse(String(answer).slice(String(answer).indexOf('{'))).error, 'too_many_connections');
    // The rooms still work for those inside, and a place frees up when one leaves.
    assert.equal((await held[0].hello({ room: 'group-1', role: 'display' })).type, 'welcome');
    await held[1].close();
    let again;
    for (let tries = 0; !again && tries < 50; tries++) {
      again = await Client.connect(small.url).catch(() => null);
      if (!again) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(again, 'admitted once a connection closed');
    await Promise.all([held[0].close(), held[2].close(), again.close()]);
  } finally {
    await small.stop();
  }
});

test('unfinished HTTP requests count against the address too: past the limit a connection is closed unanswered', async () => {
  const small = await startPodium({ args: ['--max-connections-per-address', '3'] });
  /** A connection that says nothing (a slowloris), open once the server has it. */
  const idle = (localAddress) => new Promise((resolve, reject) => {
    const socket = net.connect({ port: small.port, host: '127.0.0.1', localAddress }, () => resolve(socket));
    socket.on('error', reject);
  });
  /** What a plain GET /healthz from `localAddress` gets: the status, or 'closed' with no answer. */
  const health = (localAddress) => new Promise((resolve, reject) => {
    const socket = net.connect({ port: small.port, host: '127.0.0.1', localAddress }, () =>
      socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('close', () => resolve(text ? Number(text.slice(9, 12)) : 'closed'));
    socket.on('error', (e) => (e.code === 'ECONNRESET' ? resolve('closed') : reject(e)));
  });
  try {
    const held = await Promise.all([1, 2, 3].map(() => idle('127.0.0.1')));
    await new Promise((resolve) => setTimeout(resolve, 100)); // accepted by the server, not just the kernel
    assert.equal(await health('127.0.0.1'), 'closed');
    assert.equal(await health('127.0.0.2'), 200, 'another address is not held back');
    held[0].destroy();
    let status;
    for (let tries = 0; status !== 200 && tries < 50; tries++) {
      status = await health('127.0.0.1');
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(status, 200, 'served once a connection closed');
    for (const socket of held) socket.destroy();
  } finally {
    await small.stop();
  }
});

test('the connections of one address share --address-rate; a facilitator\'s key lets it through', async () => {
  const small = await startPodium({ args: ['--address-rate', '10'] }); // bursts of 50 from this address
  try {
    const phones = await Promise.all([1, 2, 3, 4, 5].map(async () => {
      const c = await Client.connect(small.url);
      assert.equal((await c.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
      return c;
    }));
    const desk = await Client.connect(small.url);
    assert.equal((await desk.hello({ room: 'group-1', role: 'facilitator', key: small.keys['group-1'] })).type, 'welcome');
    // 14 syncs each: under each connection's own burst (20), over what the address may send (50).
    const from = phones.map((p) => p.messages.length);
    for (const p of phones) for (let i = 0; i < 14; i++) p.send({ type: 'sync' });
    const replies = await Promise.all(phones.map(async (p, k) => {
      const answers = () => p.messages.slice(from[k]).filter((m) => m.type === 'welcome' || m.type === 'reject');
      await p.next(() => answers().length >= 14);
      return answers();
    }));
    const limited = replies.flat().filter((m) => m.type === 'reject');
    assert.ok(limited.length >= 5, `${limited.length} refused`);
    for (const r of limited) {
      assert.equal(r.code, 'rate_limited');
      assert.ok(r.retry_after_ms > 0);
    }
    // The hellos took 6 of the 50; the rest of the allowance was served first.
    assert.ok(replies.flat().filter((m) => m.type === 'welcome').length >= 40, 'the allowance was served first');
    // A phone's heartbeat still goes through: pings are not counted against the address.
    const pinged = phones[0].messages.length;
    phones[0].send({ type: 'ping', t0: 7 });
    assert.equal((await phones[0].next((m) => m.type === 'pong' || m.type === 'reject', { from: pinged })).type, 'pong');
    // The facilitator on the same address is not held back by the phones.
    assert.equal((await desk.command('queue.add', { name: 'From the desk' })).type, 'ack');
    await Promise.all([...phones, desk].map((c) => c.close()));
  } finally {
    await small.stop();
  }
});
