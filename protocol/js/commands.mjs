// @ts-check
// Client messages: hello, ping, sync and the participant's commands (PROTOCOL.md, "Commands"), checked
// before sending so a malformed command is explained on the device instead of being refused by the server.
import { AFFILIATION_KINDS, LIMITS, ROLES, SPEAKER_KINDS } from './constants.mjs';
import { Fields, ProtocolError } from './fields.mjs';

const DEVICE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** @typedef {(f: Fields) => string[]} CommandCheck */

/** @param {Fields} f */
function checkResume(f) {
  const r = f.optObject('resume');
  if (!r) return;
  r.str('epoch');
  r.uint('seq');
  r.only(['epoch', 'seq']);
}

/** `affiliation_kind`, when given, is one the protocol names. @param {Fields} f */
export function checkAffiliationKind(f) {
  if (f.optStr('affiliation_kind') !== undefined) f.oneOf('affiliation_kind', AFFILIATION_KINDS);
}

/** @param {Fields} f */
function checkQuestionText(f) {
  f.chars('text', 1, LIMITS.question_chars);
  f.optStr('name', LIMITS.max_name_bytes);
  f.optStr('guiding_question');
  return ['text', 'name', 'guiding_question'];
}

/**
 * Per command type: checks its fields and returns the names it allows besides type and op_id.
 * @type {Record<string, (f: Fields) => string[]>}
 */
/**
 * What a participant may send: per type, checks the fields and returns those allowed besides type and
 * op_id. The console's commands are in commands_console.mjs. @type {Readonly<Record<string, CommandCheck>>}
 */
export const PARTICIPANT_CHECKS = Object.freeze({
  'queue.join': (f) => {
    if (f.optStr('kind') !== undefined) f.oneOf('kind', SPEAKER_KINDS);
    f.optStr('name', LIMITS.max_name_bytes);
    f.optStr('affiliation', LIMITS.max_affiliation_bytes);
    checkAffiliationKind(f);
    f.optStr('guiding_question');
    return ['kind', 'name', 'affiliation', 'affiliation_kind', 'guiding_question'];
  },
  'queue.withdraw': (f) => { f.str('entry_id'); return ['entry_id']; },
  'question.ask': checkQuestionText,
  'question.edit': (f) => { f.str('question_id'); return ['question_id', ...checkQuestionText(f)]; },
  'question.withdraw': (f) => { f.str('question_id'); return ['question_id']; },
  'question.upvote': (f) => { f.str('question_id'); f.bool('up'); return ['question_id', 'up']; },
  'poll.vote': (f) => {
    f.str('poll_id');
    const picks = f.each('picks', (p, path) => {
      if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) throw new ProtocolError(path, 'expected an option index');
    });
    if (picks.length === 0) f.fail('picks', 'must name at least one option');
    if (new Set(picks).size !== picks.length) f.fail('picks', 'must not name an option twice');
    return ['poll_id', 'picks'];
  },
});

/**
 * Throws a ProtocolError naming the field when `msg` is not a client message this protocol defines, or
 * a command `checks` does not hold.
 * @param {unknown} msg @param {Readonly<Record<string, CommandCheck>>} [checks]
 */
export function validateClient(msg, checks = PARTICIPANT_CHECKS) {
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
  const check = Object.prototype.hasOwnProperty.call(checks, type) ? checks[type] : undefined;
  if (!check) throw new ProtocolError('type', `unknown message type "${type}"`);
  const opId = f.str('op_id');
  if (opId.length < 1 || opId.length > LIMITS.max_op_id) f.fail('op_id', 'must be 1 to 64 characters');
  f.only(['type', 'op_id', ...check(f)]);
}
