// @ts-check
// Server messages, the room state and every event (PROTOCOL.md). Fields a newer server adds pass.
import {
  BLOCK_KINDS, MESSAGE_TARGETS, POLL_EVENT_TYPES, POLL_KINDS, POLL_STATUSES, QUESTION_EVENT_TYPES, QUESTION_STATUSES, ROLES,
  SLOT_STATUSES, TIMER_EVENT_TYPES, TIMER_IDS, TIMER_RUNS, TURN_KINDS,
} from './constants.mjs';
import { Fields, ProtocolError, isCount, isString } from './fields.mjs';
import { checkAffiliationKind } from './commands.mjs';

/** @param {Fields} f */
function checkTimer(f) {
  f.str('label');
  f.oneOf('run', TIMER_RUNS);
  for (const n of ['duration_ms', 'ends_at_ms', 'remaining_ms', 'warning_ms']) f.int(n);
  f.bool('warned');
  f.bool('expired');
}

/** A queue entry, or the entry of a turn (a presenter's carries the slot's id). @param {Fields} f */
function checkEntry(f) {
  for (const n of ['id', 'name', 'affiliation']) f.str(n);
  f.oneOf('kind', TURN_KINDS);
  f.int('added_at_ms');
  f.optInt('duration_ms');
  f.optStr('slot_id');
  checkAffiliationKind(f);
}

/** @param {Fields} f */
function checkRecord(f) {
  for (const n of ['entry_id', 'name', 'affiliation']) f.str(n);
  f.oneOf('kind', TURN_KINDS);
  for (const n of ['started_at_ms', 'ended_at_ms', 'allotted_ms', 'paused_ms', 'spoken_ms']) f.int(n);
  f.uint('pauses');
  f.optStr('slot_id');
  checkAffiliationKind(f);
}

/** A presenter slot. @param {Fields} f */
function checkSlot(f) {
  for (const n of ['id', 'name', 'affiliation']) f.str(n);
  f.uint('planned_ms');
  f.oneOf('status', SLOT_STATUSES);
  for (const n of ['started_at_ms', 'ended_at_ms', 'allotted_ms', 'spoken_ms']) f.int(n);
  checkAffiliationKind(f);
}

/** A block of the room's plan. @param {Fields} f */
function checkBlock(f) {
  f.str('id');
  f.oneOf('kind', BLOCK_KINDS);
  f.str('title');
  f.uint('planned_ms');
  f.nullableInt('plan_start_min');
  f.uint('max_presenters');
  f.each('slots', (s, path) => checkSlot(new Fields(s, path)));
  for (const n of ['started_at_ms', 'ended_at_ms', 'allotted_ms', 'left_ms']) f.int(n);
}

/** A conclusion; in a handoff only its id, text and guiding question. @param {Fields} f @param {boolean} whole */
function checkConclusion(f, whole) {
  f.str('id');
  f.str('text');
  f.nullableStr('guiding_question');
  if (!whole) return;
  f.int('written_at_ms');
  f.int('handed_off_at_ms');
}

/** @param {Fields} f */
function checkHandoff(f) {
  f.str('id');
  f.str('from_room');
  f.int('at_ms');
  f.each('conclusions', (c, path) => checkConclusion(new Fields(c, path), false));
  f.each('questions', (q, path) => {
    const h = new Fields(q, path);
    for (const n of ['id', 'text', 'name']) h.str(n);
    h.nullableStr('guiding_question');
    h.uint('votes');
  });
}

/** @param {Fields} f */
function checkSettings(f) {
  f.int('speaking_ms');
  f.int('warning_ms');
}

const FULL_QUESTION = ['text', 'name', 'guiding_question', 'asked_at_ms', 'pinned'];

/**
 * Whole, or stripped to id, status and merged_into (for participants who may not see it); any field of
 * a whole one makes all of them required. @param {Fields} f @param {{whole?: boolean, votes?: boolean}} need
 */
function checkQuestion(f, need) {
  f.str('id');
  f.oneOf('status', QUESTION_STATUSES);
  f.nullableStr('merged_into');
  if (need.whole || FULL_QUESTION.some((n) => f.has(n))) {
    f.str('text');
    f.str('name');
    f.nullableStr('guiding_question');
    f.int('asked_at_ms');
    f.bool('pinned');
  }
  f.optBool('muted');
  if (need.votes || f.has('votes')) f.uint('votes');
}

/** @param {Fields} f @param {{results?: boolean}} need results: with voters (and counts if allowed) */
function checkPoll(f, need) {
  f.str('id');
  f.str('question');
  f.oneOf('kind', POLL_KINDS);
  f.each('options', isString);
  f.uint('max_picks');
  f.bool('live_results');
  f.oneOf('status', POLL_STATUSES);
  for (const n of ['opened_at_ms', 'deadline_ms', 'closed_at_ms']) f.int(n);
  f.bool('revealed');
  if (need.results || f.has('voters')) f.uint('voters');
  if (f.has('counts')) f.each('counts', isCount);
}

/** An organizer's message. @param {Fields} f */
function checkMessage(f) {
  f.str('id');
  f.oneOf('to', MESSAGE_TARGETS);
  f.str('text');
  f.int('sent_at_ms');
  f.int('acknowledged_at_ms');
}

/** @param {Fields} f */
function checkAgenda(f) {
  f.nullableStr('item_id');
  f.int('since_ms');
}

/** @param {Fields} f a tally's or a resuming welcome's counts; facilitators' also carry presence */
function checkTallyValues(f) {
  const presence = f.optObject('presence');
  if (presence) for (const role of ROLES) presence.uint(role);
  f.record('questions', isCount);
  f.record('polls', (v, path) => {
    const p = new Fields(v, path);
    p.uint('voters');
    if (p.has('counts')) p.each('counts', isCount);
  });
}

/** @param {Fields} f */
function checkSnapshot(f) {
  f.str('room');
  checkSettings(f.object('settings'));
  f.bool('queue_open');
  f.each('queue', (e, path) => checkEntry(new Fields(e, path)));
  if (f.present('current') !== null) {
    const c = f.object('current');
    checkEntry(c.object('entry'));
    for (const n of ['started_at_ms', 'allotted_ms', 'paused_ms']) c.int(n);
    c.nullableInt('paused_since_ms');
    c.uint('pauses');
  }
  checkTimer(f.object('speaker'));
  checkTimer(f.object('segment'));
  f.each('turns', (t, path) => checkRecord(new Fields(t, path)));
  f.uint('next_entry');
  f.bool('premoderation');
  f.each('questions', (q, path) => checkQuestion(new Fields(q, path), { whole: true, votes: true }));
  f.nullableStr('answering');
  f.each('polls', (p, path) => checkPoll(new Fields(p, path), { results: true }));
  f.uint('next_question');
  f.uint('next_poll');
  checkAgenda(f.object('agenda'));
  f.each('messages', (m, path) => checkMessage(new Fields(m, path)));
  f.uint('next_message');
  // Added within version 1, so a snapshot may lack them; each group comes whole. Conclusions reach
  // facilitators and the organizer only.
  if (['blocks', 'block', 'next_slot'].some((n) => f.has(n))) {
    f.each('blocks', (b, path) => checkBlock(new Fields(b, path)));
    f.nullableStr('block');
    f.uint('next_slot');
  }
  if (['conclusions', 'next_conclusion'].some((n) => f.has(n))) {
    f.each('conclusions', (c, path) => checkConclusion(new Fields(c, path), true));
    f.uint('next_conclusion');
  }
  if (f.has('closed_at_ms')) f.uint('closed_at_ms');
  if (['handoff_to', 'handoffs', 'next_handoff'].some((n) => f.has(n))) {
    f.nullableStr('handoff_to');
    f.each('handoffs', (h, path) => checkHandoff(new Fields(h, path)));
    f.uint('next_handoff');
  }
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
  'question.answering': (f) => { f.nullableStr('question_id'); },
  'questions.configured': (f) => { f.bool('premoderation'); },
  'device.muted': (f) => { f.bool('muted'); f.each('question_ids', isString); },
  'agenda.moved': (f) => { f.nullableStr('item_id'); f.int('at_ms'); },
  'message.sent': (f) => { checkMessage(f.object('message')); },
  'message.acknowledged': (f) => { f.str('message_id'); f.int('at_ms'); },
  'room.key_rotated': (f) => { f.int('at_ms'); },
  'block.started': (f) => { f.str('block_id'); f.int('at_ms'); checkTimer(f.object('segment')); },
  'block.ended': (f) => { f.str('block_id'); f.int('at_ms'); f.int('left_ms'); checkTimer(f.object('segment')); },
  'slot.added': (f) => { f.str('block_id'); checkSlot(f.object('slot')); f.nullableStr('before_id'); },
  'slot.edited': (f) => { f.str('block_id'); checkSlot(f.object('slot')); },
  'slot.removed': (f) => { f.str('block_id'); f.str('slot_id'); },
  'slot.moved': (f) => { f.str('block_id'); f.str('slot_id'); f.nullableStr('before_id'); },
  'conclusion.added': (f) => { checkConclusion(f.object('conclusion'), true); },
  'conclusion.edited': (f) => { checkConclusion(f.object('conclusion'), true); },
  'conclusion.removed': (f) => { f.str('conclusion_id'); },
  'handoff.sent': (f) => { checkHandoff(f.object('handoff')); },
  'handoff.received': (f) => { checkHandoff(f.object('handoff')); },
  'meeting.closed': (f) => { f.int('at_ms'); },
};
for (const t of TIMER_EVENT_TYPES) {
  EVENT_CHECKS[t] = (f) => { f.oneOf('timer', TIMER_IDS); f.int('at_ms'); checkTimer(f.object('value')); };
}
for (const t of QUESTION_EVENT_TYPES) {
  EVENT_CHECKS[t] = (f) => { f.int('at_ms'); checkQuestion(f.object('question'), {}); };
}
for (const t of POLL_EVENT_TYPES) {
  EVENT_CHECKS[t] = (f) => { f.int('at_ms'); checkPoll(f.object('poll'), {}); };
}

/** Whether this client knows how to apply an event type; an unknown one is a reason to sync. @param {string} type */
export function isKnownEvent(type) { return Object.prototype.hasOwnProperty.call(EVENT_CHECKS, type); }

/** An `event`; replayed in a welcome, it needs no prev_seq. @param {Fields} f @param {boolean} [replayed] */
function checkEventMessage(f, replayed = false) {
  f.str('room');
  f.str('epoch');
  f.uint('seq');
  if (!replayed || f.has('prev_seq')) f.uint('prev_seq');
  f.int('server_time_ms');
  const e = f.object('event');
  const type = e.str('type');
  // A newer server may add event types within a major: they pass here and make the store sync.
  if (isKnownEvent(type)) EVENT_CHECKS[type](e);
}

/** @type {Record<string, (f: Fields) => void>} */
export const SERVER_CHECKS = {
  welcome: (f) => {
    f.str('room');
    f.str('epoch');
    f.uint('seq');
    f.int('server_time_ms');
    f.oneOf('role', ROLES);
    f.each('mine', isString);
    f.each('my_questions', (q, path) => checkQuestion(new Fields(q, path), { whole: true }));
    f.each('my_upvotes', isString);
    f.record('my_votes', (picks, path) => {
      if (!Array.isArray(picks)) throw new ProtocolError(path, 'expected an array of option indexes');
      picks.forEach((p, i) => isCount(p, `${path}[${i}]`));
    });
    const snapshot = f.optObject('snapshot');
    const hasEvents = f.has('events') && f.obj.events !== null;
    if (snapshot) checkSnapshot(snapshot);
    if (hasEvents) {
      f.each('events', (e, path) => {
        const m = new Fields(e, path);
        if (m.str('type') !== 'event') m.fail('type', 'expected "event"');
        checkEventMessage(m, true);
      });
      checkTallyValues(f.object('tally'));
    }
    if (!snapshot && !hasEvents) f.fail('snapshot', 'is missing (a welcome carries a snapshot or events)');
  },
  ack: (f) => {
    f.str('op_id');
    f.uint('seq');
    f.optStr('entry_id');
    f.optStr('question_id');
    f.optStr('poll_id');
    f.optStr('message_id');
    f.optStr('key');
    f.optStr('slot_id');
    f.optStr('conclusion_id');
  },
  reject: (f) => {
    // Codes are listed in REJECT_CODES; an unknown one from a newer server is still shown by its message.
    if (f.str('code') === '') f.fail('code', 'must not be empty');
    f.str('message');
    f.optStr('op_id');
    f.optInt('retry_after_ms');
  },
  event: (f) => checkEventMessage(f),
  tally: (f) => {
    f.str('room');
    f.str('epoch');
    f.uint('seq');
    checkTallyValues(f);
  },
  pong: (f) => {
    f.number('t0');
    f.int('ts');
  },
};
