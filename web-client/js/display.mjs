// @ts-check
// The room display: read-only. Current speaker, the speaker and segment timers in huge digits with
// colour and words at the thresholds, the next three speakers, the join code, and a "not live" banner
// whenever the socket is down (the digits still run from the last known state). Below them, when there
// is one, the question being answered and the poll: its options and vote count while open, and its
// results as bars with counts and percentages once revealed. Always: how to join (code, link, QR code),
// the agenda item on now and the next one, and the organizers' latest message to this screen.
import { Connection } from './connection.mjs';
import { Store, connectStore } from './store.mjs';
import { remainingMs, startTicker, timerLevel } from './clock.mjs';
import { remainingText } from './format.mjs';
import { $, h, setAttr, setText } from './dom.mjs';
import { t } from './strings_screens.mjs';
import { findRoom, loadMeeting, roomFromUrl, roomLinks } from './meeting.mjs';
import { speakerName, startPage } from './page.mjs';
import { timerStatus } from './timer_words.mjs';
import { askerName, findQuestion } from './questions.mjs';
import { currentPoll, optionLabels, resultsList, showsResults, votersText } from './polls.mjs';
import { agendaClock, agendaPlace } from './agenda.mjs';

/** @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState */
/** @typedef {import('./types.mjs').Meeting} Meeting */
/** @typedef {import('./types.mjs').Room} Room */
/** @typedef {import('../../protocol/js/types.mjs').Timer} Timer */

const NEXT_SHOWN = 3;

/**
 * @param {HTMLElement} digits @param {HTMLElement} words @param {Timer} timer @param {number} now
 */
function paintTimer(digits, words, timer, now) {
  const level = timerLevel(timer, now);
  const text = remainingText(remainingMs(timer, now));
  setText(digits, text);
  setAttr(digits, 'data-level', level);
  setAttr(digits, 'data-len', text.length <= 4 ? '4' : text.length <= 6 ? 'short' : 'long'); // sized in display.css
  setText(words, timerStatus(timer, now));
  setAttr(words, 'data-level', level);
}

/** The question being answered and the poll, under the timers. @param {RoomState} state */
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
  if (!poll) return;
  const results = showsResults(poll, false);
  const votes = votersText(poll.voters ?? 0);
  // With bars the count goes in the heading: the band has no room for another line.
  setText($('[data-testid="d-poll-heading"]'), results ? `${t('d.results')} · ${votes}` : t('poll.heading'));
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
  setText($('[data-testid="d-agenda-now"]'), current ? current.title : t('ag.none'));
  setText($('[data-testid="d-agenda-now-time"]'), current ? clock.span(current) : '');
  const elsewhere = current && current.rooms.length > 0 && !current.rooms.includes(roomId)
    ? current.rooms.map((id) => findRoom(meeting, id)?.title ?? id).join(', ') : '';
  setText($('[data-testid="d-agenda-now-where"]'), elsewhere ? t('ag.in_rooms', { rooms: elsewhere }) : '');
  setText($('[data-testid="d-agenda-next"]'), next ? next.title : t('ag.end'));
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

/** How to join: the short link, the code and the QR code of the full link. @param {Room} room */
function showJoin(room) {
  if (room.join_code) setText($('[data-testid="join-code"]'), t('d.code', { code: room.join_code }));
  if (!room.join_path) return;
  const url = `${location.origin}${room.join_path}`;
  setText($('[data-testid="join-url"]'), t('d.join', { url }));
  setText($('[data-testid="join-link"]'), url);
  if (room.qr_path) {
    const img = /** @type {HTMLImageElement} */ ($('[data-testid="join-qr"]'));
    img.alt = t('d.qr_alt', { url });
    img.src = room.qr_path;
    $('[data-testid="join-box"]').hidden = false;
  }
}

function main() {
  const room = roomFromUrl();
  startPage('d.doc_title', t);
  /** @type {Meeting|null} */
  let meeting = null;
  if (!room) {
    setText($('[data-testid="current-speaker"]'), t('error.no_room'));
    return;
  }
  setText($('[data-testid="room-title"]'), room);
  setText($('[data-testid="join-url"]'), t('d.join', { url: `${location.host}${roomLinks(room).participant}` }));

  const conn = new Connection({ room, role: 'display' });
  const store = new Store(room);
  connectStore(conn, store);

  const paint = () => {
    document.body.dataset.live = conn.status === 'live' ? 'yes' : 'no';
    const state = store.state;
    if (!state) return;
    const current = state.current;
    setText($('[data-testid="current-speaker"]'), current ? speakerName(current.entry) : t('floor.nobody'));
    setText($('[data-testid="current-affiliation"]'), current?.entry.affiliation ?? '');
    setText($('[data-testid="segment-label"]'), state.segment.label || t('timer.segment'));
    const next = state.queue.slice(0, NEXT_SHOWN);
    $('[data-testid="next-speakers"]').replaceChildren(...next.map((e) =>
      h('li', { 'data-testid': 'next-speaker' },
        h('span', { class: 'who', text: speakerName(e) }),
        e.affiliation ? h('span', { class: 'aff', text: e.affiliation }) : null)));
    const more = state.queue.length - next.length;
    setText($('[data-testid="queue-more"]'), state.queue.length === 0 ? t('queue.waiting_none') : more > 0 ? t('d.more', { n: more }) : '');
    paintFeature(state);
    paintAgenda(meeting, state, room);
    paintMessage(state);
  };

  const tick = () => {
    const state = store.state;
    if (!state) return;
    const now = conn.serverNow();
    paintTimer($('[data-testid="speaker-timer"]'), $('[data-testid="speaker-status"]'), state.speaker, now);
    paintTimer($('[data-testid="segment-timer"]'), $('[data-testid="segment-status"]'), state.segment, now);
    $('[data-testid="segment"]').hidden = state.segment.duration_ms <= 0;
  };

  store.subscribe(() => { paint(); tick(); });
  startTicker(tick, 200);
  paint();

  loadMeeting().then((m) => {
    meeting = m;
    const r = findRoom(meeting, room);
    if (!r) return;
    setText($('[data-testid="room-title"]'), r.title);
    showJoin(r);
    paint();
  });
  conn.start();
}

main();
