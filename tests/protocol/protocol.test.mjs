// Contract tests for protocol/js: every golden fixture round-trips, every required field is required,
// and applyEvent evolves a room state the way server/core/evolve.cpp does.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  PROTOCOL_VERSION, COMMAND_TYPES, EVENT_TYPES, REJECT_CODES, SPEAKER_KINDS, CLOSE_CODES,
  encodeClient, decodeServer, applyEvent, isKnownEvent, ProtocolError,
} from '../../protocol/js/protocol.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtureDir = join(root, 'protocol', 'fixtures');

/** @param {'client'|'server'} side */
function fixtures(side) {
  const dir = join(fixtureDir, side);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, value: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
}

const clientFixtures = fixtures('client');
const serverFixtures = fixtures('server');
const server = Object.fromEntries(serverFixtures.map((f) => [f.name.replace(/\.json$/, ''), f.value]));

// Every path to an object member, array indices written as "[]" for matching, e.g. "snapshot.queue[].id".
function* memberPaths(value, path = [], pattern = '') {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* memberPaths(value[i], [...path, i], `${pattern}[]`);
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const p = pattern ? `${pattern}.${key}` : key;
      yield { path: [...path, key], pattern: p };
      yield* memberPaths(value[key], [...path, key], p);
    }
  }
}

function without(value, path) {
  const copy = structuredClone(value);
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step];
  delete parent[path.at(-1)];
  return copy;
}

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// Fields PROTOCOL.md documents as optional, by message type (client) or for every server message.
const OPTIONAL_CLIENT = {
  hello: (msg, pattern) =>
    pattern.startsWith('resume') ? pattern === 'resume'
      : (pattern === 'device' && !['participant', 'facilitator'].includes(msg.role)) ||
        (pattern === 'key' && !['facilitator', 'organizer'].includes(msg.role)),
  sync: (_, pattern) => pattern === 'resume',
  'queue.join': (_, pattern) => ['kind', 'name', 'affiliation'].includes(pattern),
  'queue.add': (_, pattern) => ['affiliation', 'kind', 'duration_ms'].includes(pattern),
  'timer.set': (_, pattern) => ['label', 'warning_ms'].includes(pattern),
};
const OPTIONAL_SERVER = {
  ack: [/^entry_id$/],
  reject: [/^op_id$/, /^retry_after_ms$/],
  any: [/(^|\.)(queue\[\]|entry)\.duration_ms$/], // a queue entry's own speaking time
};
const serverOptional = (msg, pattern) =>
  [...(OPTIONAL_SERVER[msg.type] ?? []), ...OPTIONAL_SERVER.any].some((re) => re.test(pattern));

describe('constants', () => {
  test('match PROTOCOL.md', () => {
    assert.equal(PROTOCOL_VERSION, 1);
    assert.deepEqual(SPEAKER_KINDS, ['point_of_order', 'clarifying_question', 'reply', 'new_point']);
    assert.equal(COMMAND_TYPES.length, 15);
    assert.equal(EVENT_TYPES.length, 16);
    assert.equal(REJECT_CODES.length, 17);
    assert.equal(CLOSE_CODES.too_slow, 4503);
    assert.equal(CLOSE_CODES.hello_timeout, 4408);
  });

  test('every command and event type has a fixture', () => {
    const clientTypes = new Set(clientFixtures.map((f) => f.value.type));
    for (const t of COMMAND_TYPES) assert.ok(clientTypes.has(t), `no client fixture for ${t}`);
    const eventTypes = new Set(serverFixtures.filter((f) => f.value.type === 'event').map((f) => f.value.event.type));
    for (const t of EVENT_TYPES) assert.ok(eventTypes.has(t), `no server fixture for ${t}`);
  });
});

describe('client fixtures', () => {
  for (const { name, value } of clientFixtures) {
    test(`${name} round-trips through encodeClient`, () => {
      assert.deepEqual(JSON.parse(encodeClient(value)), value);
    });

    test(`${name} needs every required field`, () => {
      const optional = OPTIONAL_CLIENT[value.type] ?? (() => false);
      for (const { path, pattern } of memberPaths(value)) {
        const stripped = without(value, path);
        if (pattern !== 'type' && optional(value, pattern)) {
          assert.doesNotThrow(() => encodeClient(stripped), `optional ${pattern} removed`);
        } else {
          assert.throws(() => encodeClient(stripped), ProtocolError, `${name} without ${pattern} must be refused`);
        }
      }
    });
  }
});

describe('encodeClient refuses bad messages', () => {
  const refuse = (msg, fieldRe) =>
    assert.throws(() => encodeClient(msg), (e) => e instanceof ProtocolError && fieldRe.test(e.message));

  test('unknown type', () => refuse({ type: 'queue.jump', op_id: 'a-1' }, /unknown message type/));
  test('mistyped field', () => refuse({ type: 'timer.start', op_id: 'a-1', timer: 3 }, /"timer": expected a string/));
  test('unknown enum value', () => refuse({ type: 'timer.start', op_id: 'a-1', timer: 'kitchen' }, /unknown value/));
  test('unknown field', () => refuse({ type: 'queue.open', op_id: 'a-1', force: true }, /"force"/));
  test('op_id too long', () => refuse({ type: 'queue.open', op_id: 'x'.repeat(65) }, /op_id/));
  test('name over 80 bytes in UTF-8', () =>
    refuse({ type: 'queue.join', op_id: 'a-1', name: 'é'.repeat(41) }, /"name": is too long/));
  test('affiliation over 120 bytes', () =>
    refuse({ type: 'queue.join', op_id: 'a-1', affiliation: 'a'.repeat(121) }, /"affiliation"/));
  test('move with both neighbours', () =>
    refuse({ type: 'queue.move', op_id: 'a-1', entry_id: 'e1', before_id: 'e2', after_id: 'e3' }, /exactly one/));
  test('zero adjustment', () => refuse({ type: 'timer.adjust', op_id: 'a-1', timer: 'speaker', delta_ms: 0 }, /delta_ms/));
  test('fractional duration', () =>
    refuse({ type: 'timer.set', op_id: 'a-1', timer: 'speaker', duration_ms: 1.5 }, /expected an integer/));
  test('warning not before time up', () =>
    refuse({ type: 'room.configure', op_id: 'a-1', speaking_ms: 60000, warning_ms: 60000 }, /warning_ms/));
  test('device token of the wrong shape', () =>
    refuse({ type: 'hello', protocol: 1, room: 'r', role: 'participant', device: 'short' }, /"device"/));
  test('not an object', () => refuse(['hello'], /expected an object/));
  test('a name within limits passes', () =>
    assert.doesNotThrow(() => encodeClient({ type: 'queue.join', op_id: 'a-1', name: 'é'.repeat(40) })));
});

describe('server fixtures', () => {
  for (const { name, value } of serverFixtures) {
    test(`${name} round-trips through decodeServer`, () => {
      assert.deepEqual(decodeServer(JSON.stringify(value)), value);
    });

    test(`${name} needs every required field`, () => {
      for (const { path, pattern } of memberPaths(value)) {
        const stripped = without(value, path);
        if (serverOptional(value, pattern)) {
          assert.doesNotThrow(() => decodeServer(JSON.stringify(stripped)), `optional ${pattern} removed`);
        } else {
          assert.throws(() => decodeServer(JSON.stringify(stripped)), ProtocolError, `${name} without ${pattern}`);
        }
      }
    });
  }
});

describe('decodeServer', () => {
  test('keeps fields it does not know (a newer server may add them)', () => {
    const msg = { ...server.ack, shiny: 1 };
    assert.deepEqual(decodeServer(JSON.stringify(msg)), msg);
  });

  test('passes an unknown event type so the store can sync', () => {
    const msg = { ...server['event.queue.closed'], event: { type: 'poll.opened', poll: {} } };
    assert.deepEqual(decodeServer(JSON.stringify(msg)), msg);
    assert.equal(isKnownEvent('poll.opened'), false);
    assert.equal(isKnownEvent('queue.closed'), true);
  });

  test('refuses an unknown message type, malformed JSON, a mistyped field, a bad enum', () => {
    assert.throws(() => decodeServer('{"type":"hug"}'), ProtocolError);
    assert.throws(() => decodeServer('{"type":'), SyntaxError);
    assert.throws(() => decodeServer(JSON.stringify({ ...server.ack, seq: '42' })), /"seq": expected an integer/);
    const bad = structuredClone(server['event.turn.started']);
    bad.event.speaker.run = 'sprinting';
    assert.throws(() => decodeServer(JSON.stringify(bad)), /event\.speaker\.run/);
  });

  test('refuses a queue.moved naming both or neither neighbour', () => {
    const both = structuredClone(server['event.queue.moved']);
    both.event.after_id = 'e4';
    assert.throws(() => decodeServer(JSON.stringify(both)), /exactly one/);
  });
});

describe('applyEvent', () => {
  const welcome = deepFreeze(structuredClone(server.welcome.snapshot));
  const ev = (name, patch = {}) => ({ ...structuredClone(server[name].event), ...patch });
  const fold = (state, events) => events.reduce(applyEvent, state);
  const ids = (state) => state.queue.map((e) => e.id);

  test('does not modify the state it is given', () => {
    const before = structuredClone(welcome);
    fold(welcome, [ev('event.queue.withdrawn'), ev('event.turn.started'), ev('event.timer.paused')]);
    assert.deepEqual(welcome, before);
  });

  test('queue.joined inserts before before_id, or at the end, and advances next_entry', () => {
    const entry = { id: 'e9', name: 'Kofi', affiliation: 'Accra', kind: 'reply', added_at_ms: 1 };
    const ahead = applyEvent(welcome, { type: 'queue.joined', entry, before_id: 'e5' });
    assert.deepEqual(ids(ahead), ['e4', 'e9', 'e5']);
    assert.equal(ahead.next_entry, 10);
    const last = applyEvent(welcome, { type: 'queue.joined', entry, before_id: null });
    assert.deepEqual(ids(last), ['e4', 'e5', 'e9']);
    const gone = applyEvent(welcome, { type: 'queue.joined', entry, before_id: 'e77' });
    assert.deepEqual(ids(gone), ['e4', 'e5', 'e9']);
    const low = applyEvent(welcome, { type: 'queue.joined', entry: { ...entry, id: 'e2' }, before_id: null });
    assert.equal(low.next_entry, 6);
  });

  test('queue.withdrawn and queue.removed take the entry out', () => {
    assert.deepEqual(ids(applyEvent(welcome, ev('event.queue.withdrawn'))), ['e5']);
    assert.deepEqual(ids(applyEvent(welcome, ev('event.queue.removed', { entry_id: 'e5' }))), ['e4']);
  });

  test('queue.moved places the entry before or after its neighbour', () => {
    const three = applyEvent(welcome, {
      type: 'queue.joined', entry: { id: 'e6', name: '', affiliation: '', kind: 'new_point', added_at_ms: 2 }, before_id: null,
    });
    assert.deepEqual(ids(three), ['e4', 'e5', 'e6']);
    assert.deepEqual(ids(applyEvent(three, ev('event.queue.moved', { entry_id: 'e6', before_id: 'e4' }))), ['e6', 'e4', 'e5']);
    assert.deepEqual(ids(applyEvent(three, { type: 'queue.moved', entry_id: 'e4', before_id: null, after_id: 'e6' })),
      ['e5', 'e6', 'e4']);
    assert.deepEqual(ids(applyEvent(three, { type: 'queue.moved', entry_id: 'e6', before_id: null, after_id: 'e4' })),
      ['e4', 'e6', 'e5']);
  });

  test('queue.closed and queue.opened toggle the list', () => {
    const closed = applyEvent(welcome, ev('event.queue.closed'));
    assert.equal(closed.queue_open, false);
    assert.equal(applyEvent(closed, ev('event.queue.opened')).queue_open, true);
  });

  test('next speaker: turn.ended records the turn, turn.started takes the first entry off the queue', () => {
    const ended = ev('event.turn.ended', {
      record: { ...server['event.turn.ended'].event.record, entry_id: 'e3', name: 'Ana Souza' },
    });
    const started = ev('event.turn.started', {
      entry: welcome.queue[0],
      at_ms: 1560762200000,
      speaker: { ...server['event.turn.started'].event.speaker, label: '', duration_ms: 120000, ends_at_ms: 1560762320000 },
    });
    const afterEnd = applyEvent(welcome, ended);
    assert.equal(afterEnd.current, null);
    assert.deepEqual(afterEnd.speaker, ended.speaker);
    assert.deepEqual(afterEnd.turns.map((t) => t.entry_id), ['e2', 'e3']);

    const next = applyEvent(afterEnd, started);
    assert.deepEqual(ids(next), ['e5']);
    assert.deepEqual(next.current, {
      entry: welcome.queue[0], started_at_ms: 1560762200000, allotted_ms: 120000,
      paused_ms: 0, paused_since_ms: null, pauses: 0,
    });
    assert.deepEqual(next.speaker, started.speaker);
    assert.equal(next.next_entry, 6);
  });

  test('pausing and resuming the speaker timer is booked on the current turn', () => {
    const paused = applyEvent(welcome, ev('event.timer.paused'));
    assert.deepEqual(paused.speaker, server['event.timer.paused'].event.value);
    assert.equal(paused.current.paused_since_ms, 1560762100000);
    assert.equal(paused.current.pauses, 1);

    // A second pause event while paused changes nothing on the turn.
    const again = applyEvent(paused, ev('event.timer.paused', { at_ms: 1560762105000 }));
    assert.equal(again.current.paused_since_ms, 1560762100000);
    assert.equal(again.current.pauses, 1);

    const resumed = applyEvent(paused, ev('event.timer.started', {
      timer: 'speaker', at_ms: 1560762112000, value: { ...server['event.timer.adjusted'].event.value },
    }));
    assert.equal(resumed.current.paused_ms, 12000);
    assert.equal(resumed.current.paused_since_ms, null);
    assert.equal(resumed.current.pauses, 1);

    const twice = fold(resumed, [
      ev('event.timer.paused', { at_ms: 1560762120000 }),
      ev('event.timer.started', { timer: 'speaker', at_ms: 1560762125000 }),
    ]);
    assert.equal(twice.current.paused_ms, 17000);
    assert.equal(twice.current.pauses, 2);
  });

  test('the segment timer and timers without a turn leave the turn alone', () => {
    const seg = applyEvent(welcome, ev('event.timer.paused', { timer: 'segment' }));
    assert.deepEqual(seg.segment, server['event.timer.paused'].event.value);
    assert.deepEqual(seg.current, welcome.current);
    assert.deepEqual(seg.speaker, welcome.speaker);

    const idle = { ...welcome, current: null };
    const p = applyEvent(idle, ev('event.timer.paused'));
    assert.equal(p.current, null);
  });

  test('every timer event replaces the named timer with its value', () => {
    for (const name of ['set', 'started', 'paused', 'adjusted', 'reset', 'warned', 'expired']) {
      const e = ev(`event.timer.${name}`);
      const next = applyEvent(welcome, e);
      assert.deepEqual(next[e.timer], e.value, name);
    }
  });

  test('room.configured replaces the settings', () => {
    assert.deepEqual(applyEvent(welcome, ev('event.room.configured')).settings, { speaking_ms: 240000, warning_ms: 30000 });
  });

  test('an unknown event type leaves the state as it was', () => {
    assert.equal(applyEvent(welcome, { type: 'poll.opened' }), welcome);
  });

  test('the events of a resuming welcome replay on top of a snapshot', () => {
    const events = server['welcome-resume'].events.map((m) => m.event);
    assert.equal(fold(welcome, events).queue_open, false);
  });
});
