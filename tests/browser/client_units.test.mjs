// The browser client's pure modules (formatting, timers, clock estimate, the store's seq rules) run in
// node: no browser, no server. The client imports the protocol module by its served URL
// (/protocol/protocol.mjs); a resolve hook maps that URL to protocol/js/ here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const hooks = `
const PROTOCOL = ${JSON.stringify(new URL('protocol/js/', root).href)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('/protocol/')) return next(PROTOCOL + specifier.slice('/protocol/'.length), context);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const format = { ...await import('../../web-client/js/format.mjs'), ...await import('../../web-client/js/format_console.mjs') };
const clock = { ...await import('../../web-client/js/clock.mjs'), ...await import('../../web-client/js/timer_words.mjs') };
const { Store, connectStore } = await import('../../web-client/js/store.mjs');
const { ordinal } = await import('../../web-client/js/strings.mjs');

const fixture = (name) => JSON.parse(readFileSync(new URL(`protocol/fixtures/server/${name}.json`, root), 'utf8'));

describe('format', () => {
  test('a countdown shows whole seconds rounded up, overtime counts up with a plus', () => {
    const cases = [[180000, '3:00'], [179001, '3:00'], [179000, '2:59'], [1, '0:01'], [0, '0:00'], [-999, '0:00'],
      [-1000, '+0:01'], [-72000, '+1:12'], [3600000, '1:00:00'], [5400000, '1:30:00']];
    for (const [ms, text] of cases) assert.equal(format.remainingText(ms), text, `${ms} ms`);
  });

  test('typed durations: m:ss, h:mm:ss, seconds, decimal minutes', () => {
    const cases = [['3:00', 180000], ['1:02:30', 3750000], ['90s', 90000], ['2.5', 150000], ['2,5', 150000],
      ['15', 900000], [' 4 min ', 240000], ['', null], ['abc', null], ['0', null], ['-3', null], ['3:0:0:0', null]];
    for (const [text, ms] of cases) assert.equal(format.parseDuration(text), ms, JSON.stringify(text));
    assert.equal(format.durationText(180000), '3:00');
  });

  test('labels are cut to the byte limit on a character boundary', () => {
    assert.equal(format.fitBytes('é'.repeat(50), 80), 'é'.repeat(40));
    assert.equal(format.fitBytes('short', 80), 'short');
  });

  test('ordinals', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map(ordinal),
      ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st']);
  });
});

describe('clock', () => {
  const timer = (over) => ({ label: '', duration_ms: 180000, run: 'running', ends_at_ms: 10_180_000, remaining_ms: 180000,
    warning_ms: 30000, warned: false, expired: false, ...over });

  test('a running timer reads ends_at - now, any other its remaining_ms', () => {
    assert.equal(clock.remainingMs(timer(), 10_100_000), 80000);
    assert.equal(clock.remainingMs(timer({ run: 'paused', remaining_ms: 5000 }), 10_100_000), 5000);
  });

  test('levels: idle, normal, warning within warning_ms, expired at zero and after', () => {
    assert.equal(clock.timerLevel(timer({ run: 'idle' }), 0), 'idle');
    assert.equal(clock.timerLevel(timer(), 10_000_000), 'normal');
    assert.equal(clock.timerLevel(timer(), 10_150_000), 'warning');
    assert.equal(clock.timerLevel(timer(), 10_180_000), 'expired');
    assert.equal(clock.timerLevel(timer(), 10_200_000), 'expired');
    assert.equal(clock.timerLevel(timer({ warning_ms: 0 }), 10_179_000), 'normal');
  });

  test('spoken time leaves out the pauses, including one still running', () => {
    const turn = { entry: {}, started_at_ms: 1000, allotted_ms: 180000, paused_ms: 2000, paused_since_ms: null, pauses: 1 };
    assert.equal(clock.spokenMs(turn, 11000), 8000);
    assert.equal(clock.spokenMs({ ...turn, paused_since_ms: 9000, pauses: 2 }, 11000), 6000);
  });

  test('the offset comes from the sample with the shortest round trip among the last eight', () => {
    const est = new clock.ClockEstimator(8);
    assert.equal(est.sample(1000, 5000 + 1050, 1100), true); // rtt 100, offset 5000
    assert.equal(est.offset, 5000);
    est.sample(2000, 5000 + 2010 + 7, 2020); // rtt 20, offset 5007
    assert.equal(est.offset, 5007);
    est.sample(3000, 9999, 3400); // rtt 400: ignored in favour of the 20 ms one
    assert.equal(est.offset, 5007);
    assert.equal(est.sample(5000, 1, 4000), false); // negative rtt: an echo from an earlier page
    for (let i = 0; i < 8; i++) est.sample(10000 + i * 1000, 10000 + i * 1000 + 25 + 4000, 10000 + i * 1000 + 50);
    assert.equal(est.offset, 4000); // the 20 ms sample aged out
  });
});

/** A stand-in for Connection: records syncs, lets the test deliver messages. */
function fakeConnection() {
  const handlers = new Map();
  return {
    syncs: [],
    getResume: () => null,
    on(type, fn) {
      handlers.set(type, [...(handlers.get(type) ?? []), fn]);
      return () => {};
    },
    deliver(type, payload) {
      for (const fn of handlers.get(type) ?? []) fn(payload);
    },
    sync(resume) {
      this.syncs.push(resume);
    },
  };
}

describe('store', () => {
  const welcome = fixture('welcome');
  const event = (seq, ev = { type: 'queue.closed' }, epoch = welcome.epoch, prev_seq = seq - 1) =>
    ({ type: 'event', room: 'group-1', epoch, seq, prev_seq, server_time_ms: 0, event: ev });
  const tally = (seq, questions = {}, polls = {}) => ({ type: 'tally', room: 'group-1', epoch: welcome.epoch, seq, questions, polls });

  function setup() {
    const conn = fakeConnection();
    const store = new Store('group-1');
    connectStore(conn, store);
    let notified = 0;
    store.subscribe(() => notified++);
    conn.deliver('welcome', structuredClone(welcome));
    return { conn, store, notified: () => notified };
  }

  test('a welcome snapshot sets state, epoch, seq and own entries; hello resumes from it', () => {
    const { conn, store, notified } = setup();
    assert.deepEqual(store.state, welcome.snapshot);
    assert.equal(store.seq, 42);
    assert.ok(store.mine.has('e4'));
    assert.deepEqual(conn.getResume(), { epoch: welcome.epoch, seq: 42 });
    assert.equal(notified(), 1);
  });

  test('the next seq applies; a duplicate is ignored', () => {
    const { conn, store } = setup();
    conn.deliver('event', event(43));
    assert.equal(store.state.queue_open, false);
    assert.equal(store.seq, 43);
    conn.deliver('event', event(43, { type: 'queue.opened' }));
    conn.deliver('event', event(40, { type: 'queue.opened' }));
    assert.equal(store.state.queue_open, false);
    assert.deepEqual(conn.syncs, []);
  });

  test('an event whose prev_seq is the last one applied applies, whatever seqs it skips', () => {
    const { conn, store } = setup();
    conn.deliver('event', event(47, { type: 'queue.closed' }, welcome.epoch, 42)); // 43..46: not for this page
    assert.equal(store.seq, 47);
    assert.equal(store.state.queue_open, false);
    conn.deliver('event', event(50, { type: 'queue.opened' }, welcome.epoch, 40)); // prev_seq before last: fine
    assert.equal(store.seq, 50);
    assert.equal(store.state.queue_open, true);
    assert.deepEqual(conn.syncs, []);
  });

  test('a gap asks once for the missed events, and the welcome that answers fills it', () => {
    const { conn, store } = setup();
    conn.deliver('event', event(45, { type: 'queue.closed' }, welcome.epoch, 44)); // 44 was missed
    conn.deliver('event', event(46)); // still waiting for the welcome: no second sync
    assert.deepEqual(conn.syncs, [{ epoch: welcome.epoch, seq: 42 }]);
    assert.equal(store.seq, 42);
    conn.deliver('welcome', { ...welcome, seq: 44, snapshot: undefined, mine: [], tally: { questions: {}, polls: {} },
      events: [event(42, { type: 'queue.opened' }), event(43), event(44, { type: 'queue.opened' })] });
    assert.equal(store.seq, 44);
    assert.equal(store.state.queue_open, true);
    conn.deliver('event', event(45));
    assert.equal(store.seq, 45);
    assert.equal(conn.syncs.length, 1);
  });

  test('a resuming welcome moves last to its seq even when its events stop short, and applies its tally', () => {
    const { conn, store } = setup();
    conn.deliver('welcome', { ...welcome, seq: 50, snapshot: undefined, events: [event(43)],
      tally: { questions: { q3: 9 }, polls: { p1: { voters: 20 } } } });
    assert.deepEqual(conn.syncs, []);
    assert.equal(store.seq, 50);
    assert.equal(store.state.queue_open, false);
    assert.equal(store.state.questions[0].votes, 9);
    assert.equal(store.state.polls[0].voters, 20);
    conn.deliver('event', event(52, { type: 'queue.opened' }, welcome.epoch, 50));
    assert.equal(store.seq, 52);
  });

  test('a tally sets counts, never moves last, and an older one does not undo a newer one', () => {
    const { conn, store, notified } = setup();
    conn.deliver('tally', tally(45, { q3: 6 }, { p1: { voters: 19 } }));
    assert.equal(store.seq, 42);
    assert.equal(store.state.questions[0].votes, 6);
    assert.equal(store.state.polls[0].voters, 19);
    assert.equal(notified(), 2);
    conn.deliver('tally', tally(44, { q3: 5 }));
    assert.equal(store.state.questions[0].votes, 6);
    conn.deliver('event', event(43));
    assert.equal(store.seq, 43, 'the tally at 45 was no gap');
    assert.deepEqual(conn.syncs, []);
    conn.deliver('tally', { ...tally(46, { q3: 1 }), epoch: 'another' });
    assert.equal(store.state.questions[0].votes, 6);
  });

  test('another epoch or an event type this client does not know asks for a snapshot', () => {
    const { conn } = setup();
    conn.deliver('event', event(43, { type: 'queue.closed' }, 'another-epoch'));
    assert.deepEqual(conn.syncs, [null]);
    const second = setup();
    second.conn.deliver('event', event(43, { type: 'badge.awarded' }));
    assert.deepEqual(second.conn.syncs, [null]);
    assert.equal(second.store.seq, 42);
  });

  test('a welcome whose events leave a gap asks for a snapshot', () => {
    const { conn } = setup();
    conn.deliver('welcome', { ...welcome, seq: 50, snapshot: undefined, tally: { questions: {}, polls: {} },
      events: [event(43), event(49, { type: 'queue.opened' }, welcome.epoch, 45)] });
    assert.deepEqual(conn.syncs, [null]);
  });

  test('own questions, upvotes and votes come from the welcome', () => {
    const { store } = setup();
    assert.deepEqual([...store.myQuestions.keys()], ['q4']);
    assert.equal(store.myQuestions.get('q4').status, 'pending');
    assert.deepEqual([...store.myUpvotes], ['q3']);
    assert.deepEqual(store.myVotes.get('p1'), [2]);
  });

  test('acks of own commands update own data', () => {
    const { conn, store } = setup();
    const ack = (op_id, extra = {}) => ({ type: 'ack', op_id, seq: 43, ...extra });
    conn.deliver('ack', { ack: ack('a-1', { question_id: 'q8' }), command: { type: 'question.ask', text: 'Why?', name: 'Li' } });
    assert.deepEqual({ ...store.myQuestions.get('q8') }, { id: 'q8', text: 'Why?', name: 'Li', guiding_question: null,
      status: 'pending', asked_at_ms: 0, pinned: false, merged_into: null, votes: 0 });
    conn.deliver('ack', { ack: ack('a-2'), command: { type: 'question.edit', question_id: 'q8', text: 'Why not?', guiding_question: 'gq1' } });
    assert.equal(store.myQuestions.get('q8').text, 'Why not?');
    assert.equal(store.myQuestions.get('q8').name, '');
    assert.equal(store.myQuestions.get('q8').guiding_question, 'gq1');
    conn.deliver('ack', { ack: ack('a-3'), command: { type: 'question.withdraw', question_id: 'q4' } });
    assert.equal(store.myQuestions.get('q4').status, 'withdrawn');
    conn.deliver('ack', { ack: ack('a-4'), command: { type: 'question.upvote', question_id: 'q3', up: false } });
    conn.deliver('ack', { ack: ack('a-5'), command: { type: 'question.upvote', question_id: 'q9', up: true } });
    assert.deepEqual([...store.myUpvotes], ['q9']);
    conn.deliver('ack', { ack: ack('a-6'), command: { type: 'poll.vote', poll_id: 'p1', picks: [0] } });
    assert.deepEqual(store.myVotes.get('p1'), [0]);
  });

  test('a question asked with pre-moderation off is already in the room when its ack comes', () => {
    const { conn, store } = setup();
    const approved = { ...fixture('event.question.approved').event.question, id: 'q8', text: 'Shown at once' };
    conn.deliver('event', event(43, { type: 'question.asked', at_ms: 1, question: approved }));
    conn.deliver('ack', { ack: { type: 'ack', op_id: 'a-1', seq: 43, question_id: 'q8' }, command: { type: 'question.ask', text: 'Shown at once' } });
    assert.equal(store.myQuestions.get('q8').status, 'approved');
  });

  test('events about an own question update its status, stripped or whole', () => {
    const { conn, store } = setup();
    const q4 = store.myQuestions.get('q4');
    conn.deliver('event', event(43, { type: 'question.approved', at_ms: 1, question: { ...q4, votes: undefined, status: 'approved' } }));
    assert.equal(store.myQuestions.get('q4').status, 'approved');
    assert.equal(store.myQuestions.get('q4').votes, 0);
    conn.deliver('event', event(44, { type: 'question.merged', at_ms: 1, question: { id: 'q4', status: 'merged', merged_into: 'q3' } }));
    assert.equal(store.myQuestions.get('q4').status, 'merged');
    assert.equal(store.myQuestions.get('q4').text, q4.text);
  });

  test('an edit refused because the question was meanwhile moderated asks for a fresh welcome', () => {
    const { conn } = setup();
    conn.deliver('reject', { reject: { type: 'reject', op_id: 'a-1', code: 'invalid_state', message: 'no' },
      command: { type: 'question.edit', question_id: 'q4', text: 'x' } });
    assert.deepEqual(conn.syncs, [{ epoch: welcome.epoch, seq: 42 }]);
    const other = setup();
    other.conn.deliver('reject', { reject: { type: 'reject', op_id: 'a-1', code: 'duplicate', message: 'no' },
      command: { type: 'question.ask', text: 'x' } });
    assert.deepEqual(other.conn.syncs, []);
  });

  test('the entry id acknowledged for a queue.join becomes one of my entries; a queue.add does not', () => {
    const { conn, store } = setup();
    conn.deliver('ack', { ack: { type: 'ack', op_id: 'a-1', seq: 43, entry_id: 'e9' }, command: { type: 'queue.join' } });
    conn.deliver('ack', { ack: { type: 'ack', op_id: 'a-2', seq: 44, entry_id: 'e10' }, command: { type: 'queue.add' } });
    assert.ok(store.mine.has('e9'));
    assert.ok(!store.mine.has('e10'));
  });
});
