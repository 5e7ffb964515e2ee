// @ts-check
// The facilitator console's rendering: pure functions of the room state (and the clock for the digits)
// that build or update DOM. No sending here; facilitator.mjs wires the controls to commands.
import { spokenMs, timerReading } from './timer_words.mjs';
import { durationText, elapsedText } from './format_console.mjs';
import { h, paintRemaining, replaceKeepingFocus, setAttr, setText } from './dom.mjs';
import { t } from './strings_session.mjs';
import { speakerName } from './page.mjs';
import { findRoom, roomGuidingQuestions } from './meeting.mjs';
import { AFFILIATION_KINDS } from '/protocol/protocol.mjs';

/** @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState */
/** @typedef {import('../../protocol/js/types.mjs').Timer} Timer */
/** @typedef {import('../../protocol/js/types.mjs').QueueEntry} QueueEntry */
/** @typedef {{type: string, [field: string]: any}} Command */
/** @typedef {import('./types.mjs').Meeting} Meeting */
/** Guiding question id -> its short label ("GQ 3") and its whole text. @typedef {Map<string, {label: string, text: string}>} GuidingLabels */

/**
 * Short labels for the guiding questions: numbered in the room's order (as the phones number them), and
 * the meeting's others after them in the meeting's order, so a tag from another room still reads.
 * @param {Meeting|null} meeting @param {string} roomId @returns {GuidingLabels}
 */
export function guidingLabels(meeting, roomId) {
  /** @type {GuidingLabels} */
  const labels = new Map();
  const own = roomGuidingQuestions(meeting, findRoom(meeting, roomId));
  own.forEach((g, i) => labels.set(g.id, { label: t('gq.label', { n: i + 1 }), text: g.text }));
  (meeting?.guiding_questions ?? []).forEach((g, i) => {
    if (!labels.has(g.id)) labels.set(g.id, { label: t('gq.label', { n: own.length + i + 1 }), text: g.text });
  });
  return labels;
}

/**
 * A guiding question's tag: its short label, with the whole question as tooltip.
 * @param {string|null|undefined} id @param {GuidingLabels} labels
 */
export function gqTag(id, labels) {
  if (!id) return null;
  const g = labels.get(id);
  return h('span', { class: 'tag gq', 'data-testid': 'gq-tag', 'data-gq': id, title: g?.text ?? id, text: g?.label ?? id });
}

/**
 * Whom a speaker speaks for, as a small tag ("Civil society"); null when not given.
 * @param {string|null|undefined} kind
 */
export function akTag(kind) {
  if (!kind) return null;
  return h('span', { class: 'tag ak', 'data-testid': 'ak-tag', 'data-ak': kind, title: t('f.ak_label', { kind: t(`ak.${kind}`) }),
    text: t(`ak.${kind}`) });
}

/**
 * Fills a "Speaking for" select: "Not given", then the protocol's kinds; keeps the choice.
 * @param {HTMLSelectElement} select
 */
export function fillAffiliationKinds(select) {
  const was = select.value;
  select.replaceChildren(...['', ...AFFILIATION_KINDS].map((k) => h('option', { value: k, text: t(`ak.${k || 'none'}`) })));
  select.value = AFFILIATION_KINDS.includes(was) ? was : '';
}

/**
 * Fills a guiding-question select: "None", then the room's questions by short label (the whole text as
 * each option's title), keeping the choice when it still exists.
 * @param {HTMLSelectElement} select @param {GuidingLabels} labels @param {string[]} ids the room's, in order
 */
export function fillGuidingSelect(select, labels, ids) {
  const was = select.value;
  select.replaceChildren(h('option', { value: '', text: t('gq.none') }), ...ids.map((id) =>
    h('option', { value: id, title: labels.get(id)?.text ?? id, text: labels.get(id)?.label ?? id })));
  select.value = ids.includes(was) ? was : '';
}

/**
 * One timer card: title, label, digits, state, and its controls (data-action on each).
 * @param {'speaker'|'segment'} id
 */
export function timerCard(id) {
  const input = `${id}-duration`;
  return h('div', { class: 'timer-card', 'data-timer': id, 'data-testid': `timer-${id}` },
    h('div', { class: 'top' },
      h('h3', { text: t(`timer.${id}`) }),
      h('p', { class: 'label muted', 'data-part': 'label' })),
    h('p', { class: 'digits', 'data-part': 'digits', 'data-testid': `${id}-digits` }),
    h('p', { class: 'state', 'data-part': 'state', 'data-testid': `${id}-state` }),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', 'data-action': 'toggle', 'data-testid': `${id}-toggle` }),
      h('button', { type: 'button', 'data-action': 'minus', text: t('f.minus') }),
      h('button', { type: 'button', 'data-action': 'plus', text: t('f.plus') }),
      h('button', { type: 'button', 'data-action': 'reset', text: t('f.reset') })),
    h('form', { class: 'set-form', 'data-action': 'set' },
      h('div', {},
        h('label', { for: input, text: t('f.duration') }),
        h('input', { id: input, name: 'duration', inputmode: 'decimal', autocomplete: 'off', placeholder: '3:00' })),
      h('button', { type: 'submit', text: t('f.set') })),
    id === 'segment' ? h('div', { class: 'chips', role: 'group', 'data-part': 'presets', 'aria-label': t('f.presets') }) : null);
}

/**
 * Updates a timer card's changing parts; called by the ticker.
 * @param {HTMLElement} card @param {Timer} timer @param {number} now
 * @param {number} [closedAt] the meeting's close (0 while it runs): the timer stopped there
 * @returns {ReturnType<typeof timerReading>} what the card shows, for the live region's milestones
 */
export function paintTimer(card, timer, now, closedAt = 0) {
  const part = (/** @type {string} */ name) => /** @type {HTMLElement} */ (card.querySelector(`[data-part="${name}"]`));
  const reading = timerReading(timer, now, closedAt);
  setText(part('label'), timer.label);
  paintRemaining(part('digits'), reading.left);
  // The field suggests the timer's own duration ("15:00" for the segment), not a fixed example.
  const duration = /** @type {HTMLInputElement} */ (card.querySelector('input[name="duration"]'));
  setAttr(duration, 'placeholder', timer.duration_ms > 0 ? durationText(timer.duration_ms) : '3:00');
  setAttr(part('digits'), 'data-level', reading.level);
  setText(part('state'), reading.words);
  setAttr(part('state'), 'data-level', reading.level);
  const toggle = /** @type {HTMLButtonElement} */ (card.querySelector('[data-action="toggle"]'));
  setText(toggle, timer.run === 'running' ? t('f.pause') : timer.run === 'paused' ? t('f.resume') : t('f.start'));
  toggle.disabled = timer.run !== 'running' && timer.duration_ms <= 0;
  return reading;
}

/** @param {HTMLElement} root @param {RoomState} state @param {number} now @param {GuidingLabels} [labels] */
export function paintFloor(root, state, now, labels = new Map()) {
  const q = (/** @type {string} */ id) => /** @type {HTMLElement} */ (root.querySelector(`[data-testid="${id}"]`));
  const current = state.current;
  setText(q('current-speaker'), current ? speakerName(current.entry) : t('floor.nobody'));
  setText(q('current-affiliation'), current?.entry.affiliation ?? '');
  const kind = q('current-kind');
  kind.hidden = current?.entry.kind !== 'presentation';
  setText(kind, kind.hidden ? '' : t('kind.presentation'));
  const akKind = current?.entry.affiliation_kind ?? '';
  const ak = q('current-ak');
  ak.hidden = !akKind;
  setText(ak, akKind ? t(`ak.${akKind}`) : '');
  setAttr(ak, 'data-ak', akKind || null);
  setAttr(ak, 'title', akKind ? t('f.ak_label', { kind: t(`ak.${akKind}`) }) : null);
  const gqId = current?.entry.guiding_question ?? '';
  const gq = q('current-gq');
  gq.hidden = !gqId;
  setText(gq, gqId ? labels.get(gqId)?.label ?? gqId : '');
  setAttr(gq, 'title', gqId ? labels.get(gqId)?.text ?? gqId : null);
  setAttr(gq, 'data-gq', gqId || null);
  setText(q('elapsed'), current ? t('f.speaking_for', { time: elapsedText(spokenMs(current, now)) }) : '');
  /** @type {HTMLButtonElement} */ (q('next-speaker')).disabled = !current && state.queue.length === 0;
  /** @type {HTMLButtonElement} */ (q('end-turn')).disabled = !current;
}

/**
 * The list of speakers with its controls; commands not yet acknowledged show as "sending…".
 * @param {HTMLElement} list @param {RoomState} state @param {Command[]} pending @param {GuidingLabels} [labels]
 */
export function paintQueue(list, state, pending, labels = new Map()) {
  const busy = new Set(pending.filter((c) => c.entry_id).map((c) => c.entry_id));
  const last = state.queue.length - 1;
  const items = state.queue.map((entry, i) => {
    const name = speakerName(entry);
    const button = (/** @type {string} */ action, /** @type {string} */ label, /** @type {string} */ text, disabled = false) =>
      h('button', { type: 'button', 'data-action': action, 'data-id': entry.id, 'aria-label': label, text, disabled,
        class: action === 'remove' ? 'danger' : null });
    return h('li', { 'data-testid': 'queue-entry', 'data-id': entry.id, 'data-pending': busy.has(entry.id) },
      h('span', { class: 'pos', text: String(i + 1) }),
      entryText(entry, busy.has(entry.id), labels),
      h('div', { class: 'actions' },
        button('up', t('f.move_up', { name }), t('f.up'), i === 0),
        button('down', t('f.move_down', { name }), t('f.down'), i === last),
        button('remove', t('f.remove_label', { name }), t('f.remove'))));
  });
  const adds = pending.filter((c) => c.type === 'queue.add').map((c) =>
    h('li', { 'data-testid': 'queue-entry', 'data-pending': true },
      h('span', { class: 'pos', text: '…' }),
      entryText({ name: c.name, affiliation: c.affiliation ?? '', kind: c.kind ?? 'new_point', duration_ms: c.duration_ms,
        guiding_question: c.guiding_question, affiliation_kind: c.affiliation_kind }, true, labels),
      h('span')));
  replaceKeepingFocus(list, [...items, ...adds]);
}

/**
 * @param {{name: string, affiliation: string, kind: string, duration_ms?: number, guiding_question?: string,
 *   affiliation_kind?: string}} entry
 * @param {boolean} sending @param {GuidingLabels} labels
 */
function entryText(entry, sending, labels) {
  const meta = [entry.affiliation, entry.duration_ms ? durationText(entry.duration_ms) : '', sending ? t('sending') : '']
    .filter(Boolean).join(' · ');
  return h('div', { class: 'who' },
    h('span', { class: 'name', text: speakerName(entry) }),
    h('span', { class: 'badge', 'data-kind': entry.kind, text: t(`kind.${entry.kind}`) }),
    gqTag(entry.guiding_question, labels),
    akTag(entry.affiliation_kind),
    meta ? h('div', { class: 'meta', text: meta }) : null);
}
