// @ts-check
// The landing page: the meeting, a room-code box, and every room with links to its pages.
import { $, h, setText } from './dom.mjs';
import { t } from './strings_screens.mjs';
import { loadMeeting, roomLinks } from './meeting.mjs';
import { startPage } from './page.mjs';
import { LANGUAGE } from './strings.mjs';

/** @typedef {import('./types.mjs').Meeting} Meeting */

/** "2019-06-17" as a long date in the page's language ("lundi 17 juin 2019"), or the text itself. @param {string} date */
function longDate(date) {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T12:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(LANGUAGE, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
}

/** @param {Meeting} meeting */
function showMeeting(meeting) {
  document.title = meeting.title;
  setText($('[data-testid="meeting-title"]'), meeting.title);
  setText($('[data-testid="meeting-subtitle"]'), meeting.subtitle ?? '');
  setText($('[data-testid="meeting-when"]'), [meeting.date ? longDate(meeting.date) : '', meeting.venue ?? ''].filter(Boolean).join(' · '));
  $('[data-testid="meeting-status"]').hidden = true;
  $('[data-testid="rooms"]').replaceChildren(...meeting.rooms.map((room) => {
    const links = roomLinks(room.id);
    return h('li', { 'data-testid': 'room', 'data-room': room.id },
      h('h3', { text: room.title }),
      room.theme ? h('p', { class: 'muted', text: room.theme }) : null,
      h('div', { class: 'links' },
        h('a', { class: 'primary', href: links.participant, text: t('i.participant') }),
        h('a', { href: links.display, text: t('i.display') }),
        h('a', { href: links.facilitator, text: t('i.facilitator') })));
  }));

  const form = /** @type {HTMLFormElement} */ ($('#code-form'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = String(new FormData(form).get('code') ?? '').trim().toUpperCase();
    const room = meeting.rooms.find((r) => r.join_code && r.join_code.toUpperCase() === code);
    if (room) location.assign(roomLinks(room.id).participant);
    else setText($('[data-testid="code-note"]'), t('i.code_bad'));
  });
}

startPage('i.doc_title', t);
loadMeeting().then((meeting) => {
  if (meeting) showMeeting(meeting);
  else setText($('[data-testid="meeting-status"]'), t('i.load_failed'));
});
