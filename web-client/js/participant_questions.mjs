// @ts-check
// The phone's questions: ask (or edit while pending), own questions with their status, the room's by
// votes with an upvote toggle, the one answered now; once the meeting is closed, only to read.
// questionsView is pure; setupQuestions wires the DOM.
import { $, h, replaceKeepingFocus, setText } from './dom.mjs';
import { t } from './strings.mjs';
import { askerName, findQuestion, rankQuestions, votesText } from './questions.mjs';
import { storage } from './device.mjs';
import { fitBytes } from './format.mjs';
import { LIMITS } from '/protocol/protocol.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('../../protocol/js/types.mjs').Question} Question
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {{type: string, [field: string]: any}} Command
 */

/**
 * The questions as data. Unacknowledged commands show as "sending…"; an upvote shows at once.
 * @param {RoomState|null} state @param {{myQuestions: Map<string, Question>, myUpvotes: Set<string>}} own
 * @param {Command[]} pending
 */
export function questionsView(state, own, pending) {
  const questions = state?.questions ?? [];
  const open = !((state?.closed_at_ms ?? 0) > 0);
  /** @type {Map<string, boolean>} the last unacknowledged upvote tap per question */
  const tapped = new Map(pending.filter((c) => c.type === 'question.upvote').map((c) => [c.question_id, c.up]));
  const busy = new Set(pending.filter((c) => c.type === 'question.edit' || c.type === 'question.withdraw').map((c) => c.question_id));
  const mine = [...own.myQuestions.values()]
    .filter((q) => q.status !== 'withdrawn')
    .map((q) => ({
      id: q.id, text: q.text ?? '', status: busy.has(q.id) ? t('q.st.sending') : t(`q.st.${q.status}`),
      state: busy.has(q.id) ? 'sending' : q.status, canEdit: open && q.status === 'pending' && !busy.has(q.id),
    }));
  for (const c of pending) {
    if (c.type === 'question.ask') mine.push({ id: c.op_id, text: c.text, status: t('q.st.sending'), state: 'sending', canEdit: false });
  }
  const row = (/** @type {Question} */ q) => ({
    id: q.id, text: q.text ?? '', name: q.name ?? '', votes: q.votes ?? 0, pinned: !!q.pinned,
    yours: own.myQuestions.has(q.id),
    up: tapped.get(q.id) ?? own.myUpvotes.has(q.id),
    sending: tapped.has(q.id),
  });
  const answering = findQuestion(questions, state?.answering);
  return {
    open,
    mine,
    room: rankQuestions(questions).map(row),
    answered: questions.filter((q) => q.status === 'answered').map(row),
    answering: answering ? { text: answering.text ?? '', name: answering.name ? askerName(answering) : '' } : null,
  };
}

/** @param {ReturnType<typeof questionsView>['room'][number]} q @param {boolean} canVote */
function roomItem(q, canVote) {
  const vote = q.yours || !canVote
    ? h('span', { class: 'votes', text: votesText(q.votes) })
    : h('button', {
      type: 'button', class: 'upvote', 'data-action': 'upvote', 'data-id': q.id, 'data-testid': 'upvote',
      'aria-pressed': String(q.up), 'data-sending': q.sending,
    }, h('span', { 'aria-hidden': 'true', text: '▲ ' }), h('span', { class: 'sr-only', text: `${t('q.upvote')}, ` }),
    String(q.votes));
  return h('li', { 'data-testid': 'room-question', 'data-id': q.id, 'data-yours': q.yours },
    h('div', { class: 'q-body' },
      h('p', { class: 'q-text', text: q.text }),
      h('p', { class: 'q-meta' },
        q.name ? h('span', { text: q.name }) : null,
        q.yours ? h('span', { class: 'tag', text: t('q.yours') }) : null,
        q.pinned ? h('span', { class: 'tag', text: t('q.pinned') }) : null)),
    vote);
}

/** Wires the questions card. @param {{conn: Connection, store: Store, send: (cmd: Command) => boolean}} ctx */
export function setupQuestions({ conn, store, send }) {
  const form = /** @type {HTMLFormElement} */ ($('#question-form'));
  const text = /** @type {HTMLTextAreaElement} */ ($('#q-text'));
  const name = /** @type {HTMLInputElement} */ ($('#q-name'));
  const guiding = /** @type {HTMLSelectElement} */ ($('#q-guiding'));
  const submit = /** @type {HTMLButtonElement} */ ($('[data-testid="question-submit"]'));
  const cancel = $('[data-testid="question-cancel"]');
  const note = $('[data-testid="question-note"]');
  const ls = storage('localStorage');
  // This code loads while the person may already be typing (the form's first focus asks for it): what
  // they typed stays.
  if (!name.value) name.value = ls?.getItem('podium.name') ?? '';
  /** @type {string|null} */
  let editing = null;

  // The counter under the text is the page's (participant.mjs, questionCounter): it works before this loads.
  const count = () => text.dispatchEvent(new Event('input'));
  const stopEditing = () => {
    editing = null;
    form.reset();
    name.value = ls?.getItem('podium.name') ?? '';
    $('[data-testid="question-editing"]').hidden = true;
    cancel.hidden = true;
    setText(submit, t('q.send'));
    count();
  };
  cancel.addEventListener('click', stopEditing);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    const who = fitBytes(name.value.trim(), LIMITS.max_name_bytes);
    ls?.setItem('podium.name', who);
    /** @type {Command} */
    const cmd = editing
      ? { type: 'question.edit', question_id: editing, text: body, name: who, guiding_question: guiding.value || null }
      : { type: 'question.ask', text: body };
    if (!editing && who) cmd.name = who;
    if (!editing && guiding.value) cmd.guiding_question = guiding.value;
    setText(note, '');
    if (send(cmd)) stopEditing();
  });

  $('[data-testid="my-questions"]').addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
    if (!(button instanceof HTMLButtonElement) || !button.dataset.id) return;
    const q = store.myQuestions.get(button.dataset.id);
    if (!q) return;
    if (button.dataset.action === 'withdraw') send({ type: 'question.withdraw', question_id: q.id });
    if (button.dataset.action === 'edit') {
      editing = q.id;
      text.value = q.text ?? '';
      name.value = q.name ?? '';
      guiding.value = q.guiding_question ?? '';
      $('[data-testid="question-editing"]').hidden = false;
      cancel.hidden = false;
      setText(submit, t('q.save'));
      count();
      text.focus();
    }
  });
  $('[data-testid="room-questions"]').addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action="upvote"]') : null;
    if (button instanceof HTMLButtonElement && button.dataset.id) {
      send({ type: 'question.upvote', question_id: button.dataset.id, up: button.getAttribute('aria-pressed') !== 'true' });
    }
  });
  count();

  return {
    /** @param {import('./types.mjs').GuidingQuestion[]} list the room's guiding questions */
    guidingQuestions(list) {
      guiding.replaceChildren(h('option', { value: '', text: t('q.guiding_none') }), ...list.map((g, i) => {
        const label = `${i + 1}. ${g.text}`;
        return h('option', { value: g.id, title: g.text, text: label.length > 90 ? `${label.slice(0, 88)}…` : label });
      }));
      $('#q-guiding-box').hidden = list.length === 0;
    },
    /** @param {string} message */
    say(message) { setText(note, message); },
    paint() {
      const view = questionsView(store.state, store, conn.pending());
      const answering = $('[data-testid="answering"]');
      answering.hidden = !view.answering;
      setText($('[data-testid="answering-text"]'), view.answering?.text ?? '');
      setText($('[data-testid="answering-name"]'), view.answering?.name ?? '');
      $('#my-questions-box').hidden = view.mine.length === 0;
      replaceKeepingFocus($('[data-testid="my-questions"]'), view.mine.map((q) =>
        h('li', { 'data-testid': 'my-question', 'data-id': q.id, 'data-state': q.state },
          h('div', { class: 'q-body' },
            h('p', { class: 'q-text', text: q.text }),
            h('p', { class: 'q-meta', 'data-testid': 'my-question-status', text: q.status })),
          q.canEdit ? h('div', { class: 'actions' },
            h('button', { type: 'button', 'data-action': 'edit', 'data-id': q.id, text: t('q.edit') }),
            h('button', { type: 'button', class: 'danger', 'data-action': 'withdraw', 'data-id': q.id, text: t('q.withdraw') })) : null)));
      replaceKeepingFocus($('[data-testid="room-questions"]'), view.room.map((q) => roomItem(q, view.open)));
      $('[data-testid="room-questions-empty"]').hidden = view.room.length > 0;
      $('#answered-box').hidden = view.answered.length === 0;
      setText($('[data-testid="answered-summary"]'), t('q.answered', { n: view.answered.length }));
      replaceKeepingFocus($('[data-testid="answered-questions"]'), view.answered.map((q) => roomItem(q, false)));
    },
  };
}
