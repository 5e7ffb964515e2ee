// @ts-check
// Names and limits of the Podium wire format (PROTOCOL.md). The shapes of its values are in types.mjs.
export const PROTOCOL_VERSION = 1;

export const ROLES = Object.freeze(['participant', 'facilitator', 'display', 'organizer']);

/** Speaker kinds in order of precedence: an earlier kind is placed ahead of a later one. */
export const SPEAKER_KINDS = Object.freeze(['point_of_order', 'clarifying_question', 'reply', 'new_point']);

export const TIMER_IDS = Object.freeze(['speaker', 'segment']);
export const TIMER_RUNS = Object.freeze(['idle', 'running', 'paused']);

/** Commands: client messages that carry an op_id and are answered with ack or reject. */
export const COMMAND_TYPES = Object.freeze([
  'queue.join', 'queue.withdraw', 'queue.add', 'queue.move', 'queue.remove', 'queue.close', 'queue.open',
  'turn.next', 'turn.end',
  'timer.set', 'timer.start', 'timer.pause', 'timer.adjust', 'timer.reset',
  'room.configure',
  'question.ask', 'question.edit', 'question.withdraw', 'question.upvote', 'question.moderate', 'question.merge',
  'question.answering', 'question.promote', 'questions.configure', 'device.mute',
  'poll.create', 'poll.open', 'poll.close', 'poll.reveal', 'poll.vote',
]);

/** Commands a participant may send; every other command needs the facilitator or the organizer. */
export const PARTICIPANT_COMMANDS = Object.freeze([
  'queue.join', 'queue.withdraw', 'question.ask', 'question.edit', 'question.withdraw', 'question.upvote', 'poll.vote',
]);

/** Every client message type: the session messages and the commands. */
export const CLIENT_TYPES = Object.freeze(['hello', 'ping', 'sync', ...COMMAND_TYPES]);

export const SERVER_TYPES = Object.freeze(['welcome', 'ack', 'reject', 'event', 'tally', 'pong']);

export const TIMER_EVENT_TYPES = Object.freeze([
  'timer.set', 'timer.started', 'timer.paused', 'timer.adjusted', 'timer.reset', 'timer.warned', 'timer.expired',
]);

/** Events that carry a question's whole new value (or, for participants, its stripped value). */
export const QUESTION_EVENT_TYPES = Object.freeze([
  'question.asked', 'question.edited', 'question.withdrawn', 'question.approved', 'question.rejected',
  'question.answered', 'question.reopened', 'question.unrejected', 'question.unapproved', 'question.pinned',
  'question.unpinned', 'question.merged', 'question.unmerged',
]);

/** Events that carry a poll's whole new value, without its results. */
export const POLL_EVENT_TYPES = Object.freeze(['poll.created', 'poll.opened', 'poll.closed', 'poll.revealed', 'poll.hidden']);

export const EVENT_TYPES = Object.freeze([
  'queue.joined', 'queue.withdrawn', 'queue.removed', 'queue.moved', 'queue.closed', 'queue.opened',
  'turn.started', 'turn.ended', ...TIMER_EVENT_TYPES, 'room.configured',
  ...QUESTION_EVENT_TYPES, 'question.answering', 'questions.configured', 'device.muted', ...POLL_EVENT_TYPES,
]);

export const QUESTION_STATUSES = Object.freeze(['pending', 'approved', 'answered', 'rejected', 'withdrawn', 'merged']);

/** `question.moderate` actions; each has its undo among them (approve/unapprove, reject/unreject, ...). */
export const MODERATE_ACTIONS = Object.freeze([
  'approve', 'reject', 'answer', 'reopen', 'unreject', 'unapprove', 'pin', 'unpin', 'unmerge',
]);

export const PROMOTE_BY = Object.freeze(['asker', 'facilitator']);

export const POLL_KINDS = Object.freeze(['single', 'multiple', 'yes_no_abstain', 'rating']);
/** Kinds whose options the facilitator writes; the others have fixed options the server fills in. */
export const POLL_KINDS_WITH_OPTIONS = Object.freeze(['single', 'multiple']);
export const POLL_STATUSES = Object.freeze(['draft', 'open', 'closed']);

export const REJECT_CODES = Object.freeze([
  'bad_request', 'too_large', 'too_deep', 'unknown_type', 'not_joined', 'already_joined', 'unsupported_version',
  'unknown_room', 'bad_key', 'forbidden', 'not_found', 'stale', 'queue_closed', 'queue_empty', 'too_many',
  'invalid_state', 'rate_limited', 'duplicate', 'poll_closed',
]);

export const CLOSE_CODES = Object.freeze({
  normal: 1000,
  binary_frame: 1003,
  not_speaking_protocol: 1008,
  frame_too_large: 1009,
  server_restarting: 1012,
  hello_timeout: 4408,
  too_slow: 4503,
});

export const LIMITS = Object.freeze({
  max_string_bytes: 2000,
  max_op_id: 64,
  max_name_bytes: 80,
  max_affiliation_bytes: 120,
  max_label_bytes: 80,
  max_duration_ms: 12 * 60 * 60 * 1000,
  min_speaking_ms: 1000,
  entries_per_device: 2,
  question_chars: 500,
  poll_question_chars: 300,
  option_chars: 120,
  min_options: 2,
  max_options: 10,
});

