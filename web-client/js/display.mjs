// @ts-check
// The room display: read-only. Current speaker, the speaker and segment timers in huge digits with
// colour and words at the thresholds, the next three speakers, the join code, and a "not live" banner
// whenever the socket is down (the digits still run from the last known state). Below them, when there
// is one, the question being answered and the poll: its options and vote count while open, and its
// results as bars with counts and percentages once revealed. Always: how to join (code, link, QR code),
// the agenda item on now and the next one, and the organizers' latest message to this screen.
// The room's plan: the blocks to come with when each ends, how far the room runs ahead or behind with
// its projected end (ticking), the presenter now ("2 of 4") and the next one; the room's guiding
// questions one at a time in a footer (the one the speaker addresses, else in turn); the guiding-question
// tag of each waiting speaker; and in the plenary what the groups handed off ("From the groups").
// Once the organizer closed the meeting: a calm "This meeting has ended — thank you" across the screen
// with the time it closed, the clocks stopped there, and what the groups handed off still up.
// With a second language (?lang=en+fr, or its switcher's second row) the big labels — who has the floor,
// next, the timers' words, the question and poll headings, the banners — read in both side by side, while
// the digits and names show once.
// In a corner, unseen until reached for (display_controls.mjs): full screen, the screen kept awake, and an
// optional sound at time-up once a click turned it on.
import { Connection } from './connection.mjs';
import { Store, connectStore } from './store.mjs';
import { showLiveMarker } from './live_marker.mjs';
import { roomNow, startTicker } from './clock.mjs';
import { remainingText } from './format.mjs';
import { $, h, paintRemaining, setAttr, setText } from './dom.mjs';
import { SECOND_LANGUAGE, direction, translatorFor } from './strings.mjs';
import { findRoom, loadMeeting, roomFromUrl, roomGuidingQuestions, roomLinks } from './meeting.mjs';
import { speakerName, startPage } from './page.mjs';
import { timerReading } from './timer_words.mjs';
import { setupDisplayControls } from './display_controls.mjs';
import { milestoneAnnouncer } from './announcer.mjs';
import { askerName, findQuestion, votesText } from './questions.mjs';
import { currentPoll, optionLabels, resultsList, showsResults, votersText } from './polls.mjs';
import { agendaClock, agendaPlace } from './agenda.mjs';
import {
  driftView, findSlot, guidingTag, guidingTags, handoffGroups, paintDrift, paintPlanLine, planAt, planItems,
} from './plan_view.mjs';

/** @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState */
/** @typedef {import('./types.mjs').Meeting} Meeting */
/** @typedef {import('./types.mjs').Room} Room */
/** @typedef {import('./types.mjs').GuidingQuestion} GuidingQuestion */
/** @typedef {import('../../protocol/js/types.mjs').Timer} Timer */

/** The speakers shown as next: fewer while a question or a poll takes the lower part of the screen. */
const NEXT_SHOWN = 3;
const NEXT_SHOWN_WITH_FEATURE = 1;
/** How long each guiding question stays up in the footer. */
const GQ_SHOWN_MS = 15_000;

/** This page's words: the screens', the polls' and the plan's; and in the second language, if any. */
const AREAS = ['poll', 'screens', 'plan'];
const t = await translatorFor(AREAS);
const t2 = SECOND_LANGUAGE ? await translatorFor(AREAS, SECOND_LANGUAGE) : null;

/**
 * Writes a label: its text in the page's language and, when the display has a second language, that
 * one's beside it (in its own span with its lang and dir). Rebuilt only when a text changed.
 * @param {HTMLElement} el @param {string} first @param {string|null} [second]
 */
function labelText(el, first, second = null) {
  if (!second || second === first) {
    if (el.dataset.bi !== undefined) delete el.dataset.bi;
    setText(el, first);
    return;
  }
  const sig = `${first}\n${second}`;
  if (el.dataset.bi === sig) return;
  el.dataset.bi = sig;
  el.replaceChildren(h('span', { class: 'bi-1', text: first }),
    h('span', { class: 'bi-2', lang: SECOND_LANGUAGE, dir: direction(SECOND_LANGUAGE ?? 'en'), text: second }));
}

/** A label from the catalogs, in one or two languages. @param {HTMLElement} el @param {string} key @param {Record<string, string|number>} [params] */
function label(el, key, params) {
  labelText(el, t(key, params), t2 ? t2(key, params) : null);
}

/**
 * @param {HTMLElement} digits @param {HTMLElement} words @param {Timer} timer @param {number} now
 * @param {number} closedAt the meeting's close (0 while it runs): the timer stopped there
 * @returns {'idle'|'normal'|'warning'|'expired'} its level, for the sound at time-up
 */
function paintTimer(digits, words, timer, now, closedAt) {
  // Two languages say the words without the times: the digits above say them once.
  const reading = timerReading(timer, now, closedAt, { brief: !!t2 });
  const text = remainingText(reading.left);
  paintRemaining(digits, reading.left, text);
  setAttr(digits, 'data-level', reading.level);
  setAttr(digits, 'data-len', text.length <= 4 ? '4' : text.length <= 6 ? 'short' : 'long'); // sized in display.css
  labelText(words, reading.words, t2 ? timerReading(timer, now, closedAt, { translate: t2, brief: true }).words : null);
  setAttr(words, 'data-level', reading.level);
  return reading.level;
}

/**
 * The end of the meeting, across the screen, with the time it closed in the meeting's zone.
 * @param {RoomState} state @param {(at: number) => string} time
 */
function paintClosed(state, time) {
  const closedAt = state.closed_at_ms ?? 0;
  $('[data-testid="d-closed"]').hidden = closedAt <= 0;
  setAttr(document.body, 'data-closed', closedAt > 0 ? 'yes' : 'no');
  const at = $('[data-testid="d-closed-at"]');
  if (closedAt > 0) label(at, 'closed.at', { time: time(closedAt) });
  else labelText(at, '');
}

/**
 * The question being answered and the poll, under the timers. @param {RoomState} state
 * @returns {boolean} whether either is shown
 */
function paintFeature(state) {
  const answering = findQuestion(state.questions, state.answering);
  const poll = currentPoll(state.polls, false);
  $('[data-testid="feature"]').hidden = !answering && !poll;
  document.body.dataset.feature = answering || poll ? 'yes' : 'no';
  setAttr($('[data-testid="feature"]'), 'data-both', answering && poll ? 'yes' : null);
  $('[data-testid="d-answering"]').hidden = !answering;
  setText($('[data-testid="d-answering-text"]'), answering?.text ?? '');
  setAttr($('[data-testid="d-answering-text"]'), 'data-long', (answering?.text ?? '').length > 160 ? 'yes' : null);
  setText($('[data-testid="d-answering-name"]'), answering?.name ? `— ${askerName(answering)}` : '');
  $('[data-testid="d-poll"]').hidden = !poll;
  if (!poll) return !!answering;
  const results = showsResults(poll, false);
  const votes = votersText(poll.voters ?? 0);
  // With bars the count goes in the heading: the band has no room for another line.
  const heading = $('[data-testid="d-poll-heading"]');
  if (results) labelText(heading, `${t('d.results')} · ${votes}`, t2 ? t2('d.results') : null);
  else label(heading, 'poll.heading');
  setText($('[data-testid="d-poll-question"]'), poll.question);
  setText($('[data-testid="d-poll-votes"]'), votes);
  $('[data-testid="d-poll-votes"]').hidden = results;
  const options = $('[data-testid="d-poll-options"]');
  options.hidden = results;
  const labels = optionLabels(poll);
  setAttr($('[data-testid="feature"]'), 'data-many', labels.length > 4 ? 'yes' : null); // up to 10 options must fit
  if (!results && options.dataset.poll !== poll.id) {
    options.dataset.poll = poll.id;
    options.replaceChildren(...labels.map((label) => h('li', { 'data-testid': 'd-poll-option', text: label })));
  }
  $('[data-testid="d-poll-results"]').replaceChildren(...(results ? [resultsList(poll)] : []));
  return true;
}

/**
 * The item on now (with where it happens when that is not this room) and the next one.
 * @param {Meeting|null} meeting @param {RoomState} state @param {string} roomId
 */
function paintAgenda(meeting, state, roomId) {
  const band = $('[data-testid="d-agenda"]');
  band.hidden = !meeting?.agenda?.length;
  if (!meeting || band.hidden) return;
  const { current, next } = agendaPlace(meeting, state.agenda?.item_id);
  const clock = agendaClock(meeting);
  if (current) labelText($('[data-testid="d-agenda-now"]'), current.title);
  else label($('[data-testid="d-agenda-now"]'), 'ag.none');
  setText($('[data-testid="d-agenda-now-time"]'), current ? clock.span(current) : '');
  const elsewhere = current && current.rooms.length > 0 && !current.rooms.includes(roomId)
    ? current.rooms.map((id) => findRoom(meeting, id)?.title ?? id).join(', ') : '';
  setText($('[data-testid="d-agenda-now-where"]'), elsewhere ? t('ag.in_rooms', { rooms: elsewhere }) : '');
  if (next) labelText($('[data-testid="d-agenda-next"]'), next.title);
  else label($('[data-testid="d-agenda-next"]'), 'ag.end');
  setText($('[data-testid="d-agenda-next-time"]'), next ? clock.span(next, false) : '');
}

/** The organizers' latest message to this screen stays up until a newer one. @param {RoomState} state */
function paintMessage(state) {
  const shown = (state.messages ?? []).filter((m) => m.to === 'display');
  const latest = shown.reduce((a, b) => (b.sent_at_ms >= a.sent_at_ms ? b : a), shown[0]);
  $('[data-testid="d-message"]').hidden = !latest;
  document.body.dataset.message = latest ? 'yes' : 'no';
  setText($('[data-testid="d-message-text"]'), latest?.text ?? '');
}

/**
 * In the plenary, what the groups handed off: a column per group, its conclusions, then its questions
 * with their votes. A room that hands off to a plenary shows nothing here (those are what it sent).
 * @param {Meeting|null} meeting @param {RoomState} state @param {Map<string, {n: number, label: string, text: string}>} tags
 */
function paintHandoffs(meeting, state, tags) {
  const s = /** @type {any} */ (state);
  const handoffs = s.handoff_to ? [] : s.handoffs ?? [];
  const groups = handoffGroups(handoffs, (meeting?.rooms ?? []).map((r) => r.id));
  const band = $('[data-testid="d-handoffs"]');
  band.hidden = groups.length === 0;
  document.body.dataset.handoffs = groups.length ? 'yes' : 'no';
  const box = $('[data-testid="d-handoff-groups"]');
  const sig = JSON.stringify([groups, tags.size, meeting ? 1 : 0]);
  if (box.dataset.sig === sig) return;
  box.dataset.sig = sig;
  const count = groups.reduce((n, g) => n + g.conclusions.length + g.questions.length, 0);
  setAttr(band, 'data-many', count > 6 ? 'yes' : null); // sized in display.css
  box.replaceChildren(...groups.map((g) =>
    h('article', { class: 'ho-group', 'data-testid': 'd-handoff-group', 'data-room': g.room },
      h('h3', { 'data-testid': 'd-handoff-room', text: findRoom(meeting, g.room)?.title ?? g.room }),
      g.conclusions.length ? h('p', { class: 'ho-h', text: t('pl.conclusions') }) : null,
      g.conclusions.length ? h('ul', { class: 'ho-conclusions' }, g.conclusions.map((c) =>
        h('li', { 'data-testid': 'd-handoff-conclusion', 'data-id': c.id },
          h('span', { class: 'ho-text', text: c.text }), ' ', guidingTag(tags, c.guiding_question, 'd-handoff-gq')))) : null,
      g.questions.length ? h('p', { class: 'ho-h', text: t('pl.questions') }) : null,
      g.questions.length ? h('ul', { class: 'ho-questions' }, g.questions.map((q) =>
        h('li', { 'data-testid': 'd-handoff-question', 'data-id': q.id },
          h('span', { class: 'ho-votes', 'data-testid': 'd-handoff-votes', text: votesText(q.votes ?? 0) }), ' ',
          h('span', { class: 'ho-text', text: q.text }), ' ',
          q.name ? h('span', { class: 'ho-by', text: `— ${q.name}` }) : null, ' ',
          guidingTag(tags, q.guiding_question, 'd-handoff-gq')))) : null)));
}

/** How to join: the short link, the code and the QR code of the full link. @param {Room} room */
function showJoin(room) {
  if (room.join_code) setText($('[data-testid="join-code"]'), t('d.code', { code: room.join_code }));
  if (!room.join_path) return;
  const url = `${location.origin}${room.join_path}`;
  // Written as people type it: no scheme (the browser adds it), and broken, if at all, before "/j/".
  const typed = `${location.host}${room.join_path}`;
  setText($('[data-testid="join-url"]'), t('d.join', { url: typed }));
  $('[data-testid="join-link"]').replaceChildren(location.host, h('wbr'), room.join_path);
  if (room.qr_path) {
    const img = /** @type {HTMLImageElement} */ ($('[data-testid="join-qr"]'));
    img.alt = t('d.qr_alt', { url });
    img.src = room.qr_path;
    $('[data-testid="join-box"]').hidden = false;
  }
}

/**
 * The room's guiding questions in the footer, one at a time: the one the current speaker addresses, else
 * each in turn for GQ_SHOWN_MS (by the server clock, so every display of the room shows the same one).
 * @param {GuidingQuestion[]} list @param {RoomState} state @param {number} now
 */
function paintGuiding(list, state, now) {
  const band = $('[data-testid="d-guiding"]');
  band.hidden = list.length === 0;
  setAttr(document.body, 'data-guiding', band.hidden ? 'no' : 'yes'); // attributes: written only when they change
  if (band.hidden) return;
  const addressed = /** @type {any} */ (state.current?.entry)?.guiding_question;
  const pinned = addressed ? list.findIndex((g) => g.id === addressed) : -1;
  const i = pinned >= 0 ? pinned : Math.floor(now / GQ_SHOWN_MS) % list.length;
  const heading = $('[data-testid="d-guiding-heading"]');
  if (pinned >= 0) label(heading, 'pl.gq_speaker', { n: i + 1 });
  else label(heading, 'pl.gq_heading', { n: i + 1, total: list.length });
  setText($('[data-testid="d-guiding-text"]'), list[i].text);
  setAttr(band, 'data-gq', list[i].id);
  setAttr(band, 'data-addressed', pinned >= 0 ? 'yes' : null);
}

/**
 * The plan band (blocks to come, drift and projected end) and the next presenter, from the plan at `now`.
 * @param {Meeting|null} meeting @param {RoomState} state @param {number} now @param {(at: number) => string} time
 */
function paintPlan(meeting, state, now, time) {
  const plan = meeting ? planAt(state, now, meeting.time_zone) : null;
  const items = planItems(plan, time);
  const drift = driftView(plan, time);
  $('[data-testid="d-plan"]').hidden = items.length === 0 && !drift;
  setAttr(document.body, 'data-plan', items.length || drift ? 'yes' : 'no');
  paintPlanLine($('[data-testid="d-plan-line"]'), items);
  paintDrift($('[data-testid="d-plan-drift"]'), drift);
  const next = plan?.next_slot ?? null;
  $('[data-testid="d-next-presenter"]').hidden = !next;
  setAttr(document.body, 'data-next-presenter', next ? 'yes' : 'no');
  setText($('[data-testid="d-next-presenter-name"]'), next?.name ?? '');
  setText($('[data-testid="d-next-presenter-aff"]'), next?.affiliation ?? '');
  // With a presenter up next and nobody on the list, "Nobody is waiting" says nothing useful.
  $('[data-testid="next-section"]').hidden = !!next && state.queue.length === 0;
}

function main() {
  const room = roomFromUrl();
  startPage('d.doc_title', t, { secondLabel: t('lang.second') });
  if (t2) {
    for (const el of document.querySelectorAll('[data-i18n]')) label(/** @type {HTMLElement} */ (el), /** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  }
  /** @type {Meeting|null} */
  let meeting = null;
  /** @type {GuidingQuestion[]} */
  let guiding = [];
  let tags = guidingTags([]);
  let clock = agendaClock(null);
  if (!room) {
    setText($('[data-testid="current-speaker"]'), t('error.no_room'));
    return;
  }
  setText($('[data-testid="room-title"]'), room);
  setText($('[data-testid="join-url"]'), t('d.join', { url: `${location.host}${roomLinks(room).participant}` }));

  const controls = setupDisplayControls(t);
  const announcer = milestoneAnnouncer($('[data-testid="announcer"]'));
  const conn = new Connection({ room, role: 'display' });
  const store = new Store(room);
  connectStore(conn, store);
  showLiveMarker(conn);

  const paint = () => {
    document.body.dataset.live = conn.status === 'live' ? 'yes' : 'no';
    const state = store.state;
    if (!state) return;
    const current = state.current;
    const entry = /** @type {any} */ (current?.entry);
    const presenting = entry?.kind === 'presentation';
    const slot = presenting ? findSlot(state, entry.slot_id) : null;
    const heading = $('[data-testid="now-heading"]');
    if (!presenting) label(heading, 'floor.now');
    else if (slot) label(heading, 'pl.presenting_n', { n: slot.n, total: slot.total });
    else label(heading, 'pl.presenting');
    document.body.dataset.presenting = presenting ? 'yes' : 'no';
    if (current) labelText($('[data-testid="current-speaker"]'), speakerName(current.entry));
    else label($('[data-testid="current-speaker"]'), 'floor.nobody');
    setText($('[data-testid="current-affiliation"]'), current?.entry.affiliation ?? '');
    if (state.segment.label) labelText($('[data-testid="segment-label"]'), state.segment.label);
    else label($('[data-testid="segment-label"]'), 'timer.segment');
    const featured = paintFeature(state);
    const next = state.queue.slice(0, featured ? NEXT_SHOWN_WITH_FEATURE : NEXT_SHOWN);
    $('[data-testid="next-speakers"]').replaceChildren(...next.map((e) =>
      h('li', { 'data-testid': 'next-speaker' },
        h('span', { class: 'who', text: speakerName(e) }),
        guidingTag(tags, /** @type {any} */ (e).guiding_question, 'next-speaker-gq'),
        e.affiliation ? h('span', { class: 'aff', text: e.affiliation }) : null)));
    const more = state.queue.length - next.length;
    const moreEl = $('[data-testid="queue-more"]');
    if (state.queue.length === 0) label(moreEl, 'queue.waiting', { n: 0 });
    else if (more > 0) label(moreEl, 'd.more', { n: more });
    else labelText(moreEl, '');
    paintAgenda(meeting, state, room);
    paintMessage(state);
    paintHandoffs(meeting, state, tags);
    paintClosed(state, clock.time);
  };

  const tick = () => {
    const state = store.state;
    if (!state) return;
    const closedAt = state.closed_at_ms ?? 0;
    const now = roomNow(state, conn.serverNow());
    const current = state.current;
    announcer.turn(current ? `${current.entry.id}@${current.started_at_ms}` : '',
      () => (current ? t('live.speaker', { name: speakerName(current.entry) }) : t('floor.nobody')));
    const levels = {
      speaker: paintTimer($('[data-testid="speaker-timer"]'), $('[data-testid="speaker-status"]'), state.speaker, now, closedAt),
      segment: paintTimer($('[data-testid="segment-timer"]'), $('[data-testid="segment-status"]'), state.segment, now, closedAt),
    };
    for (const [name, level] of Object.entries(levels)) {
      controls.notice(name, level);
      const timer = name === 'speaker' ? state.speaker : state.segment;
      announcer.timer(name, level, () => t('live.timer', {
        timer: name === 'speaker' ? t('timer.speaker') : timer.label || t('timer.segment'),
        state: timerReading(timer, now, closedAt, { translate: t }).words,
      }));
    }
    $('[data-testid="segment"]').hidden = state.segment.duration_ms <= 0;
    paintPlan(meeting, state, now, clock.time);
    paintGuiding(guiding, state, now);
  };

  store.subscribe(() => { paint(); tick(); });
  startTicker(tick, 200);
  paint();

  loadMeeting().then((m) => {
    meeting = m;
    clock = agendaClock(meeting);
    const r = findRoom(meeting, room);
    if (!r) return;
    setText($('[data-testid="room-title"]'), r.title);
    showJoin(r);
    guiding = roomGuidingQuestions(meeting, r);
    tags = guidingTags(guiding, meeting?.guiding_questions ?? []);
    paint();
    tick();
  });
  conn.start();
}

main();
