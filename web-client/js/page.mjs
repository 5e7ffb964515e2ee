// @ts-check
// What every view does on load and shows the same way: language and strings, the connection badge,
// speaker names, and messages for refused commands.
import { applyStrings, setAttr, setText } from './dom.mjs';
import { LANGUAGE, t } from './strings.mjs';
import { remainingMs, timerLevel } from './clock.mjs';
import { overtimeText, remainingText } from './format.mjs';

/** @typedef {import('../../protocol/js/protocol.mjs').Timer} Timer */

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
 * The words under a timer's digits: its state, and at the thresholds the warning or time-up text,
 * so colour is never the only signal.
 * @param {Timer} timer @param {number} now
 */
export function timerStatus(timer, now) {
  const level = timerLevel(timer, now);
  const left = remainingMs(timer, now);
  if (level === 'expired') return left <= -1000 ? t('timer.overtime', { time: overtimeText(left) }) : t('timer.up');
  if (level === 'warning' && timer.run === 'running') return t('timer.warning', { time: remainingText(left) });
  return t(`timer.${timer.run}`);
}
