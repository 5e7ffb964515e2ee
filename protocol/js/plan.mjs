// @ts-check
// How far a room runs ahead of or behind its plan. The server does not send it: each client works it out
// from the room's `blocks`, the segment timer and the clock (PROTOCOL.md, "The room's plan"), so it keeps
// counting between events. Pure, no imports, no DOM: phones load it as /protocol/plan.mjs.
//
// The rules, in one place:
// - Planned times. A block with a `plan_start_min` is planned to start that many minutes after the
//   meeting's local midnight (`dayStart`: the plan applies to the current day, so a rehearsal on another
//   day still shows sensible drift); one without starts as the block before it ends (no plan at all when
//   the first has none). It is planned to end `planned_ms` later. A block "follows" the one before when
//   it is planned to start as that one ends (or has no time of its own); otherwise it has a fixed start,
//   after a break.
// - Projected times. A done block: from when it started (its planned start if it never did) to when it
//   ended. The running block: from when it started to now plus what the segment timer has left (nothing
//   once it overruns, so its end moves with the clock). A block not started: from the latest of now, the
//   projected end of the block before it and, for a fixed start, its planned start; it lasts
//   `planned_ms`, except that a discussion right after a presentations block gets what the server will
//   give it: planned_ms plus what the presentations left (their left_ms once done, their overrun so far
//   while running, nothing before they start), at least one minute. So a discussion absorbs the
//   presentations' overrun, and a break absorbs an earlier overrun unless it eats the whole break.
// - Drift. The current stretch is the run of blocks joined by "follows" that holds the running block
//   (else the first block not done, else the last block). Its last block's projected end minus its planned
//   end is the drift: positive = behind the plan, negative = ahead; null without a plan.
// - Next presenter. The first waiting slot of the running block if it is a presentations block, else of
//   the presentations blocks after it (after the start when none runs) not started yet, in order.

/**
 * @typedef {import('./types.mjs').RoomState} RoomState
 * @typedef {import('./types.mjs').Slot} Slot
 * @typedef {import('./types.mjs').Timer} Timer
 * @typedef {{id: string, kind: import('./types.mjs').BlockKind, title: string, status: 'planned'|'running'|'done',
 *   planned_start_ms: number|null, planned_end_ms: number|null, projected_start_ms: number,
 *   projected_end_ms: number}} PlannedBlock
 * @typedef {{blocks: PlannedBlock[], current: string|null, next_slot: Slot|null, drift_ms: number|null,
 *   planned_end_ms: number|null, projected_end_ms: number|null}} RoomPlan
 */

const MINUTE_MS = 60000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** What a timer shows at `now`; negative = overtime. @param {Timer} t @param {number} now */
const timeLeft = (t, now) => (t.run === 'running' ? t.ends_at_ms - now : t.remaining_ms);

/** @type {Map<string, Intl.DateTimeFormat>} */
const formats = new Map();

/** How far the wall clock of `timeZone` is ahead of UTC at `ms` (whole seconds). @param {number} ms @param {string} timeZone */
function offsetAt(ms, timeZone) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  /** @type {Record<string, number>} */
  const p = {};
  for (const { type, value } of f.formatToParts(ms)) p[type] = Number(value);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - whole;
}

/**
 * Epoch ms of the local midnight (in `timeZone`, an IANA name such as "Europe/Zurich") that starts the
 * day holding `nowMs`. Throws a RangeError for an unknown zone.
 * @param {number} nowMs @param {string} timeZone @returns {number}
 */
export function dayStartMs(nowMs, timeZone) {
  const local = nowMs + offsetAt(nowMs, timeZone);
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS); // the wall clock's midnight, read as UTC
  // The offset at midnight may differ from now's (a daylight-saving change that night): settle on it.
  const guess = midnight - offsetAt(nowMs, timeZone);
  return midnight - offsetAt(guess, timeZone);
}

/**
 * The room's plan against the clock (the rules are at the top of this file).
 * @param {RoomState} state @param {number} nowMs the server's clock @param {number} dayStart dayStartMs(nowMs, zone)
 * @returns {RoomPlan}
 */
export function roomPlan(state, nowMs, dayStart) {
  const blocks = state.blocks ?? [];
  /** @type {PlannedBlock[]} */
  const out = [];
  /** @type {boolean[]} */
  const follows = [];
  blocks.forEach((b, i) => {
    const prev = i > 0 ? out[i - 1] : null;
    const start = b.plan_start_min != null ? dayStart + b.plan_start_min * MINUTE_MS : (prev ? prev.planned_end_ms : null);
    const follow = prev !== null && (b.plan_start_min == null || start === prev.planned_end_ms);
    follows.push(follow);
    const status = b.ended_at_ms > 0 ? 'done' : b.id === state.block ? 'running' : 'planned';
    let from;
    let to;
    if (status === 'done') {
      from = b.started_at_ms > 0 ? b.started_at_ms : (start ?? b.ended_at_ms);
      to = b.ended_at_ms;
    } else if (status === 'running') {
      from = b.started_at_ms;
      to = nowMs + Math.max(0, timeLeft(state.segment, nowMs));
    } else {
      from = Math.max(nowMs, prev ? prev.projected_end_ms : nowMs, !follow && start !== null ? start : nowMs);
      let length = b.planned_ms;
      if (b.kind === 'discussion' && prev && prev.kind === 'presentations') {
        const left = prev.status === 'done' ? blocks[i - 1].left_ms
          : prev.status === 'running' ? Math.min(0, timeLeft(state.segment, nowMs)) : 0;
        length = Math.max(MINUTE_MS, b.planned_ms + left);
      }
      to = from + length;
    }
    out.push({
      id: b.id, kind: b.kind, title: b.title, status,
      planned_start_ms: start, planned_end_ms: start === null ? null : start + b.planned_ms,
      projected_start_ms: from, projected_end_ms: to,
    });
  });

  const running = out.findIndex((b) => b.status === 'running');
  let focus = running >= 0 ? running : out.findIndex((b) => b.status !== 'done');
  if (focus < 0) focus = out.length - 1;
  let last = focus;
  while (last + 1 < out.length && follows[last + 1]) last++;
  const end = last >= 0 ? out[last] : null;
  const planned = end ? end.planned_end_ms : null;
  const projected = end ? end.projected_end_ms : null;

  /** @type {Slot|null} */
  let nextSlot = null;
  for (let i = Math.max(0, running); i < blocks.length && !nextSlot; i++) {
    const b = blocks[i];
    const open = i === running || (out[i].status === 'planned' && b.started_at_ms === 0);
    if (b.kind === 'presentations' && open) nextSlot = b.slots.find((s) => s.status === 'waiting') ?? null;
  }

  return {
    blocks: out,
    current: running >= 0 ? out[running].id : null,
    next_slot: nextSlot,
    drift_ms: planned === null || projected === null ? null : projected - planned,
    planned_end_ms: planned,
    projected_end_ms: projected,
  };
}
