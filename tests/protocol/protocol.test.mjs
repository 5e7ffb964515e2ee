// Contract tests for protocol/js: every golden fixture round-trips, every required field is required,
// and applyEvent / applyTally evolve a room state the way server/core/evolve.cpp does.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  PROTOCOL_VERSION, SPEAKER_KINDS, encodeClient, decodeServer, applyEvent, applyTally, isKnownEvent, ProtocolError,
  PARTICIPANT_CHECKS, MESSAGE_TARGETS, CLOSE_KEY_ROTATED, TURN_KINDS, BLOCK_KINDS, SLOT_STATUSES,
} from '../../protocol/js/protocol.mjs';
import {
  COMMAND_TYPES, EVENT_TYPES, REJECT_CODES, CLOSE_CODES, PARTICIPANT_COMMANDS, ORGANIZER_COMMANDS,
} from '../../protocol/js/catalog.mjs';
import { ALL_CHECKS } from '../../protocol/js/commands_console.mjs';

const encodeAny = (msg) => encodeClient(msg, ALL_CHECKS);

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
  'queue.join': (_, pattern) => ['kind', 'name', 'affiliation', 'affiliation_kind', 'guiding_question'].includes(pattern),
  'queue.add': (_, pattern) => ['affiliation', 'affiliation_kind', 'kind', 'duration_ms', 'guiding_question'].includes(pattern),
  'timer.set': (_, pattern) => ['label', 'warning_ms'].includes(pattern),
  'question.ask': (_, pattern) => ['name', 'guiding_question'].includes(pattern),
  'question.edit': (_, pattern) => ['name', 'guiding_question'].includes(pattern),
  'poll.create': (_, pattern) => ['max_picks', 'live_results'].includes(pattern),
  'poll.open': (_, pattern) => pattern === 'duration_ms',
  'slot.add': (_, pattern) => ['affiliation', 'affiliation_kind', 'planned_ms', 'before_id'].includes(pattern),
  'slot.edit': (_, pattern) => ['affiliation', 'affiliation_kind', 'planned_ms'].includes(pattern),
  'conclusion.add': (_, pattern) => pattern === 'guiding_question',
  'conclusion.edit': (_, pattern) => pattern === 'guiding_question',
};
// A key of a map ({question_id: votes}, {poll_id: picks}) is data, not a field: removing one is fine.
const TALLY_KEYS = [/^(tally\.)?(questions|polls)\.[^.]+$/, /^(tally\.)?polls\.[^.]+\.counts$/];
const OPTIONAL_SERVER = {
  ack: [/^entry_id$/, /^question_id$/, /^poll_id$/, /^message_id$/, /^key$/, /^slot_id$/, /^conclusion_id$/],
  reject: [/^op_id$/, /^retry_after_ms$/],
  tally: [...TALLY_KEYS, /^presence$/], // presence: facilitators and the organizer, when it changed
  welcome: [
    ...TALLY_KEYS, /^tally\.presence$/, /^my_votes\.[^.]+$/, /^my_questions\[\]\.votes$/, /^snapshot\.polls\[\]\.counts$/,
    /^events\[\]\.prev_seq$/, // a resuming welcome replays its events in order
    /^snapshot\.closed_at_ms$/, // added in 1.x: absent from older servers, 0 while the meeting runs
  ],
  any: [
    /(^|\.)(queue\[\]|entry)\.duration_ms$/, // a queue entry's own speaking time
    /(^|\.)(queue\[\]|entry)\.guiding_question$/, // what the speaker means to address
    /(^|\.)(questions\[\]|question|my_questions\[\])\.muted$/, // facilitators only
    /(^|\.)(queue\[\]|entry|record|turns\[\])\.slot_id$/, // a presenter's turn, given from a slot
    /(^|\.)(queue\[\]|entry|record|turns\[\]|slot|slots\[\])\.affiliation_kind$/, // absent when not given
  ],
};
const serverOptional = (msg, pattern) =>
  [...(OPTIONAL_SERVER[msg.type] ?? []), ...OPTIONAL_SERVER.any].some((re) => re.test(pattern));

describe('constants', () => {
  test('match PROTOCOL.md', () => {
    assert.equal(PROTOCOL_VERSION, 1);
    assert.deepEqual(SPEAKER_KINDS, ['point_of_order', 'clarifying_question', 'reply', 'new_point']);
    assert.equal(COMMAND_TYPES.length, 46);
    assert.equal(EVENT_TYPES.length, 53);
    assert.deepEqual(TURN_KINDS, [...SPEAKER_KINDS, 'presentation']);
    assert.deepEqual(BLOCK_KINDS, ['session', 'presentations', 'discussion']);
    assert.deepEqual(SLOT_STATUSES, ['waiting', 'speaking', 'done']);
    assert.equal(REJECT_CODES.length, 21);
    assert.equal(CLOSE_CODES.too_slow, 4503);
    assert.equal(CLOSE_CODES.hello_timeout, 4408);
    assert.equal(CLOSE_CODES.key_rotated, 4401);
    assert.equal(CLOSE_KEY_ROTATED, 4401);
    assert.deepEqual(MESSAGE_TARGETS, ['facilitator', 'display']);
    for (const type of ORGANIZER_COMMANDS) assert.ok(COMMAND_TYPES.includes(type), type);
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
      assert.deepEqual(JSON.parse(encodeAny(value)), value);
    });

    test(`${name} needs every required field`, () => {
      const optional = OPTIONAL_CLIENT[value.type] ?? (() => false);
      for (const { path, pattern } of memberPaths(value)) {
        const stripped = without(value, path);
        if (pattern !== 'type' && optional(value, pattern)) {
          assert.doesNotThrow(() => encodeAny(stripped), `optional ${pattern} removed`);
        } else {
          assert.throws(() => encodeAny(stripped), ProtocolError, `${name} without ${pattern} must be refused`);
        }
      }
    });
  }
});

describe('encodeClient refuses bad messages', () => {
  const refuse = (msg, fieldRe) =>
    assert.throws(() => encodeAny(msg), (e) => e instanceof ProtocolError && fieldRe.test(e.message));

  test('unknown type', () => refuse({ type: 'queue.jump', op_id: 'a-1' }, /unknown message type/));
  test('by default only what a participant may send: the console passes ALL_CHECKS', () => {
    const next = { type: 'turn.next', op_id: 'a-1', expected_current: null };
    assert.throws(() => encodeClient(next), /unknown message type "turn.next"/);
    assert.doesNotThrow(() => encodeClient(next, ALL_CHECKS));
    for (const type of PARTICIPANT_COMMANDS) assert.ok(type in PARTICIPANT_CHECKS, type);
    assert.deepEqual(Object.keys(ALL_CHECKS).sort(), [...COMMAND_TYPES].sort());
  });
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
    assert.doesNotThrow(() => encodeAny({ type: 'queue.join', op_id: 'a-1', name: 'é'.repeat(40) })));

  const ask = (text) => ({ type: 'question.ask', op_id: 'a-1', text });
  test('a question of 500 characters passes, counted in code points, not bytes', () =>
    assert.doesNotThrow(() => encodeAny(ask('🙂'.repeat(500)))));
  test('a question over 500 characters', () => refuse(ask('a'.repeat(501)), /"text": must be 1 to 500 characters/));
  test('an empty question', () => refuse(ask(''), /"text"/));
  test('a guiding question that is not a string', () => refuse({ ...ask('Why?'), guiding_question: 5 }, /guiding_question/));
  test('an unknown moderation action', () =>
    refuse({ type: 'question.moderate', op_id: 'a-1', question_id: 'q1', action: 'delete' }, /unknown value "delete"/));
  test('merging a question into itself', () =>
    refuse({ type: 'question.merge', op_id: 'a-1', question_id: 'q1', into_id: 'q1' }, /"into_id"/));
  test('an upvote without up', () => refuse({ type: 'question.upvote', op_id: 'a-1', question_id: 'q1' }, /"up": is missing/));

  const poll = (over) => ({ type: 'poll.create', op_id: 'a-1', question: 'Which?', kind: 'single', options: ['A', 'B'], ...over });
  test('a poll with one option, or eleven', () => {
    refuse(poll({ options: ['A'] }), /"options": must hold 2 to 10/);
    refuse(poll({ options: Array.from({ length: 11 }, (_, i) => `O${i}`) }), /"options"/);
  });
  test('an empty option, or one over 120 characters', () => {
    refuse(poll({ options: ['A', ''] }), /options\[1\]/);
    refuse(poll({ options: ['A', 'b'.repeat(121)] }), /options\[1\]/);
  });
  test('options for a poll whose options are fixed', () => refuse(poll({ kind: 'rating', options: ['1', '2'] }), /must be empty/));
  test('more picks than options, or several on a single-choice poll', () => {
    refuse(poll({ kind: 'multiple', max_picks: 3 }), /"max_picks"/);
    refuse(poll({ max_picks: 2 }), /"max_picks": must be 1/);
  });
  test('a poll question over 300 characters', () => refuse(poll({ question: 'q'.repeat(301) }), /"question"/));
  test('an organizer message of 280 characters passes; an empty one, a longer one or one to nobody is refused', () => {
    const msg = (over) => ({ type: 'message.send', op_id: 'o-1', to: 'display', text: 'Please move to the plenary', ...over });
    assert.doesNotThrow(() => encodeAny(msg({ text: '🙂'.repeat(280) })));
    refuse(msg({ text: '' }), /"text": must be 1 to 280/);
    refuse(msg({ text: 'a'.repeat(281) }), /"text"/);
    refuse(msg({ to: 'participant' }), /unknown value "participant"/);
  });
  test('agenda.set may name no item (before the day starts) but must say what the organizer saw', () => {
    assert.doesNotThrow(() => encodeAny({ type: 'agenda.set', op_id: 'o-1', item_id: null, expected_current: null }));
    refuse({ type: 'agenda.set', op_id: 'o-1', item_id: 'keynotes' }, /"expected_current": is missing/);
    refuse({ type: 'room.rotate_key', op_id: 'o-1', room: 'group-1' }, /"room": is not a field/);
  });
  test('the organizer\'s commands are not a participant\'s', () => {
    for (const type of ORGANIZER_COMMANDS) assert.equal(type in PARTICIPANT_CHECKS, false, type);
    assert.throws(() => encodeClient({ type: 'message.acknowledge', op_id: 'f-1', message_id: 'm1' }), /unknown message type/);
  });
  test('an organizer hello needs its key', () => {
    refuse({ type: 'hello', protocol: 1, room: 'group-1', role: 'organizer' }, /"key": is missing/);
    assert.doesNotThrow(() => encodeAny({ type: 'hello', protocol: 1, room: 'group-1', role: 'organizer', key: 'K' }));
  });
  test('a vote with no pick, the same pick twice, or a negative one', () => {
    const vote = (picks) => ({ type: 'poll.vote', op_id: 'a-1', poll_id: 'p1', picks });
    refuse(vote([]), /at least one/);
    refuse(vote([1, 1]), /twice/);
    refuse(vote([-1]), /picks\[0\]/);
  });

  test('a presentation is a turn\'s kind, never one a speaker may ask for or be added with', () => {
    refuse({ type: 'queue.join', op_id: 'a-1', kind: 'presentation' }, /unknown value "presentation"/);
    refuse({ type: 'queue.add', op_id: 'f-1', name: 'Ana', kind: 'presentation' }, /unknown value "presentation"/);
  });

  const slot = (over) => ({ type: 'slot.add', op_id: 'f-1', block_id: 'presentations', name: 'Ana Souza', ...over });
  test('a presenter needs a name of 1 to 80 bytes, an affiliation of at most 120', () => {
    assert.doesNotThrow(() => encodeAny(slot({ name: 'é'.repeat(40), affiliation: 'a'.repeat(120) })));
    refuse(slot({ name: '' }), /"name": must not be empty/);
    refuse(slot({ name: 'é'.repeat(41) }), /"name": is too long/);
    refuse(slot({ affiliation: 'a'.repeat(121) }), /"affiliation"/);
    refuse({ type: 'slot.edit', op_id: 'f-1', slot_id: 's2', name: '' }, /"name"/);
    refuse({ type: 'slot.edit', op_id: 'f-1', slot_id: 's2' }, /"name": is missing/);
  });
  test('a presenter\'s planned time is 1 s to 12 hours, or absent for an equal share', () => {
    for (const ms of [1000, 12 * 3600000]) assert.doesNotThrow(() => encodeAny(slot({ planned_ms: ms })), `${ms}`);
    for (const ms of [0, 999, 12 * 3600000 + 1, -60000]) refuse(slot({ planned_ms: ms }), /"planned_ms"/);
    refuse(slot({ planned_ms: 1500.5 }), /"planned_ms": expected an integer/);
    refuse({ type: 'slot.edit', op_id: 'f-1', slot_id: 's2', name: 'Li', planned_ms: 500 }, /"planned_ms"/);
  });
  test('where a slot goes: before_id is a slot id, or null (slot.add may leave it out, slot.move may not)', () => {
    assert.doesNotThrow(() => encodeAny(slot({ before_id: null })));
    refuse(slot({ before_id: 3 }), /"before_id": expected a string/);
    refuse({ type: 'slot.move', op_id: 'f-1', slot_id: 's2' }, /"before_id": is missing/);
    refuse({ type: 'slot.move', op_id: 'f-1', slot_id: 's2', before_id: 4 }, /"before_id"/);
    refuse({ type: 'slot.remove', op_id: 'f-1' }, /"slot_id": is missing/);
  });
  test('block.start, block.end and slot.start say what the facilitator saw: a string or null, never left out', () => {
    for (const msg of [
      { type: 'block.start', op_id: 'f-1', block_id: 'discussion' },
      { type: 'block.end', op_id: 'f-1' },
      { type: 'slot.start', op_id: 'f-1', slot_id: 's1' },
    ]) {
      refuse(msg, /"expected_current": is missing/);
      refuse({ ...msg, expected_current: 7 }, /"expected_current"/);
      assert.doesNotThrow(() => encodeAny({ ...msg, expected_current: null }), msg.type);
    }
    refuse({ type: 'block.start', op_id: 'f-1', block_id: null, expected_current: null }, /"block_id"/);
  });
  test('a conclusion is 1 to 500 characters, counted in code points', () => {
    const add = (text) => ({ type: 'conclusion.add', op_id: 'f-1', text });
    assert.doesNotThrow(() => encodeAny(add('🙂'.repeat(500))));
    refuse(add(''), /"text": must be 1 to 500 characters/);
    refuse(add('a'.repeat(501)), /"text"/);
    refuse({ type: 'conclusion.edit', op_id: 'f-1', conclusion_id: 'c1', text: 'a'.repeat(501) }, /"text"/);
    refuse({ type: 'conclusion.edit', op_id: 'f-1', text: 'Fine' }, /"conclusion_id": is missing/);
    assert.doesNotThrow(() => encodeAny({ ...add('Fine'), guiding_question: null }));
  });
  test('a handoff names 1 to 20 distinct conclusions and 0 to 20 distinct questions', () => {
    const send = (conclusion_ids, question_ids = []) => ({ type: 'handoff.send', op_id: 'f-1', conclusion_ids, question_ids });
    const ids = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    assert.doesNotThrow(() => encodeAny(send(ids('c', 20), ids('q', 20))));
    assert.doesNotThrow(() => encodeAny(send(['c1'], [])));
    refuse(send([]), /"conclusion_ids": must name 1 to 20/);
    refuse(send(ids('c', 21)), /"conclusion_ids"/);
    refuse(send(['c1', 'c1']), /"conclusion_ids": must not name an id twice/);
    refuse(send(['c1'], ids('q', 21)), /"question_ids": must name 0 to 20/);
    refuse(send(['c1'], ['q3', 'q3']), /"question_ids": must not name an id twice/);
    refuse(send(['c1', 2]), /conclusion_ids\[1\]": expected a string/);
    refuse({ type: 'handoff.send', op_id: 'f-1', conclusion_ids: ['c1'] }, /"question_ids": is missing/);
  });
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
    const msg = { ...server['event.queue.closed'], event: { type: 'badge.awarded', badge: {} } };
    assert.deepEqual(decodeServer(JSON.stringify(msg)), msg);
    assert.equal(isKnownEvent('badge.awarded'), false);
    assert.equal(isKnownEvent('queue.closed'), true);
    assert.equal(isKnownEvent('poll.opened'), true);
  });

  test('refuses an unknown message type, malformed JSON, a mistyped field, a bad enum', () => {
    assert.throws(() => decodeServer('{"type":"hug"}'), ProtocolError);
    assert.throws(() => decodeServer('{"type":'), SyntaxError);
    assert.throws(() => decodeServer(JSON.stringify({ ...server.ack, seq: '42' })), /"seq": expected an integer/);
    const bad = structuredClone(server['event.turn.started']);
    bad.event.speaker.run = 'sprinting';
    assert.throws(() => decodeServer(JSON.stringify(bad)), /event\.speaker\.run/);
  });

  test('a question comes whole or stripped to id, status and merged_into; half of one is refused', () => {
    const stripped = server['event.question.merged'];
    assert.deepEqual(decodeServer(JSON.stringify(stripped)), stripped);
    const half = structuredClone(server['event.question.approved']);
    delete half.event.question.name;
    assert.throws(() => decodeServer(JSON.stringify(half)), /"event\.question\.name": is missing/);
    const bad = structuredClone(server['event.question.approved']);
    bad.event.question.status = 'deleted';
    assert.throws(() => decodeServer(JSON.stringify(bad)), /unknown value "deleted"/);
  });

  test('a snapshot question needs its votes, a tally needs whole counts', () => {
    const w = structuredClone(server.welcome);
    delete w.snapshot.questions[0].votes;
    assert.throws(() => decodeServer(JSON.stringify(w)), /snapshot\.questions\[0\]\.votes/);
    assert.throws(() => decodeServer(JSON.stringify({ ...server.tally, questions: { q3: -1 } })), /questions\.q3/);
    assert.throws(() => decodeServer(JSON.stringify({ ...server.tally, polls: { p1: { voters: 2, counts: [1.5] } } })),
      /polls\.p1\.counts\[0\]/);
  });

  test('a live event needs prev_seq; a resuming welcome without its tally is refused', () => {
    const ev = structuredClone(server['event.queue.closed']);
    delete ev.prev_seq;
    assert.throws(() => decodeServer(JSON.stringify(ev)), /"prev_seq": is missing/);
    const w = structuredClone(server['welcome-resume']);
    delete w.tally;
    assert.throws(() => decodeServer(JSON.stringify(w)), /"tally": is missing/);
  });

  test('the new fields of a snapshot, an ack and a tally are checked too', () => {
    const w = structuredClone(server['welcome-facilitator']);
    w.snapshot.messages[0].to = 'participant';
    assert.throws(() => decodeServer(JSON.stringify(w)), /snapshot\.messages\[0\]\.to/);
    const a = structuredClone(server['welcome-facilitator']);
    a.snapshot.agenda.item_id = 7;
    assert.throws(() => decodeServer(JSON.stringify(a)), /snapshot\.agenda\.item_id/);
    const noAgenda = structuredClone(server['welcome-facilitator']);
    noAgenda.snapshot.agenda = { item_id: null, since_ms: 0 };
    assert.doesNotThrow(() => decodeServer(JSON.stringify(noAgenda)), 'no agenda item yet');
    assert.throws(() => decodeServer(JSON.stringify({ ...server['ack-key'], key: 5 })), /"key": expected a string/);
    const p = structuredClone(server['tally-presence']);
    p.presence.display = -1;
    assert.throws(() => decodeServer(JSON.stringify(p)), /presence\.display/);
  });

  test('the room\'s plan, conclusions and handoffs: a snapshot may lack them (an older server), each group comes whole', () => {
    const older = structuredClone(server['welcome-facilitator']);
    for (const n of ['blocks', 'block', 'next_slot', 'conclusions', 'next_conclusion', 'handoff_to', 'handoffs', 'next_handoff']) {
      delete older.snapshot[n];
    }
    assert.deepEqual(decodeServer(JSON.stringify(older)), older);
    assert.equal('conclusions' in server.welcome.snapshot, false, 'participants and displays get no conclusions');
    const half = structuredClone(server['welcome-facilitator']);
    delete half.snapshot.next_conclusion;
    assert.throws(() => decodeServer(JSON.stringify(half)), /snapshot\.next_conclusion/);
    const noRun = structuredClone(server.welcome);
    noRun.snapshot.block = null;
    noRun.snapshot.handoff_to = null;
    noRun.snapshot.blocks[0].plan_start_min = null;
    assert.doesNotThrow(() => decodeServer(JSON.stringify(noRun)), 'no block running, no plenary, no planned time');
  });

  test('blocks, slots, conclusions and handoffs are checked field by field', () => {
    const refused = (patch, re) => {
      const w = structuredClone(server['welcome-facilitator']);
      patch(w.snapshot);
      assert.throws(() => decodeServer(JSON.stringify(w)), re);
    };
    refused((s) => { s.blocks[1].kind = 'lunch'; }, /snapshot\.blocks\[1\]\.kind": unknown value "lunch"/);
    refused((s) => { s.blocks[0].plan_start_min = '10:45'; }, /snapshot\.blocks\[0\]\.plan_start_min/);
    refused((s) => { s.blocks[0].planned_ms = -1; }, /snapshot\.blocks\[0\]\.planned_ms/);
    refused((s) => { s.blocks[0].slots[2].status = 'late'; }, /snapshot\.blocks\[0\]\.slots\[2\]\.status/);
    refused((s) => { s.conclusions[0].handed_off_at_ms = null; }, /snapshot\.conclusions\[0\]\.handed_off_at_ms/);
    refused((s) => { s.handoffs[0].questions[0].votes = -1; }, /snapshot\.handoffs\[0\]\.questions\[0\]\.votes/);
    refused((s) => { s.handoff_to = 5; }, /snapshot\.handoff_to/);
    assert.throws(() => decodeServer(JSON.stringify({ ...server['ack-slot'], slot_id: 4 })), /"slot_id": expected a string/);
    const left = structuredClone(server['event.block.ended']);
    left.event.left_ms = 1.5;
    assert.throws(() => decodeServer(JSON.stringify(left)), /event\.left_ms/);
  });

  test('a presentation may be a turn\'s kind; a slot.added names where it goes', () => {
    assert.equal(server['event.turn.started-slot'].event.entry.kind, 'presentation');
    const unknown = structuredClone(server['event.turn.ended-slot']);
    unknown.event.record.kind = 'keynote';
    assert.throws(() => decodeServer(JSON.stringify(unknown)), /event\.record\.kind/);
    const nowhere = structuredClone(server['event.slot.added-end']);
    delete nowhere.event.before_id;
    assert.throws(() => decodeServer(JSON.stringify(nowhere)), /event\.before_id": is missing/);
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
    assert.equal(applyEvent(welcome, { type: 'badge.awarded' }), welcome);
  });

  test('the events of a resuming welcome replay on top of a snapshot', () => {
    const events = server['welcome-resume'].events.map((m) => m.event);
    assert.equal(fold(welcome, events).queue_open, false);
  });
});

describe('applyEvent: questions and polls', () => {
  const participant = deepFreeze(structuredClone(server.welcome.snapshot));
  const facilitator = deepFreeze(structuredClone(server['welcome-facilitator'].snapshot));
  const ev = (name, patch = {}) => ({ ...structuredClone(server[name].event), ...patch });
  const q = (state, id) => state.questions.find((x) => x.id === id);
  const ids = (state) => state.questions.map((x) => x.id);

  test('an approved question comes into a participant\'s list in the order asked, with no votes yet', () => {
    const asked = { ...ev('event.question.approved').question, id: 'q2', asked_at_ms: 1560762000000 };
    const next = applyEvent(participant, { type: 'question.approved', at_ms: 1, question: asked });
    assert.deepEqual(ids(next), ['q2', 'q3']);
    assert.equal(q(next, 'q2').votes, 0);
    assert.equal(next.next_question, 5);
    const later = applyEvent(participant, { type: 'question.approved', at_ms: 1, question: { ...asked, id: 'q7', asked_at_ms: 1560762090000 } });
    assert.deepEqual(ids(later), ['q3', 'q7']);
    assert.equal(later.next_question, 8);
  });

  test('a new value keeps the votes the tallies gave', () => {
    const pinned = applyEvent(participant, ev('event.question.pinned'));
    assert.equal(q(pinned, 'q3').pinned, true);
    assert.equal(q(pinned, 'q3').votes, 4);
    const answered = applyEvent(pinned, ev('event.question.answered'));
    assert.equal(q(answered, 'q3').status, 'answered');
    assert.equal(q(answered, 'q3').votes, 4);
  });

  test('a stripped value takes the question out of a participant\'s list', () => {
    assert.deepEqual(ids(applyEvent(participant, ev('event.question.rejected'))), []);
    assert.deepEqual(ids(applyEvent(participant, ev('event.question.unapproved'))), []);
    const merged = ev('event.question.merged', { question: { id: 'q3', status: 'merged', merged_into: 'q9' } });
    assert.deepEqual(ids(applyEvent(participant, merged)), []);
    // One it never had changes nothing.
    assert.equal(applyEvent(participant, ev('event.question.merged')), participant);
  });

  test('facilitators keep every status, and the muted flag when a value comes without it', () => {
    const asked = applyEvent(facilitator, ev('event.question.asked', { question: { ...ev('event.question.asked').question, id: 'q5' } }));
    assert.deepEqual(ids(asked), ['q3', 'q4', 'q5']);
    assert.equal(q(asked, 'q5').status, 'pending');
    const { muted, ...withoutMuted } = ev('event.question.edited').question;
    const edited = applyEvent(facilitator, { type: 'question.edited', at_ms: 1, question: withoutMuted });
    assert.equal(q(edited, 'q4').text, 'What budget do city human rights offices have?');
    assert.equal(q(edited, 'q4').muted, true);
    const withdrawn = applyEvent(edited, ev('event.question.withdrawn'));
    assert.equal(q(withdrawn, 'q4').status, 'withdrawn');
    assert.equal(q(withdrawn, 'q4').text, 'What budget do human rights offices in cities usually have?');
    const rejected = applyEvent(facilitator, {
      type: 'question.rejected', at_ms: 1, question: { ...q(facilitator, 'q3'), votes: undefined, status: 'rejected' },
    });
    assert.equal(q(rejected, 'q3').status, 'rejected');
    assert.equal(q(rejected, 'q3').votes, 4);
  });

  test('question.answering marks and clears; questions.configured sets pre-moderation', () => {
    const cleared = applyEvent(participant, ev('event.question.answering-cleared'));
    assert.equal(cleared.answering, null);
    assert.equal(applyEvent(cleared, ev('event.question.answering')).answering, 'q3');
    assert.equal(applyEvent(participant, ev('event.questions.configured')).premoderation, false);
  });

  test('device.muted sets muted on every question it names', () => {
    const unmuted = applyEvent(facilitator, ev('event.device.muted', { muted: false, question_ids: ['q4', 'q9'] }));
    assert.equal(q(unmuted, 'q4').muted, false);
    assert.equal(q(unmuted, 'q3').muted, false);
    const muted = applyEvent(unmuted, ev('event.device.muted', { question_ids: ['q3'] }));
    assert.equal(q(muted, 'q3').muted, true);
    assert.equal(q(muted, 'q4').muted, false);
  });

  test('poll events replace the poll and keep its results; a new poll starts with no voters', () => {
    const closed = applyEvent(facilitator, ev('event.poll.closed'));
    const p1 = closed.polls.find((p) => p.id === 'p1');
    assert.equal(p1.status, 'closed');
    assert.equal(p1.voters, 17);
    assert.deepEqual(p1.counts, [9, 5, 3]);
    const revealed = applyEvent(closed, ev('event.poll.revealed'));
    assert.equal(revealed.polls[0].revealed, true);
    assert.deepEqual(revealed.polls[0].counts, [9, 5, 3]);
    const created = applyEvent(participant, ev('event.poll.created', { poll: { ...ev('event.poll.created').poll, id: 'p4' } }));
    assert.deepEqual(created.polls.map((p) => p.id), ['p1', 'p4']);
    assert.equal(created.polls[1].voters, 0);
    assert.equal('counts' in created.polls[1], false);
    assert.equal(created.next_poll, 5);
  });
});

describe('applyEvent: agenda and organizer messages', () => {
  const facilitator = deepFreeze(structuredClone(server['welcome-facilitator'].snapshot));
  const display = deepFreeze(structuredClone(server.welcome.snapshot));
  const ev = (name, patch = {}) => ({ ...structuredClone(server[name].event), ...patch });

  test('agenda.moved sets the current item and since when', () => {
    const moved = applyEvent(display, ev('event.agenda.moved', { item_id: 'lunch', at_ms: 1560772000000 }));
    assert.deepEqual(moved.agenda, { item_id: 'lunch', since_ms: 1560772000000 });
    const cleared = applyEvent(moved, ev('event.agenda.moved', { item_id: null, at_ms: 1560772100000 }));
    assert.deepEqual(cleared.agenda, { item_id: null, since_ms: 1560772100000 });
  });

  test('message.sent adds a message (or replaces one with its id) and advances next_message', () => {
    const m2 = { id: 'm2', to: 'display', text: 'Please move to the plenary', sent_at_ms: 1560767000000, acknowledged_at_ms: 0 };
    const sent = applyEvent(display, { type: 'message.sent', message: m2 });
    assert.deepEqual(sent.messages, [m2]);
    assert.equal(sent.next_message, 3);
    const again = applyEvent(facilitator, ev('event.message.sent'));
    assert.deepEqual(again.messages, facilitator.messages, 'the same message twice stays once');
    const m7 = applyEvent(facilitator, { type: 'message.sent', message: { ...m2, id: 'm7', to: 'facilitator' } });
    assert.deepEqual(m7.messages.map((m) => m.id), ['m1', 'm7']);
    assert.equal(m7.next_message, 8);
  });

  test('message.acknowledged stamps the message; one it does not hold changes nothing', () => {
    const acked = applyEvent(facilitator, ev('event.message.acknowledged'));
    assert.equal(acked.messages[0].acknowledged_at_ms, 1560766830000);
    assert.equal(facilitator.messages[0].acknowledged_at_ms, 0, 'the input is not modified');
    const other = applyEvent(facilitator, ev('event.message.acknowledged', { message_id: 'm9' }));
    assert.deepEqual(other.messages, facilitator.messages);
  });

  test('room.key_rotated changes no state', () => {
    assert.equal(applyEvent(facilitator, ev('event.room.key_rotated')), facilitator);
    assert.equal(isKnownEvent('room.key_rotated'), true);
  });

  test('every new event type is known, so none of them makes the store sync', () => {
    for (const type of ['agenda.moved', 'message.sent', 'message.acknowledged', 'room.key_rotated']) assert.ok(isKnownEvent(type), type);
  });
});

describe('applyTally', () => {
  test('presence is kept as the connected devices by role; a tally without it keeps the last', () => {
    const facilitator = deepFreeze(structuredClone(server['welcome-facilitator'].snapshot));
    const seen = applyTally(facilitator, server['tally-presence']);
    assert.deepEqual(seen.presence, { participant: 41, display: 1, facilitator: 1, organizer: 1 });
    assert.deepEqual(applyTally(seen, server['tally-facilitator']).presence, seen.presence);
    assert.equal('presence' in applyTally(facilitator, server.tally), false);
  });

  const participant = deepFreeze(structuredClone(server.welcome.snapshot));
  const facilitator = deepFreeze(structuredClone(server['welcome-facilitator'].snapshot));

  test('sets votes on questions and voters on polls; ids it does not hold are skipped', () => {
    const next = applyTally(participant, server.tally);
    assert.equal(next.questions[0].votes, 5);
    assert.equal(next.polls[0].voters, 18);
    assert.equal('counts' in next.polls[0], false);
    assert.deepEqual(next.questions.map((x) => x.id), ['q3']);
    assert.equal(participant.questions[0].votes, 4, 'the input is not modified');
  });

  test('sets counts when the tally carries them, keeps them when it does not', () => {
    const counted = applyTally(facilitator, server['tally-facilitator']);
    assert.deepEqual(counted.polls[0].counts, [10, 6, 3]);
    assert.equal(counted.polls[0].voters, 19);
    assert.equal(counted.questions[0].votes, 4);
    const votersOnly = applyTally(counted, { questions: {}, polls: { p1: { voters: 20 } } });
    assert.deepEqual(votersOnly.polls[0].counts, [10, 6, 3]);
    assert.equal(votersOnly.polls[0].voters, 20);
  });

  test('a resuming welcome\'s tally applies the same way', () => {
    const next = applyTally(participant, server['welcome-resume'].tally);
    assert.equal(next.questions[0].votes, 4);
    assert.equal(next.polls[0].voters, 17);
  });
});

describe('applyEvent: the room\'s plan', () => {
  const welcome = deepFreeze(structuredClone(server.welcome.snapshot));
  const ev = (name, patch = {}) => ({ ...structuredClone(server[name].event), ...patch });
  const fold = (state, events) => events.reduce(applyEvent, state);
  const block = (state, id) => state.blocks.find((b) => b.id === id);
  const slotIds = (state, id = 'presentations') => block(state, id).slots.map((s) => s.id);
  const slot = (state, id) => state.blocks.flatMap((b) => b.slots).find((s) => s.id === id);

  test('block.ended stamps the block, keeps what the segment had left and leaves no block running', () => {
    const ended = applyEvent(welcome, ev('event.block.ended'));
    assert.equal(ended.block, null);
    assert.equal(block(ended, 'presentations').ended_at_ms, 1560766595000);
    assert.equal(block(ended, 'presentations').left_ms, -95000);
    assert.deepEqual(ended.segment, server['event.block.ended'].event.segment);
    assert.equal(block(welcome, 'presentations').ended_at_ms, 0, 'the input is not modified');
    // Another block's end leaves the running one running.
    const other = applyEvent(welcome, ev('event.block.ended', { block_id: 'discussion' }));
    assert.equal(other.block, 'presentations');
    assert.equal(block(other, 'discussion').ended_at_ms, 1560766595000);
  });

  test('block.started makes the block the running one with the segment\'s time', () => {
    const segment = { ...ev('event.block.started').segment, label: 'Open round of discussion', duration_ms: 805000 };
    const started = fold(welcome, [
      ev('event.block.ended'),
      ev('event.block.started', { block_id: 'discussion', at_ms: 1560766600000, segment }),
    ]);
    assert.equal(started.block, 'discussion');
    const d = block(started, 'discussion');
    assert.deepEqual([d.started_at_ms, d.ended_at_ms, d.allotted_ms], [1560766600000, 0, 805000]);
    assert.deepEqual(started.segment, segment);
    assert.equal(block(started, 'presentations').ended_at_ms, 1560766595000);
    // Started again after it ended: it runs again.
    const again = applyEvent(started, ev('event.block.started'));
    assert.equal(again.block, 'presentations');
    assert.deepEqual([block(again, 'presentations').started_at_ms, block(again, 'presentations').ended_at_ms], [1560764700000, 0]);
  });

  test('slot.added inserts before before_id, or at the end, and advances next_slot', () => {
    const ahead = applyEvent(welcome, ev('event.slot.added'));
    assert.deepEqual(slotIds(ahead), ['s1', 's4', 's2', 's3']);
    assert.equal(ahead.next_slot, 5);
    const end = applyEvent(ahead, ev('event.slot.added-end'));
    assert.deepEqual(slotIds(end), ['s1', 's4', 's2', 's3', 's5']);
    assert.equal(end.next_slot, 6);
    const low = applyEvent(welcome, ev('event.slot.added', { slot: { ...ev('event.slot.added').slot, id: 's2b' }, before_id: 'gone' }));
    assert.deepEqual(slotIds(low), ['s1', 's2', 's3', 's2b']);
    assert.equal(low.next_slot, 4, 'an id not of the form s<N> leaves the counter');
  });

  test('slot.edited replaces the slot, slot.removed drops it, slot.moved places it', () => {
    const added = applyEvent(welcome, ev('event.slot.added', { before_id: null }));
    const edited = applyEvent(added, ev('event.slot.edited'));
    assert.equal(slot(edited, 's4').name, 'Ana Souza (Mayor)');
    assert.deepEqual(slotIds(applyEvent(edited, ev('event.slot.removed'))), ['s1', 's2', 's4']);
    assert.deepEqual(slotIds(applyEvent(edited, ev('event.slot.moved'))), ['s1', 's4', 's2', 's3']);
    assert.deepEqual(slotIds(applyEvent(edited, ev('event.slot.moved', { slot_id: 's1', before_id: null }))), ['s2', 's3', 's4', 's1']);
    assert.deepEqual(slotIds(applyEvent(edited, ev('event.slot.moved', { slot_id: 's9' }))), ['s1', 's2', 's3', 's4']);
  });

  test('a presenter\'s turn marks the slot speaking, then done', () => {
    const added = applyEvent(welcome, ev('event.slot.added'));
    const started = applyEvent(added, ev('event.turn.started-slot'));
    assert.equal(started.current.entry.slot_id, 's4');
    assert.equal(started.current.entry.kind, 'presentation');
    assert.equal(started.next_entry, 8);
    assert.deepEqual(slot(started, 's4'), {
      ...slot(added, 's4'), status: 'speaking', started_at_ms: 1560764700000, allotted_ms: 450000,
    });
    const ended = applyEvent(started, ev('event.turn.ended-slot'));
    assert.equal(ended.current, null);
    assert.equal(ended.turns.at(-1).slot_id, 's4');
    assert.deepEqual(slot(ended, 's4'), {
      ...slot(started, 's4'), status: 'done', ended_at_ms: 1560765180000, spoken_ms: 480000,
    });
    assert.equal(slot(ended, 's3').status, 'waiting');
  });

  test('a turn without a slot, or with one no block holds, leaves the slots alone', () => {
    const plain = applyEvent(welcome, ev('event.turn.started'));
    assert.deepEqual(plain.blocks, welcome.blocks);
    const stray = applyEvent(welcome, ev('event.turn.started-slot'));
    assert.deepEqual(stray.blocks, welcome.blocks);
    assert.equal(stray.current.entry.id, 'e7');
    assert.deepEqual(applyEvent(welcome, ev('event.turn.ended')).blocks, welcome.blocks);
  });
});

describe('applyEvent: conclusions and handoffs', () => {
  const facilitator = deepFreeze(structuredClone(server['welcome-facilitator'].snapshot));
  const participant = deepFreeze(structuredClone(server.welcome.snapshot));
  const ev = (name, patch = {}) => ({ ...structuredClone(server[name].event), ...patch });
  const fold = (state, events) => events.reduce(applyEvent, state);
  const conclusion = (id, over = {}) => ({ ...ev('event.conclusion.added').conclusion, id, ...over });
  const ids = (state) => state.conclusions.map((c) => c.id);

  test('conclusion.added and conclusion.edited put the conclusion in place and advance next_conclusion', () => {
    const added = applyEvent(facilitator, { type: 'conclusion.added', conclusion: conclusion('c2') });
    assert.deepEqual(ids(added), ['c1', 'c2']);
    assert.equal(added.next_conclusion, 3);
    const edited = applyEvent(added, ev('event.conclusion.edited'));
    assert.deepEqual(ids(edited), ['c1', 'c2']);
    assert.deepEqual(edited.conclusions[0], server['event.conclusion.edited'].event.conclusion);
    const removed = applyEvent(edited, ev('event.conclusion.removed'));
    assert.deepEqual(ids(removed), ['c1']);
    assert.equal(removed.next_conclusion, 3);
  });

  test('a state without conclusions gets the list on the first one; removing from none changes nothing', () => {
    const added = applyEvent(participant, ev('event.conclusion.added'));
    assert.deepEqual(ids(added), ['c1']);
    assert.equal(added.next_conclusion, 2);
    assert.equal(applyEvent(participant, ev('event.conclusion.removed')), participant);
  });

  test('handoff.sent records the handoff and stamps the conclusions sent for the first time', () => {
    const state = fold(facilitator, [
      { type: 'conclusion.added', conclusion: conclusion('c2', { written_at_ms: 1560766800000 }) },
      { type: 'conclusion.added', conclusion: conclusion('c3', { written_at_ms: 1560766900000 }) },
    ]);
    const handoff = { ...ev('event.handoff.sent').handoff, id: 'h2', at_ms: 1560768000000 };
    const sent = applyEvent(state, { type: 'handoff.sent', handoff });
    assert.deepEqual(sent.handoffs.map((h) => h.id), ['h1', 'h2']);
    assert.deepEqual(sent.handoffs[1], handoff);
    assert.equal(sent.next_handoff, 3);
    const at = Object.fromEntries(sent.conclusions.map((c) => [c.id, c.handed_off_at_ms]));
    assert.deepEqual(at, { c1: 1560767000000, c2: 0, c3: 1560768000000 }, 'c1 keeps when it was first sent');
  });

  test('a participant\'s state records a handoff without conclusions to stamp', () => {
    const sent = applyEvent(participant, { type: 'handoff.sent', handoff: { ...ev('event.handoff.sent').handoff, id: 'h4' } });
    assert.equal(sent.handoffs.length, 2);
    assert.equal(sent.next_handoff, 5);
    assert.equal('conclusions' in sent, false);
  });

  test('handoff.received appends the handoff and leaves the counter of those sent alone', () => {
    const received = applyEvent(facilitator, ev('event.handoff.received', { handoff: { ...ev('event.handoff.received').handoff, id: 'h7' } }));
    assert.deepEqual(received.handoffs.map((h) => [h.from_room, h.id]), [['group-1', 'h1'], ['group-1', 'h7']]);
    assert.equal(received.next_handoff, 2);
    const plenary = { ...participant, handoffs: undefined, handoff_to: null };
    assert.equal(applyEvent(plenary, ev('event.handoff.received')).handoffs.length, 1);
  });

  test('every event of the plan, conclusions and handoffs is known', () => {
    for (const type of [
      'block.started', 'block.ended', 'slot.added', 'slot.edited', 'slot.removed', 'slot.moved',
      'conclusion.added', 'conclusion.edited', 'conclusion.removed', 'handoff.sent', 'handoff.received',
    ]) assert.ok(isKnownEvent(type), type);
  });
});
