// @ts-check
// What every view does on load and shows the same way: language and strings, the connection badge,
// speaker names, and messages for refused commands.
import { applyStrings, setAttr, setText } from './dom.mjs';
import { LANGUAGE, t } from './strings.mjs';


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
