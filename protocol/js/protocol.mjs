// @ts-check
// The JS side of the Podium wire format (PROTOCOL.md): encodes and validates client messages, decodes and
// validates server messages, and re-exports the names, limits and the client-side evolve. The golden
// fixtures in protocol/fixtures pin this module and the C++ codec to the same shapes.
import {
  LIMITS, ROLES, SPEAKER_KINDS, TIMER_EVENT_TYPES, TIMER_IDS, TIMER_RUNS,
} from './constants.mjs';
import { Fields, ProtocolError } from './fields.mjs';

export * from './constants.mjs';
export { ProtocolError, byteLength } from './fields.mjs';
export { applyEvent } from './evolve.mjs';

/** @typedef {import('./constants.mjs').ClientMessage} ClientMessage */
/** @typedef {import('./constants.mjs').ServerMessage} ServerMessage */

const DEVICE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

// ---- client messages ----

/** @param {Fields} f */
function checkResume(f) {
  const r = f.optObject('resume');
  if (!r) return;
  r.str('epoch');
  r.uint('seq');
  r.only(['epoch', 'seq']);
}

/** @param {Fields} f @param {string} name */
function checkDuration(f, name) {
  const v = f.int(name);
  if (v <= 0 || v > LIMITS.max_duration_ms) f.fail(name, 'must be between 1 ms and 12 hours');
  return v;
}

/** @param {Fields} f */
function checkTimerId(f) { f.oneOf('timer', TIMER_IDS); }

/**
 * Per command type: checks its fields and returns the names it allows besides type and op_id.
 * @type {Record<string, (f: Fields) => string[]>}
 */
const COMMAND_CHECKS = {
  'queue.join': (f) => {
    if (f.optStr('kind') !== undefined) f.oneOf('kind', SPEAKER_KINDS);
    f.optStr('name', LIMITS.max_name_bytes);
    f.optStr('affiliation', LIMITS.max_affiliation_bytes);
    return ['kind', 'name', 'affiliation'];
  },
  'queue.withdraw': (f) => { f.str('entry_id'); return ['entry_id']; },
  'queue.add': (f) => {
    if (f.str('name', LIMITS.max_name_bytes) === '') f.fail('name', 'must not be empty');
    f.optStr('affiliation', LIMITS.max_affiliation_bytes);
    if (f.optStr('kind') !== undefined) f.oneOf('kind', SPEAKER_KINDS);
    if (f.optInt('duration_ms') !== undefined) checkDuration(f, 'duration_ms');
    return ['name', 'affiliation', 'kind', 'duration_ms'];
  },
  'queue.move': (f) => {
    f.str('entry_id');
    const before = f.optStr('before_id');
    const after = f.optStr('after_id');
    if ((before === undefined) === (after === undefined)) f.fail('before_id', 'name exactly one of before_id and after_id');
    return ['entry_id', 'before_id', 'after_id'];
  },
  'queue.remove': (f) => { f.str('entry_id'); return ['entry_id']; },
  'queue.close': () => [],
  'queue.open': () => [],
  'turn.next': (f) => { f.nullableStr('expected_current'); return ['expected_current']; },
  'turn.end': (f) => { f.nullableStr('expected_current'); return ['expected_current']; },
  'timer.set': (f) => {
    checkTimerId(f);
    const duration = checkDuration(f, 'duration_ms');
    f.optStr('label', LIMITS.max_label_bytes);
    const warning = f.optInt('warning_ms');
    if (warning !== undefined && (warning < 0 || warning > duration))
      f.fail('warning_ms', "must come within the timer's duration");
    return ['timer', 'duration_ms', 'label', 'warning_ms'];
  },
  'timer.start': (f) => { checkTimerId(f); return ['timer']; },
  'timer.pause': (f) => { checkTimerId(f); return ['timer']; },
  'timer.adjust': (f) => {
    checkTimerId(f);
    const d = f.int('delta_ms');
    if (d === 0 || Math.abs(d) > LIMITS.max_duration_ms) f.fail('delta_ms', 'must be non-zero and at most 12 hours');
    return ['timer', 'delta_ms'];
  },
  'timer.reset': (f) => { checkTimerId(f); return ['timer']; },
  'room.configure': (f) => {
    const speaking = f.int('speaking_ms');
    if (speaking < LIMITS.min_speaking_ms || speaking > LIMITS.max_duration_ms)
      f.fail('speaking_ms', 'must be between 1 s and 12 hours');
    const warning = f.int('warning_ms');
    if (warning < 0 || warning >= speaking) f.fail('warning_ms', 'must be at least 0 and less than speaking_ms');
    return ['speaking_ms', 'warning_ms'];
  },
};

/**
 * Validates a client message and returns its JSON text. Throws a ProtocolError naming the field.
 * @param {ClientMessage} msg
 * @returns {string}
 */
export function encodeClient(msg) {
  validateClient(msg);
  return JSON.stringify(msg);
}

/** @param {unknown} msg */
export function validateClient(msg) {
  const f = new Fields(msg, '');
  const type = f.str('type');
  if (type === 'hello') {
    if (f.int('protocol') < 1) f.fail('protocol', 'must be a positive major version');
    f.str('room');
    const role = f.oneOf('role', ROLES);
    const device = (role === 'participant' || role === 'facilitator') ? f.str('device') : f.optStr('device');
    if (device !== undefined && !DEVICE_PATTERN.test(device)) f.fail('device', 'must be 16 to 64 characters of [A-Za-z0-9_-]');
    const key = (role === 'facilitator' || role === 'organizer') ? f.str('key') : f.optStr('key');
    if (key === '') f.fail('key', 'must not be empty');
    checkResume(f);
    f.only(['type', 'protocol', 'room', 'role', 'device', 'key', 'resume']);
    return;
  }
  if (type === 'ping') {
    f.number('t0');
    f.only(['type', 't0']);
    return;
  }
  if (type === 'sync') {
    checkResume(f);
    f.only(['type', 'resume']);
    return;
  }
  const check = COMMAND_CHECKS[type];
  if (!check) f.fail('type', `unknown message type "${type}"`);
  const opId = f.str('op_id');
  if (opId.length < 1 || opId.length > LIMITS.max_op_id) f.fail('op_id', 'must be 1 to 64 characters');
  f.only(['type', 'op_id', ...check(f)]);
}

// ---- server messages ----

/** @param {Fields} f */
function checkTimer(f) {
  f.str('label');
  f.int('duration_ms');
  f.oneOf('run', TIMER_RUNS);
  f.int('ends_at_ms');
  f.int('remaining_ms');
  f.int('warning_ms');
  f.bool('warned');
  f.bool('expired');
}

/** @param {Fields} f */
function checkEntry(f) {
  f.str('id');
  f.str('name');
  f.str('affiliation');
  f.oneOf('kind', SPEAKER_KINDS);
  f.int('added_at_ms');
  f.optInt('duration_ms');
}

/** @param {Fields} f */
function checkRecord(f) {
  f.str('entry_id');
  f.str('name');
  f.str('affiliation');
  f.oneOf('kind', SPEAKER_KINDS);
  for (const n of ['started_at_ms', 'ended_at_ms', 'allotted_ms', 'paused_ms', 'spoken_ms']) f.int(n);
  f.uint('pauses');
}

/** @param {Fields} f */
function checkSettings(f) {
  f.int('speaking_ms');
  f.int('warning_ms');
}

/** @param {Fields} f */
function checkSnapshot(f) {
  f.str('room');
  checkSettings(f.object('settings'));
  f.bool('queue_open');
  f.array('queue').forEach((e, i) => checkEntry(new Fields(e, f.at(`queue[${i}]`))));
  if (f.present('current') !== null) {
    const c = f.object('current');
    checkEntry(c.object('entry'));
    c.int('started_at_ms');
    c.int('allotted_ms');
    c.int('paused_ms');
    c.nullableInt('paused_since_ms');
    c.uint('pauses');
  }
  checkTimer(f.object('speaker'));
  checkTimer(f.object('segment'));
  f.array('turns').forEach((t, i) => checkRecord(new Fields(t, f.at(`turns[${i}]`))));
  f.uint('next_entry');
}

/** @type {Record<string, (f: Fields) => void>} */
const EVENT_CHECKS = {
  'queue.joined': (f) => { checkEntry(f.object('entry')); f.nullableStr('before_id'); },
  'queue.withdrawn': (f) => { f.str('entry_id'); },
  'queue.removed': (f) => { f.str('entry_id'); },
  'queue.moved': (f) => {
    f.str('entry_id');
    const before = f.nullableStr('before_id');
    const after = f.nullableStr('after_id');
    if ((before === null) === (after === null)) f.fail('before_id', 'exactly one of before_id and after_id is set');
  },
  'queue.closed': () => {},
  'queue.opened': () => {},
  'turn.started': (f) => { checkEntry(f.object('entry')); f.int('at_ms'); checkTimer(f.object('speaker')); },
  'turn.ended': (f) => { checkRecord(f.object('record')); checkTimer(f.object('speaker')); },
  'room.configured': (f) => { checkSettings(f.object('settings')); },
};
for (const t of TIMER_EVENT_TYPES) {
  EVENT_CHECKS[t] = (f) => { f.oneOf('timer', TIMER_IDS); f.int('at_ms'); checkTimer(f.object('value')); };
}

/** Whether this client knows how to apply an event type; an unknown one is a reason to sync. @param {string} type */
export function isKnownEvent(type) { return Object.prototype.hasOwnProperty.call(EVENT_CHECKS, type); }

/** @param {Fields} f */
function checkEventMessage(f) {
  f.str('room');
  f.str('epoch');
  f.uint('seq');
  f.int('server_time_ms');
  const e = f.object('event');
  const type = e.str('type');
  // A newer server may add event types within a major: they pass here and make the store sync.
  if (isKnownEvent(type)) EVENT_CHECKS[type](e);
}

/** @type {Record<string, (f: Fields) => void>} */
const SERVER_CHECKS = {
  welcome: (f) => {
    f.str('room');
    f.str('epoch');
    f.uint('seq');
    f.int('server_time_ms');
    f.oneOf('role', ROLES);
    f.array('mine').forEach((m, i) => { if (typeof m !== 'string') throw new ProtocolError(`mine[${i}]`, 'expected a string'); });
    const snapshot = f.optObject('snapshot');
    const hasEvents = f.has('events') && f.obj.events !== null;
    if (snapshot) checkSnapshot(snapshot);
    if (hasEvents) {
      f.array('events').forEach((e, i) => {
        const m = new Fields(e, `events[${i}]`);
        if (m.str('type') !== 'event') m.fail('type', 'expected "event"');
        checkEventMessage(m);
      });
    }
    if (!snapshot && !hasEvents) f.fail('snapshot', 'is missing (a welcome carries a snapshot or events)');
  },
  ack: (f) => {
    f.str('op_id');
    f.uint('seq');
    f.optStr('entry_id');
  },
  reject: (f) => {
    // Codes are listed in REJECT_CODES; an unknown one from a newer server is still shown by its message.
    if (f.str('code') === '') f.fail('code', 'must not be empty');
    f.str('message');
    f.optStr('op_id');
    f.optInt('retry_after_ms');
  },
  event: checkEventMessage,
  pong: (f) => {
    f.number('t0');
    f.int('ts');
  },
};

/**
 * Parses and validates one server message. Throws a ProtocolError (or SyntaxError for bad JSON).
 * Fields this version does not know are kept and ignored.
 * @param {string} text
 * @returns {ServerMessage}
 */
export function decodeServer(text) {
  const msg = JSON.parse(text);
  const f = new Fields(msg, '');
  const type = f.str('type');
  const check = SERVER_CHECKS[type];
  if (!check) f.fail('type', `unknown message type "${type}"`);
  check(f);
  return msg;
}
