// @ts-check
// The reader's language and the translators every view uses. The words themselves are in catalogs, one
// file per area and language with the same keys: strings.en.mjs, strings.fr.mjs, strings.es.mjs for the
// words every view shares and the phone's own; strings_<area>.<lang>.mjs for the plan, polls, the other
// screens, the record, the console's session and the organizer page. A page loads the catalogs of its
// areas in its language only (the phones stay under 100 kB): each area's module awaits its translator at
// load (top-level await), so the views call t() as plain functions.
//
// The language is chosen per device: ?lang= in the address, else the one picked with a switcher (kept in
// localStorage), else the first of the browser's languages that Podium speaks, else English. The display
// may add a second language for its big labels (?lang=en+fr, or its switcher).
// Counts go through Intl.PluralRules (a key's _zero/_one/_other… forms), numbers in placeholders through
// Intl.NumberFormat, ordinals through the ordinal rules; times of day are formatted by their views with
// Intl in the meeting's zone, in this language.

/** @typedef {'en'|'fr'|'es'} Language */
/** @typedef {(key: string, params?: Record<string, string|number>) => string} Translate */

/** The languages every view speaks, in the order the switchers offer them. */
export const LANGUAGES = /** @type {readonly Language[]} */ (Object.freeze(['en', 'fr', 'es']));

/** Each language's name in itself, as a switcher offers it: a reader looks for their own language's name. */
export const LANGUAGE_NAMES = Object.freeze({ en: 'English', fr: 'Français', es: 'Español' });

/** Where the device keeps its choice, and the display its second language. */
export const LANGUAGE_SLOT = 'podium.lang';
export const SECOND_SLOT = 'podium.lang2';

/** The language Podium speaks for a BCP 47 tag ("fr-CH" → "fr"), or null. @param {unknown} tag @returns {Language|null} */
export function languageOf(tag) {
  const base = String(tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === base) ?? null;
}

/**
 * The first of the browser's languages that Podium speaks, else English: fr-CH → fr, es-419 → es.
 * @param {readonly string[]} wanted navigator.languages
 * @returns {Language}
 */
export function pickLanguage(wanted) {
  for (const tag of wanted) {
    const lang = languageOf(tag);
    if (lang) return lang;
  }
  return 'en';
}

/**
 * The writing direction of a language, from Intl.Locale's text info where the browser has it.
 * @param {string} lang @returns {'ltr'|'rtl'}
 */
export function direction(lang) {
  try {
    const locale = /** @type {any} */ (new Intl.Locale(lang));
    const info = typeof locale.getTextInfo === 'function' ? locale.getTextInfo() : locale.textInfo;
    return info?.direction === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** @param {string} slot */
function kept(slot) {
  try {
    return globalThis.localStorage?.getItem(slot) ?? null;
  } catch {
    return null; // storage disabled: the browser's language it is
  }
}

/** "?lang=en+fr" reads "en fr" once decoded; "en,fr" works too. */
const asked = (() => {
  try {
    return (new URLSearchParams(globalThis.location?.search ?? '').get('lang') ?? '').split(/[\s+,]+/).filter(Boolean);
  } catch {
    return [];
  }
})();

const browser = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];

/** The language of this page. */
export const LANGUAGE = languageOf(asked[0]) ?? languageOf(kept(LANGUAGE_SLOT)) ?? pickLanguage(browser);

/** A second language for the display's big labels, or null (other views ignore it). */
export const SECOND_LANGUAGE = (() => {
  const second = asked.length ? languageOf(asked[1]) : languageOf(kept(SECOND_SLOT));
  return second && second !== LANGUAGE ? second : null;
})();

/** @type {Map<string, Promise<Record<string, string>>>} */
const loading = new Map();

/**
 * One area's catalog in one language, loaded once.
 * @param {string} area '' for the shared words, else 'plan', 'poll', 'screens', 'record', 'session', 'organizer'
 * @param {Language} [lang]
 * @returns {Promise<Record<string, string>>}
 */
export function catalog(area, lang = LANGUAGE) {
  const file = `./strings${area ? `_${area}` : ''}.${lang}.mjs`;
  let found = loading.get(file);
  if (!found) {
    found = import(file).then((m) => m.default);
    loading.set(file, found);
  }
  return found;
}

/**
 * A translator over one language's words: the text for `key` with its {name} placeholders filled in
 * (numbers formatted for the language), or the key itself when no catalog has it. A key the catalog
 * lacks but whose count forms it has ("q.votes" → "q.votes_one", "q.votes_other") is a count: the form
 * for params.n, by the language's plural rules, with _zero for nothing at all when the catalog says it.
 * @param {Language} lang @param {Record<string, string>} words
 * @returns {Translate}
 */
export function makeTranslator(lang, words) {
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  return (key, params) => {
    let text = words[key];
    if (text === undefined && typeof params?.n === 'number') {
      const n = params.n;
      text = (n === 0 ? words[`${key}_zero`] : undefined) ?? words[`${key}_${plurals.select(n)}`] ?? words[`${key}_other`];
    }
    if (text === undefined) return key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name) => {
      const value = params[name];
      if (value === undefined) return m;
      return typeof value === 'number' ? numbers.format(value) : String(value);
    });
  };
}

/**
 * A translator over the shared words and those of the given areas.
 * @param {string[]} areas @param {Language} [lang]
 * @returns {Promise<Translate>}
 */
export async function translatorFor(areas, lang = LANGUAGE) {
  const parts = await Promise.all(['', ...areas].map((area) => catalog(area, lang)));
  return makeTranslator(lang, Object.assign({}, ...parts));
}

/** The text for `key` from the shared words. */
export const t = await translatorFor([]);

const ordinals = new Intl.PluralRules(LANGUAGE, { type: 'ordinal' });

/** A place in line: 1st, 2nd, 3rd, 11th… in English, 1re, 2e in French, 1.ª in Spanish. @param {number} n */
export function ordinal(n) {
  return t(`ord.${ordinals.select(n)}`, { n });
}

/** "in 5 seconds", in the page's language. */
const relative = new Intl.RelativeTimeFormat(LANGUAGE, { numeric: 'always' });

/** A number of seconds from now, in words. @param {number} seconds */
export function inSeconds(seconds) {
  return relative.format(seconds, 'second');
}
