// The catalogs in node, no browser: every area has the same keys in English, French and Spanish with the
// same {placeholders}; every key the views name is in the catalogs; counts, numbers and the choice of
// language follow the rules strings.mjs states; French typography keeps its non-breaking spaces.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const web = new URL('../../web-client/', import.meta.url);
const { LANGUAGES, makeTranslator, pickLanguage, languageOf, direction, ordinal } = await import('../../web-client/js/strings.mjs');

/** The areas: '' is strings.<lang>.mjs, the shared words and the phone's. */
const AREAS = ['', 'plan', 'poll', 'screens', 'record', 'session', 'organizer'];

/** @param {string} area @param {string} lang @returns {Promise<Record<string, string>>} */
const load = async (area, lang) => (await import(new URL(`js/strings${area ? `_${area}` : ''}.${lang}.mjs`, web).href)).default;

/** @type {Record<string, Record<string, Record<string, string>>>} area → language → words */
const catalogs = {};
for (const area of AREAS) {
  catalogs[area] = Object.fromEntries(await Promise.all(LANGUAGES.map(async (lang) => [lang, await load(area, lang)])));
}
/** Every language's words of every area in one object. @param {string} lang */
const all = (lang) => Object.assign({}, ...AREAS.map((area) => catalogs[area][lang]));

/** @param {string} text */
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  test('every catalog file of the web client is one of the areas', () => {
    const files = readdirSync(new URL('js/', web)).filter((f) => /^strings.*\.[a-z]{2}\.mjs$/.test(f)).sort();
    const expected = AREAS.flatMap((area) => LANGUAGES.map((lang) => `strings${area ? `_${area}` : ''}.${lang}.mjs`)).sort();
    assert.deepEqual(files, expected);
  });

  for (const area of AREAS) {
    test(`${area || 'shared'}: French and Spanish have exactly the English keys, with the same placeholders`, () => {
      const en = catalogs[area].en;
      for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
        const other = catalogs[area][lang];
        assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `${lang}: the same keys`);
        for (const [key, text] of Object.entries(en)) {
          assert.deepEqual(placeholders(other[key]), placeholders(text), `${lang} ${key}: the same placeholders`);
          assert.ok(other[key].trim() !== '', `${lang} ${key}: not empty`);
        }
      }
    });
  }

  test('no key is in two areas: a page that merges them would lose one', () => {
    const seen = new Map();
    for (const area of AREAS) {
      for (const key of Object.keys(catalogs[area].en)) {
        assert.ok(!seen.has(key), `${key} is in ${seen.get(key) || 'shared'} and ${area || 'shared'}`);
        seen.set(key, area);
      }
    }
  });

  test('a count has its "one" and "other" forms in every language, and only counts say {n} in them', () => {
    for (const lang of LANGUAGES) {
      const words = all(lang);
      for (const key of Object.keys(words).filter((k) => k.endsWith('_other'))) {
        const base = key.slice(0, -'_other'.length);
        assert.ok(`${base}_one` in words, `${lang}: ${base}_one`);
        assert.ok(!(base in words), `${lang}: ${base} is a count, not a key of its own`);
        assert.ok(placeholders(words[key]).includes('n'), `${lang}: ${key} says {n}`);
      }
    }
  });

  test('French puts a non-breaking space before : ; ? ! and inside « », never a plain one', () => {
    for (const [key, text] of Object.entries(all('fr'))) {
      assert.doesNotMatch(text, / [:;?!»]|« /, `fr ${key}: ${JSON.stringify(text)}`);
    }
  });

  test('every key the views name is in the English catalogs', () => {
    const known = all('en');
    const has = (/** @type {string} */ key) => key in known || `${key}_other` in known;
    /** @type {string[]} */
    const missing = [];
    const js = new URL('js/', web);
    for (const file of readdirSync(js).filter((f) => f.endsWith('.mjs') && !f.startsWith('strings'))) {
      const source = readFileSync(new URL(file, js), 'utf8');
      // The first argument of a translator call, or of the display's label(): every quoted key in it.
      for (const call of source.matchAll(/\b(?:t|tp|t2|translate|label|startPage)\(([^{)]*)/g)) {
        for (const [, key] of call[1].matchAll(/'([a-z_]+(?:\.[a-z0-9_]+)+)'/g)) if (!has(key)) missing.push(`${file}: ${key}`);
      }
    }
    for (const file of readdirSync(web).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(new URL(file, web), 'utf8');
      for (const [, key] of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) if (!has(key)) missing.push(`${file}: ${key}`);
    }
    assert.deepEqual(missing, []);
  });

  test('the pages carry no visible English of their own: their words come from data-i18n', () => {
    for (const file of readdirSync(web).filter((f) => f.endsWith('.html'))) {
      // Without JavaScript a page can only say so in the three languages: no catalog can come.
      const body = readFileSync(new URL(file, web), 'utf8').replace(/^[\s\S]*<body[^>]*>/, '').replace(/<noscript>[\s\S]*?<\/noscript>/, '');
      // Text between tags, other than the product's name and the signs of the console's buttons.
      const texts = [...body.matchAll(/>([^<>]+)</g)].map((m) => m[1].trim()).filter((s) => s && !/^(Podium|·)$/.test(s));
      assert.deepEqual(texts, [], file);
    }
  });
});

describe('translator', () => {
  test('counts take their form from the language\'s plural rules; nothing at all says so', () => {
    const cases = {
      en: ['Nobody is waiting', '1 person waiting', '2 people waiting'],
      fr: ['Personne n’attend', '1 personne en attente', '2 personnes en attente'],
      es: ['No hay nadie en espera', '1 persona en espera', '2 personas en espera'],
    };
    for (const [lang, expected] of Object.entries(cases)) {
      const t = makeTranslator(lang, all(lang));
      assert.deepEqual([0, 1, 2].map((n) => t('queue.waiting', { n })), expected, lang);
    }
    // French counts 0 and 1 as "one"; English says "0 votes".
    assert.equal(makeTranslator('en', all('en'))('q.votes', { n: 0 }), '0 votes');
    assert.equal(makeTranslator('fr', all('fr'))('q.votes', { n: 0 }), '0 vote');
    assert.equal(makeTranslator('es', all('es'))('fb.turns', { n: 1 }), '1 intervención');
  });

  test('numbers in placeholders are written the language\'s way', () => {
    assert.equal(makeTranslator('en', all('en'))('poll.voters', { n: 1234 }), '1,234 votes');
    assert.equal(makeTranslator('fr', all('fr'))('poll.voters', { n: 1234 }), '1\u202f234 votes');
    assert.equal(makeTranslator('es', all('es'))('poll.voters', { n: 12345 }), '12.345 votos');
  });

  test('a key no catalog has comes back as itself; a placeholder not given stays', () => {
    const t = makeTranslator('en', all('en'));
    assert.equal(t('no.such_key'), 'no.such_key');
    assert.equal(t('d.code', {}), 'Room code {code}');
  });

  test('this page\'s ordinals (English in node)', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 22].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '22nd']);
  });
});

describe('choice of language', () => {
  test('the first browser language Podium speaks, else English', () => {
    assert.equal(pickLanguage(['fr-CH', 'en']), 'fr');
    assert.equal(pickLanguage(['es-419']), 'es');
    assert.equal(pickLanguage(['de-CH', 'es-ES', 'fr']), 'es');
    assert.equal(pickLanguage(['de', 'zh-Hans']), 'en');
    assert.equal(pickLanguage([]), 'en');
    assert.equal(languageOf('FR_ca'), 'fr');
    assert.equal(languageOf('english'), null);
  });

  test('the direction comes from the language: right to left for Arabic, else left to right', () => {
    assert.equal(direction('fr'), 'ltr');
    assert.equal(direction('en'), 'ltr');
    // Node's Intl may lack text info: then every language reads left to right, which is the fallback.
    assert.ok(['rtl', 'ltr'].includes(direction('ar')));
    assert.equal(direction('not a tag!'), 'ltr');
  });
});
