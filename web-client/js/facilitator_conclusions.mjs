// @ts-check
// Conclusions and the handoff to the plenary. In a group room (its state names a `handoff_to`): write,
// correct and delete short conclusions, each optionally tagged with a guiding question; tick conclusions
// and approved or answered questions and send them to the plenary (handoff.send); see what was sent and
// when. In the plenary: "From the groups", every handoff received, arranged by group then guiding
// question, or the other way round. fromGroups is pure; the setup functions wire the DOM.
import { LIMITS } from '/protocol/protocol.mjs';
import { $, h, replaceKeepingFocus, setAttr, setText } from './dom.mjs';
import { t } from './strings_session.mjs';
import { askerName, votesText } from './questions.mjs';
import { fillGuidingSelect, gqTag } from './facilitator_view.mjs';
import { agendaClock } from './agenda.mjs';
import { findRoom } from './meeting.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('../../protocol/js/types.mjs').Handoff} Handoff
 * @typedef {import('../../protocol/js/types.mjs').Question} Question
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./facilitator_view.mjs').GuidingLabels} GuidingLabels
 * @typedef {{type: string, [field: string]: any}} Command
 * @typedef {{room: string, kind: 'conclusion'|'question', id: string, gq: string|null, text: string,
 *   name?: string, votes?: number, at_ms: number}} ReceivedItem
 * @typedef {{key: string, items: ReceivedItem[]}} Inner
 * @typedef {{key: string, at_ms: number, groups: Inner[]}} Outer
 * @typedef {{conn: Connection, store: Store, send: (cmd: Command) => string|null, say: (text: string) => void,
 *   room: string, meeting: () => Meeting|null, labels: () => GuidingLabels, guidingIds: () => string[]}} Context
 */

const MAX_CONCLUSIONS = LIMITS.handoff_conclusions ?? 20;
const MAX_QUESTIONS = LIMITS.handoff_questions ?? 20;
const CONCLUSION_CHARS = LIMITS.conclusion_chars ?? 500;

/** The questions a group may send: approved or answered, most votes first. @param {Question[]} questions */
export function sendableQuestions(questions) {
  return questions.filter((q) => q.status === 'approved' || q.status === 'answered')
    .sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || (a.asked_at_ms ?? 0) - (b.asked_at_ms ?? 0));
}

/**
 * What the plenary received from the groups, arranged in two levels: by group then guiding question
 * (`by` = 'group') or by guiding question then group ('gq'). A conclusion or question sent again (after
 * an edit) counts once, as last sent, in the place it was first sent. Groups come in `roomOrder`,
 * guiding questions in `gqOrder`, untagged items last (key '').
 * @param {Handoff[]} handoffs the received ones @param {'group'|'gq'} by
 * @param {string[]} roomOrder @param {string[]} gqOrder
 * @returns {Outer[]}
 */
export function fromGroups(handoffs, by, roomOrder, gqOrder) {
  /** @type {Map<string, ReceivedItem>} */
  const items = new Map();
  for (const ho of [...handoffs].sort((a, b) => a.at_ms - b.at_ms)) {
    for (const c of ho.conclusions) {
      items.set(`${ho.from_room}/c/${c.id}`, { room: ho.from_room, kind: 'conclusion', id: c.id, gq: c.guiding_question ?? null,
        text: c.text, at_ms: ho.at_ms });
    }
    for (const q of ho.questions) {
      items.set(`${ho.from_room}/q/${q.id}`, { room: ho.from_room, kind: 'question', id: q.id, gq: q.guiding_question ?? null,
        text: q.text, name: q.name, votes: q.votes, at_ms: ho.at_ms });
    }
  }
  const rank = (/** @type {string[]} */ order, /** @type {string} */ key) => {
    if (key === '') return Number.MAX_SAFE_INTEGER;
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  };
  const outerOf = (/** @type {ReceivedItem} */ it) => (by === 'group' ? it.room : it.gq ?? '');
  const innerOf = (/** @type {ReceivedItem} */ it) => (by === 'group' ? it.gq ?? '' : it.room);
  const outerOrder = by === 'group' ? roomOrder : gqOrder;
  const innerOrder = by === 'group' ? gqOrder : roomOrder;
  /** @type {Map<string, Map<string, ReceivedItem[]>>} */
  const tree = new Map();
  for (const it of items.values()) {
    const outer = tree.get(outerOf(it)) ?? new Map();
    tree.set(outerOf(it), outer);
    const inner = outer.get(innerOf(it)) ?? [];
    outer.set(innerOf(it), inner);
    inner.push(it);
  }
  const sortKeys = (/** @type {string[]} */ keys, /** @type {string[]} */ order) =>
    keys.sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  return sortKeys([...tree.keys()], outerOrder).map((key) => {
    const outer = /** @type {Map<string, ReceivedItem[]>} */ (tree.get(key));
    const all = [...outer.values()].flat();
    return {
      key,
      at_ms: Math.max(...all.map((it) => it.at_ms)),
      groups: sortKeys([...outer.keys()], innerOrder).map((k) => ({
        key: k,
        // Conclusions first, then the questions, most votes first.
        items: /** @type {ReceivedItem[]} */ (outer.get(k)).slice().sort((a, b) =>
          Number(a.kind === 'question') - Number(b.kind === 'question') || (b.votes ?? 0) - (a.votes ?? 0)),
      })),
    };
  });
}

/** The start of a text, for labels. @param {string} text @param {number} [max] */
function excerpt(text, max = 60) {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** "1 conclusion and 2 questions" in parts. @param {number} c @param {number} q */
const counts = (c, q) => ({
  conclusions: t('fc.conclusions', { n: c }),
  questions: t('fc.questions', { n: q }),
});

/** @param {Meeting|null} meeting @param {string} id */
const roomTitle = (meeting, id) => findRoom(meeting, id)?.title ?? id;

/**
 * Wires the conclusions panel of a group room and returns its paint function.
 * @param {Context} ctx
 */
export function setupConclusions({ conn, store, send, say, room, meeting, labels, guidingIds }) {
  const panel = $('[data-testid="conclusions-panel"]');
  const list = $('[data-testid="conclusion-list"]');
  const form = /** @type {HTMLFormElement} */ ($('#conclusion-form'));
  const text = /** @type {HTMLTextAreaElement} */ ($('#conclusion-text'));
  const guiding = /** @type {HTMLSelectElement} */ ($('#conclusion-guiding'));
  const count = $('[data-testid="conclusion-count"]');
  const submit = $('[data-testid="conclusion-save"]');
  const cancel = /** @type {HTMLButtonElement} */ ($('[data-testid="conclusion-cancel"]'));
  const handoffForm = /** @type {HTMLFormElement} */ ($('#handoff-form'));
  const pickC = $('[data-testid="handoff-conclusions"]');
  const pickQ = $('[data-testid="handoff-questions"]');
  const sendButton = /** @type {HTMLButtonElement} */ ($('[data-testid="handoff-send"]'));
  const sentList = $('[data-testid="handoff-list"]');
  /** The conclusion being corrected, or null when the form writes a new one. @type {string|null} */
  let editing = null;
  /** Ticked for the next handoff; a conclusion never sent is ticked when it first appears. */
  const pickedC = new Set();
  const pickedQ = new Set();
  const seenC = new Set();
  /** The op_ids of handoffs sent and not yet acknowledged. */
  const sending = new Set();
  let shownList = '';
  let shownPicks = '';
  let shownSent = '';
  let shownGq = '';

  const time = (/** @type {number} */ at) => agendaClock(meeting()).time(at);
  const counter = () => {
    const n = Array.from(text.value).length;
    setText(count, t('fc.count', { n, max: CONCLUSION_CHARS }));
    setAttr(count, 'data-over', n > CONCLUSION_CHARS ? '' : null);
  };
  const stopEditing = () => {
    editing = null;
    form.reset();
    setText(submit, t('fc.add'));
    cancel.hidden = true;
    $('[data-testid="conclusion-editing"]').hidden = true;
    counter();
  };
  text.addEventListener('input', counter);
  cancel.addEventListener('click', () => {
    const id = editing;
    stopEditing();
    /** @type {HTMLButtonElement|null} */ (list.querySelector(`button[data-action="edit"][data-id="${id}"]`))?.focus();
  });
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape' && editing) cancel.click(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    /** @type {Command} */
    const cmd = editing ? { type: 'conclusion.edit', conclusion_id: editing, text: body } : { type: 'conclusion.add', text: body };
    if (guiding.value) cmd.guiding_question = guiding.value;
    const was = editing ? store.state?.conclusions?.find((c) => c.id === editing) : null;
    const same = was && was.text === body && (was.guiding_question ?? '') === guiding.value;
    if (same || send(cmd)) { // nothing changed: the server would only say so
      stopEditing();
      text.focus();
    }
  });
  list.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
    const c = button instanceof HTMLButtonElement ? store.state?.conclusions?.find((x) => x.id === button.dataset.id) : null;
    if (!(button instanceof HTMLButtonElement) || !c) return;
    if (button.dataset.action === 'remove') {
      if (editing === c.id) stopEditing();
      send({ type: 'conclusion.remove', conclusion_id: c.id });
    } else if (button.dataset.action === 'edit') {
      editing = c.id;
      text.value = c.text;
      guiding.value = c.guiding_question ?? '';
      setText(submit, t('fc.save'));
      cancel.hidden = false;
      $('[data-testid="conclusion-editing"]').hidden = false;
      counter();
      text.focus();
    }
  });

  // ---- handoff ----
  handoffForm.addEventListener('change', (e) => {
    const box = e.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.id) return;
    const set = box.dataset.action === 'pick-conclusion' ? pickedC : pickedQ;
    if (box.checked) set.add(box.dataset.id);
    else set.delete(box.dataset.id);
    paintPicked();
  });
  handoffForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const state = store.state;
    if (!state) return;
    const conclusion_ids = (state.conclusions ?? []).map((c) => c.id).filter((id) => pickedC.has(id));
    const question_ids = sendableQuestions(state.questions).map((q) => q.id).filter((id) => pickedQ.has(id));
    if (conclusion_ids.length === 0) {
      say(t('fc.none_ticked'));
      return;
    }
    if (conclusion_ids.length > MAX_CONCLUSIONS || question_ids.length > MAX_QUESTIONS) {
      say(t('fc.too_many', { max: MAX_CONCLUSIONS, max_q: MAX_QUESTIONS }));
      return;
    }
    const op = send({ type: 'handoff.send', conclusion_ids, question_ids });
    if (op) sending.add(op);
    paint();
  });
  conn.on('ack', ({ command }) => {
    if (!command || !sending.delete(command.op_id)) return;
    // Sent: what was ticked is in the plenary now; start the next handoff from a clean slate.
    for (const id of command.conclusion_ids ?? []) pickedC.delete(id);
    for (const id of command.question_ids ?? []) pickedQ.delete(id);
    shownPicks = '';
    paint();
  });
  conn.on('reject', ({ command }) => { if (command) sending.delete(command.op_id); });

  const paintPicked = () => {
    const state = store.state;
    const nC = (state?.conclusions ?? []).filter((c) => pickedC.has(c.id)).length;
    const nQ = sendableQuestions(state?.questions ?? []).filter((q) => pickedQ.has(q.id)).length;
    setText($('[data-testid="handoff-picked"]'), t('fc.picked', counts(nC, nQ)));
    const busy = conn.pending().some((c) => c.type === 'handoff.send');
    sendButton.disabled = nC === 0 || busy;
    setText(sendButton, busy ? t('sending') : t('fc.send'));
  };

  function paint() {
    const state = store.state;
    if (!state) return;
    panel.hidden = !state.handoff_to;
    if (!state.handoff_to) return;
    const gq = labels();
    const gqKey = JSON.stringify([...gq.entries()]);
    if (gqKey !== shownGq) {
      shownGq = gqKey;
      fillGuidingSelect(guiding, gq, guidingIds());
      $('#conclusion-guiding-box').hidden = guidingIds().length === 0;
      shownList = shownPicks = shownSent = '';
    }
    setText($('[data-testid="handoff-heading"]'), t('fc.handoff_to', { room: roomTitle(meeting(), state.handoff_to) }));
    const conclusions = state.conclusions ?? [];
    const pending = conn.pending();
    if (editing && !conclusions.some((c) => c.id === editing)) stopEditing();

    // The conclusions written so far.
    const busy = new Set(pending.filter((c) => c.conclusion_id).map((c) => c.conclusion_id));
    const adds = pending.filter((c) => c.type === 'conclusion.add');
    const listKey = JSON.stringify([conclusions, [...busy], adds]);
    $('[data-testid="conclusion-empty"]').hidden = conclusions.length + adds.length > 0;
    if (listKey !== shownList) {
      shownList = listKey;
      replaceKeepingFocus(list, [
        ...conclusions.map((c) => h('li', { 'data-testid': 'conclusion', 'data-id': c.id, 'data-pending': busy.has(c.id) },
          h('p', { class: 'q-text', 'data-testid': 'conclusion-text', text: c.text }),
          h('p', { class: 'q-meta' }, gqTag(c.guiding_question, gq),
            c.handed_off_at_ms ? h('span', { class: 'tag now', 'data-testid': 'conclusion-sent', text: t('fc.handed_off', { time: time(c.handed_off_at_ms) }) }) : null,
            busy.has(c.id) ? h('span', { text: t('sending') }) : null),
          h('div', { class: 'actions' },
            h('button', { type: 'button', 'data-action': 'edit', 'data-id': c.id, 'data-testid': 'conclusion-edit',
              'aria-label': t('fc.edit_label', { text: excerpt(c.text) }), text: t('fc.edit') }),
            h('button', { type: 'button', class: 'danger', 'data-action': 'remove', 'data-id': c.id, 'data-testid': 'conclusion-remove',
              'aria-label': t('fc.remove_label', { text: excerpt(c.text) }), text: t('fc.remove') })))),
        ...adds.map((c) => h('li', { 'data-testid': 'conclusion', 'data-pending': true },
          h('p', { class: 'q-text', text: c.text }), h('p', { class: 'q-meta', text: t('sending') }))),
      ]);
    }

    // What to send: a conclusion never sent is ticked when it first appears.
    for (const c of conclusions) {
      if (seenC.has(c.id)) continue;
      seenC.add(c.id);
      if (!c.handed_off_at_ms) pickedC.add(c.id);
    }
    const ids = new Set(conclusions.map((c) => c.id));
    for (const id of [...pickedC]) if (!ids.has(id)) pickedC.delete(id);
    const questions = sendableQuestions(state.questions);
    const qids = new Set(questions.map((q) => q.id));
    for (const id of [...pickedQ]) if (!qids.has(id)) pickedQ.delete(id);
    const mine = (state.handoffs ?? []).filter((ho) => ho.from_room === room);
    /** When each question was last sent. @type {Map<string, number>} */
    const sentQ = new Map();
    for (const ho of mine) for (const q of ho.questions) sentQ.set(q.id, ho.at_ms);
    const picksKey = JSON.stringify([conclusions, questions, [...pickedC], [...pickedQ], [...sentQ]]);
    $('[data-testid="handoff-no-conclusions"]').hidden = conclusions.length > 0;
    $('[data-testid="handoff-no-questions"]').hidden = questions.length > 0;
    if (picksKey !== shownPicks) {
      shownPicks = picksKey;
      const box = (/** @type {'conclusion'|'question'} */ kind, /** @type {string} */ id, /** @type {boolean} */ checked,
        /** @type {(Node|null)[]} */ body) =>
        h('li', { 'data-testid': `handoff-${kind}`, 'data-id': id },
          h('label', { class: 'check' },
            h('input', { type: 'checkbox', 'data-action': `pick-${kind}`, 'data-id': id, 'data-testid': `handoff-pick-${kind}`, checked }),
            h('span', { class: 'check-body' }, body)));
      replaceKeepingFocus(pickC, conclusions.map((c) => box('conclusion', c.id, pickedC.has(c.id), [
        h('span', { class: 'q-text', text: c.text }),
        h('span', { class: 'q-meta' }, gqTag(c.guiding_question, gq),
          c.handed_off_at_ms ? h('span', { text: t('fc.was_sent', { time: time(c.handed_off_at_ms) }) }) : null)])));
      replaceKeepingFocus(pickQ, questions.map((q) => box('question', q.id, pickedQ.has(q.id), [
        h('span', { class: 'q-text', text: q.text ?? '' }),
        h('span', { class: 'q-meta' }, h('span', { text: `${askerName(q)} · ${votesText(q.votes ?? 0)}` }), gqTag(q.guiding_question, gq),
          sentQ.has(q.id) ? h('span', { text: t('fc.was_sent', { time: time(/** @type {number} */ (sentQ.get(q.id))) }) }) : null)])));
    }
    paintPicked();

    // What was sent, newest first.
    const sentKey = JSON.stringify(mine);
    $('[data-testid="handoffs-sent"]').hidden = mine.length === 0;
    if (sentKey !== shownSent) {
      shownSent = sentKey;
      replaceKeepingFocus(sentList, [...mine].reverse().map((ho) =>
        h('li', { 'data-testid': 'handoff-sent', 'data-id': ho.id },
          h('p', { class: 'sent-when' },
            h('strong', { text: t('fc.sent_at', { time: time(ho.at_ms) }) }), ' ',
            h('span', { class: 'muted', text: t('fc.sent_summary', counts(ho.conclusions.length, ho.questions.length)) })),
          h('ul', { class: 'sent-items' },
            ho.conclusions.map((c) => h('li', {}, h('span', { class: 'q-text', text: c.text }), ' ', gqTag(c.guiding_question, gq))),
            ho.questions.map((q) => h('li', { class: 'sent-question' }, h('span', { class: 'q-text', text: q.text }), ' ',
              h('span', { class: 'muted', text: `${q.name || t('q.anonymous')} · ${votesText(q.votes)}` }), ' ',
              gqTag(q.guiding_question, gq)))))));
    }
  }
  counter();
  return paint;
}

/**
 * Wires the plenary's "From the groups" panel and returns its paint function.
 * @param {{store: Store, room: string, meeting: () => Meeting|null, labels: () => GuidingLabels}} ctx
 */
export function setupFromGroups({ store, room, meeting, labels }) {
  const panel = $('[data-testid="from-groups"]');
  const body = $('[data-testid="from-groups-list"]');
  const switcher = $('[data-testid="from-groups-by"]');
  /** @type {'group'|'gq'} */
  let by = 'group';
  let shown = '';
  switcher.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-by]') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    by = button.dataset.by === 'gq' ? 'gq' : 'group';
    paint();
  });

  function paint() {
    const state = store.state;
    if (!state) return;
    const received = (state.handoffs ?? []).filter((ho) => ho.from_room !== room);
    panel.hidden = received.length === 0;
    for (const b of switcher.querySelectorAll('button[data-by]')) setAttr(b, 'aria-pressed', String(/** @type {HTMLElement} */ (b).dataset.by === by));
    const m = meeting();
    const gq = labels();
    const key = JSON.stringify([received, by, !!m, [...gq.keys()]]);
    if (key === shown) return;
    shown = key;
    const roomOrder = (m?.rooms ?? []).map((r) => r.id);
    const tree = fromGroups(received, by, roomOrder, [...gq.keys()]);
    const clock = agendaClock(m);
    const gqHeading = (/** @type {string} */ id, /** @type {string} */ tag) => (id
      ? h(tag, { class: 'gq-heading', title: gq.get(id)?.text ?? id },
        h('span', { class: 'tag gq', text: gq.get(id)?.label ?? id }), ' ', h('span', { text: excerpt(gq.get(id)?.text ?? '', 90) }))
      : h(tag, { text: t('gq.without') }));
    const item = (/** @type {ReceivedItem} */ it) => h('li', { 'data-testid': 'from-item', 'data-kind': it.kind, 'data-id': it.id },
      h('span', { class: 'tag', 'data-kind': it.kind, text: t(`fg.${it.kind}`) }), ' ',
      h('span', { class: 'q-text', text: it.text }),
      it.kind === 'question' ? h('span', { class: 'q-meta', text: t('fg.question_meta', { name: it.name || t('q.anonymous'), votes: votesText(it.votes ?? 0) }) }) : null);
    replaceKeepingFocus(body, tree.map((outer) => h('section', {
      class: 'from-group', 'data-testid': 'from-group', 'data-room': by === 'group' ? outer.key : null, 'data-gq': by === 'gq' ? outer.key : null,
    },
    by === 'group' ? h('h3', { text: roomTitle(m, outer.key) }) : gqHeading(outer.key, 'h3'),
    h('p', { class: 'muted', text: t('fg.received', { time: clock.time(outer.at_ms) }) }),
    outer.groups.map((inner) => h('div', { class: 'from-sub', 'data-testid': 'from-sub', 'data-key': inner.key },
      by === 'group' ? gqHeading(inner.key, 'h4') : h('h4', { text: roomTitle(m, inner.key) }),
      h('ul', { class: 'from-items' }, inner.items.map(item)))))));
  }
  return paint;
}
