// @ts-check
// Names and limits of the Podium wire format (PROTOCOL.md). The shapes of its values are in types.mjs.
export const PROTOCOL_VERSION = 1;

/** Closes a facilitator's session whose key the organizer replaced; the only close code pages need. */
export const CLOSE_KEY_ROTATED = 4401;

export const ROLES = Object.freeze(['participant', 'facilitator', 'display', 'organizer']);

/** Speaker kinds in order of precedence: an earlier kind is placed ahead of a later one. */
export const SPEAKER_KINDS = Object.freeze(['point_of_order', 'clarifying_question', 'reply', 'new_point']);

/** Kinds a turn (and the entry it came from) may have: the queue's, and a presenter's from a slot (`slot.start`). */
export const TURN_KINDS = Object.freeze([...SPEAKER_KINDS, 'presentation']);

/** Blocks of the room's plan: a plenary session, presenter slots, an open round on the speaker queue. */
export const BLOCK_KINDS = Object.freeze(['session', 'presentations', 'discussion']);
export const SLOT_STATUSES = Object.freeze(['waiting', 'speaking', 'done']);

/** Whom a speaker speaks for (the speaking-time balance); absent on the wire when not given. */
export const AFFILIATION_KINDS = Object.freeze(['local_government', 'un', 'civil_society', 'other']);

export const TIMER_IDS = Object.freeze(['speaker', 'segment']);
export const TIMER_RUNS = Object.freeze(['idle', 'running', 'paused']);

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

export const QUESTION_STATUSES = Object.freeze(['pending', 'approved', 'answered', 'rejected', 'withdrawn', 'merged']);

/** Who an organizer's message is for (`message.send`). */
export const MESSAGE_TARGETS = Object.freeze(['facilitator', 'display']);

export const POLL_KINDS = Object.freeze(['single', 'multiple', 'yes_no_abstain', 'rating']);
export const POLL_STATUSES = Object.freeze(['draft', 'open', 'closed']);

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
  message_chars: 280,
  min_planned_ms: 1000,
  conclusion_chars: 500,
  handoff_conclusions: 20,
  handoff_questions: 20,
});

