// @ts-check
// The HTTP side under hostile or careless clients, spoken over raw sockets so that nothing in between
// normalises the requests: every HTML page carries the security headers (CSP without inline script,
// nosniff, a referrer policy) whatever the way it is asked for (GET, gzip, HEAD, a 304 revalidation, the
// friendly 404 of /j/CODE); a header block or a body over the server's limits is refused; a client that
// trickles its request is cut when the read deadline passes; and SIGINT stops the server as gracefully as
// SIGTERM.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startPodium, Client } from '../support/podium.mjs';

const SOURCE_DIR = process.env.PODIUM_SOURCE_DIR ?? path.resolve(import.meta.dirname, '../..');

// From server/net/server.cpp.
const HEADER_LIMIT = 16 * 1024; // kHeaderLimit
const BODY_LIMIT = 64 * 1024; // kBodyLimit
const READ_DEADLINE_MS = 30_000; // stream_.expires_after(30s): the whole request must arrive within it
// What the server answers a header block over the limit with: 431 Request Header Fields Too Large
// (RFC 6585; the server sent 413 before), and the error code in its JSON body. One place to change.
const HEADER_TOO_LARGE = 431;
const HEADER_TOO_LARGE_ERROR = 'headers_too_large';
const BODY_TOO_LARGE = 413;
const REFERRER_POLICY = 'no-referrer'; // secure() in server/net/server.cpp

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium.stop();
});

/**
 * Writes `request` (exactly these bytes) on a fresh connection and reads until the server closes it.
 * @param {string | Buffer} request
 * @returns {Promise<{ status: number, headers: Record<string, string[]>, body: Buffer, error: string | null }>}
 */
function raw(request) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(podium.port, '127.0.0.1');
    /** @type {Buffer[]} */
    const chunks = [];
    let error = null;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 10 s; got ${Buffer.concat(chunks).toString('latin1').slice(0, 200)}`));
    }, 10_000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (e) => {
      error = /** @type {any} */ (e).code ?? String(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) {
        reject(new Error(`no complete response (socket error ${error}): ${all.toString('latin1').slice(0, 200)}`));
        return;
      }
      const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const m = statusLine.match(/^HTTP\/1\.1 (\d{3}) /);
      if (!m) {
        reject(new Error(`bad status line: ${statusLine}`));
        return;
      }
      /** @type {Record<string, string[]>} */
      const headers = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        (headers[name] ??= []).push(line.slice(colon + 1).trim());
      }
      resolve({ status: Number(m[1]), headers, body: all.subarray(end + 4), error });
    });
    socket.write(request);
  });
}

/** A request with Connection: close, so the server ends the exchange. */
function request(method, target, extra = '', body = '') {
  return `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${podium.port}\r\n${extra}Connection: close\r\n\r\n${body}`;
}

/** The one value of a header (asserting there is exactly one). */
function one(/** @type {Record<string, string[]>} */ headers, /** @type {string} */ name, /** @type {string} */ what) {
  const values = headers[name] ?? [];
  assert.equal(values.length, 1, `${what}: exactly one ${name} header, got ${JSON.stringify(values)}`);
  return values[0];
}

/** Parses a CSP into directive -> sources (lower-case names; sources as written). */
function parseCsp(/** @type {string} */ policy) {
  /** @type {Map<string, string[]>} */
  const directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources); // the first of a repeated directive wins
  }
  return directives;
}

function assertSecureHtml(/** @type {{ status: number, headers: Record<string, string[]> }} */ res, /** @type {string} */ what) {
  const csp = parseCsp(one(res.headers, 'content-security-policy', what));
  assert.ok(csp.get('default-src')?.includes("'self'"), `${what}: default-src 'self' (${JSON.stringify([...csp])})`);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors 'none'`);
  // script-src falls back to default-src when absent.
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
  assert.ok(scripts.length > 0, `${what}: scripts are restricted`);
  assert.ok(!scripts.some((s) => s.toLowerCase() === "'unsafe-inline'"), `${what}: no 'unsafe-inline' for scripts`);
  assert.ok(!scripts.includes('*'), `${what}: scripts not from anywhere`);
  assert.equal(one(res.headers, 'x-content-type-options', what), 'nosniff', what);
  assert.equal(one(res.headers, 'referrer-policy', what), REFERRER_POLICY, what);
}

describe('http hardening', { concurrency: true }, () => {
  test('a request trickled slower than the read deadline is cut when the deadline passes', { timeout: READ_DEADLINE_MS + 15_000 }, async () => {
    assert.ok(READ_DEADLINE_MS <= 30_000, 'only a deadline of 30 s or less is tested here');
    /**
     * Opens a connection, sends `first` at once, then one byte of `drip` a second, and measures when the
     * server closes. A byte a second keeps any idle timeout from firing: only a deadline for the whole
     * request cuts it.
     * @param {string} first @param {string} drip
     */
    const trickle = (first, drip) =>
      new Promise((resolve) => {
        const socket = net.connect(podium.port, '127.0.0.1');
        let opened = 0;
        let sent = 0;
        let received = '';
        /** @type {NodeJS.Timeout | undefined} */
        let ticker;
        socket.on('connect', () => {
          opened = Date.now();
          if (first) socket.write(first);
          ticker = setInterval(() => {
            if (sent < drip.length && socket.writable) socket.write(drip[sent++]);
          }, 1000);
        });
        socket.on('data', (d) => {
          received += d;
        });
        socket.on('error', () => {});
        // 'end' (the server's FIN) or 'close' (a reset), whichever comes first.
        const done = () => {
          clearInterval(ticker);
          socket.destroy();
          resolve({ after: Date.now() - opened, received, sent });
        };
        socket.on('end', done);
        socket.on('close', done);
      });
    const pad = 'X-Slow: ' + 'a'.repeat(200) + '\r\n';
    const [headers, body, silent] = await Promise.all([
      // Headers that never end.
      trickle(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${podium.port}\r\n`, pad),
      // Complete headers, then a body that would take 1000 s.
      trickle(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${podium.port}\r\nContent-Length: 1000\r\n\r\n`, 'b'.repeat(1000)),
      // Connects and says nothing.
      trickle('', ''),
      // Meanwhile the server answers everyone else.
      (async () => {
        for (let i = 0; i < 5; i++) {
          await new Promise((resolve) => setTimeout(resolve, 2000));
          const res = await raw(request('GET', '/healthz'));
          assert.equal(res.status, 200, 'the server keeps serving while slow clients hold connections');
        }
      })(),
    ]);
    for (const [what, r] of /** @type {[string, any][]} */ ([['slow headers', headers], ['slow body', body], ['silent', silent]])) {
      assert.ok(r.after >= READ_DEADLINE_MS - 1000 && r.after <= READ_DEADLINE_MS + 3000,
        `${what}: cut after ${r.after} ms, expected ${READ_DEADLINE_MS - 1000}..${READ_DEADLINE_MS + 3000}`);
      assert.equal(r.received.startsWith('HTTP/1.1 200'), false, `${what}: the request was never answered as complete`);
    }
    assert.ok(headers.sent >= 25, `the slow headers kept trickling (${headers.sent} bytes)`);
  });

  test('every HTML page carries the CSP, nosniff and the referrer policy: GET, gzip, HEAD, 304, the unknown-code 404', async () => {
    const pages = readdirSync(path.join(SOURCE_DIR, 'web-client')).filter((f) => f.endsWith('.html'));
    assert.ok(pages.length >= 5, `found the web client's pages: ${pages}`);
    const targets = ['/', ...pages.map((p) => `/${p}`), '/participant.html?room=group-1'];
    for (const target of targets) {
      const got = await raw(request('GET', target));
      assert.equal(got.status, 200, `GET ${target}`);
      assert.match(one(got.headers, 'content-type', target), /^text\/html/, `GET ${target}`);
      assertSecureHtml(got, `GET ${target}`);

      const gz = await raw(request('GET', target, 'Accept-Encoding: gzip\r\n'));
      assert.equal(gz.status, 200, `GET ${target} (gzip)`);
      assertSecureHtml(gz, `GET ${target} (gzip)`);

      const head = await raw(request('HEAD', target));
      assert.equal(head.status, 200, `HEAD ${target}`);
      assert.equal(head.body.length, 0, `HEAD ${target}: no body`);
      assertSecureHtml(head, `HEAD ${target}`);

      const etag = one(got.headers, 'etag', target);
      const again = await raw(request('GET', target, `If-None-Match: ${etag}\r\n`));
      assert.equal(again.status, 304, `GET ${target} revalidated`);
      assert.equal(again.body.length, 0, `304 ${target}: no body`);
      assertSecureHtml(again, `304 ${target}`);
    }
    for (const method of ['GET', 'HEAD']) {
      const lost = await raw(request(method, '/j/NOPE42'));
      assert.equal(lost.status, 404, `${method} /j/NOPE42`);
      assert.match(one(lost.headers, 'content-type', '/j/NOPE42'), /^text\/html/);
      assertSecureHtml(lost, `${method} /j/NOPE42`);
    }
    // Not HTML, but still not to be sniffed into HTML, and no referrer leaks from them.
    for (const target of ['/healthz', '/api/meeting', '/js/nowhere.js', '/favicon.svg']) {
      const res = await raw(request('GET', target));
      assert.equal(one(res.headers, 'x-content-type-options', target), 'nosniff', target);
      assert.equal(one(res.headers, 'referrer-policy', target), REFERRER_POLICY, target);
    }
  });

  test(`a header block over the limit is refused with ${HEADER_TOO_LARGE}; just under it is served`, async () => {
    const under = await raw(request('GET', '/healthz', `X-Pad: ${'a'.repeat(HEADER_LIMIT - 512)}\r\n`));
    assert.equal(under.status, 200, 'a header block just under the limit is served');

    const oneBig = await raw(request('GET', '/healthz', `X-Pad: ${'a'.repeat(HEADER_LIMIT + 1024)}\r\n`));
    assert.equal(oneBig.status, HEADER_TOO_LARGE, 'one header over the limit');
    assert.equal(JSON.parse(oneBig.body.toString()).error, HEADER_TOO_LARGE_ERROR);
    assert.equal(one(oneBig.headers, 'connection', 'refusal'), 'close');

    const manySmall = Array.from({ length: 2000 }, (_, i) => `X-H${i}: v\r\n`).join('');
    assert.ok(manySmall.length > HEADER_LIMIT + 1024);
    const many = await raw(request('GET', '/healthz', manySmall));
    assert.equal(many.status, HEADER_TOO_LARGE, 'many small headers over the limit together');

    // An oversized WebSocket upgrade is refused the same way, before any upgrade.
    const upgrade = await raw(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${podium.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${podium.port}\r\n` +
        `Cookie: ${'c'.repeat(HEADER_LIMIT + 1024)}\r\n\r\n`,
    );
    assert.equal(upgrade.status, HEADER_TOO_LARGE, 'an oversized upgrade request');
  });

  test(`a body over the limit is refused with ${BODY_TOO_LARGE}, whether declared or chunked; exactly the limit is read`, async () => {
    const exact = await raw(request('GET', '/healthz', `Content-Length: ${BODY_LIMIT}\r\n`, 'b'.repeat(BODY_LIMIT)));
    assert.equal(exact.status, 200, 'a body of exactly the limit is read (and the request answered)');

    // Refused on the declaration alone: the body is never sent.
    const declared = await raw(request('POST', '/api/meeting', `Content-Length: ${BODY_LIMIT + 1}\r\n`));
    assert.equal(declared.status, BODY_TOO_LARGE, 'Content-Length one over the limit');
    assert.equal(JSON.parse(declared.body.toString()).error, 'too_large');
    assert.equal(one(declared.headers, 'connection', 'refusal'), 'close');

    const huge = await raw(request('POST', '/api/meeting', 'Content-Length: 99999999999999\r\n'));
    assert.equal(huge.status, BODY_TOO_LARGE, 'an absurd Content-Length');

    const chunk = 'b'.repeat(BODY_LIMIT);
    const chunked = await raw(
      request('POST', '/api/meeting', 'Transfer-Encoding: chunked\r\n', `${BODY_LIMIT.toString(16)}\r\n${chunk}\r\n1\r\nb\r\n0\r\n\r\n`),
    );
    assert.equal(chunked.status, BODY_TOO_LARGE, 'chunks adding up to one over the limit');

    // And it is still serving.
    assert.equal((await raw(request('GET', '/healthz'))).status, 200);
  });
});

test('SIGINT stops the server as gracefully as SIGTERM: 1012 to each client, acks on disk, exit 0 within 5 s', { timeout: 30_000 }, async () => {
  const server = await startPodium();
  const facilitator = await Client.connect(server.url);
  assert.equal((await facilitator.hello({ room: 'group-1', role: 'facilitator', key: server.keys['group-1'] })).type, 'welcome');
  const others = await Promise.all(['participant', 'participant', 'participant', 'display'].map(async (role, i) => {
    const c = await Client.connect(server.url);
    const room = i % 2 ? 'group-1' : 'plenary';
    assert.equal((await c.hello({ room, role })).type, 'welcome');
    return c;
  }));
  const ack = await facilitator.command('queue.add', { name: 'Before the interrupt' });
  assert.equal(ack.type, 'ack');

  const signalled = Date.now();
  server.child.kill('SIGINT');
  const { code, signal } = await server.exited;
  const took = Date.now() - signalled;
  assert.equal(signal, null, 'it exited by itself, not by the signal');
  assert.equal(code, 0);
  assert.ok(took < 5000, `stopped in ${took} ms`);
  const closes = await Promise.all([facilitator, ...others].map((c) => c.closed));
  assert.deepEqual(closes.map((c) => c.code), [1012, 1012, 1012, 1012, 1012], 'every client was told to come back');

  const out = execFileSync('sqlite3', ['-json', server.db, "SELECT seq FROM events WHERE room = 'group-1'"], { encoding: 'utf8' });
  const seqs = JSON.parse(out || '[]').map((/** @type {any} */ r) => r.seq);
  assert.ok(seqs.includes(ack.seq), `the ack at seq ${ack.seq} is on disk (${seqs})`);
  await server.stop();
});
