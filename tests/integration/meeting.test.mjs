// @ts-check
// The meeting across its rooms: the organizer moves the agenda everywhere, sends notes, rotates keys,
// and sees who is connected; three groups run their floors in parallel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, Client, tempDir } from '../support/podium.mjs';

const ROOMS = ['plenary', 'group-1', 'group-2', 'group-3'];

async function join(server, room, role, key) {
  const c = await Client.connect(server.url);
  const w = await c.hello({ room, role, ...(key ? { key } : {}) });
  assert.equal(w.type, 'welcome', JSON.stringify(w));
  c.welcome = w;
  return c;
}

test('the organizer moves the agenda, and every room hears it', async () => {
  const podium = await startPodium();
  const organizer = await join(podium, 'plenary', 'organizer', podium.organizerKey);
  const displays = await Promise.all(ROOMS.map((r) => join(podium, r, 'display')));
  const chair = await join(podium, 'group-1', 'facilitator', podium.keys['group-1']);
  assert.equal(organizer.welcome.snapshot.agenda.item_id, null);

  assert.equal((await chair.command('agenda.set', { item_id: 'registration', expected_current: null })).code, 'forbidden');
  const moved = await organizer.command('agenda.set', { item_id: 'registration', expected_current: null });
  assert.equal(moved.type, 'ack', JSON.stringify(moved));
  for (const d of displays) {
    const e = await d.next((m) => m.type === 'event' && m.event.type === 'agenda.moved');
    assert.equal(e.event.item_id, 'registration');
  }
  const stale = await organizer.command('agenda.set', { item_id: 'opening-statements', expected_current: null });
  assert.equal(stale.code, 'stale');
  assert.equal((await organizer.command('agenda.set', { item_id: 'nowhere', expected_current: 'registration' })).code, 'not_found');
  // A late display sees where the meeting is.
  const late = await join(podium, 'group-3', 'display');
  assert.equal(late.welcome.snapshot.agenda.item_id, 'registration');
  for (const c of [organizer, chair, late, ...displays]) await c.close();
  await podium.stop();
});

test('a note to the facilitator is acknowledged; a note to the display is shown to the room', async () => {
  const podium = await startPodium();
  const organizer = await join(podium, 'group-2', 'organizer', podium.organizerKey);
  const chair = await join(podium, 'group-2', 'facilitator', podium.keys['group-2']);
  const display = await join(podium, 'group-2', 'display');
  const sent = await organizer.command('message.send', { to: 'facilitator', text: '5 minutes to plenary' });
  assert.equal(sent.type, 'ack', JSON.stringify(sent));
  const got = await chair.next((m) => m.type === 'event' && m.event.type === 'message.sent');
  assert.equal(got.event.message.text, '5 minutes to plenary');
  assert.equal((await chair.command('message.acknowledge', { message_id: sent.message_id })).type, 'ack');
  const acked = await organizer.next((m) => m.type === 'event' && m.event.type === 'message.acknowledged');
  assert.equal(acked.event.message_id, sent.message_id);
  await organizer.command('message.send', { to: 'display', text: 'Please move to the plenary' });
  const shown = await display.next((m) => m.type === 'event' && m.event.type === 'message.sent');
  assert.equal(shown.event.message.text, 'Please move to the plenary');
  assert.equal(display.events().some((m) => m.event.message?.to === 'facilitator'), false, 'facilitator notes stay private');
  assert.equal((await display.command('message.send', { to: 'display', text: 'x' })).code, 'forbidden');
  for (const c of [organizer, chair, display]) await c.close();
  await podium.stop();
});

test('rotating a key ends the old key\'s sessions, and the new key survives a restart', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const { keys, organizerKey } = podium;
  const organizer = await join(podium, 'group-3', 'organizer', organizerKey);
  const chair = await join(podium, 'group-3', 'facilitator', keys['group-3']);
  const other = await join(podium, 'group-1', 'facilitator', keys['group-1']);
  assert.equal((await chair.command('room.rotate_key')).code, 'forbidden');
  const rotated = await organizer.command('room.rotate_key');
  assert.equal(rotated.type, 'ack');
  assert.match(rotated.key, /^[A-Z2-9]{24}$/);
  assert.equal((await chair.closed).code, 4401);
  const refused = await Client.connect(podium.url);
  assert.equal((await refused.hello({ room: 'group-3', role: 'facilitator', key: keys['group-3'] })).code, 'bad_key');
  const fresh = await join(podium, 'group-3', 'facilitator', rotated.key);
  assert.equal((await fresh.command('queue.add', { name: 'Still works' })).type, 'ack');
  assert.equal((await other.command('queue.add', { name: 'Other rooms are untouched' })).type, 'ack');
  for (const c of [organizer, fresh, other, refused]) await c.close();
  await podium.kill();

  podium = await startPodium({ dataDir: data.dir, keys: { ...keys, 'group-3': rotated.key }, organizerKey });
  const again = await Client.connect(podium.url);
  assert.equal((await again.hello({ room: 'group-3', role: 'facilitator', key: keys['group-3'] })).code, 'bad_key');
  assert.equal((await again.hello({ room: 'group-3', role: 'facilitator', key: rotated.key })).type, 'welcome');
  await again.close();
  await podium.stop();

  // --rotate-keys at start issues new keys the same way.
  podium = await startPodium({ dataDir: data.dir, organizerKey, args: ['--rotate-keys'] });
  assert.notEqual(podium.keys['group-3'], rotated.key);
  const after = await Client.connect(podium.url);
  assert.equal((await after.hello({ room: 'group-3', role: 'facilitator', key: rotated.key })).code, 'bad_key');
  assert.equal((await after.hello({ room: 'group-3', role: 'facilitator', key: podium.keys['group-3'] })).type, 'welcome');
  await after.close();
  await podium.stop();
  data.cleanup();
});

test('three groups run in parallel: a facilitator, a display and 20 phones each, the organizer watching', async () => {
  const podium = await startPodium();
  const organizers = await Promise.all(ROOMS.map((r) => join(podium, r, 'organizer', podium.organizerKey)));
  await organizers[0].command('agenda.set', { item_id: 'thematic-discussions', expected_current: null });
  const groups = ['group-1', 'group-2', 'group-3'];
  const runs = groups.map(async (room) => {
    const chair = await join(podium, room, 'facilitator', podium.keys[room]);
    const display = await join(podium, room, 'display');
    const phones = await Promise.all(Array.from({ length: 20 }, () => join(podium, room, 'participant')));
    await chair.command('timer.start', { timer: 'segment' });
    // Presentations: three presenters added by name, each given the floor in turn.
    for (const name of ['Presenter A', 'Presenter B', 'Presenter C'])
      assert.equal((await chair.command('queue.add', { name, affiliation: 'City', duration_ms: 420000 })).type, 'ack');
    let current = null;
    for (let i = 0; i < 3; i++) {
      const from = display.messages.length;
      assert.equal((await chair.command('turn.next', { expected_current: current })).type, 'ack');
      current = (await display.next((m) => m.type === 'event' && m.event.type === 'turn.started', { from })).event.entry.id;
    }
    // Discussion: the segment timer switches, phones ask for the floor and ask questions.
    await chair.command('timer.set', { timer: 'segment', duration_ms: 900000, label: 'Open round of discussion' });
    await chair.command('timer.start', { timer: 'segment' });
    const asks = await Promise.all(phones.map((p, i) => p.command('queue.join', { kind: i % 5 === 0 ? 'reply' : 'new_point', name: `P${i}` })));
    for (const a of asks) assert.equal(a.type, 'ack');
    await Promise.all(phones.slice(0, 5).map((p, i) => p.command('question.ask', { text: `Question ${i} from ${room}` })));
    for (let i = 0; i < 4; i++) {
      assert.equal((await chair.command('turn.next', { expected_current: current })).type, 'ack');
      const w = await join(podium, room, 'display');
      current = w.welcome.snapshot.current.entry.id;
      await w.close();
    }
    const end = await join(podium, room, 'display');
    await Promise.all([chair, display, ...phones].map((c) => c.close()));
    return end;
  });
  const ends = await Promise.all(runs);
  for (const [i, end] of ends.entries()) {
    const snap = end.welcome.snapshot;
    assert.equal(snap.turns.length, 6, `${groups[i]}: 3 presentations and 3 finished discussion turns`);
    assert.equal(snap.queue.length, 16);
    assert.equal(snap.agenda.item_id, 'thematic-discussions');
    assert.equal(snap.segment.label, 'Open round of discussion');
    await end.close();
  }
  // The organizer saw people come and go in every group.
  for (const o of organizers.slice(1)) {
    const presence = o.messages.filter((m) => m.type === 'tally' && m.presence).map((m) => m.presence);
    assert.ok(presence.some((p) => p.participant === 20), JSON.stringify(presence.at(-1)));
  }
  for (const o of organizers) await o.close();
  await podium.stop();
});
