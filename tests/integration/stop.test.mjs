// @ts-check
// A graceful stop with a room full of phones: on SIGTERM the server stops taking connections, says it is
// not ready, tells every client to come back (close 1012, "service restart") after what it had acked,
// finishes its commits, checkpoints the database and exits 0, all within 5 seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Client, startPodium } from '../support/podium.mjs';

const ROOMS = ['plenary', 'group-1', 'group-2', 'group-3'];

/** GET `path` over `agent` (one kept-alive connection). */
function get(/** @type {string} */ url, /** @type {http.Agent} */ agent) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

test('SIGTERM with 100 clients: 1012 to each, readyz 503, commits finished, WAL checkpointed, exit 0 within 5 s', { timeout: 60_000 }, async () => {
  const podium = await startPodium();
  const clients = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
    const c = await Client.connect(podium.url);
    const room = ROOMS[i % ROOMS.length];
    const w = i < ROOMS.length
      ? await c.hello({ room, role: 'facilitator', key: podium.keys[room] })
      : await c.hello({ room, role: 'participant' });
    assert.equal(w.type, 'welcome');
    return c;
  }));
  // A kept-alive HTTP connection, as a load balancer's health check holds one.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  assert.equal(await get(`${podium.url}/readyz`, agent), 200);

  // The facilitators are busy when the signal comes.
  const acked = [];
  let stopped = false;
  const pumps = clients.slice(0, ROOMS.length).map(async (c, i) => {
    for (let k = 0; !stopped; k++) {
      const reply = await Promise.race([c.command('queue.add', { name: `stop-${i}-${k}` }), c.closed]);
      if (reply?.type !== 'ack') return;
      acked.push({ room: ROOMS[i], seq: reply.seq });
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const signalled = Date.now();
  podium.child.kill('SIGTERM');
  // The signal and a request race; the answers turn from 200 to 503 before the connection goes.
  let ready;
  for (let tries = 0; tries < 100 && ready !== 503 && typeof ready !== 'string'; tries++) {
    ready = await get(`${podium.url}/readyz`, agent).catch((e) => `error: ${e.code}`);
    if (ready === 200) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // Not ready, so no longer accepting: a new connection is refused (asked while the server may still run).
  const refused = await new Promise((resolve) => {
    const socket = net.connect(podium.port, '127.0.0.1', () => { socket.destroy(); resolve(false); });
    socket.on('error', () => resolve(true));
  });
  const { code } = await podium.exited;
  const took = Date.now() - signalled;
  stopped = true;
  await Promise.all(pumps);
  agent.destroy();

  assert.equal(code, 0);
  assert.ok(took < 5000, `stopped in ${took} ms`);
  assert.equal(ready, 503, 'not ready while stopping');
  const closes = await Promise.all(clients.map((c) => c.closed));
  assert.deepEqual([...new Set(closes.map((c) => c.code))], [1012], 'every client was told to come back');
  assert.equal(refused, true, 'no new connection is taken while stopping');

  // Every ack is on disk, and the WAL was folded into the database.
  assert.ok(acked.length > 10, `the facilitators got going (${acked.length} acks)`);
  const wal = `${podium.db}-wal`;
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL is checkpointed');
  const out = execFileSync('sqlite3', ['-json', podium.db, 'SELECT room, seq FROM events'], { encoding: 'utf8' });
  const logged = new Set(JSON.parse(out || '[]').map((/** @type {any} */ r) => `${r.room}/${r.seq}`));
  for (const a of acked) assert.ok(logged.has(`${a.room}/${a.seq}`), `the ack of ${a.room} at seq ${a.seq} is logged`);
  await podium.stop();
});
