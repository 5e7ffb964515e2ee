// @ts-check
// The room's plan as the display, the organizer page and the facilitator's panel show it: the blocks
// still to come with when each should end ("Presentations until 11:15 · Discussion until 11:30"), the
// running block and the next one, how far the room runs ahead of or behind its plan with the projected
// end (a level for colour, and always the words), the presenter speaking now and the next one, and
// guiding questions as short "GQ n" tags. The sums are protocol/plan.mjs's, from the room state and the
// server clock; times are shown in the meeting's zone.
import { dayStartMs, roomPlan } from '/protocol/plan.mjs';
import { h, setAttr, setText } from './dom.mjs';
import { t } from './strings_plan.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('./types.mjs').GuidingQuestion} GuidingQuestion
 * @typedef {{id: string, kind: string, title: string, status: 'planned'|'running'|'done', planned_start_ms: number|null,
 *   planned_end_ms: number|null, projected_start_ms: number|null, projected_end_ms: number|null}} PlanBlock
 * @typedef {{blocks: PlanBlock[], current: any, next_slot: any, drift_ms: number|null, planned_end_ms: number|null,
 *   projected_end_ms: number|null}} Plan
 * @typedef {(at: number) => string} TimeOfDay an instant as a time of day in the meeting's zone
 * @typedef {'on_time'|'ahead'|'behind'|'late'} DriftLevel
 */

/** Less than this off the plan reads "on time". */
const ON_TIME_MS = 60_000;
/** From this far behind, the drift shows in the alarm colour. */
const LATE_MS = 5 * 60_000;

/**
 * The room's plan at `now` (server clock), or null when the room has no blocks. An unknown zone name
 * counts days in UTC.
 * @param {RoomState} state @param {number} now @param {string|undefined} timeZone the meeting's
 * @returns {Plan|null}
 */
export function planAt(state, now, timeZone) {
  const blocks = /** @type {any} */ (state).blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) return null;
  let dayStart;
  try {
    dayStart = dayStartMs(now, timeZone || 'UTC');
  } catch {
    dayStart = dayStartMs(now, 'UTC');
  }
  return roomPlan(state, now, dayStart);
}

/** Longer session titles are cut to this many characters (at a word) in the plan's lines. */
const NAME_CHARS = 48;

/**
 * A block's short name: the kind for presentations and discussion, the title for a session (cut at a
 * word after NAME_CHARS, with "…").
 * @param {{kind: string, title: string}} block
 */
export function blockName(block) {
  if (block.kind !== 'session' && block.kind) return t(`pl.kind.${block.kind}`);
  const title = block.title ?? '';
  if (title.length <= NAME_CHARS) return title;
  const cut = title.slice(0, NAME_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > NAME_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/** "4 min", "1 h 5 min", "2 h": whole minutes, rounded. @param {number} ms */
export function minutesText(ms) {
  const n = Math.round(Math.abs(ms) / 60_000);
  if (n < 60) return t('pl.min', { n });
  const h = Math.floor(n / 60);
  return n % 60 ? t('pl.h_min', { h, m: n % 60 }) : t('pl.h', { h });
}

/**
 * How far the room runs from its plan, in words and as a level for colour, with the projected end
 * unless `end` is false (the facilitator's panel says the end on its own line).
 * @param {Plan|null} plan @param {TimeOfDay} time @param {{end?: boolean}} [options]
 * @returns {{text: string, level: DriftLevel}|null} null when there is no plan to compare with
 */
export function driftView(plan, time, { end = true } = {}) {
  if (!plan || plan.drift_ms === null || plan.drift_ms === undefined) return null;
  const d = plan.drift_ms;
  /** @type {DriftLevel} */
  const level = Math.abs(d) < ON_TIME_MS ? 'on_time' : d < 0 ? 'ahead' : d < LATE_MS ? 'behind' : 'late';
  const words = level === 'on_time' ? t('pl.on_time') : t(d < 0 ? 'pl.ahead' : 'pl.behind', { time: minutesText(d) });
  const ends = end ? plan.projected_end_ms : null;
  return { text: ends ? `${words} · ${t('pl.ends', { time: time(ends) })}` : words, level };
}

/** The running block of a plan, if any. @param {Plan|null} plan */
export function runningBlock(plan) {
  return plan?.blocks.find((b) => b.status === 'running') ?? null;
}

/**
 * The block to start next: the first one not started after the running block (from the start of the
 * plan when none runs), if any.
 * @param {Plan|null} plan
 */
export function nextBlock(plan) {
  const blocks = plan?.blocks ?? [];
  const running = blocks.findIndex((b) => b.status === 'running');
  return blocks.slice(running + 1).find((b) => b.status === 'planned') ?? null;
}

/**
 * The blocks still to come, the running one first: "Presentations until 11:15".
 * @param {Plan|null} plan @param {TimeOfDay} time
 * @returns {{id: string, status: string, text: string}[]}
 */
export function planItems(plan, time) {
  return (plan?.blocks ?? []).filter((b) => b.status !== 'done').map((b) => {
    const end = b.projected_end_ms ?? b.planned_end_ms;
    return { id: b.id, status: b.status, text: end ? t('pl.until', { block: blockName(b), time: time(end) }) : blockName(b) };
  });
}

/**
 * Paints the plan line into `el` as one span per block ([data-status] marks the running one); rebuilt
 * only when a text changed, so a ticker does not churn the DOM.
 * @param {HTMLElement} el @param {{id: string, status: string, text: string}[]} items
 */
export function paintPlanLine(el, items) {
  const sig = JSON.stringify(items);
  if (el.dataset.sig === sig) return;
  el.dataset.sig = sig;
  el.replaceChildren(...items.flatMap((i, n) => [...(n > 0 ? [' · '] : []),
    h('span', { class: 'plan-item', 'data-testid': 'plan-item', 'data-id': i.id, 'data-status': i.status, text: i.text })]));
}

/** Writes a drift into `el` (text and data-drift), or empties it. @param {HTMLElement} el @param {{text: string, level: DriftLevel}|null} drift */
export function paintDrift(el, drift) {
  setText(el, drift?.text ?? '');
  setAttr(el, 'data-drift', drift?.level ?? null);
}

/**
 * The slot a presenter's turn came from, with its place among its block's slots.
 * @param {RoomState} state @param {string|undefined|null} slotId
 * @returns {{slot: any, n: number, total: number}|null}
 */
export function findSlot(state, slotId) {
  if (!slotId) return null;
  for (const b of /** @type {any[]} */ (/** @type {any} */ (state).blocks ?? [])) {
    const i = (b.slots ?? []).findIndex((/** @type {any} */ s) => s.id === slotId);
    if (i >= 0) return { slot: b.slots[i], n: i + 1, total: b.slots.length };
  }
  return null;
}

/**
 * Short tags for guiding questions: "GQ 1" is the first of the room's, in its order; one the room does not
 * list keeps its place in the meeting's list.
 * @param {GuidingQuestion[]} roomList @param {GuidingQuestion[]} [all]
 * @returns {Map<string, {n: number, label: string, text: string}>}
 */
export function guidingTags(roomList, all = []) {
  /** @type {Map<string, {n: number, label: string, text: string}>} */
  const tags = new Map();
  all.forEach((g, i) => tags.set(g.id, { n: i + 1, label: t('pl.gq', { n: i + 1 }), text: g.text }));
  roomList.forEach((g, i) => tags.set(g.id, { n: i + 1, label: t('pl.gq', { n: i + 1 }), text: g.text }));
  return tags;
}

/**
 * A guiding question's tag as a small pill with its whole text as the title, or null.
 * @param {Map<string, {n: number, label: string, text: string}>} tags @param {string|null|undefined} id @param {string} testid
 */
export function guidingTag(tags, id, testid) {
  if (!id) return null;
  const tag = tags.get(id);
  return h('span', { class: 'gq-tag', 'data-testid': testid, 'data-gq': id, title: tag?.text ?? null, text: tag?.label ?? id });
}

/**
 * @typedef {{id: string, text: string, guiding_question: string|null}} HandedConclusion
 * @typedef {{id: string, text: string, name: string, guiding_question: string|null, votes: number}} HandedQuestion
 * @typedef {{id: string, from_room: string, at_ms: number, conclusions: HandedConclusion[], questions: HandedQuestion[]}} Handoff
 */

/**
 * What the plenary received from the groups, one entry per group in the meeting's order of rooms: its
 * conclusions in the order first sent (the latest copy of one sent twice), then its questions, most
 * votes first (with the votes of the latest handoff).
 * @param {Handoff[]} handoffs @param {string[]} roomOrder
 * @returns {{room: string, conclusions: HandedConclusion[], questions: HandedQuestion[]}[]}
 */
export function handoffGroups(handoffs, roomOrder) {
  /** @type {Map<string, {conclusions: Map<string, HandedConclusion>, questions: Map<string, HandedQuestion>}>} */
  const groups = new Map();
  for (const ho of [...handoffs].sort((a, b) => a.at_ms - b.at_ms)) {
    let g = groups.get(ho.from_room);
    if (!g) groups.set(ho.from_room, (g = { conclusions: new Map(), questions: new Map() }));
    for (const c of ho.conclusions ?? []) g.conclusions.set(c.id, c);
    for (const q of ho.questions ?? []) g.questions.set(q.id, q);
  }
  const rank = (/** @type {string} */ id) => (roomOrder.includes(id) ? roomOrder.indexOf(id) : roomOrder.length);
  return [...groups].sort(([a], [b]) => rank(a) - rank(b)).map(([room, g]) => ({
    room,
    conclusions: [...g.conclusions.values()],
    questions: [...g.questions.values()].sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0)),
  }));
}
