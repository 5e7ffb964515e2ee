// @ts-check
// The minutes to read and print: /minutes.html?room=ID for one room, /minutes.html for the whole meeting.
// The page fetches minutes.md with a key this device already keeps — the room's facilitator key (as the
// facilitator page keeps it, podium.key.ID) or the organizer key (podium.organizer_key) — in an
// Authorization header, and builds the Markdown as DOM with text nodes only (markdown.mjs). Without a key
// that works it says so and links to the page where the key is entered. Printing hides the toolbar
// (css/minutes.css: A4, tables kept whole row by row with their header repeated).
import { $, setAttr, setText } from './dom.mjs';
import { storage } from './device.mjs';
import { startPage } from './page.mjs';
import { t } from './strings_record.mjs';
import { fetchExport, saveBlob } from './exports.mjs';
import { parseMarkdown, plainText, renderMarkdown } from './markdown.mjs';
import { findRoom, loadMeeting } from './meeting.mjs';

const ORGANIZER_SLOT = 'podium.organizer_key';

/**
 * The keys to try, in order: the room's facilitator key, then the organizer key (which opens every room
 * and the whole meeting).
 * @param {string} room '' for the whole meeting @param {Storage|null} ls
 * @returns {{key: string, who: 'facilitator'|'organizer'}[]}
 */
export function keysToTry(room, ls) {
  /** @type {{key: string, who: 'facilitator'|'organizer'}[]} */
  const keys = [];
  const facilitator = room ? ls?.getItem(`podium.key.${room}`) ?? '' : '';
  const organizer = ls?.getItem(ORGANIZER_SLOT) ?? '';
  if (facilitator) keys.push({ key: facilitator, who: 'facilitator' });
  if (organizer && organizer !== facilitator) keys.push({ key: organizer, who: 'organizer' });
  return keys;
}

/** The page where a key for these minutes is entered. @param {string} room */
const keyPage = (room) => (room ? `/facilitator.html?room=${encodeURIComponent(room)}` : '/organizer.html');

function main() {
  startPage('m.doc_title', t);
  const params = new URLSearchParams(location.search);
  const asked = params.get('room');
  const room = asked ?? '';
  const status = $('[data-testid="minutes-status"]');
  const article = $('[data-testid="minutes"]');
  const messageBox = $('[data-testid="minutes-message"]');
  const printButton = /** @type {HTMLButtonElement} */ ($('[data-testid="minutes-print"]'));
  const downloadButton = /** @type {HTMLButtonElement} */ ($('[data-testid="minutes-download"]'));
  const retry = /** @type {HTMLButtonElement} */ ($('[data-testid="minutes-retry"]'));
  const back = $('[data-testid="minutes-back"]');
  setText($('[data-testid="minutes-for"]'), room ? t('m.room', { room }) : t('m.whole'));
  // The room's title once the meeting is known (the id until then, or if it cannot be loaded).
  if (room) loadMeeting().then((m) => { const r = findRoom(m, room); if (r) setText($('[data-testid="minutes-for"]'), t('m.room', { room: r.title })); });
  /** @param {'facilitator'|'organizer'} who */
  const backTo = (who) => {
    setAttr(back, 'href', who === 'facilitator' ? keyPage(room) : '/organizer.html');
    setText(back, t(who === 'facilitator' ? 'm.link_facilitator' : 'm.link_organizer'));
  };
  backTo(room ? 'facilitator' : 'organizer');

  /** @type {{blob: Blob, filename: string}|null} */
  let file = null;
  printButton.addEventListener('click', () => window.print());
  downloadButton.addEventListener('click', () => { if (file) saveBlob(file.blob, file.filename); });
  retry.addEventListener('click', () => load());

  /** @param {string} text @param {{href: string, label: string}|null} link @param {boolean} [canRetry] */
  const tell = (text, link, canRetry = false) => {
    status.hidden = true;
    article.hidden = true;
    messageBox.hidden = false;
    setText($('[data-testid="minutes-message-text"]'), text);
    const a = $('[data-testid="minutes-link"]');
    a.hidden = !link;
    if (link) {
      setAttr(a, 'href', link.href);
      setText(a, link.label);
    }
    retry.hidden = !canRetry;
  };
  const keyLink = () => ({ href: keyPage(room), label: t(room ? 'm.link_facilitator' : 'm.link_organizer') });

  const load = async () => {
    if (asked !== null && !/^[a-z0-9-]{1,32}$/.test(room)) {
      tell(t('m.not_found', { room }), { href: '/', label: t('m.link_organizer') });
      return;
    }
    const keys = keysToTry(room, storage('localStorage'));
    if (keys.length === 0) {
      tell(t(room ? 'm.no_key_room' : 'm.no_key_meeting', { room }), keyLink());
      return;
    }
    messageBox.hidden = true;
    status.hidden = false;
    setText(status, t('m.loading'));
    for (const { key, who } of keys) {
      const r = await fetchExport('minutes.md', room, key);
      if (r.ok) {
        file = { blob: r.blob, filename: r.filename };
        const blocks = parseMarkdown(await r.blob.text());
        renderMarkdown(blocks, article);
        const first = blocks.find((b) => b.type === 'heading');
        if (first && first.type === 'heading') document.title = t('m.doc_title_of', { title: plainText(first.content) });
        status.hidden = true;
        article.hidden = false;
        printButton.disabled = false;
        downloadButton.disabled = false;
        backTo(who);
        return;
      }
      if (r.status === 401 || r.status === 403) continue; // the next key may open it
      if (r.status === 404) tell(t('m.not_found', { room }), keyLink());
      else tell(t('m.failed', { problem: r.message }), null, true);
      return;
    }
    tell(t(room ? 'm.bad_key_room' : 'm.bad_key_meeting', { room }), keyLink());
  };
  load();
}

if (typeof document !== 'undefined') main();
