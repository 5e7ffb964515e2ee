// @ts-check
// Questions and polls against the real server: who sees what, coalesced tallies under load, and
// nothing lost across a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, Client, tempDir } from '../support/podium.mjs';

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium.stop();
});

async function join(room, role, extra = {}) {
  const c = await Client.connect(podium.url);
  const w = await c.hello({ room, role, ...(role === 'facilitator' ? { key: podium.keys[room] } : {}), ...extra });
  assert.equal(w.type, 'welcome', JSON.stringify(w));
  c.welcome = w;
  return c;
}

/** Checks the gap rule on everything a client got: each event's prev_seq is the previous event's seq. */
function assertChained(client, startSeq) {
  let last = startSeq;
  for (const m of client.events()) {
    assert.ok(m.prev_seq <= last && m.seq > last, `event ${m.seq} (prev ${m.prev_seq}) after ${last}`);
    assert.equal(m.prev_seq, last, 'no event of this stream was skipped');
    last = m.seq;
  }
  return last;
}

test('a question waits for moderation out of the room, then reaches the display when approved', async () => {
  const chair = await join('group-1', 'facilitator');
  const display = await join('group-1', 'display');
  const phone = await join('group-1', 'participant');
  const ack = await phone.command('question.ask', { text: '  How do  cities\u202e fund\u0007 this? ', name: 'Amina', guiding_question: 'gq2' });
  assert.equal(ack.type, 'ack', JSON.stringify(ack));
  assert.match(ack.question_id, /^q\d+$/);
  const asked = await chair.next((m) => m.type === 'event' && m.event.type === 'question.asked');
  assert.equal(asked.event.question.text, 'How do cities fund this?', 'normalised: spaces folded, controls and overrides gone');
  assert.equal(asked.event.question.muted, false);
  assert.equal(asked.event.question.device, undefined);

  assert.equal((await chair.command('question.moderate', { question_id: ack.question_id, action: 'approve' })).type, 'ack');
  const approved = await display.next((m) => m.type === 'event' && m.event.type === 'question.approved');
  assert.equal(approved.event.question.text, 'How do cities fund this?');
  assert.equal(approved.event.question.muted, undefined, 'the room never learns about muting');
  assert.equal(display.events().some((m) => m.event.type === 'question.asked'), false, 'the pending question stayed private');

  assert.equal((await chair.command('question.answering', { question_id: ack.question_id })).type, 'ack');
  const answering = await display.next((m) => m.type === 'event' && m.event.type === 'question.answering');
  assert.equal(answering.event.question_id, ack.question_id);

  // Rejected: the room drops it and never gets its text.
  const rejected = await chair.command('question.moderate', { question_id: ack.question_id, action: 'reject' });
  assert.equal(rejected.type, 'ack');
  const gone = await display.next((m) => m.type === 'event' && m.event.type === 'question.rejected');
  assert.deepEqual(gone.event.question, { id: ack.question_id, status: 'rejected', merged_into: null });

  assertChained(display, display.welcome.seq);
  assertChained(chair, chair.welcome.seq);
  // The asker finds their question again after a reload, without being told more than they should.
  const again = await Client.connect(podium.url);
  again.device = phone.device;
  const w = await again.hello({ room: 'group-1', role: 'participant' });
  assert.deepEqual(w.my_questions.map((q) => [q.id, q.status]), [[ack.question_id, 'rejected']]);
  assert.equal(w.my_questions[0].muted, undefined);
  for (const c of [chair, display, phone, again]) await c.close();
});

test('bad questions, upvotes and votes bounce with stable codes and change nothing', async () => {
  const chair = await join('group-2', 'facilitator');
  const phone = await join('group-2', 'participant');
  const other = await join('group-2', 'participant');
  const cases = [
    [phone, 'question.ask', { text: '   ' }, 'bad_request'],
    [phone, 'question.ask', { text: 'x'.repeat(501) }, 'bad_request'],
    [phone, 'question.ask', { text: 'ok', guiding_question: 'gq99' }, 'bad_request'],
    [phone, 'question.moderate', { question_id: 'q1', action: 'approve' }, 'forbidden'],
    [phone, 'poll.create', { question: 'x', kind: 'rating' }, 'forbidden'],
    [phone, 'poll.vote', { poll_id: 'p42', picks: [0] }, 'not_found'],
  ];
  for (const [c, type, fields, code] of cases) {
    const r = await c.command(type, fields);
    assert.equal(r.type, 'reject', `${type} ${JSON.stringify(fields)}`);
    assert.equal(r.code, code, `${type}: ${r.message}`);
  }
  const q = await phone.command('question.ask', { text: 'Mine to upvote?' });
  assert.equal((await phone.command('question.ask', { text: 'mine to UPVOTE' })).code, 'duplicate');
  await chair.command('question.moderate', { question_id: q.question_id, action: 'approve' });
  assert.equal((await phone.command('question.upvote', { question_id: q.question_id, up: true })).code, 'invalid_state');
  await chair.command('question.moderate', { question_id: q.question_id, action: 'reject' });
  assert.equal((await other.command('question.upvote', { question_id: q.question_id, up: true })).code, 'not_found');

  const poll = await chair.command('poll.create', { question: 'Pick', kind: 'multiple', options: ['a', 'b', 'c'], max_picks: 2 });
  assert.equal(poll.type, 'ack');
  assert.equal((await phone.command('poll.vote', { poll_id: poll.poll_id, picks: [0] })).code, 'not_found', 'drafts are invisible');
  await chair.command('poll.open', { poll_id: poll.poll_id });
  assert.equal((await phone.command('poll.vote', { poll_id: poll.poll_id, picks: [7] })).code, 'bad_request');
  assert.equal((await phone.command('poll.vote', { poll_id: poll.poll_id, picks: [0, 1, 2] })).code, 'bad_request');
  assert.equal((await phone.command('poll.vote', { poll_id: poll.poll_id, picks: [1, 2] })).type, 'ack');
  await chair.command('poll.close', { poll_id: poll.poll_id });
  assert.equal((await other.command('poll.vote', { poll_id: poll.poll_id, picks: [0] })).code, 'poll_closed');
  // Rate limit: a fourth question within the minute.
  for (const text of ['two', 'three']) assert.equal((await other.command('question.ask', { text })).type, 'ack');
  await other.command('question.ask', { text: 'four' });
  const limited = await other.command('question.ask', { text: 'five' });
  assert.equal(limited.code, 'rate_limited');
  assert.ok(limited.retry_after_ms > 0 && limited.retry_after_ms <= 60000);
  for (const c of [chair, phone, other]) await c.close();
});

test('200 devices vote and upvote at once: each counted once, tallies exact, broadcasts coalesced', async () => {
  const chair = await join('plenary', 'facilitator');
  const display = await join('plenary', 'display');
  const asker = await join('plenary', 'participant');
  const q = await asker.command('question.ask', { text: 'Shall we publish the conclusions?' });
  await chair.command('question.moderate', { question_id: q.question_id, action: 'approve' });
  const poll = await chair.command('poll.create', { question: 'Publish?', kind: 'yes_no_abstain' });
  await chair.command('poll.open', { poll_id: poll.poll_id });
  await chair.command('poll.reveal', { poll_id: poll.poll_id, revealed: true });

  const phones = await Promise.all(Array.from({ length: 200 }, () => join('plenary', 'participant')));
  const talliesBefore = display.messages.filter((m) => m.type === 'tally').length;
  const started = Date.now();
  const acks = await Promise.all(
    phones.map(async (p, i) => {
      const v = await p.command('poll.vote', { poll_id: poll.poll_id, picks: [i % 3] });
      const u = await p.command('question.upvote', { question_id: q.question_id, up: true });
      // Some change their mind: still one vote each.
      const w = i % 10 === 0 ? await p.command('poll.vote', { poll_id: poll.poll_id, picks: [((i % 3) + 1) % 3] }) : v;
      return [v, u, w];
    }),
  );
  for (const trio of acks) for (const a of trio) assert.equal(a.type, 'ack', JSON.stringify(a));
  const elapsed = Date.now() - started;

  // Once the last tally is out (it follows within one interval), what the display accumulated from
  // the tallies is exactly the totals.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const expected = [0, 0, 0];
  phones.forEach((_, i) => expected[i % 10 === 0 ? ((i % 3) + 1) % 3 : i % 3]++);
  const seen = { voters: 0, counts: [], votes: 0 };
  const tallies = display.messages.filter((m) => m.type === 'tally').slice(talliesBefore);
  for (const t of tallies) {
    if (t.polls[poll.poll_id]) Object.assign(seen, { voters: t.polls[poll.poll_id].voters, counts: t.polls[poll.poll_id].counts });
    if (t.questions[q.question_id] !== undefined) seen.votes = t.questions[q.question_id];
  }
  assert.deepEqual(seen, { voters: 200, counts: expected, votes: 200 });
  // At most one tally per 250 ms (plus the one in flight): 620 changes did not become 620 broadcasts.
  const window = Date.now() - started;
  assert.ok(tallies.length <= Math.ceil(window / 250) + 2, `${tallies.length} tallies in ${window} ms (acks took ${elapsed} ms)`);
  // A fresh facilitator snapshot agrees.
  const check = await join('plenary', 'facilitator');
  const snapPoll = check.welcome.snapshot.polls.find((p) => p.id === poll.poll_id);
  assert.equal(snapPoll.voters, 200);
  assert.deepEqual(snapPoll.counts, expected);
  assert.equal(check.welcome.snapshot.questions.find((x) => x.id === q.question_id).votes, 200);
  await Promise.all([chair, display, asker, check, ...phones].map((c) => c.close()));
});

test('a restart keeps pending questions, votes, upvotes, open polls and their deadlines', async () => {
  const data = tempDir();
  let server = await startPodium({ dataDir: data.dir });
  const { keys, organizerKey } = server;
  const connect = async (role) => {
    const c = await Client.connect(server.url);
    const w = await c.hello({ room: 'group-3', role, ...(role === 'facilitator' ? { key: keys['group-3'] } : {}) });
    c.welcome = w;
    return c;
  };
  const chair = await connect('facilitator');
  const phone = await connect('participant');
  const voter = await connect('participant');
  const pending = await phone.command('question.ask', { text: 'Still waiting?' });
  const shown = await phone.command('question.ask', { text: 'Shown and upvoted' });
  await chair.command('question.moderate', { question_id: shown.question_id, action: 'approve' });
  assert.equal((await voter.command('question.upvote', { question_id: shown.question_id, up: true })).type, 'ack');
  const poll = await chair.command('poll.create', { question: 'Rate it', kind: 'rating', live_results: true });
  await chair.command('poll.open', { poll_id: poll.poll_id, duration_ms: 600000 });
  assert.equal((await voter.command('poll.vote', { poll_id: poll.poll_id, picks: [4] })).type, 'ack');
  const before = (await connect('facilitator')).welcome.snapshot;
  await server.kill();

  server = await startPodium({ dataDir: data.dir, keys, organizerKey });
  const after = (await connect('facilitator')).welcome.snapshot;
  assert.deepEqual(after.questions, before.questions);
  assert.deepEqual(after.polls, before.polls);
  assert.equal(after.questions.find((q) => q.id === pending.question_id).status, 'pending');
  assert.equal(after.questions.find((q) => q.id === shown.question_id).votes, 1);
  const p = after.polls.find((x) => x.id === poll.poll_id);
  assert.equal(p.status, 'open');
  assert.ok(p.deadline_ms > Date.now());
  assert.deepEqual(p.counts, [0, 0, 0, 0, 1]);
  // The voter's device still counts once: a second vote is a change, not an addition.
  const back = await Client.connect(server.url);
  back.device = voter.device;
  const w = await back.hello({ room: 'group-3', role: 'participant' });
  assert.deepEqual(w.my_votes, { [poll.poll_id]: [4] });
  assert.deepEqual(w.my_upvotes, [shown.question_id]);
  assert.equal((await back.command('poll.vote', { poll_id: poll.poll_id, picks: [3] })).type, 'ack');
  const check = (await connect('facilitator')).welcome.snapshot.polls.find((x) => x.id === poll.poll_id);
  assert.equal(check.voters, 1);
  await server.stop();
  data.cleanup();
});

test('participants see results only when revealed or live; facilitators always', async () => {
  const chair = await join('group-3', 'facilitator');
  const display = await join('group-3', 'display');
  const phone = await join('group-3', 'participant');
  const poll = await chair.command('poll.create', { question: 'Hidden until revealed', kind: 'single', options: ['x', 'y'] });
  await chair.command('poll.open', { poll_id: poll.poll_id });
  await phone.command('poll.vote', { poll_id: poll.poll_id, picks: [1] });
  const chairTally = await chair.next((m) => m.type === 'tally' && m.polls[poll.poll_id]?.voters === 1);
  assert.deepEqual(chairTally.polls[poll.poll_id].counts, [0, 1]);
  const roomTally = await display.next((m) => m.type === 'tally' && m.polls[poll.poll_id]?.voters === 1);
  assert.equal(roomTally.polls[poll.poll_id].counts, undefined, 'no counts before reveal');
  const from = display.messages.length;
  await chair.command('poll.reveal', { poll_id: poll.poll_id, revealed: true });
  const revealed = await display.next((m) => m.type === 'tally' && m.polls[poll.poll_id]?.counts, { from });
  assert.deepEqual(revealed.polls[poll.poll_id].counts, [0, 1]);
  for (const c of [chair, display, phone]) await c.close();
});

test('a facilitator who resumes gets the missed private events in full; votes do not push resume out', async () => {
  const chair = await join('group-2', 'facilitator');
  const seen = chair.welcome.seq;
  const epoch = chair.welcome.epoch;
  await chair.close();
  const phone = await join('group-2', 'participant');
  const asked = await phone.command('question.ask', { text: 'Asked while the facilitator was away' });
  const helper = await join('group-2', 'facilitator');
  const poll = await helper.command('poll.create', { question: 'Busy?', kind: 'yes_no_abstain' });
  await helper.command('poll.open', { poll_id: poll.poll_id });
  // Many votes: quiet events, which must not crowd the resume buffer.
  const voters = await Promise.all(Array.from({ length: 30 }, () => join('group-2', 'participant')));
  await Promise.all(voters.map((v, i) => v.command('poll.vote', { poll_id: poll.poll_id, picks: [i % 3] })));
  const back = await Client.connect(podium.url);
  const w = await back.hello({ room: 'group-2', role: 'facilitator', key: podium.keys['group-2'], resume: { epoch, seq: seen } });
  assert.equal(w.snapshot, undefined, 'resumed with events, not a snapshot');
  const ev = w.events.find((e) => e.event.type === 'question.asked' && e.event.question.id === asked.question_id);
  assert.equal(ev.event.question.text, 'Asked while the facilitator was away');
  assert.equal(w.events.some((e) => e.event.type === 'poll.voted'), false);
  assert.equal(w.tally.polls[poll.poll_id].voters, 30);
  await helper.command('poll.close', { poll_id: poll.poll_id });
  await Promise.all([phone, helper, back, ...voters].map((c) => c.close()));
});

test('a question promoted for its asker tells the room who speaks to it', async () => {
  const chair = await join('plenary', 'facilitator');
  const phone = await join('plenary', 'participant');
  const q = await phone.command('question.ask', { text: 'May I explain our housing programme?', name: 'Mayor Li' });
  await chair.command('question.moderate', { question_id: q.question_id, action: 'approve' });
  const from = phone.messages.length;
  const promoted = await chair.command('question.promote', { question_id: q.question_id, by: 'asker' });
  assert.ok(promoted.entry_id);
  const joined = await phone.next((m) => m.type === 'event' && m.event.type === 'queue.joined', { from });
  assert.deepEqual(
    { name: joined.event.entry.name, question_id: joined.event.entry.question_id, by: joined.event.entry.by },
    { name: 'Mayor Li', question_id: q.question_id, by: 'asker' },
  );
  assert.equal(joined.event.entry.device, undefined);
  // After a reload the phone is told directly that the entry is its own.
  const again = await Client.connect(podium.url);
  again.device = phone.device;
  const w = await again.hello({ room: 'plenary', role: 'participant' });
  assert.ok(w.mine.includes(promoted.entry_id));
  await chair.command('queue.remove', { entry_id: promoted.entry_id });
  for (const c of [chair, phone, again]) await c.close();
});
