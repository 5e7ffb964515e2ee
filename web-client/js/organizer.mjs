// @ts-check
// The organizer's page: every room at a glance and the meeting's agenda. The organizer key comes in the
// URL fragment (kept on this device, removed from the address bar) or is typed once; one connection per
// room with role "organizer". The agenda moves with `agenda.set` on any one room's connection (the
// server records it in every room); messages and key rotation are per room. The record as files and the
// printable minutes, of the whole meeting or of one room, with the organizer key (exports.mjs). Closing
// the meeting (`meeting.close`, on one room's connection like `agenda.set`; the server closes every
// room) is set apart and asks for the word CLOSE to be typed first; afterwards the page says when the
// meeting closed, in its zone, and only the record stays usable.
import { FRAGMENT_KEY } from './fragment_key.mjs'; // first: the key leaves the address bar at once
import { ALL_CHECKS } from '/protocol/commands_console.mjs';
import { Connection } from './connection.mjs';
import { Store, connectStore } from './store.mjs';
import { startTicker } from './clock.mjs';
import { $, h, setAttr, setText } from './dom.mjs';
import { loadMeeting } from './meeting.mjs';
import { messenger, rejectText, showStatus, startPage } from './page.mjs';
import { storage } from './device.mjs';
import { agendaClock, agendaPlace } from './agenda.mjs';
import { paintAgendaList, paintRoomCard, part, roomCard, tickRoomCard } from './organizer_view.mjs';
import { t } from './strings_organizer.mjs';
import { minutesPath, setupExports } from './exports.mjs';

/**
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./types.mjs').Room} Room
 * @typedef {{type: string, [field: string]: any}} Command
 * @typedef {{room: Room, conn: Connection, store: Store, card: HTMLElement}} RoomView
 */

const KEY_SLOT = 'podium.organizer_key';

/** The key from #key=… (already gone from the address bar: fragment_key.mjs), else the one this device kept. */
function takeKey() {
  const ls = storage('localStorage');
  if (FRAGMENT_KEY) {
    ls?.setItem(KEY_SLOT, FRAGMENT_KEY);
    return FRAGMENT_KEY;
  }
  return ls?.getItem(KEY_SLOT) ?? '';
}

/** When the meeting closed, as the rooms report it (0 while it runs). @param {RoomView[]} views */
function closedAt(views) {
  return views.reduce((at, v) => Math.max(at, v.store.state?.closed_at_ms ?? 0), 0);
}

/** The agenda as the rooms report it: the most recent move wins while a move is still spreading. @param {RoomView[]} views */
function currentAgenda(views) {
  /** @type {{item_id: string|null, since_ms: number}|null} */
  let best = null;
  for (const v of views) {
    const a = v.store.state?.agenda;
    if (a && (!best || a.since_ms > best.since_ms)) best = a;
  }
  return best;
}

function main() {
  startPage('o.doc_title', t);
  const say = messenger($('[data-testid="error"]'));
  let key = takeKey();
  /** @type {RoomView[]} */
  let views = [];
  /** @type {Meeting|null} */
  let meeting = null;
  /** @type {import('./organizer_view.mjs').PlanClock|null} the meeting's zone and times of day, for the plans */
  let planClock = null;

  const keyPanel = $('#key-panel');
  const askForKey = (/** @type {string} */ problem) => {
    for (const v of views) v.conn.stop();
    keyPanel.hidden = false;
    $('#overview').hidden = true;
    const error = $('[data-testid="key-error"]');
    setText(error, problem);
    error.hidden = problem === '';
    /** @type {HTMLInputElement} */ ($('#key-input')).focus();
  };
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('#key-input'));
    key = input.value.trim();
    if (!key) return;
    storage('localStorage')?.setItem(KEY_SLOT, key);
    input.value = '';
    keyPanel.hidden = true;
    $('#overview').hidden = false;
    for (const v of views) {
      v.conn.key = key;
      v.conn.start();
    }
  });

  /** @param {RoomView} v @param {Command} cmd */
  const send = (v, cmd) => {
    try {
      return v.conn.send(cmd);
    } catch (err) {
      say(t('error.not_sent', { problem: err instanceof Error ? err.message : String(err) }));
      return null;
    }
  };

  // ---- the record: the whole meeting's or one room's, with the organizer key in a header ----
  const exportRoom = /** @type {HTMLSelectElement} */ ($('#export-room'));
  const minutesLink = $('[data-testid="open-minutes"]');
  const showMinutesLink = () => setAttr(minutesLink, 'href', minutesPath(exportRoom.value));
  exportRoom.replaceChildren(h('option', { value: '', text: t('ex.whole') }));
  exportRoom.addEventListener('change', showMinutesLink);
  setupExports({ buttons: $('[data-testid="export-buttons"]'), status: $('[data-testid="export-status"]'),
    room: () => exportRoom.value, key: () => key });
  showMinutesLink();

  // ---- agenda ----
  const agendaList = $('[data-testid="org-agenda-list"]');
  /** @param {string|null} itemId */
  const moveAgenda = (itemId) => {
    const via = views.find((v) => v.conn.status === 'live' && v.store.state);
    if (!via) {
      say(t('o.agenda_offline'));
      return;
    }
    send(via, { type: 'agenda.set', item_id: itemId, expected_current: currentAgenda(views)?.item_id ?? null });
  };
  agendaList.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action="move"]') : null;
    if (button instanceof HTMLButtonElement && button.dataset.id) moveAgenda(button.dataset.id);
  });
  $('[data-testid="org-agenda-next"]').addEventListener('click', () => {
    const next = agendaPlace(meeting, currentAgenda(views)?.item_id).next;
    if (next) moveAgenda(next.id);
  });

  // ---- closing the meeting: a typed confirmation, then meeting.close on one live room's connection ----
  const closeStart = /** @type {HTMLButtonElement} */ ($('[data-testid="org-close-start"]'));
  const closeForm = /** @type {HTMLFormElement} */ ($('[data-testid="org-close-form"]'));
  const closeWord = /** @type {HTMLInputElement} */ ($('[data-testid="org-close-input"]'));
  const closeYes = /** @type {HTMLButtonElement} */ ($('[data-testid="org-close-confirm"]'));
  const closeStatus = $('[data-testid="org-close-status"]');
  setText($('[data-testid="org-close-label"]'), t('o.close_type', { word: t('o.close_word') }));
  const closing = () => views.some((v) => v.conn.pending().some((c) => c.type === 'meeting.close'));
  const confirmed = () => closeWord.value.trim().toUpperCase() === t('o.close_word').toUpperCase();
  const showCloseForm = (/** @type {boolean} */ open) => {
    closeForm.hidden = !open;
    closeStart.hidden = open;
    closeStart.setAttribute('aria-expanded', String(open));
    closeWord.value = '';
    paintClose();
    if (open) closeWord.focus();
    else closeStart.focus();
  };
  closeStart.addEventListener('click', () => showCloseForm(true));
  $('[data-testid="org-close-cancel"]').addEventListener('click', () => showCloseForm(false));
  closeForm.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') showCloseForm(false);
  });
  closeWord.addEventListener('input', () => paintClose());
  closeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!confirmed() || closing() || closedAt(views) > 0) return;
    const via = views.find((v) => v.conn.status === 'live' && v.store.state);
    if (!via) {
      say(t('o.close_offline'));
      return;
    }
    send(via, { type: 'meeting.close' });
    paintClose();
  });

  /** The danger area as the rooms and the outbox stand; and, once closed, no control that would change a room. */
  function paintClose() {
    const at = closedAt(views);
    $('[data-testid="org-close-open"]').hidden = at > 0;
    $('[data-testid="org-closed"]').hidden = at <= 0;
    setText($('[data-testid="org-closed-at"]'), at > 0 ? t('o.closed_at', { time: agendaClock(meeting).time(at) }) : '');
    const busy = closing();
    closeYes.disabled = busy || !confirmed();
    closeWord.disabled = busy;
    setText(closeStatus, busy ? t('o.closing') : '');
    document.body.dataset.closed = at > 0 ? 'yes' : 'no';
  }

  const paintAgenda = () => {
    if (!meeting) return;
    const clock = agendaClock(meeting);
    const agenda = currentAgenda(views);
    const { current, next } = agendaPlace(meeting, agenda?.item_id);
    // A closed meeting's agenda moves no more.
    const busy = closedAt(views) > 0 || views.some((v) => v.conn.pending().some((c) => c.type === 'agenda.set'));
    setText($('[data-testid="org-agenda-now"]'), current && agenda
      ? `${t('o.agenda_now', { title: current.title })} (${clock.span(current)}, ${t('o.agenda_since', { time: clock.time(agenda.since_ms) })})`
      : t('o.agenda_none'));
    const nextButton = /** @type {HTMLButtonElement} */ ($('[data-testid="org-agenda-next"]'));
    nextButton.disabled = !next || busy;
    nextButton.setAttribute('aria-label', next ? t('o.agenda_next_label', { title: next.title }) : t('o.agenda_next'));
    paintAgendaList(agendaList, meeting, current?.id ?? null, clock, busy);
  };

  // ---- rooms ----
  /** @param {RoomView} v */
  const wireCard = (v) => {
    const { card } = v;
    const form = /** @type {HTMLFormElement} */ (part(card, 'message-form'));
    const text = /** @type {HTMLInputElement} */ (form.elements.namedItem('text'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = text.value.trim();
      const to = /** @type {HTMLSelectElement} */ (form.elements.namedItem('to')).value;
      if (body && send(v, { type: 'message.send', to, text: body })) text.value = '';
    });
    card.addEventListener('click', (e) => {
      const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
      if (!(button instanceof HTMLButtonElement)) return;
      const confirm = part(card, 'confirm');
      switch (button.dataset.action) {
        case 'preset':
          text.value = button.dataset.text ?? '';
          text.focus();
          break;
        case 'rotate':
          confirm.hidden = false;
          /** @type {HTMLButtonElement} */ (card.querySelector('[data-action="rotate-no"]')).focus();
          break;
        case 'rotate-no':
          confirm.hidden = true;
          break;
        case 'rotate-yes':
          confirm.hidden = true;
          send(v, { type: 'room.rotate_key' });
          break;
        case 'key-done':
          part(card, 'new-key').hidden = true;
          setText(part(card, 'key'), '');
          break;
      }
    });
    // The new key is in the ack and nowhere else: show it once, with the link the facilitator needs.
    v.conn.on('ack', ({ ack, command }) => {
      if (command?.type !== 'room.rotate_key' || !ack.key) return;
      const link = `${location.origin}/facilitator.html?room=${encodeURIComponent(v.room.id)}#key=${encodeURIComponent(ack.key)}`;
      setText(part(card, 'key'), ack.key);
      const a = part(card, 'key-link');
      a.setAttribute('href', link);
      setText(a, link);
      part(card, 'new-key').hidden = false;
    });
    v.conn.on('reject', ({ reject, command }) => {
      if (!command && reject.code === 'bad_key') {
        storage('localStorage')?.removeItem(KEY_SLOT);
        askForKey(t('o.key_bad'));
      } else if (command?.type === 'agenda.set' && reject.code === 'stale') {
        say(t('o.agenda_stale'));
      } else {
        say(t('o.room_error', { room: v.room.title, message: rejectText(reject) }));
      }
    });
  };

  const paintStatus = () => {
    const live = views.filter((v) => v.conn.status === 'live').length;
    const badge = $('[data-testid="org-connection"]');
    setText(badge, t('o.live_count', { n: live, total: views.length }));
    badge.dataset.status = live === views.length && live > 0 ? 'live' : 'offline';
  };

  /** @param {RoomView} v */
  const paintRoom = (v) => {
    showStatus(part(v.card, 'conn'), v.conn.status);
    paintStatus();
    paintAgenda();
    paintClose();
    const state = v.store.state;
    if (!state) return;
    paintRoomCard(v.card, state, v.conn.pending(), agendaClock(meeting));
    tickRoomCard(v.card, state, v.conn.serverNow(), planClock);
  };

  loadMeeting().then((m) => {
    meeting = m;
    if (!m) {
      say(t('o.load_failed'));
      return;
    }
    setText($('[data-testid="org-title"]'), t('o.title', { meeting: m.title }));
    exportRoom.replaceChildren(h('option', { value: '', text: t('ex.whole') }),
      ...m.rooms.map((r) => h('option', { value: r.id, text: r.title })));
    planClock = { time: agendaClock(m).time, timeZone: m.time_zone };
    views = m.rooms.map((room) => {
      const conn = new Connection({ room: room.id, role: 'organizer', key, commands: ALL_CHECKS });
      const store = new Store(room.id);
      connectStore(conn, store);
      return { room, conn, store, card: roomCard(room) };
    });
    $('[data-testid="org-rooms"]').replaceChildren(...views.map((v) => v.card));
    for (const v of views) {
      wireCard(v);
      v.store.subscribe(() => paintRoom(v));
      paintRoom(v);
    }
    startTicker(() => {
      for (const v of views) if (v.store.state) tickRoomCard(v.card, v.store.state, v.conn.serverNow(), planClock);
    }, 250);
    if (key) for (const v of views) v.conn.start();
    else askForKey('');
  });
}

main();
