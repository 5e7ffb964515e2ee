// @ts-check
// The protocol's lists of names (PROTOCOL.md): every command, event, reject and close code. Tests and
// tools read them; the pages do not load this file, they only need constants.mjs.
import { CLOSE_KEY_ROTATED, POLL_EVENT_TYPES, QUESTION_EVENT_TYPES, TIMER_EVENT_TYPES } from './constants.mjs';

/** Commands: client messages that carry an op_id and are answered with ack or reject. */
export const COMMAND_TYPES = Object.freeze([
  'queue.join', 'queue.withdraw', 'queue.add', 'queue.move', 'queue.remove', 'queue.close', 'queue.open',
  'turn.next', 'turn.end',
  'timer.set', 'timer.start', 'timer.pause', 'timer.adjust', 'timer.reset',
  'room.configure',
  'question.ask', 'question.edit', 'question.withdraw', 'question.upvote', 'question.moderate', 'question.merge',
  'question.answering', 'question.promote', 'questions.configure', 'device.mute',
  'poll.create', 'poll.open', 'poll.close', 'poll.reveal', 'poll.vote',
  'agenda.set', 'message.send', 'message.acknowledge', 'room.rotate_key',
  'block.start', 'block.end', 'slot.add', 'slot.edit', 'slot.remove', 'slot.move', 'slot.start',
  'conclusion.add', 'conclusion.edit', 'conclusion.remove', 'handoff.send', 'meeting.close',
]);

/** Commands only the organizer may send (the organizer may also send every facilitator command). */
export const ORGANIZER_COMMANDS = Object.freeze(['agenda.set', 'message.send', 'room.rotate_key', 'meeting.close']);

/** Commands a participant may send; every other command needs the facilitator or the organizer. */
export const PARTICIPANT_COMMANDS = Object.freeze([
  'queue.join', 'queue.withdraw', 'question.ask', 'question.edit', 'question.withdraw', 'question.upvote', 'poll.vote',
]);

/** Every client message type: the session messages and the commands. */
export const CLIENT_TYPES = Object.freeze(['hello', 'ping', 'sync', ...COMMAND_TYPES]);

export const SERVER_TYPES = Object.freeze(['welcome', 'ack', 'reject', 'event', 'tally', 'pong']);

export const EVENT_TYPES = Object.freeze([
  'queue.joined', 'queue.withdrawn', 'queue.removed', 'queue.moved', 'queue.closed', 'queue.opened',
  'turn.started', 'turn.ended', ...TIMER_EVENT_TYPES, 'room.configured',
  ...QUESTION_EVENT_TYPES, 'question.answering', 'questions.configured', 'device.muted', ...POLL_EVENT_TYPES,
  'agenda.moved', 'message.sent', 'message.acknowledged', 'room.key_rotated',
  'block.started', 'block.ended', 'slot.added', 'slot.edited', 'slot.removed', 'slot.moved',
  'conclusion.added', 'conclusion.edited', 'conclusion.removed', 'handoff.sent', 'handoff.received',
  'meeting.closed',
]);

export const REJECT_CODES = Object.freeze([
  'bad_request', 'too_large', 'too_deep', 'unknown_type', 'not_joined', 'already_joined', 'unsupported_version',
  'unknown_room', 'bad_key', 'forbidden', 'not_found', 'stale', 'queue_closed', 'queue_empty', 'too_many',
  'invalid_state', 'rate_limited', 'duplicate', 'poll_closed', 'closed', 'storage_unavailable',
]);

export const CLOSE_CODES = Object.freeze({
  normal: 1000,
  binary_frame: 1003,
  not_speaking_protocol: 1008,
  frame_too_large: 1009,
  server_restarting: 1012,
  key_rotated: CLOSE_KEY_ROTATED,
  hello_timeout: 4408,
  too_slow: 4503,
});
