// @ts-check
// A group's session as it runs: presenter slots whose time flows into one another and into the open
// discussion, conclusions handed to the plenary, and the log that replays all of it after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, tempDir, joinRoom as join } from '../support/podium.mjs';


/** Sends a command that must be acked; returns the ack. */
async function ok(client, type, fields = {}) {
  const reply = await client.command(type, fields);
  assert.equal(reply.type, 'ack', `${type}: ${JSON.stringify(reply)}`);
  return reply;
}

test('slots share the presentations block, the discussion absorbs what they leave, and it all replays', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const chair = await join(podium, 'group-1', 'facilitator', podium.keys['group-1']);
  const display = await join(podium, 'group-1', 'display');
  const plan = chair.welcome.snapshot.blocks;
  assert.deepEqual(plan.map((b) => [b.id, b.kind, b.plan_start_min, b.planned_ms]), [
    ['presentations', 'presentations', 10 * 60 + 45, 30 * 60_000],
    ['discussion', 'discussion', 11 * 60 + 15, 15 * 60_000],
  ]);
  assert.equal(chair.welcome.snapshot.handoff_to, 'plenary');

  const names = ['Ana Souza', 'Li Wei', 'Mayor of Gwangju'];
  const slots = [];
  for (const name of names)
    slots.push((await ok(chair, 'slot.add', { block_id: 'presentations', name, affiliation: 'City' })).slot_id);
  assert.deepEqual(slots, ['s1', 's2', 's3']);
  await ok(chair, 'slot.add', { block_id: 'presentations', name: 'Walk-in', planned_ms: 300_000, before_id: 's2' });
  const full = await chair.command('slot.add', { block_id: 'presentations', name: 'Fifth' });
  assert.equal(full.code, 'too_many', JSON.stringify(full));
  await ok(chair, 'slot.remove', { slot_id: 's4' });

  // Three presenters share 30 minutes: 10 each.
  const from = display.events().length;
  await ok(chair, 'slot.start', { slot_id: 's1', expected_current: null });
  const started = await display.next((m) => m.type === 'event' && m.event.type === 'turn.started', { from });
  assert.equal(started.event.entry.kind, 'presentation');
  assert.equal(started.event.entry.slot_id, 's1');
  assert.equal(started.event.speaker.duration_ms, 600_000);
  const block = display.events().find((m) => m.event?.type === 'block.started');
  assert.equal(block?.event.segment.duration_ms, 1_800_000);

  // The facilitator takes five minutes off the block: the two left share what remains.
  await ok(chair, 'timer.adjust', { timer: 'segment', delta_ms: -300_000 });
  const stale = await chair.command('slot.start', { slot_id: 's2', expected_current: null });
  assert.equal(stale.code, 'stale');
  const second = await ok(chair, 'slot.start', { slot_id: 's2', expected_current: started.event.entry.id });
  const turn2 = chair.events().find((m) => m.seq === second.seq)?.event;
  assert.equal(turn2.type, 'turn.started');
  assert.ok(turn2.speaker.duration_ms <= 750_000 && turn2.speaker.duration_ms >= 740_000, String(turn2.speaker.duration_ms));
  const again = await chair.command('slot.start', { slot_id: 's1', expected_current: turn2.entry.id });
  assert.equal(again.code, 'invalid_state');

  // The discussion starts early: it gets its 15 minutes plus what the block had left.
  const discussion = await ok(chair, 'block.start', { block_id: 'discussion', expected_current: 'presentations' });
  const events = chair.events().filter((m) => m.seq <= discussion.seq).map((m) => m.event);
  const ended = events.find((e) => e.type === 'block.ended');
  const opened = events.findLast((e) => e.type === 'block.started');
  assert.ok(ended.left_ms > 1_400_000, String(ended.left_ms));
  assert.equal(opened.segment.duration_ms, Math.floor((900_000 + ended.left_ms) / 1000) * 1000);
  const done = events.findLast((e) => e.type === 'turn.ended');
  assert.equal(done.record.slot_id, 's2');

  // A participant's question, approved, goes to the plenary with a conclusion.
  const phone = await join(podium, 'group-1', 'participant');
  const asked = await ok(phone, 'question.ask', { text: 'Who pays for housing rights?', guiding_question: 'gq1' });
  await ok(chair, 'question.moderate', { question_id: asked.question_id, action: 'approve' });
  const c1 = await ok(chair, 'conclusion.add', { text: 'Count informal settlements before serving them.', guiding_question: 'gq1' });
  assert.equal(c1.conclusion_id, 'c1');
  assert.equal(display.events().some((m) => m.event?.type === 'conclusion.added'), false, 'drafts stay with the facilitator');
  const plenary = await join(podium, 'plenary', 'display');
  await ok(chair, 'handoff.send', { conclusion_ids: ['c1'], question_ids: [asked.question_id] });
  const received = await plenary.next((m) => m.type === 'event' && m.event.type === 'handoff.received');
  assert.equal(received.event.handoff.from_room, 'group-1');
  assert.equal(received.event.handoff.conclusions[0].text, 'Count informal settlements before serving them.');
  assert.equal(received.event.handoff.questions[0].text, 'Who pays for housing rights?');
  const pending = await ok(phone, 'question.ask', { text: 'Not yet approved' });
  const refused = await chair.command('handoff.send', { conclusion_ids: ['c1'], question_ids: [pending.question_id] });
  assert.equal(refused.code, 'invalid_state');
  const plenaryChair = await join(podium, 'plenary', 'facilitator', podium.keys.plenary);
  assert.equal((await plenaryChair.command('handoff.send', { conclusion_ids: ['c1'], question_ids: [] })).code, 'invalid_state');
  assert.equal((await phone.command('slot.start', { slot_id: 's3', expected_current: null })).code, 'forbidden');

  // Everything replays: the same plan, slots and handoffs after a restart.
  const before = (await join(podium, 'group-1', 'facilitator', podium.keys['group-1'])).welcome.snapshot;
  const keys = podium.keys;
  for (const c of [chair, display, phone, plenary, plenaryChair]) c.close();
  await podium.stop();
  podium = await startPodium({ dataDir: data.dir, keys, organizerKey: podium.organizerKey });
  const after = (await join(podium, 'group-1', 'facilitator', keys['group-1'])).welcome.snapshot;
  assert.deepEqual(after.blocks, before.blocks);
  assert.deepEqual(after.conclusions, before.conclusions);
  assert.deepEqual(after.handoffs, before.handoffs);
  const plenaryAfter = (await join(podium, 'plenary', 'display')).welcome.snapshot;
  assert.equal(plenaryAfter.handoffs.length, 1, 'delivered once, not again at restart');
  await podium.stop();
  data.cleanup();
});
