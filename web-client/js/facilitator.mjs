// @ts-check
// The facilitator console: the key from the URL fragment (kept on this device), the floor, both timers,
// the list of speakers with every control (each entry's guiding question as a tag), the room's default
// speaking time, the room's plan with its blocks and presenter slots (facilitator_session.mjs), question
// moderation (facilitator_questions.mjs), polls (facilitator_polls.mjs), conclusions and the handoff to the
// plenary, or in the plenary what the groups sent (facilitator_conclusions.mjs); the organizer's notes to
// acknowledge (facilitator_messages.mjs) and the agenda line; whom each speaker speaks for, the live
// speaking-time balance (facilitator_balance.mjs) and the room's record as files and printable minutes
// (exports.mjs). A key the organizer replaced (close 4401) asks for the new one. Once the organizer closed
// the meeting: a calm banner with the time it closed, every control that would send a command disabled
// (the exports, the minutes and what only changes the view stay), the clocks stopped at the close.
// One-handed and by keyboard: N, Space, + and − for the floor and the speaker timer, ? for their list, a
// switch to turn them off (shortcuts.mjs); removing a speaker, resetting a timer or rejecting a question
// offers an Undo for a few seconds instead of asking first (undo.mjs says which is held back and which undone).
import { FRAGMENT_KEY } from './fragment_key.mjs'; // first: the key leaves the address bar at once
import { CLOSE_KEY_ROTATED, SPEAKER_KINDS } from '/protocol/protocol.mjs';
import { ALL_CHECKS } from '/protocol/commands_console.mjs';
import { Connection } from './connection.mjs';
import { Store, connectStore } from './store.mjs';
import { roomNow, startTicker } from './clock.mjs';
import { durationText, parseDuration, personFromForm } from './format_console.mjs';
import { fitBytes } from './format.mjs';
import { $, h, setAttr, setText } from './dom.mjs';
import { t } from './strings_session.mjs';
import { findRoom, loadMeeting, roomFromUrl, roomGuidingQuestions, roomLinks } from './meeting.mjs';
import { setupModeration } from './facilitator_questions.mjs';
import { setupPolls } from './facilitator_polls.mjs';
import { messenger, paintAgendaLine, rejectText, showStatus, speakerName, startPage } from './page.mjs';
import { storage } from './device.mjs';
import { fillAffiliationKinds, fillGuidingSelect, guidingLabels, paintFloor, paintQueue, paintTimer, timerCard } from './facilitator_view.mjs';
import { setupSession } from './facilitator_session.mjs';
import { setupConclusions, setupFromGroups } from './facilitator_conclusions.mjs';
import { setupOrgMessages } from './facilitator_messages.mjs';
import { agendaClock } from './agenda.mjs';
import { setupBalance } from './facilitator_balance.mjs';
import { minutesPath, setupExports } from './exports.mjs';
import { setupUndo } from './undo.mjs';
import { setupShortcuts } from './shortcuts.mjs';
import { milestoneAnnouncer } from './announcer.mjs';

/** @typedef {import('./types.mjs').Room} Room */
/** @typedef {import('./types.mjs').Meeting} Meeting */
/** @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState */
/** @typedef {{type: string, [field: string]: any}} Command */
/** @typedef {import('./facilitator_view.mjs').GuidingLabels} GuidingLabels */

const MINUTE = 60000;

/** The console's connection: its key can change after a refused hello. */
class ConsoleConnection extends Connection {
  /** @param {string} key */
  setKey(key) {
    this.key = key;
    this.helloReject = null;
    if (this.stopped) this.start();
    else if (this.ws && this.ws.readyState === WebSocket.OPEN && this.status !== 'live') this.sendHello();
    else this.reconnectNow(true);
  }
}

/**
 * The key travels in the fragment (never sent to the server in a URL, never in its logs). It is kept
 * per room in localStorage; fragment_key.mjs has already removed it from the address bar.
 * @param {string} room
 */
function takeKey(room) {
  const ls = storage('localStorage');
  const slot = `podium.key.${room}`;
  if (FRAGMENT_KEY) {
    ls?.setItem(slot, FRAGMENT_KEY);
    return FRAGMENT_KEY;
  }
  return ls?.getItem(slot) ?? '';
}

/**
 * A sensible warning for a segment: 5 min for long blocks, else a quarter of it, at most 2 min.
 * @param {number} ms
 */
function segmentWarning(ms) {
  return ms >= 20 * MINUTE ? 5 * MINUTE : Math.min(2 * MINUTE, Math.floor(ms / 4));
}

function main() {
  const room = roomFromUrl();
  startPage('f.doc_title', t);
  const say = messenger($('[data-testid="error"]'));
  if (!room) {
    say(t('error.no_room'));
    $('#console').hidden = true;
    return;
  }
  setText($('[data-testid="room-title"]'), room);
  const links = roomLinks(room);
  setAttr($('#link-participant'), 'href', links.participant);
  setAttr($('#link-display'), 'href', links.display);

  let key = takeKey(room);
  const conn = new ConsoleConnection({ room, role: 'facilitator', key, commands: ALL_CHECKS });
  const store = new Store(room);
  connectStore(conn, store);

  /**
   * Sends a command and returns its op_id; a malformed one (e.g. a too-long name) is explained instead.
   * @param {Command} cmd @returns {string|null}
   */
  const sendNow = (cmd) => {
    try {
      return conn.send(cmd);
    } catch (err) {
      say(t('error.not_sent', { problem: err instanceof Error ? err.message : String(err) }));
      return null;
    }
  };
  // Removals and resets wait a few seconds for an Undo (undo.mjs); any other command sends them first.
  const undo = setupUndo({ bar: $('[data-testid="undo"]'), text: $('[data-testid="undo-text"]'),
    button: /** @type {HTMLButtonElement} */ ($('[data-testid="undo-button"]')), send: sendNow, changed: () => paintAll() });
  /** @param {Command} cmd @returns {string|null} */
  const send = (cmd) => {
    undo.commitNow();
    return sendNow(cmd);
  };
  /** The room as this console shows it: without the speakers whose removal waits for its Undo. */
  const shownState = () => {
    const state = store.state;
    if (!state || !state.queue.some((e) => undo.isWaiting(`queue:${e.id}`))) return state;
    return { ...state, queue: state.queue.filter((e) => !undo.isWaiting(`queue:${e.id}`)) };
  };
  /**
   * A timer as this console shows it: already back to its full duration while its reset waits.
   * @param {'speaker'|'segment'} id
   */
  const shownTimer = (id) => {
    const timer = /** @type {RoomState} */ (store.state)[id];
    if (!undo.isWaiting(`timer:${id}`)) return timer;
    return { ...timer, run: 'idle', remaining_ms: timer.duration_ms, ends_at_ms: 0, warned: false, expired: false };
  };
  /** Guiding question id -> its text, once the meeting is loaded. @type {Map<string, string>} */
  const guiding = new Map();
  const paintModeration = setupModeration({ conn, store, send, guidingText: () => guiding, undo });
  const polls = setupPolls({ store, send, say });
  /** @type {Meeting|null} */
  let meeting = null;
  const paintMessages = setupOrgMessages({ conn, store, send, time: (at) => agendaClock(meeting).time(at) });
  /** Guiding questions as tags ("GQ 3") and the ids of this room's, in its order, once the meeting is loaded. */
  /** @type {GuidingLabels} */
  let gqLabels = new Map();
  /** @type {string[]} */
  let gqIds = [];
  const session = setupSession({ conn, store, send, say, meeting: () => meeting });
  const paintConclusions = setupConclusions({ conn, store, send, say, room, meeting: () => meeting, labels: () => gqLabels,
    guidingIds: () => gqIds });
  const paintFromGroups = setupFromGroups({ store, room, meeting: () => meeting, labels: () => gqLabels });
  const balance = setupBalance({ store, now: () => roomNow(store.state, conn.serverNow()) });
  for (const select of document.querySelectorAll('select[data-ak-select]')) fillAffiliationKinds(/** @type {HTMLSelectElement} */ (select));

  // ---- key ----
  const keyPanel = $('#key-panel');
  const keyError = $('[data-testid="key-error"]');
  const askForKey = (/** @type {string} */ problem) => {
    keyPanel.hidden = false;
    $('#console').hidden = true;
    setText(keyError, problem);
    keyError.hidden = problem === '';
    /** @type {HTMLInputElement} */ ($('#key-input')).focus();
  };
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('#key-input'));
    key = input.value.trim();
    if (!key) return;
    storage('localStorage')?.setItem(`podium.key.${room}`, key);
    input.value = '';
    keyPanel.hidden = true;
    $('#console').hidden = false;
    conn.setKey(key);
  });

  conn.on('close', (/** @type {{code: number}} */ { code }) => {
    if (code !== CLOSE_KEY_ROTATED) return;
    storage('localStorage')?.removeItem(`podium.key.${room}`);
    askForKey(t('f.key_rotated'));
  });
  conn.on('reject', ({ reject, command }) => {
    if (!command && reject.code === 'bad_key') {
      storage('localStorage')?.removeItem(`podium.key.${room}`);
      askForKey(t('f.key_bad'));
      return;
    }
    if (!command && reject.code === 'unknown_room') {
      say(t('error.unknown_room', { room }));
      return;
    }
    say(rejectText(reject));
  });

  // ---- the record: files with this device's key (in a header, never in the URL), printable minutes ----
  setupExports({ buttons: $('[data-testid="export-buttons"]'), status: $('[data-testid="export-status"]'), room: () => room,
    key: () => key });
  setAttr($('[data-testid="open-minutes"]'), 'href', minutesPath(room));
  setAttr($('[data-testid="closed-minutes"]'), 'href', minutesPath(room));

  // ---- a closed meeting: the room changes no more, so whatever would send a command is disabled (the
  // server would refuse it with `closed`). Panels redraw their buttons often, so this runs after every
  // change of the page; the exports, the question tabs and the like ([data-view-only]) stay usable. ----
  let locked = false;
  const lockIfClosed = () => {
    const closed = (store.state?.closed_at_ms ?? 0) > 0;
    if (!closed && !locked) return;
    locked = closed;
    if (closed) {
      for (const el of document.querySelectorAll('button, input, select, textarea')) {
        const control = /** @type {HTMLButtonElement} */ (el);
        if (control.disabled || control.closest('[data-view-only], #key-panel')) continue;
        control.disabled = true;
        control.dataset.closedLock = '';
      }
      return;
    }
    // Open again (a room restored from a backup): give the controls back and let the panels decide.
    for (const el of document.querySelectorAll('[data-closed-lock]')) {
      /** @type {HTMLButtonElement} */ (el).disabled = false;
      delete (/** @type {HTMLElement} */ (el)).dataset.closedLock;
    }
    paintAll();
  };
  new MutationObserver(lockIfClosed).observe(document.body,
    { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });

  // ---- floor ----
  const currentId = () => store.state?.current?.entry.id ?? null;
  $('[data-testid="next-speaker"]').addEventListener('click', () => send({ type: 'turn.next', expected_current: currentId() }));
  $('[data-testid="end-turn"]').addEventListener('click', () => send({ type: 'turn.end', expected_current: currentId() }));

  // ---- timers ----
  const timersBox = $('#timers');
  const cards = { speaker: timerCard('speaker'), segment: timerCard('segment') };
  const announcer = milestoneAnnouncer($('[data-testid="announcer"]'));
  timersBox.replaceChildren(cards.speaker, cards.segment);
  for (const [id, card] of Object.entries(cards)) {
    card.addEventListener('click', (e) => {
      const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
      if (!(button instanceof HTMLButtonElement) || !store.state) return;
      const timer = shownTimer(/** @type {'speaker'|'segment'} */ (id));
      const action = button.dataset.action;
      if (action === 'toggle') send({ type: timer.run === 'running' ? 'timer.pause' : 'timer.start', timer: id });
      else if (action === 'minus') send({ type: 'timer.adjust', timer: id, delta_ms: -MINUTE });
      else if (action === 'plus') send({ type: 'timer.adjust', timer: id, delta_ms: MINUTE });
      else if (action === 'reset') undo.delay(t(`fu.reset_${id}`), `timer:${id}`, { type: 'timer.reset', timer: id });
      else if (action === 'preset') {
        const ms = Number(button.dataset.ms);
        send({ type: 'timer.set', timer: id, duration_ms: ms, label: fitBytes(button.dataset.label ?? '', 80), warning_ms: segmentWarning(ms) });
      }
    });
    const form = /** @type {HTMLFormElement} */ (card.querySelector('form'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('duration'));
      const ms = parseDuration(input.value);
      if (ms === null) {
        say(t('f.bad_duration'));
        return;
      }
      /** @type {Command} */
      const cmd = { type: 'timer.set', timer: id, duration_ms: ms };
      const current = id === 'speaker' ? store.state?.speaker : store.state?.segment;
      if (current && current.warning_ms >= ms) cmd.warning_ms = Math.floor(ms / 4);
      if (send(cmd)) input.value = '';
    });
  }

  // ---- list of speakers ----
  const list = $('[data-testid="queue"]');
  list.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
    if (!(button instanceof HTMLButtonElement) || !store.state || !button.dataset.id) return;
    const id = button.dataset.id;
    const queue = store.state.queue;
    const i = queue.findIndex((entry) => entry.id === id);
    if (i < 0) return;
    // Moves name the neighbour by id, not an index, so a concurrent change cannot misplace the entry.
    if (button.dataset.action === 'up' && i > 0) send({ type: 'queue.move', entry_id: id, before_id: queue[i - 1].id });
    else if (button.dataset.action === 'down' && i < queue.length - 1) send({ type: 'queue.move', entry_id: id, after_id: queue[i + 1].id });
    else if (button.dataset.action === 'remove') {
      const name = speakerName(queue[i]);
      undo.delay(t('fu.removed', { name }), `queue:${id}`, { type: 'queue.remove', entry_id: id },
        { still: () => !!store.state?.queue.some((e) => e.id === id), focus: button.contains(document.activeElement) });
    }
  });
  $('[data-testid="toggle-list"]').addEventListener('click', () => {
    if (store.state) send({ type: store.state.queue_open ? 'queue.close' : 'queue.open' });
  });

  const kindSelect = /** @type {HTMLSelectElement} */ ($('#add-kind'));
  kindSelect.replaceChildren(...[...SPEAKER_KINDS].reverse().map((kind) => h('option', { value: kind, text: t(`kind.${kind}`) })));
  const addForm = /** @type {HTMLFormElement} */ ($('#add-form'));
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const person = personFromForm(addForm);
    if (!person) return;
    if (person.ms === null) {
      say(t('f.bad_duration'));
      return;
    }
    /** @type {Command} */
    const cmd = { type: 'queue.add', ...person.fields, kind: String(person.data.get('kind') || 'new_point') };
    const guidingQuestion = String(person.data.get('guiding_question') ?? '');
    if (guidingQuestion) cmd.guiding_question = guidingQuestion;
    if (person.ms !== undefined) cmd.duration_ms = person.ms;
    if (send(cmd)) {
      addForm.reset();
      showGuidingText();
      /** @type {HTMLInputElement} */ ($('#add-name')).focus();
    }
  });
  // The guiding question picked, in full under its short label.
  const addGuiding = /** @type {HTMLSelectElement} */ ($('#add-guiding'));
  const showGuidingText = () => {
    const text = gqLabels.get(addGuiding.value)?.text ?? '';
    setText($('[data-testid="add-guiding-text"]'), text);
    setAttr(addGuiding, 'title', text || null);
  };
  addGuiding.addEventListener('change', showGuidingText);

  // ---- room settings ----
  const settingsForm = /** @type {HTMLFormElement} */ ($('#settings-form'));
  const speakingInput = /** @type {HTMLInputElement} */ ($('#speaking-time'));
  const warningInput = /** @type {HTMLInputElement} */ ($('#warning-time'));
  let settingsShown = '';
  settingsForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const speaking = parseDuration(speakingInput.value);
    const warningText = warningInput.value.trim();
    const warning = warningText === '0' || warningText === '0:00' ? 0 : parseDuration(warningText);
    if (speaking === null || warning === null) {
      say(t('f.bad_duration'));
      return;
    }
    send({ type: 'room.configure', speaking_ms: speaking, warning_ms: warning });
  });

  // ---- drawing ----
  const paint = () => {
    showStatus($('[data-testid="connection"]'), conn.status);
    const pending = conn.pending();
    setText($('[data-testid="pending"]'), pending.length ? t('f.pending', { n: pending.length }) : '');
    const state = shownState();
    if (!state) return;
    const closedAt = state.closed_at_ms ?? 0;
    $('[data-testid="closed-banner"]').hidden = closedAt <= 0;
    setText($('[data-testid="closed-at"]'), closedAt > 0 ? t('closed.at', { time: agendaClock(meeting).time(closedAt) }) : '');
    paintMessages();
    paintAgendaLine(meeting, state.agenda?.item_id, true, (item) => agendaClock(meeting).start(item));
    paintQueue(list, state, pending, gqLabels);
    $('[data-testid="queue-empty"]').hidden = state.queue.length > 0 || pending.some((c) => c.type === 'queue.add');
    const listState = $('[data-testid="list-state"]');
    setText(listState, state.queue_open ? t('f.list_open') : t('f.list_closed'));
    setAttr(listState, 'data-open', state.queue_open ? 'yes' : 'no');
    setText($('[data-testid="toggle-list"]'), state.queue_open ? t('f.close') : t('f.open'));
    // Refill the settings only when they changed on the server and nobody is typing in them.
    const shown = `${state.settings.speaking_ms}/${state.settings.warning_ms}`;
    if (shown !== settingsShown && !settingsForm.contains(document.activeElement)) {
      settingsShown = shown;
      speakingInput.value = durationText(state.settings.speaking_ms);
      warningInput.value = durationText(state.settings.warning_ms);
    }
  };
  const tick = () => {
    const state = shownState();
    if (!state) return;
    const now = roomNow(state, conn.serverNow());
    polls.tick(now);
    paintFloor(document.body, state, now, gqLabels);
    const current = state.current;
    announcer.turn(current ? `${current.entry.id}@${current.started_at_ms}` : '',
      () => (current ? t('live.speaker', { name: speakerName(current.entry) }) : t('floor.nobody')));
    for (const name of /** @type {const} */ (['speaker', 'segment'])) {
      const timer = shownTimer(name);
      const reading = paintTimer(cards[name], timer, now, state.closed_at_ms);
      announcer.timer(name, reading.level,
        () => t('live.timer', { timer: name === 'speaker' ? t('timer.speaker') : timer.label || t('timer.segment'), state: reading.words }));
    }
  };
  const paintAll = () => {
    paint(); session.paint(); paintModeration(); polls.paint(); paintConclusions(); paintFromGroups(); balance.paint(); tick();
  };
  store.subscribe(paintAll);
  startTicker(tick, 200);
  // N, Space, + and −, U and ? do what the buttons do (shortcuts.mjs); a switch turns them off on this device.
  setupShortcuts({
    toggle: /** @type {HTMLInputElement} */ ($('[data-testid="shortcuts-switch"]')),
    help: /** @type {HTMLDialogElement} */ ($('[data-testid="shortcuts-help"]')),
    helpButton: $('[data-testid="shortcuts-open"]'),
    active: () => !$('#console').hidden,
    actions: {
      next: () => $('[data-testid="next-speaker"]').click(),
      toggle: () => /** @type {HTMLElement|null} */ (cards.speaker.querySelector('button[data-action="toggle"]'))?.click(),
      plus: () => /** @type {HTMLElement|null} */ (cards.speaker.querySelector('button[data-action="plus"]'))?.click(),
      minus: () => /** @type {HTMLElement|null} */ (cards.speaker.querySelector('button[data-action="minus"]'))?.click(),
      undo: () => undo.undo(),
    },
  });
  startTicker(() => { session.tick(roomNow(store.state, conn.serverNow())); balance.tick(); }, 1000);
  paint();

  loadMeeting().then((m) => {
    meeting = m;
    const r = findRoom(meeting, room);
    if (r) showRoom(r, cards.segment);
    roomGuidingQuestions(meeting, r).forEach((g, i) => guiding.set(g.id, `${i + 1}. ${g.text}`));
    gqLabels = guidingLabels(meeting, room);
    gqIds = roomGuidingQuestions(meeting, r).map((g) => g.id);
    fillGuidingSelect(addGuiding, gqLabels, gqIds);
    $('#add-guiding-box').hidden = gqIds.length === 0;
    showGuidingText();
    paintAll();
  });

  if (key) conn.start();
  else askForKey('');
}

/**
 * The room's title and its blocks as segment presets. (Its presenters are the slots of the Session panel.)
 * @param {Room} room @param {HTMLElement} segmentCard
 */
function showRoom(room, segmentCard) {
  setText($('[data-testid="room-title"]'), room.title);
  const blocks = room.blocks ?? [];
  const presets = segmentCard.querySelector('[data-part="presets"]');
  presets?.replaceChildren(...blocks.filter((b) => b.minutes > 0).map((b) =>
    h('button', { type: 'button', 'data-action': 'preset', 'data-ms': b.minutes * MINUTE, 'data-label': b.title,
      'data-testid': 'segment-preset', text: `${b.title} ${durationText(b.minutes * MINUTE)}` })));
}

main();
