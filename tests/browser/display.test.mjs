// The room display read from the back of a hall, in Debian's chromium against the real podium binary: a
// dark page, the speaker's digits in a monospace font and huge at 1080p and at 4K, the warning and time-up
// said in words as well as colour, nothing flashing more than three times a second (and no motion at all
// for who asked for less), the screen kept awake or the page saying it cannot, full screen on request, and
// a sound at time-up only once a click turned it on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { joinRoom } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, viewRegistry } from '../support/browser.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const ROOM = 'group-2';
const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };

const env = browserTestSetUp({ chair: ROOM });
const views = viewRegistry(() => env.browser, () => env.podium.url);

/** @param {string} type @param {Record<string, any>} [fields] */
async function command(type, fields = {}) {
  const reply = await env.desk.command(type, fields);
  assert.equal(reply.type, 'ack', `${type}: ${JSON.stringify(reply)}`);
}

/** Relative luminance of a CSS rgb() colour (WCAG). @param {string} css */
function luminance(css) {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** @param {import('playwright-core').Page} page */
async function digitsLook(page) {
  return page.evaluate(() => {
    const digits = /** @type {HTMLElement} */ (document.querySelector('[data-testid="speaker-timer"]'));
    const style = getComputedStyle(digits);
    // The glyphs' own box: a Range around the text, not the paragraph's.
    const range = document.createRange();
    range.selectNodeContents(digits);
    const box = range.getBoundingClientRect();
    // A monospace font draws "1" and "0" equally wide; measure them in the font the digits use.
    const ctx = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d'));
    ctx.font = `${style.fontWeight} 100px ${style.fontFamily}`;
    return {
      text: digits.textContent,
      height: box.height,
      width: box.width,
      fontSize: parseFloat(style.fontSize),
      family: style.fontFamily,
      narrow: ctx.measureText('1111').width,
      wide: ctx.measureText('0000').width,
      color: style.color,
      background: getComputedStyle(document.body).backgroundColor,
      html: getComputedStyle(document.documentElement).backgroundColor,
    };
  });
}

test('a dark page with the digits in a monospace font, huge at 1080p and at 4K', { timeout: 60_000 }, async () => {
  await command('timer.set', { timer: 'speaker', duration_ms: 3 * 60_000 });
  for (const [name, size, least] of /** @type {const} */ ([['hd', HD, 200], ['uhd', UHD, 400]])) {
    const page = await views.open(name, `/display.html?room=${ROOM}`, size);
    await page.waitForSelector('body[data-live="yes"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="speaker-timer"]')?.textContent === '3:00');
    const look = await digitsLook(page);
    assert.ok(luminance(look.background) < 0.02, `a dark background: ${look.background}`);
    assert.ok(luminance(look.html) < 0.02, `dark to the edges: ${look.html}`);
    assert.ok(luminance(look.color) > 0.8, `light digits: ${look.color}`);
    assert.match(look.family, /mono/i);
    assert.ok(Math.abs(look.narrow - look.wide) < 0.5, `a monospace font: "1111" ${look.narrow} px, "0000" ${look.wide} px`);
    assert.ok(look.height >= least, `${name}: digits ${look.height} px tall (font ${look.fontSize} px), at least ${least}`);
    await page.screenshot({ path: join(artifacts, `display-${name}.png`) });
  }
  await views.page('uhd').context().close();
});

test('the warning and time-up say so in words as well as colour', { timeout: 60_000 }, async () => {
  const page = views.page('hd');
  await command('timer.set', { timer: 'speaker', duration_ms: 4000, warning_ms: 3000 });
  const words = () => page.textContent('[data-testid="speaker-status"]');
  const colour = () => page.$eval('[data-testid="speaker-timer"]', (el) => getComputedStyle(el).color);
  await page.waitForFunction(() => document.querySelector('[data-testid="speaker-timer"]')?.textContent === '0:04');
  const calm = await colour();
  await command('timer.start', { timer: 'speaker' });

  await page.waitForSelector('[data-testid="speaker-timer"][data-level="warning"]');
  assert.match(await words() ?? '', /Warning — 0:0\d left/);
  const warning = await colour();
  assert.notEqual(warning, calm);
  assert.ok(await noFastAnimation(page), 'nothing flashes at the warning');

  await page.waitForSelector('[data-testid="speaker-timer"][data-level="expired"]');
  assert.match(await words() ?? '', /time is up/i);
  const over = await colour();
  assert.notEqual(over, warning);
  await page.waitForFunction(() => /overtime \+0:0[1-9]/i.test(document.querySelector('[data-testid="speaker-status"]')?.textContent ?? ''));
  assert.match(await page.textContent('[data-testid="speaker-timer"]') ?? '', /^\+0:0\d$/);
  assert.ok(await noFastAnimation(page), 'nothing flashes at time-up');
  await page.screenshot({ path: join(artifacts, 'display-overtime.png') });
});

/**
 * Every running animation or transition repeats no faster than three times a second (a period of 333 ms
 * or more), and no style sheet declares a faster one.
 * @param {import('playwright-core').Page} page
 */
async function noFastAnimation(page) {
  const found = await page.evaluate(() => {
    const fast = document.getAnimations().map((a) => a.effect?.getComputedTiming()).filter((t) => Number(t?.duration ?? 0) < 333)
      .map((t) => JSON.stringify(t));
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        const style = /** @type {CSSStyleRule} */ (rule).style;
        const duration = style?.animationDuration;
        if (duration && duration.split(',').some((d) => parseFloat(d) * (d.trim().endsWith('ms') ? 1 : 1000) < 333)) fast.push(rule.cssText);
      }
    }
    return fast;
  });
  assert.deepEqual(found, []);
  return true;
}

test('with reduced motion asked for, nothing on the display moves', { timeout: 30_000 }, async () => {
  const page = views.page('hd');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await page.evaluate(() => document.getAnimations().length), 0);
  assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
  await page.emulateMedia({ reducedMotion: null });
});

test('the sound at time-up is off until a click turns it on, then sounds once at time-up', { timeout: 60_000 }, async () => {
  const page = views.page('hd');
  const sound = page.locator('[data-testid="sound"]');
  // The first time-up (the test before) passed in silence.
  assert.equal(await sound.getAttribute('data-sound'), 'off');
  assert.equal(await sound.getAttribute('data-chimes'), '0');
  assert.equal(await sound.getAttribute('aria-pressed'), 'false');
  assert.match(await sound.innerText(), /off/);

  await page.mouse.move(1800, 1000);
  await page.waitForSelector('[data-testid="d-controls"][data-shown]');
  await sound.click();
  await page.waitForSelector('[data-testid="sound"][data-sound="on"]');
  assert.equal(await sound.getAttribute('aria-pressed'), 'true');
  assert.match(await sound.innerText(), /on/);

  await command('timer.set', { timer: 'speaker', duration_ms: 2000, warning_ms: 1000 });
  await command('timer.start', { timer: 'speaker' });
  await page.waitForSelector('[data-testid="sound"][data-chimes="1"]');
  await page.waitForFunction(() => /overtime \+0:0[2-9]/i.test(document.querySelector('[data-testid="speaker-status"]')?.textContent ?? ''));
  assert.equal(await sound.getAttribute('data-chimes'), '1', 'once, not at every tick');

  await sound.click();
  await page.waitForSelector('[data-testid="sound"][data-sound="off"]');
});

test('the screen is kept awake, or the page says it cannot; full screen on request', { timeout: 30_000 }, async () => {
  const page = views.page('hd');
  assert.equal(await page.evaluate(() => 'wakeLock' in navigator), true, 'this chromium has the Wake Lock API');
  // Headless chromium may refuse the lock: either way the page asked, and says where it stands.
  await page.waitForFunction(() => ['on', 'refused'].includes(document.body.dataset.wake ?? ''));
  const wake = await page.evaluate(() => document.body.dataset.wake);
  assert.equal(await page.textContent('[data-testid="wake-state"]'),
    wake === 'on' ? 'Screen kept awake' : 'The screen may go to sleep');
  // Shown again after the page is visible again (asked again if not held).
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.waitForFunction(() => ['on', 'refused'].includes(document.body.dataset.wake ?? ''));

  const full = page.locator('[data-testid="fullscreen"]');
  assert.equal(await full.innerText(), 'Full screen');
  await full.click();
  await page.waitForFunction(() => document.body.dataset.fullscreen !== 'no');
  if (await page.evaluate(() => document.body.dataset.fullscreen) === 'yes') {
    assert.equal(await full.innerText(), 'Leave full screen');
    assert.equal(await full.getAttribute('aria-pressed'), 'true');
    await full.click();
    await page.waitForSelector('body[data-fullscreen="no"]');
    assert.equal(await full.innerText(), 'Full screen');
  }

  for (const [name, { issues }] of views.views) assert.deepEqual(issues, [], `${name}: no console errors`);
});
