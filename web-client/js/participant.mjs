// @ts-check
// The phone: who has the floor and for how long, ask for the floor, one's place, withdraw, the agenda
// line and the room's block now; questions and the poll in their own modules. Views are pure functions of
// (state, own data, outbox, clock). Once the organizer closed the meeting: "This meeting has ended — thank
// you", and no more asking for the floor, asking, upvoting or voting; the room's questions stay to read.
import { AFFILIATION_KINDS, LIMITS, SPEAKER_KINDS, charLength } from '/protocol/protocol.mjs';
import { Connection } from './connection.mjs';
import { Store, connectStore } from './store.mjs';
import { localNow, remainingMs, startTicker, timerLevel } from './clock.mjs';
import { fitBytes } from './format.mjs';
import { $, h, paintRemaining, replaceKeepingFocus, setAttr, setText } from './dom.mjs';
import { LANGUAGE, inSeconds, ordinal, t } from './strings.mjs';
import { t as tp } from './strings_plan.mjs';
import { findRoom, loadMeeting, roomFromUrl, roomGuidingQuestions } from './meeting.mjs';
import { messenger, paintAgendaLine, rejectText, showStatus, speakerName, startPage } from './page.mjs';
import { storage } from './device.mjs';

/** @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState */
/** @typedef {import('./types.mjs').Meeting} Meeting */
/** @typedef {{type: string, [field: string]: any}} Command */

const MAX_ENTRIES = 2;

/**
 * What the page shows, from the state alone.
 * @param {RoomState|null} state
 * @param {Set<string>} mine
 * @param {Command[]} pending
 */
export function participantView(state, mine, pending) {
  const joins = pending.filter((c) => c.type === 'queue.join');
  const withdrawing = new Set(pending.filter((c) => c.type === 'queue.withdraw').map((c) => c.entry_id));
  const current = state?.current ?? null;
  const closed = (state?.closed_at_ms ?? 0) > 0;
  const haveFloor = current !== null && mine.has(current.entry.id);
  const entries = [];
  if (haveFloor && current) entries.push({ id: current.entry.id, kind: current.entry.kind, where: t('p.entry_floor'), canWithdraw: false });
  const queue = state?.queue ?? [];
  queue.forEach((e, i) => {
    if (!mine.has(e.id)) return;
    const busy = withdrawing.has(e.id);
    entries.push({ id: e.id, kind: e.kind, gq: e.guiding_question, where: busy ? t('sending') : t('p.entry_position', { ord: ordinal(i + 1) }),
      canWithdraw: !busy && !closed });
  });
  const queued = entries.filter((e) => e.id !== current?.entry.id).length;
  for (const c of joins) entries.push({ id: c.op_id, kind: c.kind ?? 'new_point', where: t('sending'), canWithdraw: false });

  const firstPlace = queue.findIndex((e) => mine.has(e.id));
  let status = t('p.not_listed');
  if (haveFloor) status = t('p.have_floor');
  else if (firstPlace >= 0) status = t('p.position', { ord: ordinal(firstPlace + 1) });
  else if (joins.length > 0) status = t('p.sending');

  let askNote = '';
  if (closed) askNote = t('closed.banner');
  else if (state && !state.queue_open) askNote = t('queue.closed');
  else if (queued + joins.length >= MAX_ENTRIES) askNote = t('p.limit_note');

  const n = queue.length;
  return {
    closed,
    haveFloor,
    // First in line: said once in words of its own ("You are next") by the phone's announcer.
    next: !haveFloor && firstPlace === 0,
    status,
    entries,
    canAsk: state !== null && askNote === '',
    askNote,
    waiting: t('queue.waiting', { n }),
    presenting: current?.entry.kind === 'presentation',
    speaker: current ? speakerName(current.entry) : t('floor.nobody'),
    affiliation: current?.entry.affiliation ?? '',
  };
}

/**
 * "Now: Presentations · until 11:15": the running block and when it ends, by its running timer (in the
 * meeting's zone), else by the plan ("HH:MM" as minutes after midnight there); '' with none running.
 * @param {any} state @param {string|undefined} zone
 */
export function planNow(state, zone) {
  const b = state?.blocks?.find((/** @type {any} */ x) => x.id === state.block);
  if (!b) return '';
  const block = b.kind !== 'session' ? tp(`pl.kind.${b.kind}`) : b.title.length > 40 ? `${b.title.slice(0, 38)}…` : b.title;
  let time = '';
  if (state.segment.run === 'running') {
    try {
      time = new Intl.DateTimeFormat(LANGUAGE, { timeZone: zone || 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(state.segment.ends_at_ms);
    } catch { /* an unknown zone: no time */ }
  } else if (b.plan_start_min != null) {
    const m = b.plan_start_min + Math.round(b.planned_ms / 60000);
    time = `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  }
  return time ? tp('pl.now_until', { block, time }) : t('ag.now', { title: block });
}

function main() {
  const room = roomFromUrl();
  startPage('p.doc_title');
  /** @type {Meeting|null} */
  let meeting = null;
  const say = messenger($('[data-testid="error"]'));
  if (!room) {
    say(t('error.no_room'));
    return;
  }
  const conn = new Connection({ room, role: 'participant' });
  const store = new Store(room);
  connectStore(conn, store);
  // Start times as the meeting file gives them ("12:45", the venue's time): no Intl code on the phone.
  const paintAgenda = () => paintAgendaLine(meeting, store.state?.agenda?.item_id, store.state !== null, (item) => item.start);
  /** Sends a command; a malformed one is explained instead. @param {Command} cmd */
  const send = (cmd) => {
    try {
      conn.send(cmd);
      return true;
    } catch (err) {
      say(t('error.not_sent', { problem: err instanceof Error ? err.message : String(err) }));
      return false;
    }
  };

  /** @type {import('./types.mjs').GuidingQuestion[]} */
  let guiding = [];
  /** "GQ 2" for the room's second guiding question. @param {string} id */
  const gqLabel = (id) => {
    const i = guiding.findIndex((g) => g.id === id);
    return i < 0 ? id : tp('pl.gq', { n: i + 1 });
  };
  const form = /** @type {HTMLFormElement} */ ($('#ask-form'));
  buildKindPicker($('#kinds'));
  const ls = storage('localStorage');
  const nameInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('name'));
  const affInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('affiliation'));
  const akSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem('affiliation_kind'));
  akSelect.replaceChildren(...['', ...AFFILIATION_KINDS].map((k) => h('option', { value: k, text: t(`ak.${k || 'none'}`) })));
  const gqSelect = /** @type {HTMLSelectElement} */ ($('#ask-gq'));
  const gqText = () => setText($('[data-testid="ask-guiding-text"]'), guiding.find((g) => g.id === gqSelect.value)?.text ?? '');
  gqSelect.addEventListener('change', gqText);
  nameInput.value = ls?.getItem('podium.name') ?? '';
  affInput.value = ls?.getItem('podium.affiliation') ?? '';
  const keptKind = ls?.getItem('podium.affiliation_kind') ?? '';
  akSelect.value = AFFILIATION_KINDS.includes(keptKind) ? keptKind : '';

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const kind = new FormData(form).get('kind') || 'new_point';
    // The fields count characters, the server bytes: a long name in another script is cut, not refused.
    const name = fitBytes(nameInput.value.trim(), LIMITS.max_name_bytes);
    const affiliation = fitBytes(affInput.value.trim(), LIMITS.max_affiliation_bytes);
    ls?.setItem('podium.name', name);
    ls?.setItem('podium.affiliation', affiliation);
    ls?.setItem('podium.affiliation_kind', akSelect.value);
    /** @type {Command} */
    const cmd = { type: 'queue.join', kind };
    if (name) cmd.name = name;
    if (affiliation) cmd.affiliation = affiliation;
    if (akSelect.value) cmd.affiliation_kind = akSelect.value;
    if (gqSelect.value) cmd.guiding_question = gqSelect.value;
    if (send(cmd)) {
      gqSelect.value = '';
      gqText();
      // Where the answer shows ("You are 4th in line"): above this form, out of sight on a small phone.
      const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
      $('[data-testid="mine-card"]').scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
    }
  });

  $('[data-testid="my-entries"]').addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action="withdraw"]') : null;
    if (button instanceof HTMLButtonElement && button.dataset.id) conn.send({ type: 'queue.withdraw', entry_id: button.dataset.id });
  });

  // The questions card's code loads when the room has questions, this device has its own, or the person
  // starts writing one: many phones only ask for the floor, and the first load stays small.
  /** @type {ReturnType<import('./participant_questions.mjs').setupQuestions>|null} */
  let questions = null;
  /** @type {Promise<unknown>|null} */
  let questionsLoading = null;
  const loadQuestions = () => {
    questionsLoading ??= import('./participant_questions.mjs').then((m) => {
      questions = m.setupQuestions({ conn, store, send });
      questions.guidingQuestions(guiding);
      questions.paint();
    }, () => { questionsLoading = null; });
    return questionsLoading;
  };
  const questionForm = /** @type {HTMLFormElement} */ ($('#question-form'));
  questionForm.addEventListener('focusin', loadQuestions);
  const questionText = /** @type {HTMLTextAreaElement} */ ($('#q-text'));
  const questionCounter = () => {
    const n = charLength(questionText.value.trim());
    const over = n > LIMITS.question_chars;
    setText($('[data-testid="question-count"]'), t(over ? 'q.too_long' : 'q.count', { n, max: LIMITS.question_chars }));
    setAttr($('[data-testid="question-count"]'), 'data-over', over ? 'yes' : null);
    /** @type {HTMLButtonElement} */ ($('[data-testid="question-submit"]')).disabled = over || n === 0;
  };
  questionText.addEventListener('input', questionCounter);
  questionCounter();
  questionForm.addEventListener('submit', (e) => {
    if (questions) return; // its own handler sends
    e.preventDefault();
    loadQuestions().then(() => questions && questionForm.requestSubmit());
  });
  const paintQuestions = () => {
    if (questions) questions.paint();
    // Also for own questions still waiting to go (kept across a reload): they show as "sending".
    else if (store.state?.questions.length || store.myQuestions.size || conn.pending().some((c) => c.type.startsWith('question.'))) loadQuestions();
  };
  // The poll card's code loads when the room first has a poll (most of the day there is none).
  /** @type {ReturnType<import('./participant_poll.mjs').setupPoll>|null} */
  let poll = null;
  let pollLoading = false;
  const paintPoll = () => {
    if (poll) poll.paint();
    else if (!pollLoading && store.state?.polls.length) {
      pollLoading = true;
      const css = new Promise((done) => {
        document.head.append(h('link', { rel: 'stylesheet', href: '/css/poll.css', onload: done, onerror: done }));
      });
      Promise.all([import('./participant_poll.mjs'), css]).then(([m]) => {
        poll = m.setupPoll({ conn, store, send });
        poll.paint();
      }, () => { pollLoading = false; });
    }
  };

  // Refusals in words the participant can act on; the server's own message otherwise.
  conn.on('reject', ({ reject, command }) => {
    const type = command?.type ?? '';
    let text = rejectText(reject);
    if (reject.code === 'duplicate') text = t('q.duplicate');
    else if (reject.code === 'poll_closed') text = t('poll.closed_reject');
    else if (type.startsWith('question.') && (reject.code === 'invalid_state' || reject.code === 'not_found')) text = t('q.gone');
    if (type === 'question.ask' || type === 'question.edit') questions?.say(text);
    say(text);
  });
  conn.on('retry', ({ reject }) => say(t('p.wait', { when: inSeconds(Math.ceil((reject.retry_after_ms ?? 1000) / 1000)) })));

  // The badge: once a live room is lost it says offline (also while trying again) with the time to the
  // next try; the page keeps showing the last state, and the clocks keep running on the estimated server
  // clock. The countdown is hidden from screen readers, who hear "reconnecting" once instead of every second.
  const paintConnection = () => {
    const el = $('[data-testid="connection"]');
    const down = conn.status !== 'live' && conn.downSince > 0;
    setAttr(el, 'data-down', down ? 'yes' : null);
    const retryIn = down && conn.status === 'offline' && conn.retryAt ? conn.retryAt - localNow() : 0;
    if (retryIn < 1000) {
      showStatus(el, down ? 'offline' : conn.status);
      return;
    }
    const shown = t('conn.offline_retry', { when: inSeconds(Math.ceil(retryIn / 1000)) });
    setAttr(el, 'data-status', 'offline');
    const countdown = el.querySelector('[data-countdown]');
    if (countdown) setText(countdown, shown); // the live region's spoken words stay as they are
    else el.replaceChildren(h('span', { 'aria-hidden': 'true', 'data-countdown': true, text: shown }), h('span', { class: 'sr-only', text: t('conn.offline') }));
  };

  const paint = () => {
    const view = participantView(store.state, store.mine, conn.pending());
    paintConnection();
    $('[data-testid="closed-banner"]').hidden = !view.closed;
    $('[data-testid="ask-card"]').hidden = view.closed;
    $('[data-testid="mine-card"]').hidden = view.closed; // nobody waits for the floor any more
    questionForm.hidden = view.closed;
    setText($('[data-testid="floor-heading"]'), view.presenting ? tp('pl.presenting') : t('floor.now'));
    setText($('[data-testid="current-speaker"]'), view.speaker);
    const now = $('[data-testid="plan-now"]');
    setText(now, planNow(store.state, meeting?.time_zone));
    setAttr(now, 'title', now.textContent || null);
    now.hidden = !now.textContent;
    setText($('[data-testid="current-affiliation"]'), view.affiliation);
    setText($('[data-testid="my-status"]'), view.status);
    setAttr($('[data-testid="my-status"]'), 'data-floor', view.haveFloor ? 'yes' : null);
    setText($('[data-testid="phone-announcer"]'), view.next ? t('p.next') : '');
    setText($('[data-testid="queue-length"]'), view.waiting);
    setText($('[data-testid="ask-note"]'), view.askNote);
    paintAgenda();
    /** @type {HTMLButtonElement} */ ($('[data-testid="ask-button"]')).disabled = !view.canAsk;
    replaceKeepingFocus($('[data-testid="my-entries"]'), view.entries.map((entry) =>
      h('li', { 'data-testid': 'my-entry', 'data-id': entry.id },
        h('span', { class: 'entry-kind', text: t(`kind.${entry.kind}`) }),
        entry.gq ? h('span', { class: 'tag', text: gqLabel(entry.gq) }) : null,
        h('span', { class: 'entry-where', text: entry.where }),
        entry.canWithdraw
          ? h('button', { type: 'button', class: 'secondary', 'data-action': 'withdraw', 'data-id': entry.id,
              'aria-label': t('p.withdraw_label', { kind: t(`kind.${entry.kind}`) }), text: t('p.withdraw') })
          : null)));
  };

  const tick = () => {
    const digits = $('[data-testid="speaker-timer"]');
    const state = store.state;
    paintConnection();
    poll?.tick(conn.serverNow());
    if (!state || !state.current || state.closed_at_ms) {
      digits.hidden = true;
      setAttr(digits, 'data-remaining-ms', null);
      return;
    }
    const now = conn.serverNow();
    const left = remainingMs(state.speaker, now);
    digits.hidden = false;
    paintRemaining(digits, left);
    setAttr(digits, 'data-level', timerLevel(state.speaker, now));
  };

  store.subscribe(() => { paint(); paintQuestions(); paintPoll(); tick(); });
  startTicker(tick, 250);
  paint();
  loadMeeting().then((m) => {
    meeting = m;
    paintAgenda();
    const r = findRoom(m, room);
    if (r) setText($('[data-testid="room-title"]'), r.title);
    guiding = roomGuidingQuestions(m, r);
    questions?.guidingQuestions(guiding);
    gqSelect.replaceChildren(h('option', { value: '', text: t('q.guiding_none') }), ...guiding.map((g, i) => {
      const label = tp('pl.gq_option', { n: i + 1, text: g.text });
      return h('option', { value: g.id, title: g.text, text: label.length > 60 ? `${label.slice(0, 58)}…` : label });
    }));
    $('#ask-gq-box').hidden = guiding.length === 0;
    paint();
  });
  conn.start();
}

/**
 * Radio buttons, most common first; the server orders by precedence whatever the order here.
 * @param {HTMLElement} box
 */
function buildKindPicker(box) {
  const kinds = [...SPEAKER_KINDS].reverse();
  box.replaceChildren(...kinds.map((kind) =>
    h('label', { class: 'kind' },
      h('input', { type: 'radio', name: 'kind', value: kind, checked: kind === 'new_point' }),
      h('span', { class: 'kind-name', text: t(`kind.${kind}`) }),
      h('span', { class: 'kind-hint', text: t(`kind_hint.${kind}`) }))));
}

main();
