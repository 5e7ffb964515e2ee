// @ts-check
// The facilitator's moderation panel: pre-moderation on or off, the questions by status (merged ones
// under the question they were merged into), every moderation action, and an Undo for each one for a
// few seconds after the server acknowledged it (the server has an inverse for each: undo.mjs's offer).
// moderationRows is pure; setupModeration wires the DOM.
import { h, replaceKeepingFocus, setAttr, setText, $ } from './dom.mjs';
import { t } from './strings_screens.mjs';
import { askerName, findQuestion, votesText } from './questions.mjs';

/** @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState */
/** @typedef {import('../../protocol/js/types.mjs').Question} Question */
/** @typedef {import('./connection.mjs').Connection} Connection */
/** @typedef {import('./store.mjs').Store} Store */
/** @typedef {{type: string, [field: string]: any}} Command */
/** @typedef {'pending'|'approved'|'answered'|'rejected'} Tab */
/** @typedef {{cmd: Command, what: string, undo: Command|((ack: any) => Command|null)|null}} Action */

export const TABS = /** @type {const} */ (['pending', 'approved', 'answered', 'rejected']);

/** Each moderation action's undo. */
const INVERSE = /** @type {Record<string, string>} */ ({
  approve: 'unapprove', unapprove: 'approve', reject: 'unreject', unreject: 'reject',
  answer: 'reopen', reopen: 'answer', pin: 'unpin', unpin: 'pin',
});

/**
 * The questions of one tab, each with the questions merged into it; approved ones in the room's order
 * (pinned, then votes, then time), the others in the order asked.
 * @param {Question[]} questions @param {Tab} tab
 */
export function moderationRows(questions, tab) {
  const rows = questions.filter((q) => q.status === tab);
  if (tab === 'approved') {
    rows.sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || (b.votes ?? 0) - (a.votes ?? 0) ||
      (a.asked_at_ms ?? 0) - (b.asked_at_ms ?? 0));
  }
  return rows.map((q) => ({ q, merged: questions.filter((m) => m.status === 'merged' && m.merged_into === q.id) }));
}

/** @param {Question[]} questions */
export function tabCounts(questions) {
  return Object.fromEntries(TABS.map((tab) => [tab, questions.filter((q) => q.status === tab).length]));
}

/**
 * Wires the moderation panel and returns its paint function.
 * @param {{conn: Connection, store: Store, send: (cmd: Command) => string|null,
 *   guidingText: () => Map<string, string>, undo: {offer: (words: string, inverse: Command) => void}}} ctx
 */
export function setupModeration({ conn, store, send, guidingText, undo: undoBar }) {
  const panel = $('[data-testid="moderation"]');
  const list = $('[data-testid="mod-list"]');
  const premod = /** @type {HTMLInputElement} */ ($('[data-testid="premoderation"]'));
  /** @type {Tab} */
  let tab = 'pending';
  let shownKey = '';
  /** Which "More" boxes are open and which merge target is picked, kept across redraws. */
  const open = new Set();
  /** @type {Map<string, string>} */
  const mergeTarget = new Map();
  /** Actions sent and not yet acknowledged, by op_id. @type {Map<string, Action>} */
  const waiting = new Map();

  /** @param {Action} action */
  const act = (action) => {
    const op = send(action.cmd);
    if (op) waiting.set(op, action);
  };
  conn.on('ack', ({ ack, command }) => {
    const action = command ? waiting.get(command.op_id) : undefined;
    if (!action) return;
    waiting.delete(command.op_id);
    const undo = typeof action.undo === 'function' ? action.undo(ack) : action.undo;
    if (undo) undoBar.offer(t('fq.did', { what: action.what }), undo);
  });
  conn.on('reject', ({ command }) => { if (command) waiting.delete(command.op_id); });

  premod.addEventListener('change', () => {
    const on = premod.checked;
    act({ cmd: { type: 'questions.configure', premoderation: on }, what: t(on ? 'fq.act.premod_on' : 'fq.act.premod_off'),
      undo: { type: 'questions.configure', premoderation: !on } });
  });
  $('[data-testid="question-tabs"]').addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-tab]') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    tab = /** @type {Tab} */ (button.dataset.tab);
    shownKey = '';
    paint();
  });
  list.addEventListener('toggle', (e) => {
    const d = e.target;
    if (d instanceof HTMLDetailsElement && d.dataset.id) {
      if (d.open) open.add(d.dataset.id);
      else open.delete(d.dataset.id);
    }
  }, true);
  list.addEventListener('change', (e) => {
    const s = e.target;
    if (s instanceof HTMLSelectElement && s.dataset.id) mergeTarget.set(s.dataset.id, s.value);
  });
  panel.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
    const state = store.state;
    if (!(button instanceof HTMLButtonElement) || !state) return;
    const action = button.dataset.action ?? '';
    if (action === 'clear-answering') {
      const was = state.answering;
      act({ cmd: { type: 'question.answering', question_id: null }, what: t('fq.act.clear'),
        undo: was ? { type: 'question.answering', question_id: was } : null });
      return;
    }
    const q = findQuestion(state.questions, button.dataset.id);
    if (!q) return;
    const id = q.id;
    const what = (/** @type {string} */ key) => t('fq.quoted', { action: t(key), text: excerpt(q.text ?? '') });
    if (INVERSE[action] || action === 'unmerge') {
      const into = q.merged_into;
      act({ cmd: { type: 'question.moderate', question_id: id, action }, what: what(`fq.act.${action}`),
        undo: action === 'unmerge'
          ? (into ? { type: 'question.merge', question_id: id, into_id: into } : null)
          : { type: 'question.moderate', question_id: id, action: INVERSE[action] } });
    } else if (action === 'answering') {
      act({ cmd: { type: 'question.answering', question_id: id }, what: what('fq.act.answering'),
        undo: { type: 'question.answering', question_id: state.answering ?? null } });
    } else if (action === 'merge') {
      const into = mergeTarget.get(id) ?? /** @type {HTMLSelectElement|null} */ (list.querySelector(`select[data-id="${id}"]`))?.value;
      if (!into) return;
      act({ cmd: { type: 'question.merge', question_id: id, into_id: into }, what: what('fq.act.merge'),
        undo: { type: 'question.moderate', question_id: id, action: 'unmerge' } });
    } else if (action === 'mute' || action === 'unmute') {
      const muted = action === 'mute';
      act({ cmd: { type: 'device.mute', question_id: id, muted }, what: what(`fq.act.${action}`),
        undo: { type: 'device.mute', question_id: id, muted: !muted } });
    } else if (action === 'promote-asker' || action === 'promote-read') {
      act({ cmd: { type: 'question.promote', question_id: id, by: action === 'promote-asker' ? 'asker' : 'facilitator' },
        what: what('fq.act.promote'),
        undo: (ack) => (ack.entry_id ? { type: 'queue.remove', entry_id: ack.entry_id } : null) });
    }
  });

  /** @param {string} id @param {string} action @param {string} label @param {string|null} [cls] */
  const button = (id, action, label, cls = null) =>
    h('button', { type: 'button', 'data-action': action, 'data-id': id, 'data-testid': `mod-${action}`, class: cls, text: label });

  /** @param {Question} q @param {Question[]} all @param {string|null} answering */
  const actions = (q, all, answering) => {
    const id = q.id;
    const main = [];
    const more = [];
    if (q.status === 'pending') {
      main.push(button(id, 'approve', t('fq.approve'), 'primary'), button(id, 'reject', t('fq.reject'), 'danger'));
    } else if (q.status === 'approved') {
      main.push(answering === id ? button(id, 'clear-answering', t('fq.clear'), 'primary') : button(id, 'answering', t('fq.answering'), 'primary'),
        button(id, 'answer', t('fq.answer')), button(id, q.pinned ? 'unpin' : 'pin', t(q.pinned ? 'fq.unpin' : 'fq.pin')));
      more.push(button(id, 'unapprove', t('fq.unapprove')));
    } else if (q.status === 'answered') {
      main.push(button(id, 'reopen', t('fq.reopen')));
    } else if (q.status === 'rejected') {
      main.push(button(id, 'unreject', t('fq.unreject')));
    }
    if (q.status === 'approved' || q.status === 'answered') {
      more.push(button(id, 'promote-asker', t('fq.promote_asker')), button(id, 'promote-read', t('fq.promote_read')));
    }
    if (q.status !== 'rejected') {
      const targets = all.filter((o) => o.id !== id && ['pending', 'approved', 'answered'].includes(o.status));
      if (targets.length > 0) {
        const select = h('select', { 'data-id': id, 'data-action': 'merge-target', id: `merge-${id}`, 'data-testid': 'merge-target' },
          targets.map((o) => h('option', { value: o.id, selected: mergeTarget.get(id) === o.id, text: excerpt(o.text ?? '', 60) })));
        more.push(h('div', { class: 'merge' },
          h('label', { for: `merge-${id}`, text: t('fq.merge_into') }), select, button(id, 'merge', t('fq.merge_go'))));
      }
    }
    more.push(button(id, q.muted ? 'unmute' : 'mute', t(q.muted ? 'fq.unmute' : 'fq.mute')));
    return [
      h('div', { class: 'actions' }, main),
      h('details', { class: 'more', 'data-id': id, open: open.has(id) }, h('summary', { text: t('fq.more') }), h('div', { class: 'actions' }, more)),
    ];
  };

  function paint() {
    const state = store.state;
    if (!state) return;
    premod.checked = state.premoderation;
    const answering = findQuestion(state.questions, state.answering);
    $('[data-testid="f-answering"]').hidden = !answering;
    setText($('[data-testid="f-answering-text"]'), answering?.text ?? '');
    const counts = tabCounts(state.questions);
    for (const b of $('[data-testid="question-tabs"]').querySelectorAll('button[data-tab]')) {
      const name = /** @type {Tab} */ (/** @type {HTMLElement} */ (b).dataset.tab);
      setText(b, t(`fq.tab.${name}`, { n: counts[name] }));
      setAttr(b, 'aria-pressed', String(name === tab));
    }
    const rows = moderationRows(state.questions, tab);
    const gq = guidingText();
    const key = JSON.stringify([tab, state.answering, rows, [...gq.keys()]]);
    $('[data-testid="mod-empty"]').hidden = rows.length > 0;
    if (key === shownKey) return; // a tally about another tab, or nothing new: keep open menus and focus as they are
    shownKey = key;
    replaceKeepingFocus(list, rows.map(({ q, merged }) => {
      const meta = [askerName(q), q.guiding_question ? excerpt(gq.get(q.guiding_question) ?? q.guiding_question, 60) : '',
        votesText(q.votes ?? 0)].filter(Boolean).join(' · ');
      return h('li', { 'data-testid': 'mod-question', 'data-id': q.id, 'data-status': q.status, 'data-answering': state.answering === q.id },
        h('p', { class: 'q-text', text: q.text ?? '' }),
        h('p', { class: 'q-meta' }, h('span', { text: meta }),
          q.pinned ? h('span', { class: 'tag', text: t('q.pinned') }) : null,
          q.muted ? h('span', { class: 'tag warn', text: t('fq.muted') }) : null,
          state.answering === q.id ? h('span', { class: 'tag now', text: t('fq.now') }) : null),
        merged.length > 0 ? h('div', { class: 'merged' }, h('p', { class: 'q-meta', text: t('fq.merged') }),
          h('ul', {}, merged.map((m) => h('li', { 'data-testid': 'merged-question' },
            h('span', { class: 'q-text', text: m.text ?? '' }), button(m.id, 'unmerge', t('fq.unmerge')))))) : null,
        actions(q, state.questions, state.answering));
    }));
  }
  return paint;
}

/** The start of a text, for labels. @param {string} text @param {number} [max] */
function excerpt(text, max = 48) {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
