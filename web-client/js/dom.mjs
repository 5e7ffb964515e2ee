// @ts-check
// A few DOM helpers. Text only ever goes in through textContent or attributes: no innerHTML anywhere.
import { remainingText } from './format.mjs';

/**
 * Creates an element. `text` sets textContent, `class` the class name, `on<event>` a listener; every
 * other property becomes an attribute (true = present, false/null/undefined = absent).
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node|string|null|undefined|false|Array<Node|string|null|undefined|false>)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** @param {string} selector @param {ParentNode} [root] @returns {HTMLElement} */
export function $(selector, root = document) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`podium: no element matches ${selector}`);
  return /** @type {HTMLElement} */ (el);
}

/**
 * Writes text only when it changed, so a 200 ms ticker does not churn the DOM.
 * @param {Element} el @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** @param {Element} el @param {string} name @param {string|null} value */
export function setAttr(el, name, value) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

/**
 * A timer's digits: the time left as a clock face, and the exact value they round as `data-remaining-ms`,
 * which the browser tests compare across screens to prove they agree within 100 ms.
 * @param {Element} el @param {number} leftMs negative is overtime @param {string} [text] instead of the clock face
 */
export function paintRemaining(el, leftMs, text = remainingText(leftMs)) {
  setText(el, text);
  setAttr(el, 'data-remaining-ms', String(Math.round(leftMs)));
}

/**
 * Replaces a list's children and puts the focus back on the control the user was on (same
 * data-action and data-id), so keyboard users can press "move up" repeatedly.
 * @param {Element} container
 * @param {Node[]} children
 */
export function replaceKeepingFocus(container, children) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active)
    ? { action: active.dataset.action, id: active.dataset.id }
    : null;
  container.replaceChildren(...children);
  if (!key || !key.action) return;
  for (const el of container.querySelectorAll('[data-action]')) {
    if (el instanceof HTMLElement && el.dataset.action === key.action && el.dataset.id === key.id) {
      if (!(el instanceof HTMLButtonElement && el.disabled)) el.focus();
      return;
    }
  }
}

/**
 * Fills every [data-i18n] element's text and [data-i18n-<attr>] attribute from the catalog.
 * @param {ParentNode} root
 * @param {(key: string) => string} t
 */
export function applyStrings(root, t) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`) ?? ''));
    }
  }
}
