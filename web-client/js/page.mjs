// @ts-check
// What every view does on load and shows the same way: language and strings, the language switcher, the
// connection badge, speaker names, messages for refused commands, and the one-line agenda of the phone and
// the console.
import { $, applyStrings, h, setAttr, setText } from './dom.mjs';
import { storage } from './device.mjs';
import {
  LANGUAGE, LANGUAGES, LANGUAGE_NAMES, LANGUAGE_SLOT, SECOND_LANGUAGE, SECOND_SLOT, direction, t,
} from './strings.mjs';

/**
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./types.mjs').AgendaItem} AgendaItem
 * @typedef {import('./strings.mjs').Language} Language
 */

/**
 * Fills the page's strings and title, says its language and direction (<html lang dir>) and puts the
 * language switcher at the end of its header.
 * @param {string} titleKey @param {(key: string) => string} [translate] the view's translator, if it has its own words
 * @param {{secondLabel?: string}} [options] secondLabel: the switcher also offers a second language (the display)
 */
export function startPage(titleKey, translate = t, { secondLabel } = {}) {
  document.querySelector('[data-boot]')?.remove(); // the script runs: no more "loading" or "too old?"
  document.documentElement.lang = LANGUAGE;
  document.documentElement.dir = direction(LANGUAGE);
  applyStrings(document, translate);
  document.title = translate(titleKey);
  document.querySelector('header')?.append(languageSwitcher(secondLabel));
}

/**
 * Keeps a choice of language on this device (or, where storage is off, in the address) and reloads the
 * page in it: the views build their words once, and the connection resumes where it was.
 * @param {Language} lang @param {Language|null} [second] the display's second language; undefined keeps it
 */
export function switchLanguage(lang, second) {
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  const ls = storage('localStorage');
  if (ls) {
    ls.setItem(LANGUAGE_SLOT, lang);
    if (second === null) ls.removeItem(SECOND_SLOT);
    else if (second) ls.setItem(SECOND_SLOT, second);
  } else {
    const pair = second === undefined ? SECOND_LANGUAGE : second;
    url.searchParams.set('lang', pair && pair !== lang ? `${lang} ${pair}` : lang);
  }
  history.replaceState(history.state, '', url.href);
  location.reload();
}

/**
 * EN · FR · ES, the page's language pressed; with `secondLabel`, a second row adds a language to the
 * first (+FR), pressed again to take it away. Each button's name is what it shows followed by the language's
 * own name ("FR Français"): speech control finds it by the letters on it (WCAG 2.5.3).
 * @param {string} [secondLabel]
 */
function languageSwitcher(secondLabel) {
  /** @param {Language} lang @param {boolean} pressed @param {string} mark "+" on the second row @param {(() => void)|null} go */
  const button = (lang, pressed, mark, go) =>
    h('button', { type: 'button', lang, 'data-lang': lang, 'aria-pressed': String(pressed), 'aria-label': `${mark}${lang.toUpperCase()} ${LANGUAGE_NAMES[lang]}`,
      title: LANGUAGE_NAMES[lang], text: `${mark}${lang.toUpperCase()}`, onclick: go });
  // On the display a new first language keeps the second one, or swaps with it ("EN+FR", FR → "FR+EN").
  const keep = (/** @type {Language} */ lang) => (!secondLabel ? undefined : SECOND_LANGUAGE === lang ? LANGUAGE : SECOND_LANGUAGE);
  const first = h('div', { class: 'lang-row', role: secondLabel ? 'group' : null, 'aria-label': secondLabel ? t('lang.label') : null },
    LANGUAGES.map((lang) => button(lang, lang === LANGUAGE, '', lang === LANGUAGE ? null : () => switchLanguage(lang, keep(lang)))));
  const second = secondLabel
    ? h('div', { class: 'lang-row', role: 'group', 'aria-label': secondLabel, 'data-testid': 'lang-second' },
      LANGUAGES.filter((lang) => lang !== LANGUAGE).map((lang) => button(lang, lang === SECOND_LANGUAGE, '+',
        () => switchLanguage(LANGUAGE, lang === SECOND_LANGUAGE ? null : lang))))
    : null;
  return h('nav', { class: 'lang-switch', 'aria-label': t('lang.label'), 'data-testid': 'lang-switch', 'data-view-only': true },
    first, second);
}

/**
 * A refusal in words: the server's own message (written in English) on an English page, else this
 * language's words for its code.
 * @param {{code: string, message?: string}} reject
 */
export function rejectText(reject) {
  const key = `reject.${reject.code}`;
  if (LANGUAGE === 'en' && reject.message) return reject.message;
  const text = t(key);
  return text !== key ? text : reject.message ?? reject.code;
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
