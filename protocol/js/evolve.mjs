// @ts-check
// The client-side evolve: applies one event to a room state. Events carry whole values, so this holds no
// rules; it mirrors server/core/evolve.cpp, including the turn's pause bookkeeping.
import { TIMER_EVENT_TYPES } from './constants.mjs';

/** @typedef {import('./constants.mjs').RoomState} RoomState */
/** @typedef {import('./constants.mjs').RoomEvent} RoomEvent */
/** @typedef {import('./constants.mjs').QueueEntry} QueueEntry */

/**
 * Entry ids are "e<N>"; the counter follows the largest id seen so replay and live agree.
 * @param {RoomState} state @param {string} id
 */
function nextEntryAfter(state, id) {
  const m = /^e(\d+)$/.exec(id);
  if (!m) return state.next_entry;
  return Math.max(state.next_entry, Number(m[1]) + 1);
}

/** Inserts before `beforeId`, or at the end when it is null or gone.
 * @param {QueueEntry[]} queue @param {QueueEntry} entry @param {string|null|undefined} beforeId */
function insertBefore(queue, entry, beforeId) {
  const i = beforeId ? queue.findIndex((e) => e.id === beforeId) : -1;
  const out = queue.slice();
  if (i < 0) out.push(entry);
  else out.splice(i, 0, entry);
  return out;
}

/** @param {QueueEntry[]} queue @param {string} id */
const without = (queue, id) => queue.filter((e) => e.id !== id);

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
    case 'turn.started':
      return {
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
    case 'turn.ended':
      return { ...state, current: null, speaker: event.speaker, turns: [...state.turns, event.record] };
    case 'room.configured':
      return { ...state, settings: event.settings };
    default:
      if (TIMER_EVENT_TYPES.includes(event.type)) return applyTimer(state, event);
      return state;
  }
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
