// @ts-check
// The client-side evolve: applies one event (or one tally of counts) to a room state. Events carry whole
// values, so this holds no rules; it mirrors server/core/evolve.cpp, including the turn's pause bookkeeping.
import { POLL_EVENT_TYPES, QUESTION_EVENT_TYPES, TIMER_EVENT_TYPES } from './constants.mjs';

/**
 * @typedef {import('./types.mjs').RoomState} RoomState
 * @typedef {import('./types.mjs').RoomEvent} RoomEvent
 * @typedef {import('./types.mjs').QueueEntry} QueueEntry
 * @typedef {import('./types.mjs').Question} Question
 * @typedef {import('./types.mjs').Poll} Poll
 * @typedef {import('./types.mjs').Block} Block
 * @typedef {import('./types.mjs').Slot} Slot
 */

/** What participants and displays see; other statuses reach them stripped and drop the question. */
const SHOWN = ['approved', 'answered'];

/**
 * Ids are "<prefix><N>" (e4, q3, p1); a counter follows the largest id seen so replay and live agree.
 * @param {number} counter @param {string} prefix @param {string} id
 */
function counterAfter(counter, prefix, id) {
  const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
  if (!m) return counter;
  return Math.max(counter, Number(m[1]) + 1);
}

/** @param {RoomState} state @param {string} id */
const nextEntryAfter = (state, id) => counterAfter(state.next_entry, 'e', id);

/** Inserts before `beforeId`, or at the end when it is null or gone.
 * @template {{id: string}} T @param {T[]} queue @param {T} entry @param {string|null|undefined} beforeId */
function insertBefore(queue, entry, beforeId) {
  const i = beforeId ? queue.findIndex((e) => e.id === beforeId) : -1;
  const out = queue.slice();
  if (i < 0) out.push(entry);
  else out.splice(i, 0, entry);
  return out;
}

/** @template {{id: string}} T @param {T[]} queue @param {string} id */
const without = (queue, id) => queue.filter((e) => e.id !== id);

/** Replaces the item with its id, or appends it. @template {{id: string}} T @param {T[]} list @param {T} item */
const upsert = (list, item) => (list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item]);

/** The state with one block changed. @param {RoomState} state @param {string} id @param {(b: Block) => Block} change */
function withBlock(state, id, change) {
  return { ...state, blocks: (state.blocks ?? []).map((b) => (b.id === id ? change(b) : b)) };
}

/** The state with one slot changed, in whichever block holds it. @param {RoomState} state @param {string} id
 * @param {(s: Slot) => Slot} change */
function withSlot(state, id, change) {
  const blocks = state.blocks ?? [];
  const at = blocks.findIndex((b) => b.slots.some((s) => s.id === id));
  if (at < 0) return state;
  const b = blocks[at];
  const slots = b.slots.map((s) => (s.id === id ? change(s) : s));
  return { ...state, blocks: blocks.map((x, i) => (i === at ? { ...b, slots } : x)) };
}

/**
 * The client-side evolve: the room state after one event. Pure; the input state is not modified.
 * Events carry whole values, so this holds no rules; it mirrors server/core/evolve.cpp.
 * An unknown event type leaves the state unchanged (the caller should sync).
 * @param {RoomState} state
 * @param {RoomEvent} event
 * @returns {RoomState}
 */
export function applyEvent(state, event) {
  switch (event.type) {
    case 'queue.joined':
      return {
        ...state,
        next_entry: nextEntryAfter(state, event.entry.id),
        queue: insertBefore(state.queue, event.entry, event.before_id),
      };
    case 'queue.withdrawn':
    case 'queue.removed':
      return { ...state, queue: without(state.queue, event.entry_id) };
    case 'queue.moved': {
      const moved = state.queue.find((e) => e.id === event.entry_id);
      if (!moved) return state;
      const rest = without(state.queue, event.entry_id);
      if (event.after_id) {
        const i = rest.findIndex((e) => e.id === event.after_id);
        const at = i < 0 ? rest.length : i + 1;
        return { ...state, queue: [...rest.slice(0, at), moved, ...rest.slice(at)] };
      }
      return { ...state, queue: insertBefore(rest, moved, event.before_id) };
    }
    case 'queue.closed':
      return { ...state, queue_open: false };
    case 'queue.opened':
      return { ...state, queue_open: true };
    case 'turn.started': {
      const next = {
        ...state,
        queue: without(state.queue, event.entry.id),
        next_entry: nextEntryAfter(state, event.entry.id),
        current: {
          entry: event.entry,
          started_at_ms: event.at_ms,
          allotted_ms: event.speaker.duration_ms,
          paused_ms: 0,
          paused_since_ms: null,
          pauses: 0,
        },
        speaker: event.speaker,
      };
      const slot = event.entry.slot_id;
      if (!slot) return next;
      return withSlot(next, slot, (s) => ({ ...s, status: 'speaking', started_at_ms: event.at_ms, allotted_ms: event.speaker.duration_ms }));
    }
    case 'turn.ended': {
      const r = event.record;
      const next = { ...state, current: null, speaker: event.speaker, turns: [...state.turns, r] };
      if (!r.slot_id) return next;
      return withSlot(next, r.slot_id, (s) => ({ ...s, status: 'done', ended_at_ms: r.ended_at_ms, spoken_ms: r.spoken_ms }));
    }
    case 'room.configured':
      return { ...state, settings: event.settings };
    case 'question.answering':
      return { ...state, answering: event.question_id };
    case 'questions.configured':
      return { ...state, premoderation: event.premoderation };
    case 'agenda.moved':
      return { ...state, agenda: { item_id: event.item_id, since_ms: event.at_ms } };
    case 'message.sent': {
      const m = event.message;
      const list = state.messages ?? [];
      const messages = list.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? m : x)) : [...list, m];
      return { ...state, messages, next_message: counterAfter(state.next_message ?? 1, 'm', m.id) };
    }
    case 'message.acknowledged':
      return {
        ...state,
        messages: (state.messages ?? []).map((x) => (x.id === event.message_id ? { ...x, acknowledged_at_ms: event.at_ms } : x)),
      };
    case 'room.key_rotated':
      return state; // the facilitators holding the old key are disconnected; nothing here changes
    case 'block.started':
      return {
        ...withBlock(state, event.block_id,
          (b) => ({ ...b, started_at_ms: event.at_ms, ended_at_ms: 0, allotted_ms: event.segment.duration_ms })),
        block: event.block_id,
        segment: event.segment,
      };
    case 'block.ended':
      return {
        ...withBlock(state, event.block_id, (b) => ({ ...b, ended_at_ms: event.at_ms, left_ms: event.left_ms })),
        block: state.block === event.block_id ? null : state.block,
        segment: event.segment,
      };
    case 'slot.added':
      return {
        ...withBlock(state, event.block_id, (b) => ({ ...b, slots: insertBefore(b.slots, event.slot, event.before_id) })),
        next_slot: counterAfter(state.next_slot ?? 1, 's', event.slot.id),
      };
    case 'slot.edited':
      return withBlock(state, event.block_id, (b) => ({ ...b, slots: upsert(b.slots, event.slot) }));
    case 'slot.removed':
      return withBlock(state, event.block_id, (b) => ({ ...b, slots: without(b.slots, event.slot_id) }));
    case 'slot.moved':
      return withBlock(state, event.block_id, (b) => {
        const moved = b.slots.find((s) => s.id === event.slot_id);
        return moved ? { ...b, slots: insertBefore(without(b.slots, event.slot_id), moved, event.before_id) } : b;
      });
    case 'conclusion.added':
    case 'conclusion.edited':
      return {
        ...state,
        conclusions: upsert(state.conclusions ?? [], event.conclusion),
        next_conclusion: counterAfter(state.next_conclusion ?? 1, 'c', event.conclusion.id),
      };
    case 'conclusion.removed':
      return state.conclusions ? { ...state, conclusions: without(state.conclusions, event.conclusion_id) } : state;
    case 'handoff.sent': {
      const h = event.handoff;
      const sent = new Set(h.conclusions.map((/** @type {{id: string}} */ c) => c.id));
      /** @type {RoomState} */
      const next = { ...state, handoffs: [...(state.handoffs ?? []), h], next_handoff: counterAfter(state.next_handoff ?? 1, 'h', h.id) };
      if (state.conclusions) {
        next.conclusions = state.conclusions.map((c) =>
          (sent.has(c.id) && c.handed_off_at_ms === 0 ? { ...c, handed_off_at_ms: h.at_ms } : c));
      }
      return next;
    }
    case 'handoff.received':
      return { ...state, handoffs: [...(state.handoffs ?? []), event.handoff] };
    case 'meeting.closed':
      return { ...state, closed_at_ms: event.at_ms };
    case 'device.muted': {
      const ids = new Set(event.question_ids);
      return { ...state, questions: state.questions.map((q) => (ids.has(q.id) ? { ...q, muted: event.muted } : q)) };
    }
    default:
      if (TIMER_EVENT_TYPES.includes(event.type)) return applyTimer(state, event);
      if (QUESTION_EVENT_TYPES.includes(event.type)) return applyQuestion(state, event.question);
      if (POLL_EVENT_TYPES.includes(event.type)) return applyPoll(state, event.poll);
      return state;
  }
}

/**
 * A question's new value. A whole one is kept (facilitators hold every status); a stripped one means
 * this connection may no longer see it. Votes come from tallies: a value without them keeps the count.
 * @param {RoomState} state @param {Question} q @returns {RoomState}
 */
function applyQuestion(state, q) {
  const list = state.questions;
  const i = list.findIndex((x) => x.id === q.id);
  const prev = i < 0 ? undefined : list[i];
  const whole = typeof q.text === 'string';
  if (!whole && !(prev && SHOWN.includes(q.status))) {
    return prev ? { ...state, questions: list.filter((x) => x.id !== q.id) } : state;
  }
  /** @type {Question} */
  const next = { ...prev, ...q, votes: q.votes ?? prev?.votes ?? 0 };
  const next_question = counterAfter(state.next_question, 'q', q.id);
  if (prev) return { ...state, next_question, questions: list.map((x) => (x.id === q.id ? next : x)) };
  // In the order asked: one coming back into view goes back in its place.
  const at = list.findIndex((x) => (x.asked_at_ms ?? 0) > (q.asked_at_ms ?? 0));
  const questions = at < 0 ? [...list, next] : [...list.slice(0, at), next, ...list.slice(at)];
  return { ...state, next_question, questions };
}

/** A poll's new value; voters and counts come from tallies and stay. @param {RoomState} state @param {Poll} p */
function applyPoll(state, p) {
  const prev = state.polls.find((x) => x.id === p.id);
  /** @type {Poll} */
  const next = { ...p, voters: p.voters ?? prev?.voters ?? 0 };
  const counts = p.counts ?? prev?.counts;
  if (counts) next.counts = counts;
  const next_poll = counterAfter(state.next_poll, 'p', p.id);
  const polls = prev ? state.polls.map((x) => (x.id === p.id ? next : x)) : [...state.polls, next];
  return { ...state, next_poll, polls };
}

/**
 * The absolute counts of a tally (or a resuming welcome): votes, poll voters and counts, and for
 * facilitators and the organizer the connected devices by role (kept as `presence`, which no snapshot
 * carries). Unknown ids are skipped.
 * @param {RoomState} state @param {import('./types.mjs').TallyValues} tally @returns {RoomState}
 */
export function applyTally(state, tally) {
  const own = (/** @type {object} */ o, /** @type {string} */ k) => Object.prototype.hasOwnProperty.call(o, k);
  const votes = tally.questions ?? {};
  const results = tally.polls ?? {};
  return {
    ...state,
    ...(tally.presence ? { presence: { ...tally.presence } } : {}),
    questions: state.questions.map((q) => (own(votes, q.id) ? { ...q, votes: votes[q.id] } : q)),
    polls: state.polls.map((p) => {
      if (!own(results, p.id)) return p;
      const r = results[p.id];
      return r.counts ? { ...p, voters: r.voters, counts: r.counts } : { ...p, voters: r.voters };
    }),
  };
}

/** Replaces the named timer; a pause or resume of the speaker timer is booked on the current turn.
 * @param {RoomState} state @param {RoomEvent} event @returns {RoomState} */
function applyTimer(state, event) {
  /** @type {RoomState} */
  const next = event.timer === 'speaker' ? { ...state, speaker: event.value } : { ...state, segment: event.value };
  const turn = state.current;
  if (event.timer !== 'speaker' || !turn) return next;
  if (event.type === 'timer.paused' && turn.paused_since_ms == null) {
    next.current = { ...turn, paused_since_ms: event.at_ms, pauses: turn.pauses + 1 };
  } else if (event.type === 'timer.started' && turn.paused_since_ms != null) {
    next.current = { ...turn, paused_ms: turn.paused_ms + (event.at_ms - turn.paused_since_ms), paused_since_ms: null };
  }
  return next;
}
