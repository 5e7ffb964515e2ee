// @ts-check
// What every view does on load and shows the same way: language and strings, the connection badge,
// speaker names, messages for refused commands, and the one-line agenda of the phone and the console.
import { $, applyStrings, setAttr, setText } from './dom.mjs';
import { LANGUAGE, t } from './strings.mjs';

/**
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./types.mjs').AgendaItem} AgendaItem
 */


/**
 * Fills the page's strings and title.
 * @param {string} titleKey @param {(key: string) => string} [translate] the view's translator, if it has its own words
 */
export function startPage(titleKey, translate = t) {
  document.documentElement.lang = LANGUAGE;
  applyStrings(document, translate);
  document.title = translate(titleKey);
}

/** @param {Element} el @param {string} status the connection's status */
export function showStatus(el, status) {
  setText(el, t(`conn.${status}`));
  setAttr(el, 'data-status', status);
}

/** A speaker's name as shown; participants may stay nameless. @param {{name: string}} entry */
export function speakerName(entry) {
  return entry.name || t('floor.anonymous');
}

/**
 * Shows a message in an alert region for a while; a click dismisses it.
 * @param {HTMLElement} el
 * @returns {(text: string) => void}
 */
export function messenger(el) {
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;
  el.addEventListener('click', () => { setText(el, ''); el.hidden = true; });
  return (text) => {
    clearTimeout(timer);
    setText(el, text);
    el.hidden = text === '';
    if (text) timer = setTimeout(() => { setText(el, ''); el.hidden = true; }, 8000);
  };
}

/**
 * The agenda in one line ([data-testid="agenda-line"], "agenda-now", "agenda-next"): the item on now
 * (agenda.item_id of the room state) and the next one with its start. The line is cut short on a
 * phone, so the whole text is also its title.
 * @param {Meeting|null} meeting @param {string|null|undefined} itemId @param {boolean} ready the room state is known
 * @param {(item: AgendaItem) => string} startOf the start time as shown
 */
export function paintAgendaLine(meeting, itemId, ready, startOf) {
  const items = meeting?.agenda ?? [];
  const line = $('[data-testid="agenda-line"]');
  line.hidden = !items.length || !ready;
  if (line.hidden) return;
  const i = itemId ? items.findIndex((x) => x.id === itemId) : -1;
  const next = itemId && i < 0 ? null : items[i + 1];
  const texts = {
    'agenda-now': i >= 0 ? t('ag.now', { title: items[i].title }) : t('ag.not_started'),
    'agenda-next': next ? t('ag.next', { time: startOf(next), title: next.title }) : '',
  };
  for (const [id, text] of Object.entries(texts)) {
    const el = $(`[data-testid="${id}"]`, line);
    setText(el, text);
    setAttr(el, 'title', text || null);
  }
}
