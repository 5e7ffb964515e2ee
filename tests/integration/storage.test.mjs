// @ts-check
// A full disk against the real server and a real SQLite file: every regular-file write of the server
// fails (util-linux `prlimit --fsize=0`, a soft limit of 0 bytes: write() fails with EFBIG, and the
// server ignores SIGXFSZ), so each commit fails. Commands are refused with storage_unavailable and never
// acked, nothing is broadcast, /readyz says why, and everything recovers when the limit is lifted.
// The limit must be 0: SQLite reuses its WAL file from the start after a checkpoint, so with any larger
// limit a commit that rewrites the first bytes of an existing WAL would still succeed. (The -shm file is
// written through mmap, which the limit does not cover; only growing it fails.)
// Needs `prlimit` (util-linux) and the `sqlite3` CLI; skipped without prlimit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startPodium, joinRoom, setDiskFull, tempDir } from '../support/podium.mjs';

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
const skip = hasPrlimit ? false : 'util-linux prlimit is not installed';

/** @param {string} db @param {string} sqlText */
function sql(db, sqlText) {
  const out = execFileSync('sqlite3', ['-json', db, sqlText], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** @param {string} url */
async function readyz(url) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: await res.json() };
}

/** Polls until `check` holds (or the time is up), then returns its last value. */
async function eventually(check, timeout = 8000) {
  const deadline = Date.now() + timeout;
  let value = await check();
  while (!value && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await check();
  }
  return value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Like Client.command, but waits for an answer that came after this sending (an op_id may be resent). */
function command(client, type, fields, opId) {
  const from = client.messages.length;
  client.send({ type, op_id: opId, ...fields });
  return client.next((m) => (m.type === 'ack' || m.type === 'reject') && m.op_id === opId, { from });
}

/** The log lines (JSON) whose message matches `re`. @param {string} stderr @param {RegExp} re */
function logLines(stderr, re) {
  return stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((l) => re.test(l.msg));
}

test('a full disk: commands are refused with storage_unavailable, never acked, and all recovers when space returns', { skip, timeout: 60_000 }, async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir, logLevel: 'info' });
  const { keys, organizerKey } = podium;
  const chair = await joinRoom(podium, 'group-1', 'facilitator', keys['group-1']);
  const phone = await joinRoom(podium, 'group-1', 'participant');
  const display = await joinRoom(podium, 'group-1', 'display');
  const ackedOps = new Map(); // op_id -> seq of every ack
  const acked = (op, reply) => {
    assert.equal(reply.type, 'ack', JSON.stringify(reply));
    ackedOps.set(op, reply.seq);
    return reply;
  };
  acked('chair-before', await chair.command('queue.add', { name: 'Before' }, 'chair-before'));
  acked('phone-before', await phone.command('question.ask', { text: 'Before the disk filled?' }, 'phone-before'));
  const seqBefore = Math.max(...ackedOps.values());
  await chair.next((m) => m.type === 'event' && m.seq === seqBefore); // the chair sees every event
  assert.deepEqual(await readyz(podium.url), { status: 200, body: { status: 'ready' } });

  setDiskFull(podium.child.pid, true);
  const eventsBefore = [chair.events().length, display.events().length];
  const rejected = [];
  for (const [client, op, type, fields] of [
    [chair, 'chair-full', 'queue.add', { name: 'While full' }],
    [phone, 'phone-full', 'question.ask', { text: 'Is the disk full?' }],
    [chair, 'chair-full-2', 'queue.add', { name: 'Given up' }],
    [phone, 'phone-full-2', 'question.ask', { text: 'Never asked again' }],
  ]) {
    const reply = await command(client, type, fields, op);
    assert.equal(reply.type, 'reject', `${op}: ${JSON.stringify(reply)}`);
    assert.equal(reply.code, 'storage_unavailable');
    assert.match(reply.message, /cannot be written/);
    assert.ok(reply.retry_after_ms > 0, 'says when to try again');
    rejected.push(op);
  }
  // Not ready, and why; still alive.
  assert.deepEqual(await readyz(podium.url), {
    status: 503, body: { status: 'unavailable', reason: 'storage' },
  });
  assert.equal((await fetch(`${podium.url}/healthz`)).status, 200);
  // The operator's dashboard sees it too.
  const metrics = await (await fetch(`${podium.url}/metrics`)).text();
  assert.match(metrics, /\npodium_storage_writable 0\n/);
  assert.match(metrics, /\npodium_rejects_total\{code="storage_unavailable"\} [2-9]\d*\n/);
  // The room did not move: a newcomer's welcome has the seq from before, and nobody got an event.
  const late = await joinRoom(podium, 'group-1', 'display');
  assert.equal(late.welcome.seq, seqBefore);
  await sleep(200);
  assert.deepEqual([chair.events().length, display.events().length], eventsBefore, 'no event while nothing could be written');
  assert.equal(chair.messages.filter((m) => m.type === 'ack' && rejected.includes(m.op_id)).length, 0);

  setDiskFull(podium.child.pid, false);
  // The same commands again, with the same op_ids: applied now, once.
  const retried = acked('chair-full', await command(chair, 'queue.add', { name: 'While full' }, 'chair-full'));
  assert.equal(retried.seq, seqBefore + 1, 'the room goes on from where it was');
  acked('phone-full', await command(phone, 'question.ask', { text: 'Is the disk full?' }, 'phone-full'));
  // A resend of what is now acked gets the same ack.
  assert.deepEqual(await command(chair, 'queue.add', { name: 'While full' }, 'chair-full'), retried);
  await display.next((m) => m.type === 'event' && m.seq === retried.seq);
  assert.equal((await eventually(async () => (await readyz(podium.url)).status === 200 && 200)), 200);
  assert.equal(podium.child.exitCode, null, 'the server never stopped');

  // One line when the writes started failing (not one per command), one when they worked again.
  const log = podium.stderr();
  assert.equal(logLines(log, /cannot write the meeting record/).length, 1, log);
  assert.equal(logLines(log, /cannot write the meeting record/)[0].level, 'error');
  assert.equal(logLines(log, /record can be written again/).length, 1, log);

  // After a kill -9 the log holds exactly what was acked, at the acked seqs, without a gap.
  await podium.kill();
  const rows = sql(podium.db, "SELECT seq, op_id FROM events WHERE room = 'group-1' ORDER BY seq");
  const seqs = rows.map((r) => r.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'seq has no gap');
  const logged = rows.filter((r) => r.op_id).map((r) => [r.op_id, r.seq]);
  assert.deepEqual(new Map(logged), ackedOps, 'the log holds the acked commands, once each');
  assert.equal(logged.length, ackedOps.size);
  for (const op of ['chair-full-2', 'phone-full-2']) assert.ok(!ackedOps.has(op), `${op} left no trace`);
  assert.deepEqual(sql(podium.db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);

  podium = await startPodium({ dataDir: data.dir, keys, organizerKey });
  const again = await joinRoom(podium, 'group-1', 'display');
  assert.equal(again.welcome.seq, Math.max(...ackedOps.values()));
  assert.equal((await podium.stop()).code, 0, `a clean stop after it all:\n${podium.stderr()}`);
  data.cleanup();
});

test('a timer that runs out while the disk is full is announced once, when it can be written', { skip, timeout: 60_000 }, async () => {
  const podium = await startPodium();
  const chair = await joinRoom(podium, 'group-2', 'facilitator', podium.keys['group-2']);
  const display = await joinRoom(podium, 'group-2', 'display');
  assert.equal((await chair.command('timer.set', { timer: 'speaker', duration_ms: 1000, warning_ms: 400 })).type, 'ack');
  const started = await chair.command('timer.start', { timer: 'speaker' });
  assert.equal(started.type, 'ack');
  await display.next((m) => m.type === 'event' && m.seq === started.seq);

  setDiskFull(podium.child.pid, true);
  await sleep(2500); // warning and time up come due; their commits fail
  const timerEvents = () => display.events().filter((m) => m.event.type === 'timer.warned' || m.event.type === 'timer.expired');
  assert.deepEqual(timerEvents(), [], 'nothing announced that is not on disk');
  assert.equal((await readyz(podium.url)).status, 503);
  assert.equal(logLines(podium.stderr(), /cannot write the meeting record/).length, 1, 'the server tried, and failed');

  setDiskFull(podium.child.pid, false);
  const expired = await display.next((m) => m.type === 'event' && m.event.type === 'timer.expired', { timeout: 8000 });
  assert.equal(expired.event.value.expired, true);
  await sleep(2500); // a second announcement would come by now
  const announced = timerEvents().map((m) => m.event.type);
  assert.equal(announced.filter((t) => t === 'timer.expired').length, 1, JSON.stringify(announced));
  assert.ok(announced.filter((t) => t === 'timer.warned').length <= 1, JSON.stringify(announced));
  const seqs = display.events().map((m) => m.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  const rows = sql(podium.db, "SELECT type FROM events WHERE room = 'group-2' AND type IN ('timer.expired', 'timer.warned')");
  assert.equal(rows.filter((r) => r.type === 'timer.expired').length, 1);
  assert.equal((await eventually(async () => (await readyz(podium.url)).status === 200 && 200)), 200);
  assert.equal((await podium.stop()).code, 0, `a clean stop after it all:\n${podium.stderr()}`);
});

test('an agenda move that cannot be written moves no room; retried, it moves every room once', { skip, timeout: 60_000 }, async () => {
  const ROOMS = ['plenary', 'group-1', 'group-2', 'group-3'];
  const podium = await startPodium();
  const organizer = await joinRoom(podium, 'plenary', 'organizer', podium.organizerKey);
  const displays = await Promise.all(ROOMS.map((r) => joinRoom(podium, r, 'display')));

  setDiskFull(podium.child.pid, true);
  const refused = await command(organizer, 'agenda.set', { item_id: 'registration', expected_current: null }, 'org-1');
  assert.equal(refused.code, 'storage_unavailable', JSON.stringify(refused));
  await sleep(200);
  for (const d of displays) assert.deepEqual(d.events(), [], 'no room moved');

  setDiskFull(podium.child.pid, false);
  const moved = await command(organizer, 'agenda.set', { item_id: 'registration', expected_current: null }, 'org-1');
  assert.equal(moved.type, 'ack', JSON.stringify(moved));
  for (const d of displays) {
    const e = await d.next((m) => m.type === 'event' && m.event.type === 'agenda.moved');
    assert.equal(e.event.item_id, 'registration');
  }
  const rows = sql(podium.db, "SELECT room, seq FROM events WHERE type = 'agenda.moved' ORDER BY room");
  assert.deepEqual(rows.map((r) => r.room).sort(), [...ROOMS].sort(), 'once in each room');
  assert.equal((await podium.stop()).code, 0, `a clean stop after it all:\n${podium.stderr()}`);
});
