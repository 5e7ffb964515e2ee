// @ts-check
// The facilitator's polls panel: prepare a poll (question, kind, options, picks, live results), then
// open it (optionally for a set time), close it, show or hide its results. Facilitators always see the
// live counts and the number of voters.
import { LIMITS, POLL_KINDS } from '/protocol/protocol.mjs';
import { POLL_KINDS_WITH_OPTIONS } from '/protocol/commands_console.mjs';
import { h, replaceKeepingFocus, setText, $ } from './dom.mjs';
import { t } from './strings_screens.mjs';
import { optionLabels, resultsList, votersText } from './polls.mjs';
import { remainingText } from './format.mjs';
import { parseDuration } from './format_console.mjs';

/** @typedef {import('../../protocol/js/types.mjs').Poll} Poll */
/** @typedef {import('./store.mjs').Store} Store */
/** @typedef {{type: string, [field: string]: any}} Command */

/**
 * Wires the polls panel and returns its paint and tick functions.
 * @param {{store: Store, send: (cmd: Command) => string|null, say: (text: string) => void}} ctx
 */
export function setupPolls({ store, send, say }) {
  const form = /** @type {HTMLFormElement} */ ($('#poll-form'));
  const kind = /** @type {HTMLSelectElement} */ ($('#poll-kind'));
  const optionsBox = $('#poll-options-box');
  const options = $('[data-testid="poll-options"]');
  const maxBox = $('#max-picks-box');
  const maxPicks = /** @type {HTMLInputElement} */ ($('#poll-max'));
  const list = $('[data-testid="poll-list"]');
  /** Durations typed for drafts, kept across redraws. @type {Map<string, string>} */
  const durations = new Map();
  let shownKey = '';

  kind.replaceChildren(...POLL_KINDS.map((k) => h('option', { value: k, text: t(`fp.kind.${k}`) })));
  const optionRow = (/** @type {number} */ n, value = '') => h('li', {},
    h('label', { class: 'sr-only', for: `poll-opt-${n}`, text: t('fp.option', { n }) }),
    h('input', { id: `poll-opt-${n}`, name: 'option', value, maxlength: LIMITS.option_chars, placeholder: t('fp.option', { n }),
      'data-testid': 'poll-option-input' }),
    h('button', { type: 'button', 'data-action': 'remove-option', 'aria-label': t('fp.remove_option', { n }), text: '✕' }));
  const renumber = () => {
    const values = [...options.querySelectorAll('input')].map((i) => /** @type {HTMLInputElement} */ (i).value);
    options.replaceChildren(...values.map((v, i) => optionRow(i + 1, v)));
    /** @type {HTMLButtonElement} */ ($('[data-testid="add-option"]')).disabled = values.length >= LIMITS.max_options;
    for (const b of options.querySelectorAll('button')) /** @type {HTMLButtonElement} */ (b).disabled = values.length <= LIMITS.min_options;
    maxPicks.max = String(values.length);
  };
  const showKind = () => {
    const own = POLL_KINDS_WITH_OPTIONS.includes(kind.value);
    optionsBox.hidden = !own;
    maxBox.hidden = kind.value !== 'multiple';
  };
  const resetForm = () => {
    form.reset();
    options.replaceChildren(optionRow(1), optionRow(2));
    renumber();
    showKind();
  };
  kind.addEventListener('change', showKind);
  $('[data-testid="add-option"]').addEventListener('click', () => {
    options.append(optionRow(options.children.length + 1));
    renumber();
    /** @type {HTMLInputElement|null} */ (options.lastElementChild?.querySelector('input') ?? null)?.focus();
  });
  options.addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest('button[data-action="remove-option"]') : null;
    if (b) {
      b.closest('li')?.remove();
      renumber();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const k = String(data.get('kind'));
    const own = POLL_KINDS_WITH_OPTIONS.includes(k);
    const opts = own ? data.getAll('option').map((o) => String(o).trim()).filter(Boolean) : [];
    if (own && opts.length < LIMITS.min_options) {
      say(t('fp.too_few'));
      return;
    }
    /** @type {Command} */
    const cmd = { type: 'poll.create', question: String(data.get('question') ?? '').trim(), kind: k, options: opts,
      live_results: data.get('live') === 'on' };
    if (k === 'multiple') cmd.max_picks = Math.min(opts.length, Math.max(1, Number(data.get('max_picks')) || 1));
    if (send(cmd)) resetForm();
  });
  list.addEventListener('input', (e) => {
    const i = e.target;
    if (i instanceof HTMLInputElement && i.dataset.id) durations.set(i.dataset.id, i.value);
  });
  list.addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
    if (!(b instanceof HTMLButtonElement) || !b.dataset.id) return;
    const id = b.dataset.id;
    const action = b.dataset.action;
    if (action === 'open') {
      /** @type {Command} */
      const cmd = { type: 'poll.open', poll_id: id };
      const typed = (durations.get(id) ?? '').trim();
      if (typed) {
        const ms = parseDuration(typed);
        if (ms === null) {
          say(t('f.bad_duration'));
          return;
        }
        cmd.duration_ms = ms;
      }
      if (send(cmd)) durations.delete(id);
    } else if (action === 'close') {
      send({ type: 'poll.close', poll_id: id });
    } else if (action === 'reveal' || action === 'hide') {
      send({ type: 'poll.reveal', poll_id: id, revealed: action === 'reveal' });
    }
  });
  resetForm();

  /** @param {Poll} p */
  const item = (p) => {
    const button = (/** @type {string} */ action, /** @type {string} */ label, cls = '') =>
      h('button', { type: 'button', 'data-action': action, 'data-id': p.id, 'data-testid': `poll-${action}`, class: cls || null, text: label });
    const controls = [];
    if (p.status === 'draft') {
      controls.push(h('div', { class: 'open-for' },
        h('label', { for: `open-for-${p.id}`, text: t('fp.open_for') }),
        h('input', { id: `open-for-${p.id}`, 'data-id': p.id, 'data-action': 'open-for', 'data-testid': 'poll-open-for', inputmode: 'decimal', autocomplete: 'off', placeholder: '1:00',
          value: durations.get(p.id) ?? '' })),
      button('open', t('fp.open'), 'primary'));
    }
    if (p.status === 'open') controls.push(button('close', t('fp.close'), 'primary'));
    if (p.status !== 'draft') controls.push(p.revealed ? button('hide', t('fp.hide')) : button('reveal', t('fp.reveal')));
    const kindText = p.kind === 'multiple' ? `${t('fp.kind.multiple')} (≤ ${p.max_picks})` : t(`fp.kind.${p.kind}`);
    return h('li', { 'data-testid': 'poll-item', 'data-id': p.id, 'data-status': p.status },
      h('p', { class: 'q-text', text: p.question }),
      h('p', { class: 'q-meta' },
        h('span', { class: 'tag', 'data-status': p.status, text: t(`fp.st.${p.status}`) }),
        h('span', { text: kindText }),
        p.status !== 'draft' ? h('span', { 'data-testid': 'poll-voters', text: votersText(p.voters ?? 0) }) : null,
        p.revealed ? h('span', { class: 'tag now', text: t('fp.shown') }) : null,
        p.live_results ? h('span', { class: 'tag', text: t('fp.live') }) : null,
        h('span', { 'data-part': 'deadline', 'data-id': p.id })),
      p.status === 'draft' ? h('p', { class: 'q-meta', text: optionLabels(p).join(' · ') }) : resultsList(p),
      h('div', { class: 'actions' }, controls));
  };

  return {
    paint() {
      const polls = [...(store.state?.polls ?? [])].reverse(); // newest first
      $('[data-testid="poll-empty"]').hidden = polls.length > 0;
      const key = JSON.stringify(polls);
      if (key === shownKey) return;
      shownKey = key;
      replaceKeepingFocus(list, polls.map(item));
    },
    /** Time left on an open poll with a deadline. @param {number} now */
    tick(now) {
      for (const p of store.state?.polls ?? []) {
        const el = list.querySelector(`[data-part="deadline"][data-id="${p.id}"]`);
        if (!el) continue;
        const left = p.status === 'open' && p.deadline_ms > 0 ? p.deadline_ms - now : 0;
        setText(el, left > 0 ? t('poll.closes_in', { time: remainingText(left) }) : '');
      }
    },
  };
}
