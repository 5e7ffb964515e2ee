// @ts-check
// What every view does on load and shows the same way: language and strings, the connection badge,
// speaker names, and messages for refused commands.
import { applyStrings, setAttr, setText } from './dom.mjs';
import { LANGUAGE, t } from './strings.mjs';

/** @typedef {import('../../protocol/js/protocol.mjs').QueueEntry} QueueEntry */

/** Fills the page's strings and title. @param {string} titleKey */
export function startPage(titleKey) {
  document.documentElement.lang = LANGUAGE;
  applyStrings(document, t);
  document.title = t(titleKey);
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
 * Shows a message in an alert region for a while.
 * @param {HTMLElement} el
 * @returns {(text: string) => void}
 */
export function messenger(el) {
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;
  return (text) => {
    clearTimeout(timer);
    setText(el, text);
    el.hidden = text === '';
    if (text) timer = setTimeout(() => { setText(el, ''); el.hidden = true; }, 8000);
  };
}
