// @ts-check
// The meeting across its rooms: the organizer moves the agenda everywhere, sends notes, rotates keys,
// and sees who is connected; three groups run their floors in parallel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, Client, tempDir, joinRoom as join } from '../support/podium.mjs';

const ROOMS = ['plenary', 'group-1', 'group-2', 'group-3'];


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

test('the day: the organizer moves the agenda while three groups run presentations and discussion in parallel, and hand off to the plenary', async () => {
  const podium = await startPodium();
  const organizers = await Promise.all(ROOMS.map((r) => join(podium, r, 'organizer', podium.organizerKey)));
  const plenaryDisplay = await join(podium, 'plenary', 'display');
  let agenda = null;
  const moveTo = async (item) => {
    const moved = await organizers[0].command('agenda.set', { item_id: item, expected_current: agenda });
    assert.equal(moved.type, 'ack', JSON.stringify(moved));
    agenda = item;
  };
  for (const item of ['registration', 'opening-statements', 'keynotes', 'break', 'thematic-discussions']) await moveTo(item);

  const groups = ['group-1', 'group-2', 'group-3'];
  const runs = groups.map(async (room) => {
    const chair = await join(podium, room, 'facilitator', podium.keys[room]);
    const display = await join(podium, room, 'display');
    const phones = await Promise.all(Array.from({ length: 20 }, () => join(podium, room, 'participant')));
    // The organizer sees them all arrive (presence comes with the coalesced tallies, a few a second).
    await organizers[ROOMS.indexOf(room)].next((m) => m.type === 'tally' && m.presence?.participant === 20);
    const ack = async (client, type, fields) => {
      const reply = await client.command(type, fields);
      assert.equal(reply.type, 'ack', `${room} ${type}: ${JSON.stringify(reply)}`);
      return reply;
    };
    // Presentations: three presenters in slots, each given the floor with a share of the block.
    const slots = [];
    for (const name of ['Presenter A', 'Presenter B', 'Presenter C'])
      slots.push((await ack(chair, 'slot.add', { block_id: 'presentations', name, affiliation: `City of ${name}` })).slot_id);
    let current = null;
    for (const slot of slots) {
      const from = display.messages.length;
      await ack(chair, 'slot.start', { slot_id: slot, expected_current: current });
      const started = await display.next((m) => m.type === 'event' && m.event.type === 'turn.started', { from });
      assert.equal(started.event.entry.slot_id, slot);
      assert.equal(started.event.entry.kind, 'presentation');
      current = started.event.entry.id;
    }
    // Meanwhile phones ask questions, tagged with the guiding questions.
    const asked = await Promise.all(phones.slice(0, 5).map((p, i) =>
      ack(p, 'question.ask', { text: `Question ${i} from ${room}`, guiding_question: `gq${i + 1}` })));
    // Discussion: it takes over the segment timer and runs on the queue; phones ask for the floor.
    await ack(chair, 'block.start', { block_id: 'discussion', expected_current: 'presentations' });
    await Promise.all(phones.map((p, i) => ack(p, 'queue.join', {
      kind: i % 5 === 0 ? 'reply' : 'new_point', name: `P${i}`, ...(i % 2 ? { guiding_question: 'gq2' } : {}),
    })));
    current = null;
    for (let i = 0; i < 4; i++) {
      const from = display.messages.length;
      await ack(chair, 'turn.next', { expected_current: current });
      current = (await display.next((m) => m.type === 'event' && m.event.type === 'turn.started', { from })).event.entry.id;
    }
    // The rapporteur's conclusions go to the plenary with the best question.
    await ack(chair, 'question.moderate', { question_id: asked[0].question_id, action: 'approve' });
    const conclusion = await ack(chair, 'conclusion.add', { text: `What ${room} concluded`, guiding_question: 'gq1' });
    await ack(chair, 'handoff.send', { conclusion_ids: [conclusion.conclusion_id], question_ids: [asked[0].question_id] });
    await ack(chair, 'block.end', { expected_current: 'discussion' });
    const end = await join(podium, room, 'display');
    await Promise.all([chair, display, ...phones].map((c) => c.close()));
    return end;
  });
  const ends = await Promise.all(runs);
  for (const [i, end] of ends.entries()) {
    const snap = end.welcome.snapshot;
    assert.equal(snap.turns.length, 7, `${groups[i]}: 3 presentations and 4 discussion turns, the last ended with the block`);
    assert.deepEqual(snap.turns.slice(0, 3).map((t) => t.kind), ['presentation', 'presentation', 'presentation']);
    assert.ok(snap.blocks[0].slots.every((s) => s.status === 'done' && s.allotted_ms >= 60_000));
    assert.ok(snap.blocks.every((b) => b.ended_at_ms > 0), 'both blocks ran and ended');
    assert.equal(snap.block, null);
    assert.equal(snap.queue.length, 16);
    assert.equal(snap.queue.filter((e) => e.guiding_question === 'gq2').length >= 6, true);
    assert.equal(snap.agenda.item_id, 'thematic-discussions');
    assert.equal(snap.segment.label, 'Open round of discussion');
    assert.equal(snap.conclusions, undefined, 'drafts are not sent to displays');
    await end.close();
  }
  // The organizer saw people come and go in every group, and every group's floor move.
  for (const o of organizers.slice(1)) {
    const presence = o.messages.filter((m) => m.type === 'tally' && m.presence).map((m) => m.presence);
    assert.ok(presence.some((p) => p.participant === 20), JSON.stringify(presence.at(-1)));
    assert.equal(o.events().filter((m) => m.event.type === 'turn.started').length, 7);
    assert.equal(o.events().filter((m) => m.event.type === 'block.started').length, 2);
  }
  // After lunch the plenary has every group's conclusions.
  await moveTo('lunch');
  await moveTo('plenary-dialogue');
  const afternoon = await join(podium, 'plenary', 'display');
  const handoffs = afternoon.welcome.snapshot.handoffs;
  assert.deepEqual(handoffs.map((h) => h.from_room).sort(), groups);
  for (const h of handoffs) {
    assert.equal(h.conclusions[0].text, `What ${h.from_room} concluded`);
    assert.equal(h.questions[0].text, `Question 0 from ${h.from_room}`);
  }
  assert.equal(afternoon.welcome.snapshot.agenda.item_id, 'plenary-dialogue');
  assert.equal(plenaryDisplay.events().filter((m) => m.event.type === 'handoff.received').length, 3);
  for (const o of [...organizers, plenaryDisplay, afternoon]) await o.close();
  await podium.stop();
});

test('the organizer closes the meeting: every room turns read-only, also after a restart', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const { keys, organizerKey } = podium;
  const organizer = await join(podium, 'plenary', 'organizer', organizerKey);
  const chair = await join(podium, 'group-2', 'facilitator', keys['group-2']);
  const phone = await join(podium, 'group-2', 'participant');
  const display = await join(podium, 'group-3', 'display');
  assert.equal((await chair.command('meeting.close')).code, 'forbidden');
  assert.equal((await organizer.command('meeting.close')).type, 'ack');
  const closed = await display.next((m) => m.type === 'event' && m.event.type === 'meeting.closed');
  assert.ok(closed.event.at_ms > 0);
  const refused = await phone.command('question.ask', { text: 'Too late?' });
  assert.equal(refused.code, 'closed', JSON.stringify(refused));
  assert.equal((await chair.command('queue.add', { name: 'Late' })).code, 'closed');
  assert.equal((await organizer.command('meeting.close')).code, 'closed');
  for (const c of [organizer, chair, phone, display]) await c.close();
  await podium.stop();
  podium = await startPodium({ dataDir: data.dir, keys, organizerKey });
  const again = await join(podium, 'group-1', 'participant');
  assert.ok(again.welcome.snapshot.closed_at_ms > 0);
  assert.equal((await again.command('queue.join', {})).code, 'closed');
  await again.close();
  await podium.stop();
  data.cleanup();
});
