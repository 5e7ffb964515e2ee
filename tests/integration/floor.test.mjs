// @ts-check
// The real podium binary on a free port, driven by real WebSocket clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, Client } from '../support/podium.mjs';

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium.stop();
});

async function facilitator(room = 'group-1') {
  const c = await Client.connect(podium.url);
  const w = await c.hello({ room, role: 'facilitator', key: podium.keys[room] });
  assert.equal(w.type, 'welcome', JSON.stringify(w));
  return c;
}

async function participant(room = 'group-1') {
  const c = await Client.connect(podium.url);
  const w = await c.hello({ room, role: 'participant' });
  assert.equal(w.type, 'welcome');
  return c;
}

test('a facilitator and participants run the queue through three turns with timers', async () => {
  const chair = await facilitator('group-2');
  const display = await Client.connect(podium.url);
  const dw = await display.hello({ room: 'group-2', role: 'display' });
  assert.equal(dw.snapshot.segment.label.length > 0, true, 'the segment timer comes from the meeting file');
  const people = await Promise.all([1, 2, 3].map(() => participant('group-2')));

  const acks = [];
  for (const [i, p] of people.entries()) {
    const kind = i === 2 ? 'point_of_order' : 'new_point';
    const ack = await p.command('queue.join', { kind, name: `Speaker ${i + 1}`, affiliation: `City ${i + 1}` });
    assert.equal(ack.type, 'ack', JSON.stringify(ack));
    assert.match(ack.entry_id, /^e\d+$/);
    acks.push(ack);
  }
  // The point of order jumped ahead.
  const joined = await display.next((m) => m.type === 'event' && m.event.type === 'queue.joined' && m.event.entry.name === 'Speaker 3');
  assert.equal(joined.event.before_id, acks[0].entry_id);
  assert.equal(joined.event.entry.device, undefined, 'device ids never reach the room');

  const seg = await chair.command('timer.start', { timer: 'segment' });
  assert.equal(seg.type, 'ack');

  let current = null;
  const order = [];
  for (let turn = 0; turn < 3; turn++) {
    const from = display.messages.length;
    const ack = await chair.command('turn.next', { expected_current: current });
    assert.equal(ack.type, 'ack', JSON.stringify(ack));
    const started = await display.next((m) => m.type === 'event' && m.event.type === 'turn.started', { from });
    assert.equal(started.event.speaker.run, 'running');
    assert.ok(started.event.speaker.ends_at_ms > started.server_time_ms);
    current = started.event.entry.id;
    order.push(started.event.entry.name);
    if (turn === 1) {
      assert.equal((await chair.command('timer.pause', { timer: 'speaker' })).type, 'ack');
      assert.equal((await chair.command('timer.adjust', { timer: 'speaker', delta_ms: 60000 })).type, 'ack');
      assert.equal((await chair.command('timer.start', { timer: 'speaker' })).type, 'ack');
    }
  }
  assert.deepEqual(order, ['Speaker 3', 'Speaker 1', 'Speaker 2']);
  const end = await chair.command('turn.end', { expected_current: current });
  assert.equal(end.type, 'ack');

  // A late joiner sees the whole record in its snapshot.
  const late = await Client.connect(podium.url);
  const lw = await late.hello({ room: 'group-2', role: 'display' });
  assert.equal(lw.snapshot.turns.length, 3);
  assert.equal(lw.snapshot.turns[1].pauses, 1);
  assert.equal(lw.snapshot.current, null);
  assert.equal(lw.snapshot.segment.run, 'running');
  assert.equal(lw.seq, end.seq);

  // Events reached the display in seq order with no gap, each before the sender's ack.
  const seqs = display.events().map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => dw.seq + 1 + i));
  for (const c of [chair, display, late, ...people]) await c.close();
});

test('two facilitators pressing next at once advance the floor once', async () => {
  const a = await facilitator('group-3');
  const b = await facilitator('group-3');
  for (const name of ['x', 'y', 'z']) await a.command('queue.add', { name });
  await a.command('turn.next', { expected_current: null });
  const welcome = await (await Client.connect(podium.url)).hello({ room: 'group-3', role: 'display' });
  const seen = welcome.snapshot.current.entry.id;
  const [ra, rb] = await Promise.all([
    a.command('turn.next', { expected_current: seen }),
    b.command('turn.next', { expected_current: seen }),
  ]);
  const types = [ra.type, rb.type].sort();
  assert.deepEqual(types, ['ack', 'reject']);
  const rejected = ra.type === 'reject' ? ra : rb;
  assert.equal(rejected.code, 'stale');
  assert.match(rejected.message, /y has the floor/);
  await a.close();
  await b.close();
});

test("a participant's facilitator command is rejected and the connection stays usable", async () => {
  const p = await participant();
  for (const [type, fields] of [
    ['turn.next', { expected_current: null }],
    ['queue.add', { name: 'x' }],
    ['timer.start', { timer: 'segment' }],
    ['queue.close', {}],
  ]) {
    const r = await p.command(type, fields);
    assert.equal(r.type, 'reject');
    assert.equal(r.code, 'forbidden');
    assert.ok(r.message.length > 0);
  }
  const ok = await p.command('queue.join', { kind: 'reply' });
  assert.equal(ok.type, 'ack');
  await p.close();
});

test('a client that reconnects gets exactly the events it missed', async () => {
  const chair = await facilitator('plenary');
  const watcher = await Client.connect(podium.url);
  const first = await watcher.hello({ room: 'plenary', role: 'display' });
  await chair.command('queue.add', { name: 'before' });
  const seenSeq = (await watcher.next((m) => m.type === 'event')).seq;
  await watcher.close();

  const missed = [];
  for (const name of ['m1', 'm2', 'm3']) missed.push((await chair.command('queue.add', { name })).seq);

  const back = await Client.connect(podium.url);
  const w = await back.hello({ room: 'plenary', role: 'display', resume: { epoch: first.epoch, seq: seenSeq } });
  assert.equal(w.snapshot, undefined);
  assert.deepEqual(w.events.map((e) => e.seq), missed);
  assert.deepEqual(w.events.map((e) => e.event.entry.name), ['m1', 'm2', 'm3']);

  // A resume from another epoch gets a snapshot instead.
  const other = await Client.connect(podium.url);
  const w2 = await other.hello({ room: 'plenary', role: 'display', resume: { epoch: 'not-this-one', seq: 1 } });
  assert.ok(w2.snapshot);
  assert.equal(w2.seq, missed[2]);

  // `sync` after a gap answers the same way.
  other.send({ type: 'sync', resume: { epoch: first.epoch, seq: missed[0] } });
  const w3 = await other.next((m) => m.type === 'welcome', { from: other.messages.length });
  assert.deepEqual(w3.events.map((e) => e.seq), missed.slice(1));
  for (const c of [chair, back, other]) await c.close();
});

test('a resent command is applied once and answered with the original ack', async () => {
  const p = await participant('group-1');
  const a1 = await p.command('queue.join', { kind: 'new_point', name: 'Once' }, 'fixed-op-1');
  const a2 = await p.command('queue.join', { kind: 'new_point', name: 'Once' }, 'fixed-op-1');
  assert.equal(a1.type, 'ack');
  assert.deepEqual(a2, a1);
  // The same op_id from another device is another command.
  const q = await participant('group-1');
  const other = await q.command('queue.join', { kind: 'new_point', name: 'Other' }, 'fixed-op-1');
  assert.notEqual(other.seq, a1.seq);
  const d = await Client.connect(podium.url);
  const w = await d.hello({ room: 'group-1', role: 'display' });
  assert.equal(w.snapshot.queue.filter((e) => e.name === 'Once').length, 1);
  for (const c of [p, q, d]) await c.close();
});

test('the server announces the warning and time up of a running timer by itself', async () => {
  const chair = await facilitator('group-1');
  assert.equal((await chair.command('timer.set', { timer: 'segment', duration_ms: 1200, warning_ms: 600, label: 'Quick' })).type, 'ack');
  const from = chair.messages.length;
  assert.equal((await chair.command('timer.start', { timer: 'segment' })).type, 'ack');
  const warned = await chair.next((m) => m.type === 'event' && m.event.type === 'timer.warned', { from });
  const expired = await chair.next((m) => m.type === 'event' && m.event.type === 'timer.expired', { from });
  assert.ok(warned.seq < expired.seq);
  assert.equal(expired.event.value.expired, true);
  assert.ok(expired.event.at_ms >= expired.event.value.ends_at_ms);
  await chair.command('timer.reset', { timer: 'segment' });
  await chair.close();
});
