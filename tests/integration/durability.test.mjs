// @ts-check
// Nothing acked is lost: the real server is killed with SIGKILL during a burst, twenty times at random
// moments, restarted each time on the same SQLite file, and the log is checked against every ack the
// clients received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startPodium, Client, tempDir } from '../support/podium.mjs';

/** @param {string} db @param {string} sql */
function sql(db, sqlText) {
  const out = execFileSync('sqlite3', ['-json', db, sqlText], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

const ROOMS = ['plenary', 'group-1', 'group-2', 'group-3'];

/**
 * One facilitator per room adds a speaker and removes it again, over and over, keeping a window of
 * commands in flight. Returns the acks it got before the connection died.
 */
function burst(client, prefix) {
  const acked = new Map();
  let n = 0;
  let stopped = false;
  const pump = async () => {
    while (!stopped) {
      const k = ++n; // three pumps share the counter: keep this one's number
      const add = await client.command('queue.add', { name: `${prefix}-${k}` }, `${prefix}-add-${k}`).catch(() => null);
      if (!add || add.type !== 'ack') return;
      acked.set(`${prefix}-add-${k}`, add.seq);
      const rm = await client.command('queue.remove', { entry_id: add.entry_id }, `${prefix}-rm-${k}`).catch(() => null);
      if (!rm || rm.type !== 'ack') return;
      acked.set(`${prefix}-rm-${k}`, rm.seq);
    }
  };
  const done = Promise.all([pump(), pump(), pump()]);
  return { acked, stop: () => { stopped = true; return done; } };
}

test('kill -9 during a burst loses no acked command; seq stays contiguous; resends apply once', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const keys = podium.keys;
  const organizerKey = podium.organizerKey;
  const allAcked = new Map();
  let last = { device: '', acked: new Map() };

  for (let round = 0; round < 20; round++) {
    const clients = await Promise.all(ROOMS.map(async (room) => {
      const c = await Client.connect(podium.url);
      const w = await c.hello({ room, role: 'facilitator', key: keys[room] });
      assert.equal(w.type, 'welcome');
      return c;
    }));
    const bursts = clients.map((c, i) => burst(c, `r${round}-c${i}`));
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 500));
    await podium.kill();
    await Promise.all(bursts.map((b) => b.stop()));
    let count = 0;
    for (const b of bursts) for (const [op, seq] of b.acked) { allAcked.set(op, seq); count++; }
    last = { device: clients[0].device, acked: bursts[0].acked };
    assert.ok(count > 20, `the burst got going (${count} acks)`);

    // The log holds every acked command exactly once, at the seq its ack named.
    const rows = sql(podium.db, 'SELECT room, seq, op_id FROM events ORDER BY room, seq');
    const byOp = new Map();
    for (const r of rows) if (r.op_id) byOp.set(r.op_id, [...(byOp.get(r.op_id) ?? []), r.seq]);
    for (const [op, seq] of allAcked) assert.deepEqual(byOp.get(op), [seq], `acked ${op} is in the log once`);
    for (const room of ROOMS) {
      const seqs = rows.filter((r) => r.room === room).map((r) => r.seq);
      assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `${room}: seq has no gap`);
    }
    assert.deepEqual(sql(podium.db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);

    podium = await startPodium({ dataDir: data.dir, keys, organizerKey });
  }

  // After the last restart the same device resends what it had acked: the original acks come back and
  // nothing is applied again.
  const c = await Client.connect(podium.url);
  c.device = last.device;
  assert.equal((await c.hello({ room: 'plenary', role: 'facilitator', key: keys.plenary })).type, 'welcome');
  const countBefore = sql(podium.db, 'SELECT count(*) AS n FROM events')[0].n;
  const resend = [...last.acked].slice(0, 30);
  assert.ok(resend.length > 5);
  for (const [op, seq] of resend) {
    const type = op.includes('-add-') ? 'queue.add' : 'queue.remove';
    const fields = type === 'queue.add' ? { name: 'resent' } : { entry_id: 'e1' };
    const again = await c.command(type, fields, op);
    assert.equal(again.type, 'ack', JSON.stringify(again));
    assert.equal(again.seq, seq, `${op} keeps its seq`);
  }
  assert.equal(sql(podium.db, 'SELECT count(*) AS n FROM events')[0].n, countBefore);
  await c.close();
  await podium.stop();
  data.cleanup();
});

test('a resent command after a restart gets its original ack and is not applied again', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const { keys, organizerKey } = podium;
  const p = await Client.connect(podium.url);
  await p.hello({ room: 'group-1', role: 'participant' });
  const ack = await p.command('queue.join', { name: 'Persistent' }, 'persist-1');
  assert.equal(ack.type, 'ack');
  await podium.kill();

  podium = await startPodium({ dataDir: data.dir, keys, organizerKey });
  const again = await Client.connect(podium.url);
  again.device = p.device; // the same phone, reconnecting
  const w = await again.hello({ room: 'group-1', role: 'participant' });
  assert.deepEqual(w.mine, [ack.entry_id], 'the phone finds its own entry again');
  const resent = await again.command('queue.join', { name: 'Persistent' }, 'persist-1');
  assert.deepEqual(resent, ack);
  const d = await Client.connect(podium.url);
  const dw = await d.hello({ room: 'group-1', role: 'display' });
  assert.equal(dw.snapshot.queue.filter((e) => e.name === 'Persistent').length, 1);
  await again.close();
  await d.close();
  await podium.stop();
  data.cleanup();
});

test('a running timer keeps its end time across a restart, and time up during downtime is announced', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const { keys, organizerKey } = podium;
  const chair = await Client.connect(podium.url);
  await chair.hello({ room: 'group-3', role: 'facilitator', key: keys['group-3'] });
  await chair.command('timer.set', { timer: 'segment', duration_ms: 900000 });
  const started = await chair.command('timer.start', { timer: 'segment' });
  await chair.command('timer.set', { timer: 'speaker', duration_ms: 1500, warning_ms: 500 });
  await chair.command('timer.start', { timer: 'speaker' });
  assert.equal(started.type, 'ack');
  const w0 = await (await Client.connect(podium.url)).hello({ room: 'group-3', role: 'display' });
  const endsAt = w0.snapshot.segment.ends_at_ms;
  const { code } = await podium.stop();
  assert.equal(code, 0, 'SIGTERM stops cleanly');
  await new Promise((r) => setTimeout(r, 1800)); // the speaker timer runs out while the server is down

  podium = await startPodium({ dataDir: data.dir, keys, organizerKey });
  const d = await Client.connect(podium.url);
  const w = await d.hello({ room: 'group-3', role: 'display' });
  assert.equal(w.epoch, w0.epoch, 'a restart is not a reset: same epoch');
  assert.equal(w.snapshot.segment.run, 'running');
  assert.equal(w.snapshot.segment.ends_at_ms, endsAt);
  const remaining = w.snapshot.segment.ends_at_ms - w.server_time_ms;
  assert.ok(remaining < 900000 - 1800 && remaining > 800000, `remaining ${remaining}`);
  const expired = w.snapshot.speaker.expired
    ? true
    : (await d.next((m) => m.type === 'event' && m.event.type === 'timer.expired')).event.value.expired;
  assert.equal(expired, true);
  await d.close();
  await podium.stop();
  data.cleanup();
});
