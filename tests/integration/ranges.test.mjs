// @ts-check
// Numbers out of range through the real protocol: durations past 12 hours (or 24 for a poll), below the
// minimum, 2^63 and beyond, fractions, exponents, strings, null, a missing field, a poll with too few or
// too many options or picks. Each is refused with `bad_request` and a message, nothing is broadcast, the
// room's seq does not move and its state is what the last accepted command left; exactly the bounds are
// accepted. Numbers are written into the JSON text as literals, so the server sees exactly what a hostile
// client could send (2^63 as 9223372036854775808, not as a double rounded by JSON.stringify).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, Client } from '../support/podium.mjs';

// From server/core/decide.hpp.
const MIN_DURATION = 1000; // kMinDurationMs
const MAX_DURATION = 12 * 60 * 60 * 1000; // kMaxDurationMs
const MIN_POLL = 5000; // kMinPollMs
const MAX_POLL = 24 * 60 * 60 * 1000; // kMaxPollMs
const MAX_OPTIONS = 10; // kMaxOptions

const TWO_TO_63 = '9223372036854775808'; // one past int64
const INT64_MAX = '9223372036854775807';
const TWO_TO_64 = '18446744073709551616'; // past uint64: parsed as a double
const BELOW_INT64_MIN = '-9223372036854775809';

/** Literals that are not an integer number of milliseconds, whatever the range. */
const NOT_INTEGERS = ['1.5', '1e20', '"60000"', 'true', '[60000]', '{}', TWO_TO_64, BELOW_INT64_MIN];

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium.stop();
});

/**
 * A facilitator of `room`, a second facilitator watching every event, and the room's seq as acked so far.
 * @param {string} room
 */
async function chair(room) {
  const c = await Client.connect(podium.url);
  const w = await c.hello({ room, role: 'facilitator', key: podium.keys[room] });
  assert.equal(w.type, 'welcome');
  const watcher = await Client.connect(podium.url);
  assert.equal((await watcher.hello({ room, role: 'facilitator', key: podium.keys[room] })).type, 'welcome');
  return { room, c, watcher, seq: /** @type {number} */ (w.seq), start: w.seq, /** @type {number[]} */ broadcast: [], ops: 0 };
}

/**
 * Sends `{"type": type, "op_id": ..., <fields>}` with `fields` as raw JSON text; returns the ack or reject.
 * @param {Awaited<ReturnType<typeof chair>>} ctx @param {Client} who @param {string} type @param {string} fields
 */
async function send(ctx, who, type, fields) {
  const opId = `ranges-${ctx.room}-${++ctx.ops}`;
  who.send(`{"type":${JSON.stringify(type)},"op_id":"${opId}"${fields ? `,${fields}` : ''}}`);
  const reply = await who.next((m) => (m.type === 'ack' || m.type === 'reject') && m.op_id === opId);
  return { reply, opId };
}

/**
 * The command is refused with `code` and a message matching `message`; nothing was committed.
 * @param {Awaited<ReturnType<typeof chair>>} ctx @param {string} type @param {string} fields
 * @param {RegExp} message @param {{ code?: string, who?: Client }} [options]
 */
async function refused(ctx, type, fields, message, { code = 'bad_request', who = ctx.c } = {}) {
  const { reply, opId } = await send(ctx, who, type, fields);
  const what = `${type} {${fields}}`;
  assert.equal(reply.type, 'reject', `${what} was taken: ${JSON.stringify(reply)}`);
  assert.equal(reply.code, code, `${what}: ${reply.message}`);
  assert.equal(reply.op_id, opId, `${what}: the reject names its op`);
  assert.equal(typeof reply.message, 'string');
  assert.match(reply.message, message, what);
  assert.equal('seq' in reply, false, `${what}: a reject carries no seq`);
}

/**
 * The command is acked with the next seq.
 * @param {Awaited<ReturnType<typeof chair>>} ctx @param {string} type @param {string} fields
 * @param {{ who?: Client, quiet?: boolean }} [options] quiet: logged but sent to no one (votes)
 */
async function accepted(ctx, type, fields, { who = ctx.c, quiet = false } = {}) {
  const { reply } = await send(ctx, who, type, fields);
  assert.equal(reply.type, 'ack', `${type} {${fields}}: ${JSON.stringify(reply)}`);
  assert.equal(reply.seq, ctx.seq + 1, `${type} {${fields}}: one event, right after the last accepted one`);
  ctx.seq = reply.seq;
  if (!quiet) ctx.broadcast.push(reply.seq);
  return reply;
}

/**
 * The room's log is where the accepted commands left it: a fresh welcome says so, and the watcher saw
 * exactly the accepted commands' events. Returns the snapshot.
 * @param {Awaited<ReturnType<typeof chair>>} ctx
 */
async function unmoved(ctx) {
  const from = ctx.c.messages.length;
  ctx.c.send({ type: 'sync' });
  const w = await ctx.c.next((m) => m.type === 'welcome', { from });
  assert.equal(w.seq, ctx.seq, 'the room\'s seq did not move on a refusal');
  if (ctx.broadcast.length) {
    const last = ctx.broadcast[ctx.broadcast.length - 1];
    await ctx.watcher.next((m) => m.type === 'event' && m.seq === last);
  }
  // A round trip after the last event: anything a refusal had broadcast would be in by now.
  const pings = ctx.watcher.messages.length;
  ctx.watcher.send({ type: 'ping', t0: 1 });
  await ctx.watcher.next((m) => m.type === 'pong', { from: pings });
  assert.deepEqual(ctx.watcher.events().map((m) => m.seq), ctx.broadcast, 'only accepted commands were broadcast');
  return w.snapshot;
}

async function done(/** @type {Awaited<ReturnType<typeof chair>>} */ ctx) {
  await ctx.c.close();
  await ctx.watcher.close();
}

test('timer.set: duration_ms outside 1 s – 12 h, not an integer or absent is bad_request and moves nothing; both bounds are taken', async () => {
  const ctx = await chair('group-1');
  await accepted(ctx, 'timer.set', `"timer":"speaker","duration_ms":${MAX_DURATION}`);
  await accepted(ctx, 'timer.set', `"timer":"speaker","duration_ms":${MIN_DURATION}`);
  await accepted(ctx, 'timer.set', '"timer":"speaker","duration_ms":60000,"warning_ms":60000');
  const range = /1 second and 12 hours/;
  for (const v of [MAX_DURATION + 1, MIN_DURATION - 1, 0, -1, -MAX_DURATION, INT64_MAX])
    await refused(ctx, 'timer.set', `"timer":"speaker","duration_ms":${v}`, range);
  await refused(ctx, 'timer.set', `"timer":"speaker","duration_ms":${TWO_TO_63}`, /duration_ms.*out of range/);
  for (const v of NOT_INTEGERS)
    await refused(ctx, 'timer.set', `"timer":"speaker","duration_ms":${v}`, /duration_ms.*expected an integer/);
  await refused(ctx, 'timer.set', '"timer":"speaker","duration_ms":null', /duration_ms/);
  await refused(ctx, 'timer.set', '"timer":"speaker"', /duration_ms.*missing/);
  // The warning must fall within the duration.
  for (const w of ['60001', '-1', TWO_TO_63, '1.5'])
    await refused(ctx, 'timer.set', `"timer":"speaker","duration_ms":60000,"warning_ms":${w}`, /warning/);
  const snapshot = await unmoved(ctx);
  assert.equal(snapshot.speaker.duration_ms, 60000, 'the timer is as the last accepted command set it');
  assert.equal(snapshot.speaker.remaining_ms, 60000);
  assert.equal(snapshot.speaker.warning_ms, 60000);
  await done(ctx);
});

test('timer.adjust: delta_ms of 0, past ±12 h or not an integer, or a timer past 12 h, is bad_request; the bounds are taken', async () => {
  const ctx = await chair('group-2');
  await accepted(ctx, 'timer.set', '"timer":"segment","duration_ms":600000');
  // Up to exactly 12 h, and not a millisecond past it: adjusting cannot make a timer set cannot.
  await accepted(ctx, 'timer.adjust', `"timer":"segment","delta_ms":${MAX_DURATION - 600000}`);
  await refused(ctx, 'timer.adjust', '"timer":"segment","delta_ms":1', /12 hours at most/);
  // Taking off the most there is stops at zero.
  await accepted(ctx, 'timer.adjust', `"timer":"segment","delta_ms":${-MAX_DURATION}`);
  const range = /between 1 ms and 12 hours/;
  for (const v of [0, MAX_DURATION + 1, -MAX_DURATION - 1, INT64_MAX, '-9223372036854775808'])
    await refused(ctx, 'timer.adjust', `"timer":"segment","delta_ms":${v}`, range);
  await refused(ctx, 'timer.adjust', `"timer":"segment","delta_ms":${TWO_TO_63}`, /delta_ms.*out of range/);
  for (const v of NOT_INTEGERS)
    await refused(ctx, 'timer.adjust', `"timer":"segment","delta_ms":${v}`, /delta_ms.*expected an integer/);
  await refused(ctx, 'timer.adjust', '"timer":"segment","delta_ms":null', /delta_ms/);
  await refused(ctx, 'timer.adjust', '"timer":"segment"', /delta_ms.*missing/);
  const snapshot = await unmoved(ctx);
  assert.equal(snapshot.segment.remaining_ms, 0, '-12 h from 12 h is zero; nothing refused was applied');
  await done(ctx);
});

test('room.configure: speaking_ms outside 1 s – 12 h or a warning not before it is bad_request; the bounds are taken', async () => {
  const ctx = await chair('group-3');
  await accepted(ctx, 'room.configure', `"speaking_ms":${MIN_DURATION},"warning_ms":0`);
  await accepted(ctx, 'room.configure', `"speaking_ms":${MAX_DURATION},"warning_ms":${MAX_DURATION - 1}`);
  const range = /between 1 s and 12 hours/;
  for (const v of [MAX_DURATION + 1, MIN_DURATION - 1, 0, -1, INT64_MAX])
    await refused(ctx, 'room.configure', `"speaking_ms":${v},"warning_ms":0`, range);
  await refused(ctx, 'room.configure', `"speaking_ms":${TWO_TO_63},"warning_ms":0`, /speaking_ms.*out of range/);
  for (const v of NOT_INTEGERS)
    await refused(ctx, 'room.configure', `"speaking_ms":${v},"warning_ms":0`, /speaking_ms.*expected an integer/);
  for (const w of ['120000', '120001', '-1', INT64_MAX])
    await refused(ctx, 'room.configure', `"speaking_ms":120000,"warning_ms":${w}`, /warning must come before/);
  for (const w of ['1.5', 'null', '"0"'])
    await refused(ctx, 'room.configure', `"speaking_ms":120000,"warning_ms":${w}`, /warning_ms/);
  await refused(ctx, 'room.configure', '"speaking_ms":120000', /warning_ms.*missing/);
  const snapshot = await unmoved(ctx);
  assert.deepEqual(snapshot.settings, { speaking_ms: MAX_DURATION, warning_ms: MAX_DURATION - 1 });
  await done(ctx);
});

test('queue.add: a speaking time outside 1 s – 12 h or not an integer is bad_request; the bounds are taken', async () => {
  const ctx = await chair('plenary');
  await accepted(ctx, 'queue.add', `"name":"Longest","duration_ms":${MAX_DURATION}`);
  await accepted(ctx, 'queue.add', `"name":"Shortest","duration_ms":${MIN_DURATION}`);
  for (const v of [MAX_DURATION + 1, MIN_DURATION - 1, 0, -1, INT64_MAX])
    await refused(ctx, 'queue.add', `"name":"Refused","duration_ms":${v}`, /1 second and 12 hours/);
  await refused(ctx, 'queue.add', `"name":"Refused","duration_ms":${TWO_TO_63}`, /duration_ms.*out of range/);
  for (const v of NOT_INTEGERS)
    await refused(ctx, 'queue.add', `"name":"Refused","duration_ms":${v}`, /duration_ms.*expected an integer/);
  const snapshot = await unmoved(ctx);
  assert.deepEqual(snapshot.queue.map((/** @type {any} */ e) => [e.name, e.duration_ms]),
    [['Longest', MAX_DURATION], ['Shortest', MIN_DURATION]]);
  await done(ctx);
});

test('polls: 2 to 10 options, 1 to n picks, open 5 s to 24 h, votes naming real options; the rest is bad_request', async () => {
  const ctx = await chair('group-2');
  const options = (/** @type {number} */ n) => JSON.stringify(Array.from({ length: n }, (_, i) => `Option ${i + 1}`));
  for (const n of [0, 1, MAX_OPTIONS + 1, 50])
    await refused(ctx, 'poll.create', `"question":"Which?","kind":"single","options":${options(n)}`, /2 to 10 options/);
  await accepted(ctx, 'poll.create', `"question":"Fewest?","kind":"single","options":${options(2)}`);
  await accepted(ctx, 'poll.create', `"question":"Most?","kind":"single","options":${options(MAX_OPTIONS)}`);
  for (const m of ['0', '4'])
    await refused(ctx, 'poll.create', `"question":"Picks?","kind":"multiple","options":${options(3)},"max_picks":${m}`, /1 to 3 picks/);
  for (const m of ['-1', '1001', TWO_TO_63])
    await refused(ctx, 'poll.create', `"question":"Picks?","kind":"multiple","options":${options(3)},"max_picks":${m}`, /max_picks.*out of range/);
  for (const m of ['1.5', '"3"'])
    await refused(ctx, 'poll.create', `"question":"Picks?","kind":"multiple","options":${options(3)},"max_picks":${m}`, /max_picks.*expected an integer/);
  const poll = await accepted(ctx, 'poll.create', `"question":"Picks?","kind":"multiple","options":${options(3)},"max_picks":3`);

  const id = JSON.stringify(poll.poll_id);
  for (const d of [MIN_POLL - 1, MAX_POLL + 1, 0, -1, INT64_MAX])
    await refused(ctx, 'poll.open', `"poll_id":${id},"duration_ms":${d}`, /5 seconds to 24 hours/);
  await refused(ctx, 'poll.open', `"poll_id":${id},"duration_ms":${TWO_TO_63}`, /duration_ms.*out of range/);
  for (const d of ['1.5', '1e20', '"60000"'])
    await refused(ctx, 'poll.open', `"poll_id":${id},"duration_ms":${d}`, /duration_ms.*expected an integer/);
  await accepted(ctx, 'poll.open', `"poll_id":${id},"duration_ms":${MAX_POLL}`);

  const voter = await Client.connect(podium.url);
  assert.equal((await voter.hello({ room: 'group-2', role: 'participant' })).type, 'welcome');
  for (const picks of ['[3]', '[-1]', '[1000]', '[0,0]', '[0,1,2,0]', '[]'])
    await refused(ctx, 'poll.vote', `"poll_id":${id},"picks":${picks}`, /option|Pick/, { who: voter });
  for (const picks of ['[1.5]', `[${TWO_TO_63}]`, '["0"]', '[null]', '0'])
    await refused(ctx, 'poll.vote', `"poll_id":${id},"picks":${picks}`, /picks/, { who: voter });
  await accepted(ctx, 'poll.vote', `"poll_id":${id},"picks":[0,2]`, { who: voter, quiet: true });

  const snapshot = await unmoved(ctx);
  const open = snapshot.polls.find((/** @type {any} */ p) => p.id === poll.poll_id);
  assert.equal(open.status, 'open');
  assert.equal(open.deadline_ms - open.opened_at_ms, MAX_POLL, 'opened for exactly 24 h');
  assert.equal(open.voters, 1, 'one vote counted, none of the refused ones');
  assert.deepEqual(snapshot.polls.map((/** @type {any} */ p) => p.options.length), [2, MAX_OPTIONS, 3]);
  await voter.close();
  await done(ctx);
});
