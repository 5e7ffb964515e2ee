// @ts-check
// The facilitator's Session panel: the room's plan (blocks in order with their planned times in the
// meeting's zone, which one runs, the projected end and the drift, ticking every second; the running and
// next block and the drift's words are plan_view.mjs's over /protocol/plan.mjs's sums, as on the display
// and the organizer page), starting the next block and ending the running one, and in a presentations
// block its presenter slots: give the floor to the next one, start, edit, reorder or remove a waiting one,
// add one on the spot within the block's limit. The pure helpers are exported for the unit tests.
import { $, h, replaceKeepingFocus, setAttr, setText } from './dom.mjs';
import { t } from './strings_session.mjs';
import { durationText, elapsedText, personFromForm } from './format_console.mjs';
import { akTag, fillAffiliationKinds } from './facilitator_view.mjs';
import { spokenMs } from './timer_words.mjs';
import { agendaClock } from './agenda.mjs';
import { driftView, nextBlock, paintDrift, planAt, runningBlock } from './plan_view.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('../../protocol/js/types.mjs').Block} Block
 * @typedef {import('../../protocol/js/types.mjs').Slot} Slot
 * @typedef {import('../../protocol/js/plan.mjs').PlannedBlock} PlannedBlock
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{type: string, [field: string]: any}} Command
 * @typedef {{id: string, name: string, affiliation: string, affiliation_kind: string, minutes: string}} SlotDraft
 */

const MINUTE = 60000;

/**
 * The presentations block whose presenters the panel shows: the running one, else the first not over,
 * else the last one (its record, read only).
 * @param {RoomState} state @returns {Block|null}
 */
export function presentationsBlock(state) {
  const blocks = (state.blocks ?? []).filter((b) => b.kind === 'presentations');
  return blocks.find((b) => b.id === state.block) ?? blocks.find((b) => !b.ended_at_ms) ?? blocks[blocks.length - 1] ?? null;
}

/** Whether another presenter fits in the block. @param {Block} block @param {number} [adding] ones being sent */
export function blockFull(block, adding = 0) {
  return block.max_presenters > 0 && block.slots.length + adding >= block.max_presenters;
}

/**
 * The slot.move that moves a waiting slot one place up or down among the waiting ones, or null when it
 * cannot move that way. Moves name a neighbour by id, so a concurrent change cannot misplace the slot.
 * @param {Block} block @param {string} slotId @param {'up'|'down'} dir @returns {Command|null}
 */
export function slotMove(block, slotId, dir) {
  const waiting = block.slots.filter((s) => s.status === 'waiting');
  const i = waiting.findIndex((s) => s.id === slotId);
  if (i < 0) return null;
  if (dir === 'up') return i > 0 ? { type: 'slot.move', slot_id: slotId, before_id: waiting[i - 1].id } : null;
  if (i >= waiting.length - 1) return null;
  return { type: 'slot.move', slot_id: slotId, before_id: waiting[i + 2]?.id ?? null };
}

/**
 * Wires the Session panel; returns its paint (on every change of the room) and tick (every second).
 * @param {{conn: Connection, store: Store, send: (cmd: Command) => string|null, say: (text: string) => void,
 *   meeting: () => Meeting|null}} ctx
 */
export function setupSession({ conn, store, send, say, meeting }) {
  const panel = $('[data-testid="session-panel"]');
  const blockList = $('[data-testid="block-list"]');
  const startNext = /** @type {HTMLButtonElement} */ ($('[data-testid="block-start-next"]'));
  const endBlock = /** @type {HTMLButtonElement} */ ($('[data-testid="block-end"]'));
  const slotsBox = /** @type {HTMLDetailsElement} */ ($('[data-testid="slots"]'));
  const slotList = $('[data-testid="slot-list"]');
  const giveFloor = /** @type {HTMLButtonElement} */ ($('[data-testid="give-floor"]'));
  const addForm = /** @type {HTMLFormElement} */ ($('#slot-add-form'));
  const addFields = /** @type {HTMLFieldSetElement} */ ($('#slot-add-fields'));
  /** The waiting slot being edited, with what was typed so far. @type {SlotDraft|null} */
  let editing = null;
  let shownSlots = '';
  let shownBlocks = '';
  /** Which block's presenters are shown and whether it was over: the list folds when its block ends. */
  let shownPhase = '';

  // Times of day in the meeting's zone; the formatter is made again only when the meeting changes.
  /** @type {Meeting|null|undefined} */
  let clockFor;
  /** @type {(at: number) => string} */
  let time = () => '';
  const clock = () => {
    const m = meeting();
    if (m !== clockFor) {
      clockFor = m;
      const c = agendaClock(m);
      time = c.time;
    }
    return time;
  };
  const span = (/** @type {number} */ from, /** @type {number} */ to) => `${clock()(from)}–${clock()(to)}`;

  const currentId = () => store.state?.current?.entry.id ?? null;
  /** The room's plan now (null without blocks); before the meeting is loaded, days count in UTC. @param {RoomState} state */
  const planNow = (state) => planAt(state, conn.serverNow(), meeting()?.time_zone);
  /** @param {string} slotId */
  const startSlot = (slotId) => send({ type: 'slot.start', slot_id: slotId, expected_current: currentId() });

  // ---- blocks ----
  startNext.addEventListener('click', () => {
    const state = store.state;
    const next = state ? nextBlock(planNow(state)) : null;
    if (state && next) send({ type: 'block.start', block_id: next.id, expected_current: state.block ?? null });
  });
  endBlock.addEventListener('click', () => {
    const state = store.state;
    if (state?.block) send({ type: 'block.end', expected_current: state.block });
  });
  blockList.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action="start-block"]') : null;
    const state = store.state;
    if (button instanceof HTMLButtonElement && button.dataset.id && state) {
      send({ type: 'block.start', block_id: button.dataset.id, expected_current: state.block ?? null });
    }
  });

  // ---- presenters ----
  giveFloor.addEventListener('click', () => {
    const id = giveFloor.dataset.id;
    if (id) startSlot(id);
  });
  slotList.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
    const state = store.state;
    if (!(button instanceof HTMLButtonElement) || !state || !button.dataset.id) return;
    const id = button.dataset.id;
    const block = presentationsBlock(state);
    const slot = block?.slots.find((s) => s.id === id);
    if (!block || !slot) return;
    const action = button.dataset.action;
    if (action === 'start') startSlot(id);
    else if (action === 'up' || action === 'down') {
      const cmd = slotMove(block, id, action);
      if (cmd) send(cmd);
    } else if (action === 'remove') send({ type: 'slot.remove', slot_id: id });
    else if (action === 'edit') {
      editing = { id, name: slot.name, affiliation: slot.affiliation, affiliation_kind: slot.affiliation_kind ?? '',
        minutes: slot.planned_ms ? durationText(slot.planned_ms) : '' };
      paint();
      /** @type {HTMLInputElement|null} */ (slotList.querySelector(`#slot-edit-name-${id}`))?.focus();
    } else if (action === 'cancel-edit') {
      editing = null;
      paint();
      /** @type {HTMLButtonElement|null} */ (slotList.querySelector(`button[data-action="edit"][data-id="${id}"]`))?.focus();
    }
  });
  slotList.addEventListener('input', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement) || !editing || input.dataset.id !== editing.id) return;
    const field = /** @type {'name'|'affiliation'|'affiliation_kind'|'minutes'} */ (input.name);
    if (field === 'name' || field === 'affiliation' || field === 'affiliation_kind' || field === 'minutes') editing[field] = input.value;
  });
  slotList.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && editing) {
      const id = editing.id;
      editing = null;
      paint();
      /** @type {HTMLButtonElement|null} */ (slotList.querySelector(`button[data-action="edit"][data-id="${id}"]`))?.focus();
    }
  });
  slotList.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    if (!editing || !(form instanceof HTMLFormElement)) return;
    // The edit form holds what the draft holds: the same reader as the add forms.
    const person = personFromForm(form);
    if (!person) return;
    if (person.ms === null) {
      say(t('f.bad_duration'));
      return;
    }
    /** @type {Command} */
    const cmd = { type: 'slot.edit', slot_id: editing.id, ...person.fields };
    if (person.ms !== undefined) cmd.planned_ms = person.ms;
    const id = editing.id;
    const was = store.state ? presentationsBlock(store.state)?.slots.find((s) => s.id === id) : null;
    const same = was && was.name === cmd.name && was.affiliation === (cmd.affiliation ?? '') && was.planned_ms === (cmd.planned_ms ?? 0) &&
      (was.affiliation_kind ?? '') === (cmd.affiliation_kind ?? '');
    if (same || send(cmd)) { // nothing changed: the server would only say so
      editing = null;
      paint();
      /** @type {HTMLButtonElement|null} */ (slotList.querySelector(`button[data-action="edit"][data-id="${id}"]`))?.focus();
    }
  });
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const state = store.state;
    const block = state ? presentationsBlock(state) : null;
    if (!block) return;
    const person = personFromForm(addForm);
    if (!person) return;
    if (person.ms === null) {
      say(t('f.bad_duration'));
      return;
    }
    /** @type {Command} */
    const cmd = { type: 'slot.add', block_id: block.id, ...person.fields };
    if (person.ms !== undefined) cmd.planned_ms = person.ms;
    if (send(cmd)) {
      addForm.reset();
      /** @type {HTMLInputElement} */ ($('#slot-name')).focus();
    }
  });

  // A presenter refused (the block filled up meanwhile, say): what was typed comes back into the form.
  conn.on('reject', ({ command }) => {
    if (command?.type !== 'slot.add') return;
    const fields = /** @type {[string, string][]} */ ([['#slot-name', command.name], ['#slot-affiliation', command.affiliation ?? ''],
      ['#slot-affiliation-kind', command.affiliation_kind ?? ''], ['#slot-minutes', command.planned_ms ? durationText(command.planned_ms) : '']]);
    if (/** @type {HTMLInputElement} */ ($('#slot-name')).value.trim() !== '') return; // typing the next one already
    for (const [sel, value] of fields) /** @type {HTMLInputElement|HTMLSelectElement} */ ($(sel)).value = value;
  });

  /**
   * One presenter's row: place, name, status, times, and for a waiting one in a block not over its controls.
   * @param {Slot} slot @param {number} i @param {Block} block @param {Command[]} pending
   */
  const slotRow = (slot, i, block, pending) => {
    const busy = pending.some((c) => c.slot_id === slot.id);
    const open = !block.ended_at_ms && slot.status === 'waiting';
    if (open && editing?.id === slot.id) return editRow(editing, i);
    const waiting = block.slots.filter((s) => s.status === 'waiting');
    const w = waiting.findIndex((s) => s.id === slot.id);
    const meta = [slot.affiliation, slot.planned_ms ? t('fs.planned', { time: durationText(slot.planned_ms) }) : t('fs.equal_share'),
      slot.status !== 'waiting' ? t('fs.allotted', { time: durationText(slot.allotted_ms) }) : '',
      slot.status === 'done' ? t('fs.spoke', { time: elapsedText(slot.spoken_ms) }) : '',
      busy ? t('sending') : ''].filter(Boolean).join(' · ');
    const button = (/** @type {string} */ action, /** @type {string} */ text, /** @type {string} */ label, disabled = false, cls = '') =>
      h('button', { type: 'button', 'data-action': action, 'data-id': slot.id, 'data-testid': `slot-${action}`, 'aria-label': label,
        text, disabled, class: cls || null });
    return h('li', { 'data-testid': 'slot', 'data-id': slot.id, 'data-status': slot.status, 'data-pending': busy },
      h('span', { class: 'pos', text: String(i + 1) }),
      h('div', { class: 'who' },
        h('span', { class: 'name', 'data-testid': 'slot-name', text: slot.name }),
        h('span', { class: 'tag', 'data-status': slot.status, 'data-testid': 'slot-status', text: t(`fs.slot.${slot.status}`) }),
        akTag(slot.affiliation_kind),
        meta ? h('div', { class: 'meta', 'data-testid': 'slot-meta', text: meta }) : null,
        slot.status === 'speaking' ? h('div', { class: 'meta live', 'data-part': 'slot-spoken', 'data-id': slot.id }) : null),
      open ? h('div', { class: 'actions' },
        button('start', t('fs.slot_start'), t('fs.slot_start_label', { name: slot.name }), busy),
        button('edit', t('fs.edit'), t('fs.edit_label', { name: slot.name })),
        button('up', t('f.up'), t('f.move_up', { name: slot.name }), w <= 0),
        button('down', t('f.down'), t('f.move_down', { name: slot.name }), w < 0 || w >= waiting.length - 1),
        button('remove', t('f.remove'), t('f.remove_label', { name: slot.name }), false, 'danger')) : null);
  };

  /** The edit form's "Speaking for" select, on the draft's choice. @param {SlotDraft} d */
  const kindField = (d) => {
    const id = `slot-edit-affiliation_kind-${d.id}`;
    const select = /** @type {HTMLSelectElement} */ (h('select', { id, name: 'affiliation_kind', 'data-id': d.id,
      'data-action': 'edit-affiliation_kind', 'data-testid': 'slot-edit-affiliation-kind' }));
    fillAffiliationKinds(select);
    select.value = d.affiliation_kind;
    return h('div', {}, h('label', { for: id, text: t('f.add_affiliation_kind') }), select);
  };

  /** A waiting presenter being corrected. @param {SlotDraft} d @param {number} i */
  const editRow = (d, i) => {
    const field = (/** @type {'name'|'affiliation'|'minutes'} */ name, /** @type {string} */ label, /** @type {Record<string, any>} */ extra) =>
      h('div', {},
        h('label', { for: `slot-edit-${name}-${d.id}`, text: label }),
        h('input', { id: `slot-edit-${name}-${d.id}`, name, value: d[name], 'data-id': d.id, 'data-action': `edit-${name}`,
          'data-testid': `slot-edit-${name}`, autocomplete: 'off', ...extra }));
    return h('li', { 'data-testid': 'slot', 'data-id': d.id, 'data-status': 'waiting', 'data-editing': true },
      h('span', { class: 'pos', text: String(i + 1) }),
      h('form', { class: 'slot-edit grid-form', 'data-id': d.id, 'aria-label': t('fs.edit_label', { name: d.name }) },
        field('name', t('fs.name'), { maxlength: 80, required: true }),
        field('affiliation', t('fs.affiliation'), { maxlength: 120 }),
        kindField(d),
        field('minutes', t('fs.minutes'), { inputmode: 'decimal', placeholder: t('fs.equal_share') }),
        h('div', { class: 'row' },
          h('button', { type: 'submit', class: 'primary', 'data-testid': 'slot-edit-save', text: t('fs.save') }),
          h('button', { type: 'button', 'data-action': 'cancel-edit', 'data-id': d.id, text: t('fs.cancel') }))));
  };

  function paint() {
    const state = store.state;
    if (!state) return;
    const blocks = state.blocks ?? [];
    panel.hidden = false;
    $('[data-testid="no-plan"]').hidden = blocks.length > 0;
    const plan = planNow(state);
    const running = runningBlock(plan);
    const next = nextBlock(plan);
    startNext.hidden = !next;
    setText(startNext, next ? t('fs.start_next', { title: next.title }) : '');
    endBlock.hidden = !running;
    setText(endBlock, running ? t('fs.end_block', { title: running.title }) : '');
    const pending = conn.pending();
    const blockBusy = pending.some((c) => c.type === 'block.start' || c.type === 'block.end');
    startNext.disabled = blockBusy;
    endBlock.disabled = blockBusy;
    $('[data-testid="all-done"]').hidden = blocks.length === 0 || blocks.some((b) => !b.ended_at_ms);

    // ---- presenters ----
    const block = presentationsBlock(state);
    slotsBox.hidden = !block;
    if (!block) return;
    const over = block.ended_at_ms > 0;
    const phase = `${block.id}:${over}`;
    if (phase !== shownPhase) {
      shownPhase = phase;
      slotsBox.open = !over; // the facilitator may still open or fold it by hand
    }
    const several = blocks.filter((b) => b.kind === 'presentations').length > 1;
    setText($('[data-testid="slots-heading"]'), several ? t('fs.presenters_in', { title: block.title }) : t('fs.presenters'));
    const adding = pending.filter((c) => c.type === 'slot.add' && c.block_id === block.id);
    const waiting = block.slots.filter((s) => s.status === 'waiting');
    const first = over ? null : waiting[0] ?? null;
    giveFloor.hidden = !first;
    setAttr(giveFloor, 'data-id', first?.id ?? null);
    setText(giveFloor, first ? t('fs.give_floor', { name: first.name }) : '');
    giveFloor.disabled = pending.some((c) => c.type === 'slot.start' || c.type === 'turn.next');
    const note = over ? t('fs.over') : block.slots.length === 0 && adding.length === 0 ? t('fs.none') : !first ? t('fs.no_waiting') : '';
    setText($('[data-testid="slots-note"]'), note);
    $('[data-testid="slots-note"]').hidden = note === '';
    setText($('[data-testid="slot-count"]'), block.max_presenters > 0
      ? t('fs.count', { n: block.slots.length, max: block.max_presenters }) : '');

    const full = blockFull(block, adding.length);
    addFields.disabled = over || full;
    const why = over ? t('fs.closed') : full ? t('fs.full', { n: block.max_presenters }) : '';
    const fullNote = $('[data-testid="slot-full"]');
    setText(fullNote, why);
    fullNote.hidden = why === '';

    if (editing && !waiting.some((s) => s.id === editing?.id)) editing = null; // it started, or went away
    const key = JSON.stringify([block, editing?.id ?? null, pending.filter((c) => c.type.startsWith('slot.'))]);
    if (key === shownSlots) return;
    shownSlots = key;
    const rows = block.slots.map((s, i) => slotRow(s, i, block, pending));
    const sending = adding.map((c) => h('li', { 'data-testid': 'slot', 'data-pending': true },
      h('span', { class: 'pos', text: '…' }),
      h('div', { class: 'who' }, h('span', { class: 'name', text: c.name }), akTag(c.affiliation_kind),
        h('div', { class: 'meta', text: [c.affiliation, t('sending')].filter(Boolean).join(' · ') }))));
    // Redrawn only when the block or what is being sent changed, so an open edit form keeps its caret.
    replaceKeepingFocus(slotList, [...rows, ...sending]);
  }

  /** @param {number} now the server's clock */
  function tick(now) {
    const state = store.state;
    if (!state) return;
    const blocks = state.blocks ?? [];
    // The speaking presenter's time so far.
    const current = state.current;
    for (const el of slotList.querySelectorAll('[data-part="slot-spoken"]')) {
      const on = current && current.entry.slot_id === /** @type {HTMLElement} */ (el).dataset.id;
      setText(el, on ? t('fs.speaking_for', { time: elapsedText(spokenMs(current, now)) }) : '');
    }
    if (blocks.length === 0) {
      replaceKeepingFocus(blockList, []);
      shownBlocks = '';
      return;
    }
    const m = meeting();
    const whole = planAt(state, now, m?.time_zone);
    // Planned times of day only once the meeting's zone is known.
    const plan = m ? whole : null;
    paintDrift($('[data-testid="drift"]'), driftView(plan, clock(), { end: false }));
    const endEl = $('[data-testid="plan-end"]');
    const ends = plan?.projected_end_ms == null ? ''
      : plan.planned_end_ms == null ? t('fs.ends', { time: clock()(plan.projected_end_ms) })
        : t('fs.ends_plan', { time: clock()(plan.projected_end_ms), planned: clock()(plan.planned_end_ms) });
    setText(endEl, ends);

    const pending = conn.pending();
    const busy = pending.some((c) => c.type === 'block.start' || c.type === 'block.end');
    const nextId = nextBlock(whole)?.id ?? null;
    const rows = blocks.map((b, i) => blockRow(b, plan?.blocks[i] ?? null, state, busy, b.id === nextId));
    const key = JSON.stringify(rows.map((r) => r.key));
    if (key === shownBlocks) return;
    shownBlocks = key;
    replaceKeepingFocus(blockList, rows.map((r) => r.el()));
  }

  /**
   * A block's row as a key (its visible texts: the row is redrawn only when one changes) and a builder.
   * @param {Block} b @param {PlannedBlock|null} p @param {RoomState} state @param {boolean} busy
   * @param {boolean} next the block the panel's main button starts (its row needs no button of its own)
   */
  const blockRow = (b, p, state, busy, next) => {
    const status = b.ended_at_ms > 0 ? 'done' : state.block === b.id ? 'running' : 'planned';
    const plan = p && p.planned_start_ms != null && p.planned_end_ms != null
      ? t('fs.plan', { span: span(p.planned_start_ms, p.planned_end_ms) }) : t('fs.no_time');
    let actual = '';
    if (status === 'done') {
      actual = t('fs.ran', { span: span(b.started_at_ms || b.ended_at_ms, b.ended_at_ms) });
      if (b.left_ms < 0) actual += ` · ${t('fs.overran', { time: elapsedText(-b.left_ms) })}`;
    } else if (status === 'running' && p) {
      actual = t('fs.since', { time: clock()(b.started_at_ms), end: clock()(p.projected_end_ms) });
    } else if (p && (p.planned_start_ms == null || Math.abs(p.projected_start_ms - p.planned_start_ms) >= MINUTE ||
      Math.abs(p.projected_end_ms - (p.planned_end_ms ?? 0)) >= MINUTE)) {
      actual = t('fs.expected', { span: span(p.projected_start_ms, p.projected_end_ms) });
    }
    const texts = [b.id, status, b.title, t(`fs.kind.${b.kind}`), plan, actual, busy, next];
    return {
      key: texts,
      el: () => h('li', { 'data-testid': 'block', 'data-id': b.id, 'data-status': status, 'aria-current': status === 'running' ? 'step' : null },
        h('div', { class: 'who' },
          h('span', { class: 'name', 'data-testid': 'block-title', text: b.title }),
          h('span', { class: 'badge', 'data-block-kind': b.kind, text: t(`fs.kind.${b.kind}`) }),
          h('div', { class: 'meta' },
            h('span', { 'data-testid': 'block-plan', text: plan }),
            h('span', { class: 'tag', 'data-status': status, 'data-testid': 'block-status', text: t(`fs.st.${status}`) }),
            actual ? h('span', { 'data-testid': 'block-actual', text: actual }) : null)),
        status === 'planned' && !next ? h('div', { class: 'actions' },
          h('button', { type: 'button', 'data-action': 'start-block', 'data-id': b.id, 'data-testid': 'block-start',
            'aria-label': t('fs.start_label', { title: b.title }), disabled: busy, text: t('fs.start') })) : null),
    };
  };

  return {
    paint() {
      paint();
      tick(conn.serverNow());
    },
    tick,
  };
}
