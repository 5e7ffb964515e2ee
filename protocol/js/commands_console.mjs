// @ts-check
// The commands only the facilitator or the organizer may send, checked like the participant's. Phones
// do not load this file; the console and the organizer page pass ALL_CHECKS to their Connections.
import { LIMITS, MESSAGE_TARGETS, POLL_KINDS, SPEAKER_KINDS, TIMER_IDS } from './constants.mjs';
import { Fields, ProtocolError, charLength, isString } from './fields.mjs';
import { PARTICIPANT_CHECKS, checkAffiliationKind } from './commands.mjs';

/** @typedef {import('./commands.mjs').CommandCheck} CommandCheck */

/** `question.moderate` actions; each has its undo among them (approve/unapprove, reject/unreject, ...). */
export const MODERATE_ACTIONS = Object.freeze([
  'approve', 'reject', 'answer', 'reopen', 'unreject', 'unapprove', 'pin', 'unpin', 'unmerge',
]);

export const PROMOTE_BY = Object.freeze(['asker', 'facilitator']);

/** Kinds whose options the facilitator writes; the others have fixed options the server fills in. */
export const POLL_KINDS_WITH_OPTIONS = Object.freeze(['single', 'multiple']);

/** @param {Fields} f @param {string} name */
function checkDuration(f, name) {
  const v = f.int(name);
  if (v <= 0 || v > LIMITS.max_duration_ms) f.fail(name, 'must be between 1 ms and 12 hours');
  return v;
}

/** @param {Fields} f */
function checkTimerId(f) { f.oneOf('timer', TIMER_IDS); }

/** A presenter: name (1–80 bytes), affiliation, planned time (absent = an equal share). @param {Fields} f */
function checkPresenter(f) {
  if (f.str('name', LIMITS.max_name_bytes) === '') f.fail('name', 'must not be empty');
  f.optStr('affiliation', LIMITS.max_affiliation_bytes);
  checkAffiliationKind(f);
  const planned = f.optInt('planned_ms');
  if (planned !== undefined && (planned < LIMITS.min_planned_ms || planned > LIMITS.max_duration_ms))
    f.fail('planned_ms', 'must be between 1 s and 12 hours');
  return ['name', 'affiliation', 'affiliation_kind', 'planned_ms'];
}

/** @param {Fields} f */
function checkConclusionText(f) {
  f.chars('text', 1, LIMITS.conclusion_chars);
  f.optStr('guiding_question');
  return ['text', 'guiding_question'];
}

/** A list of distinct ids. @param {Fields} f @param {string} name @param {number} min @param {number} max */
function checkIds(f, name, min, max) {
  const ids = f.each(name, isString);
  if (ids.length < min || ids.length > max) f.fail(name, `must name ${min} to ${max} ids`);
  if (new Set(ids).size !== ids.length) f.fail(name, 'must not name an id twice');
}

/** @param {Fields} f */
function checkPollCreate(f) {
  f.chars('question', 1, LIMITS.poll_question_chars);
  const kind = f.oneOf('kind', POLL_KINDS);
  const options = f.each('options', (o, path) => {
    isString(o, path);
    const n = charLength(/** @type {string} */ (o));
    if (n < 1 || n > LIMITS.option_chars) throw new ProtocolError(path, `must be 1 to ${LIMITS.option_chars} characters`);
  });
  const own = POLL_KINDS_WITH_OPTIONS.includes(kind);
  if (own && (options.length < LIMITS.min_options || options.length > LIMITS.max_options))
    f.fail('options', `must hold ${LIMITS.min_options} to ${LIMITS.max_options} options`);
  if (!own && options.length > 0) f.fail('options', `must be empty for a ${kind} poll (its options are fixed)`);
  const picks = f.optInt('max_picks');
  if (picks !== undefined && (picks < 1 || picks > (kind === 'multiple' ? options.length : 1)))
    f.fail('max_picks', kind === 'multiple' ? 'must be between 1 and the number of options' : 'must be 1');
  f.optBool('live_results');
  return ['question', 'kind', 'options', 'max_picks', 'live_results'];
}

/** @type {Record<string, CommandCheck>} */
const CONSOLE_CHECKS = {
  'queue.add': (f) => {
    if (f.str('name', LIMITS.max_name_bytes) === '') f.fail('name', 'must not be empty');
    f.optStr('affiliation', LIMITS.max_affiliation_bytes);
    if (f.optStr('kind') !== undefined) f.oneOf('kind', SPEAKER_KINDS);
    if (f.optInt('duration_ms') !== undefined) checkDuration(f, 'duration_ms');
    checkAffiliationKind(f);
    f.optStr('guiding_question');
    return ['name', 'affiliation', 'affiliation_kind', 'kind', 'duration_ms', 'guiding_question'];
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
  'question.moderate': (f) => { f.str('question_id'); f.oneOf('action', MODERATE_ACTIONS); return ['question_id', 'action']; },
  'question.merge': (f) => {
    if (f.str('question_id') === f.str('into_id')) f.fail('into_id', 'must name another question');
    return ['question_id', 'into_id'];
  },
  'question.answering': (f) => { f.nullableStr('question_id'); return ['question_id']; },
  'question.promote': (f) => { f.str('question_id'); f.oneOf('by', PROMOTE_BY); return ['question_id', 'by']; },
  'questions.configure': (f) => { f.bool('premoderation'); return ['premoderation']; },
  'device.mute': (f) => { f.str('question_id'); f.bool('muted'); return ['question_id', 'muted']; },
  'poll.create': checkPollCreate,
  'poll.open': (f) => {
    f.str('poll_id');
    if (f.optInt('duration_ms') !== undefined) checkDuration(f, 'duration_ms');
    return ['poll_id', 'duration_ms'];
  },
  'poll.close': (f) => { f.str('poll_id'); return ['poll_id']; },
  'poll.reveal': (f) => { f.str('poll_id'); f.bool('revealed'); return ['poll_id', 'revealed']; },
  'message.acknowledge': (f) => { f.str('message_id'); return ['message_id']; },
  'block.start': (f) => { f.str('block_id'); f.nullableStr('expected_current'); return ['block_id', 'expected_current']; },
  'block.end': (f) => { f.nullableStr('expected_current'); return ['expected_current']; },
  'slot.add': (f) => {
    f.str('block_id');
    const fields = checkPresenter(f);
    f.optStr('before_id');
    return ['block_id', ...fields, 'before_id'];
  },
  'slot.edit': (f) => { f.str('slot_id'); return ['slot_id', ...checkPresenter(f)]; },
  'slot.remove': (f) => { f.str('slot_id'); return ['slot_id']; },
  'slot.move': (f) => { f.str('slot_id'); f.nullableStr('before_id'); return ['slot_id', 'before_id']; },
  'slot.start': (f) => { f.str('slot_id'); f.nullableStr('expected_current'); return ['slot_id', 'expected_current']; },
  'conclusion.add': checkConclusionText,
  'conclusion.edit': (f) => { f.str('conclusion_id'); return ['conclusion_id', ...checkConclusionText(f)]; },
  'conclusion.remove': (f) => { f.str('conclusion_id'); return ['conclusion_id']; },
  'handoff.send': (f) => {
    checkIds(f, 'conclusion_ids', 1, LIMITS.handoff_conclusions);
    checkIds(f, 'question_ids', 0, LIMITS.handoff_questions);
    return ['conclusion_ids', 'question_ids'];
  },
  // The organizer's own: the server refuses them from a facilitator.
  'meeting.close': () => [],
  'agenda.set': (f) => { f.nullableStr('item_id'); f.nullableStr('expected_current'); return ['item_id', 'expected_current']; },
  'message.send': (f) => {
    f.oneOf('to', MESSAGE_TARGETS);
    f.chars('text', 1, LIMITS.message_chars);
    return ['to', 'text'];
  },
  'room.rotate_key': () => [],
};

/** Every command of the protocol. */
export const ALL_CHECKS = Object.freeze({ ...PARTICIPANT_CHECKS, ...CONSOLE_CHECKS });
