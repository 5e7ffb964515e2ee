// @ts-check
// The organizer page's rendering: one card per room (built once, then painted from the room's state and
// the clock) and the agenda list. Pure DOM updates; organizer.mjs wires the controls to commands. Each card
// also shows the room's plan: the running block, how far the room runs from its plan with the projected
// end (colour and words), and the next presenter. Once the meeting is closed, the clocks stop at the close
// and the controls that would change the room are disabled.
import { roomNow } from './clock.mjs';
import { remainingText } from './format.mjs';
import { elapsedText } from './format_console.mjs';
import { h, paintRemaining, replaceKeepingFocus, setAttr, setText } from './dom.mjs';
import { spokenMs, timerReading } from './timer_words.mjs';
import { speakerName } from './page.mjs';
import { votersText } from './polls.mjs';
import { LIMITS } from '/protocol/protocol.mjs';
import { t } from './strings_organizer.mjs';
import { blockName, driftView, nextBlock, paintDrift, planAt, runningBlock } from './plan_view.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('../../protocol/js/types.mjs').Timer} Timer
 * @typedef {import('./types.mjs').Room} Room
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./types.mjs').AgendaItem} AgendaItem
 * @typedef {{type: string, [field: string]: any}} Command
 * @typedef {{time: (at: number) => string, span: (item: AgendaItem, withZone?: boolean) => string}} Clock
 * @typedef {{time: (at: number) => string, timeZone: string|undefined}} PlanClock the meeting's zone and times in it
 */

const MESSAGES_SHOWN = 4;
const PRESETS = ['o.preset1', 'o.preset2', 'o.preset3', 'o.preset4'];

/** @param {HTMLElement} card @param {string} name @returns {HTMLElement} */
export function part(card, name) {
  return /** @type {HTMLElement} */ (card.querySelector(`[data-part="${name}"]`));
}

/** @param {'speaker'|'segment'} id */
function timerBox(id) {
  return h('div', { class: 'rc-timer', 'data-testid': `org-${id}-timer` },
    h('p', { class: 'rc-timer-label', 'data-part': `${id}-label`, text: t(`timer.${id}`) }),
    h('p', { class: 'digits', 'data-part': `${id}-digits` }),
    h('p', { class: 'rc-timer-state', 'data-part': `${id}-state` }));
}

/**
 * A room's card with every control; ids are unique per room so labels point at their fields.
 * @param {Room} room
 */
export function roomCard(room) {
  const id = (/** @type {string} */ name) => `${name}-${room.id}`;
  return h('article', { class: 'card room-card', 'data-testid': 'org-room', 'data-room': room.id, 'aria-labelledby': id('rh') },
    h('header', { class: 'rc-head' },
      h('h2', { id: id('rh'), 'data-testid': 'org-room-title', text: room.title }),
      h('p', { class: 'conn', 'data-part': 'conn', 'data-testid': 'org-room-connection', 'data-status': 'idle' })),
    h('p', { class: 'rc-presence', 'data-part': 'presence', 'data-testid': 'org-presence' }),
    h('p', { class: 'rc-speaker', 'data-part': 'speaker', 'data-testid': 'org-speaker' }),
    h('div', { class: 'rc-plan', 'data-part': 'plan', 'data-testid': 'org-plan', hidden: true },
      h('p', { class: 'rc-block', 'data-part': 'block', 'data-testid': 'org-block' }),
      h('p', { class: 'rc-drift', 'data-part': 'drift', 'data-testid': 'org-drift' }),
      h('p', { class: 'rc-next-presenter', 'data-part': 'next-presenter', 'data-testid': 'org-next-presenter' })),
    h('div', { class: 'rc-timers' }, timerBox('speaker'), timerBox('segment')),
    h('ul', { class: 'rc-stats' },
      h('li', { 'data-part': 'queue', 'data-testid': 'org-queue' }),
      h('li', { 'data-part': 'pending', 'data-testid': 'org-pending' }),
      h('li', { 'data-part': 'poll', 'data-testid': 'org-poll' })),
    h('section', { class: 'rc-messages', 'aria-labelledby': id('mh') },
      h('h3', { id: id('mh'), text: t('o.messages') }),
      h('p', { class: 'rc-unacked', 'data-part': 'unacked', 'data-testid': 'org-unacked' }),
      h('ol', { class: 'rc-message-list', 'data-part': 'messages', 'data-testid': 'org-message-list' }),
      h('form', { class: 'rc-send', 'data-part': 'message-form', 'data-testid': 'org-message-form' },
        h('div', { class: 'rc-send-to' },
          h('label', { for: id('to'), text: t('o.to') }),
          h('select', { id: id('to'), name: 'to', 'data-testid': 'org-message-to' },
            h('option', { value: 'facilitator', text: t('o.to.facilitator') }),
            h('option', { value: 'display', text: t('o.to.display') }))),
        h('div', { class: 'rc-send-text' },
          h('label', { for: id('text'), text: t('o.text') }),
          h('input', { id: id('text'), name: 'text', maxlength: LIMITS.message_chars, required: true, autocomplete: 'off',
            'data-testid': 'org-message-text' })),
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'org-message-send', text: t('o.send') }),
        h('div', { class: 'chips', role: 'group', 'aria-label': t('o.presets') },
          PRESETS.map((key) => h('button', { type: 'button', 'data-action': 'preset', 'data-text': t(key), text: t(key) }))))),
    h('section', { class: 'rc-key' },
      h('button', { type: 'button', 'data-action': 'rotate', 'data-testid': 'org-rotate', text: t('o.rotate') }),
      h('div', { class: 'rc-confirm', 'data-part': 'confirm', role: 'group', hidden: true },
        h('p', { text: t('o.rotate_confirm', { room: room.title }) }),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'danger', 'data-action': 'rotate-yes', 'data-testid': 'org-rotate-yes', text: t('o.rotate_yes') }),
          h('button', { type: 'button', 'data-action': 'rotate-no', text: t('o.rotate_no') }))),
      h('div', { class: 'rc-new-key', 'data-part': 'new-key', 'data-testid': 'org-new-key', role: 'status', hidden: true },
        h('p', {}, t('o.new_key'), ' ', h('code', { 'data-part': 'key', 'data-testid': 'org-new-key-value' })),
        h('p', {}, t('o.new_link'), ' ', h('a', { 'data-part': 'key-link', 'data-testid': 'org-new-key-link', href: '#' })),
        h('button', { type: 'button', 'data-action': 'key-done', text: t('o.key_done') }))));
}

/**
 * @param {HTMLElement} card @param {'speaker'|'segment'} id @param {Timer} timer @param {number} now
 * @param {number} closedAt the meeting's close (0 while it runs): the timer stopped there
 */
function paintTimer(card, id, timer, now, closedAt) {
  const reading = timerReading(timer, now, closedAt);
  if (id === 'segment') setText(part(card, 'segment-label'), timer.label || t('timer.segment'));
  paintRemaining(part(card, `${id}-digits`), reading.left, timer.duration_ms > 0 || timer.run !== 'idle' ? remainingText(reading.left) : '—');
  setAttr(part(card, `${id}-digits`), 'data-level', reading.level);
  setText(part(card, `${id}-state`), reading.words);
  setAttr(part(card, `${id}-state`), 'data-level', reading.level);
}

/**
 * What changes by the second: the speaker's time, both timers and, once the meeting is known, the plan.
 * @param {HTMLElement} card @param {RoomState} state @param {number} serverNow @param {PlanClock|null} [clock]
 */
export function tickRoomCard(card, state, serverNow, clock = null) {
  const now = roomNow(state, serverNow);
  const closedAt = state.closed_at_ms ?? 0;
  const current = state.current;
  setText(part(card, 'speaker'), current
    ? t('o.speaking', { name: speakerName(current.entry), time: elapsedText(spokenMs(current, now)) })
    : t('floor.nobody'));
  paintTimer(card, 'speaker', state.speaker, now, closedAt);
  paintTimer(card, 'segment', state.segment, now, closedAt);
  if (clock) paintRoomPlan(card, state, now, clock);
}

/**
 * The room's plan on its card: the running block and until when (with the presenters done so far), or the
 * next block when none runs; the drift with the projected end; the next presenter.
 * @param {HTMLElement} card @param {RoomState} state @param {number} now @param {PlanClock} clock
 */
export function paintRoomPlan(card, state, now, clock) {
  const plan = planAt(state, now, clock.timeZone);
  part(card, 'plan').hidden = !plan;
  if (!plan) return;
  const running = runningBlock(plan);
  const upcoming = nextBlock(plan);
  let text = t('o.no_block');
  if (running) {
    text = t('o.block', { block: blockName(running), time: clock.time(running.projected_end_ms) });
    const slots = /** @type {any[]} */ (/** @type {any} */ (state).blocks.find((/** @type {any} */ b) => b.id === running.id)?.slots ?? []);
    if (running.kind === 'presentations' && slots.length) {
      text += ` · ${t('o.presenters_done', { done: slots.filter((x) => x.status === 'done').length, total: slots.length })}`;
    }
  } else if (upcoming) {
    text = `${text} · ${t('o.block_next', { block: blockName(upcoming), time: clock.time(upcoming.projected_start_ms) })}`;
  }
  setText(part(card, 'block'), text);
  setAttr(part(card, 'block'), 'data-running', running ? 'yes' : null);
  paintDrift(part(card, 'drift'), driftView(plan, clock.time));
  const next = plan.next_slot;
  const presenter = part(card, 'next-presenter');
  presenter.hidden = !next;
  setText(presenter, !next ? '' : next.affiliation
    ? t('o.next_presenter_aff', { name: next.name, affiliation: next.affiliation }) : t('o.next_presenter', { name: next.name }));
}

/**
 * Everything else on a room's card, from its state and the commands still in its outbox.
 * @param {HTMLElement} card @param {RoomState} state @param {Command[]} pending @param {Clock} clock
 */
export function paintRoomCard(card, state, pending, clock) {
  const p = state.presence;
  setText(part(card, 'presence'), p ? t('o.presence', { ...p }) : t('o.presence_unknown'));
  setText(part(card, 'queue'), t('o.queue', { n: state.queue.length }));
  const moderation = state.questions.filter((q) => q.status === 'pending').length;
  setText(part(card, 'pending'), t('o.pending', { n: moderation }));
  setAttr(part(card, 'pending'), 'data-count', String(moderation));
  const poll = state.polls.find((x) => x.status === 'open');
  setText(part(card, 'poll'), poll ? t('o.poll', { question: poll.question, votes: votersText(poll.voters ?? 0) }) : t('o.no_poll'));

  const messages = state.messages ?? [];
  const waiting = messages.filter((m) => m.to === 'facilitator' && !m.acknowledged_at_ms).length;
  setText(part(card, 'unacked'), waiting ? t('o.unacked', { n: waiting }) : messages.some((m) => m.to === 'facilitator') ? t('o.all_acked') : '');
  setAttr(part(card, 'unacked'), 'data-count', String(waiting));
  const sending = pending.filter((c) => c.type === 'message.send');
  const items = [
    ...sending.map((c) => h('li', { 'data-testid': 'org-message', 'data-state': 'sending' },
      h('span', { class: 'm-text', text: c.text }), h('span', { class: 'm-meta', text: t('o.msg_sending') }))),
    ...messages.slice(-MESSAGES_SHOWN).reverse().map((m) => {
      const sent = clock.time(m.sent_at_ms);
      const meta = m.to === 'display' ? t('o.msg_to_display', { time: sent })
        : m.acknowledged_at_ms ? t('o.msg_acked', { time: sent, at: clock.time(m.acknowledged_at_ms) })
          : t('o.msg_waiting', { time: sent });
      const state = m.to === 'display' ? 'shown' : m.acknowledged_at_ms ? 'acknowledged' : 'waiting';
      return h('li', { 'data-testid': 'org-message', 'data-id': m.id, 'data-state': state },
        h('span', { class: 'm-text', text: m.text }), h('span', { class: 'm-meta', text: meta }));
    }),
  ];
  replaceKeepingFocus(part(card, 'messages'), items);
  const rotating = pending.some((c) => c.type === 'room.rotate_key');
  /** @type {HTMLButtonElement} */ (card.querySelector('[data-action="rotate-yes"]')).disabled = rotating;

  // A closed room takes no message and no new key (the server would refuse them with `closed`).
  const closed = (state.closed_at_ms ?? 0) > 0;
  for (const el of card.querySelectorAll('.rc-send :is(input, select, button), .rc-key > button')) {
    /** @type {HTMLButtonElement} */ (el).disabled = closed;
  }
  if (closed) part(card, 'confirm').hidden = true;
}

/**
 * The agenda with the current item marked and a "Move to this item" button on every other one.
 * @param {HTMLElement} list @param {Meeting} meeting @param {string|null} currentId @param {Clock} clock
 * @param {boolean} busy a move is on its way
 */
export function paintAgendaList(list, meeting, currentId, clock, busy) {
  const roomTitle = (/** @type {string} */ id) => meeting.rooms.find((r) => r.id === id)?.title ?? id;
  replaceKeepingFocus(list, (meeting.agenda ?? []).map((item) => {
    const current = item.id === currentId;
    return h('li', { 'data-testid': 'org-agenda-item', 'data-id': item.id, 'data-current': current ? 'yes' : null,
      'aria-current': current ? 'step' : null },
      h('p', { class: 'ag-time', text: clock.span(item, false) }),
      h('p', { class: 'ag-title', text: item.title }),
      h('p', { class: 'ag-rooms muted', text: item.rooms.length ? t('o.agenda_rooms', { rooms: item.rooms.map(roomTitle).join(', ') }) : t('o.agenda_all') }),
      current
        ? h('p', { class: 'ag-badge', text: t('o.agenda_current') })
        : h('button', { type: 'button', 'data-action': 'move', 'data-id': item.id, 'data-testid': 'org-agenda-move', disabled: busy,
            'aria-label': t('o.agenda_move_label', { title: item.title }), text: t('o.agenda_move') }));
  }));
}
