// @ts-check
// Debian's chromium through playwright-core, and pages that record what a person would not see:
// console errors, uncaught exceptions and Content-Security-Policy violations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Screenshots go here (git-ignored). */
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

// Never a downloaded browser: the distribution's chromium (SETUP-NOTES.md).
// English unless a context asks for another locale: the views pick their language from the browser's.
const LAUNCH = { executablePath: '/usr/bin/chromium', args: ['--disable-gpu', '--disable-quic', '--lang=en-US'] };

export function launchChromium() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch(LAUNCH);
}

/**
 * Chromium with a profile on disk, as on a phone: the contexts of `launchChromium` are incognito, where
 * nothing can be installed. @param {string} profileDir
 */
export function launchChromiumProfile(profileDir) {
  return chromium.launchPersistentContext(profileDir, { ...LAUNCH, locale: 'en-US' });
}

/**
 * Opens `url` in its own browser context (its own localStorage, so its own device token), in English
 * unless `extra.locale` says otherwise (the views speak the browser's language).
 * @param {import('playwright-core').Browser} browser @param {string} url
 * @param {{width: number, height: number}} viewport @param {{isMobile?: boolean, hasTouch?: boolean, locale?: string}} [extra]
 * @returns {Promise<{page: import('playwright-core').Page, issues: string[]}>}
 */
export async function openView(browser, url, viewport, extra = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport, ...extra });
  const page = await context.newPage();
  /** @type {string[]} */
  const issues = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') issues.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => issues.push(`uncaught: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  return { page, issues };
}

/**
 * Named views of one server, opened as a test needs them: `open(name, path, viewport)` gives the page and
 * `page(name)` finds it again; `views` keeps each view's recorded issues.
 * @param {() => import('playwright-core').Browser} browser @param {() => string} baseUrl
 */
export function viewRegistry(browser, baseUrl) {
  /** @type {Map<string, {page: import('playwright-core').Page, issues: string[]}>} */
  const views = new Map();
  return {
    views,
    /**
     * @param {string} name @param {string} path @param {{width: number, height: number}} viewport
     * @param {{isMobile?: boolean, hasTouch?: boolean, locale?: string}} [extra]
     */
    async open(name, path, viewport, extra = {}) {
      const view = await openView(browser(), `${baseUrl()}${path}`, viewport, extra);
      views.set(name, view);
      return view.page;
    },
    /** @param {string} name */
    page(name) {
      const view = views.get(name);
      if (!view) throw new Error(`${name} is not open`);
      return view.page;
    },
  };
}
