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

const format = await import('../../web-client/js/format.mjs');
const clock = await import('../../web-client/js/clock.mjs');
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
  const event = (seq, ev = { type: 'queue.closed' }, epoch = welcome.epoch) =>
    ({ type: 'event', room: 'group-1', epoch, seq, server_time_ms: 0, event: ev });

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

  test('a gap asks once for the missed events, and the welcome that answers fills it', () => {
    const { conn, store } = setup();
    conn.deliver('event', event(45));
    conn.deliver('event', event(46)); // still waiting for the welcome: no second sync
    assert.deepEqual(conn.syncs, [{ epoch: welcome.epoch, seq: 42 }]);
    assert.equal(store.seq, 42);
    conn.deliver('welcome', { ...welcome, seq: 44, snapshot: undefined, mine: [],
      events: [event(42, { type: 'queue.opened' }), event(43), event(44, { type: 'queue.opened' })] });
    assert.equal(store.seq, 44);
    assert.equal(store.state.queue_open, true);
    conn.deliver('event', event(45));
    assert.equal(store.seq, 45);
    assert.equal(conn.syncs.length, 1);
  });

  test('another epoch or an event type this client does not know asks for a snapshot', () => {
    const { conn } = setup();
    conn.deliver('event', event(43, { type: 'queue.closed' }, 'another-epoch'));
    assert.deepEqual(conn.syncs, [null]);
    const second = setup();
    second.conn.deliver('event', event(43, { type: 'poll.opened' }));
    assert.deepEqual(second.conn.syncs, [null]);
    assert.equal(second.store.seq, 42);
  });

  test('a welcome whose events stop short of its seq asks again', () => {
    const { conn } = setup();
    conn.deliver('welcome', { ...welcome, seq: 50, snapshot: undefined, events: [event(43)] });
    assert.deepEqual(conn.syncs, [null]);
  });

  test('the entry id acknowledged for a queue.join becomes one of my entries; a queue.add does not', () => {
    const { conn, store } = setup();
    conn.deliver('ack', { ack: { type: 'ack', op_id: 'a-1', seq: 43, entry_id: 'e9' }, command: { type: 'queue.join' } });
    conn.deliver('ack', { ack: { type: 'ack', op_id: 'a-2', seq: 44, entry_id: 'e10' }, command: { type: 'queue.add' } });
    assert.ok(store.mine.has('e9'));
    assert.ok(!store.mine.has('e10'));
  });
});
