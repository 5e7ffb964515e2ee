// @ts-check
// The phone's poll card: options as radio buttons (checkboxes, at most max_picks, for multiple choice),
// a Vote button (a vote can change until the poll closes), results when the room may see them. The form
// is rebuilt only when the poll, its status or own vote changes: a tally does not undo a choice in progress.
// Once the meeting is closed, no poll takes votes any more.
import { $, h, setText } from './dom.mjs';
import { t } from './strings_poll.mjs';
import { currentPoll, optionLabels, resultsList, showsResults, votersText } from './polls.mjs';
import { remainingText } from './format.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').Poll} Poll
 * @typedef {{type: string, [field: string]: any}} Command
 */

/** @param {Poll} poll @param {number[]|undefined} mine @param {boolean} closed the meeting is closed */
function pollForm(poll, mine, closed) {
  const multiple = poll.kind === 'multiple';
  const open = poll.status === 'open' && !closed;
  const hint = multiple ? t('poll.pick_up_to', { n: poll.max_picks }) : poll.kind === 'rating' ? t('poll.rating') : t('poll.pick_single');
  return h('form', { 'data-testid': 'poll-form', 'data-poll': poll.id },
    h('fieldset', {},
      h('legend', { class: 'poll-q', 'data-testid': 'poll-question', text: poll.question }),
      h('div', { class: `choices ${poll.kind}` }, optionLabels(poll).map((label, i) =>
        h('label', { class: 'choice' },
          h('input', { type: multiple ? 'checkbox' : 'radio', name: 'pick', value: i, checked: !!mine?.includes(i),
            disabled: !open, 'data-testid': 'poll-option' }),
          h('span', { text: label })))),
      open ? h('p', { class: 'note', text: hint }) : null),
    open ? h('button', { type: 'submit', class: 'primary', 'data-testid': 'poll-vote', text: mine ? t('poll.change') : t('poll.vote') }) : null,
    h('p', { class: 'note', 'data-part': 'deadline' }));
}

/**
 * Wires the poll card; returns its paint and tick functions.
 * @param {{conn: import('./connection.mjs').Connection, store: import('./store.mjs').Store, send: (cmd: Command) => boolean}} ctx
 */
export function setupPoll({ conn, store, send }) {
  const card = $('[data-testid="poll"]');
  setText($('#poll-h'), t('poll.heading'));
  const body = $('#poll-body');
  const status = h('p', { class: 'poll-status', 'aria-live': 'polite', 'data-testid': 'poll-status' });
  const results = h('div', { 'data-part': 'results' });
  let key = '';
  /** @type {Poll|null} */
  let shown = null;
  /** Whether the shown poll takes votes (open, and the meeting not closed). */
  let votable = false;

  body.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !shown || !votable) return;
    const picks = [...form.querySelectorAll('input:checked')].map((i) => Number(/** @type {HTMLInputElement} */ (i).value));
    if (picks.length === 0) {
      setText(status, shown.kind === 'multiple' ? t('poll.pick_up_to', { n: shown.max_picks }) : t('poll.pick_single'));
      return;
    }
    send({ type: 'poll.vote', poll_id: shown.id, picks });
  });
  // Once max_picks boxes are ticked, the others are disabled.
  body.addEventListener('change', () => {
    if (!shown || shown.kind !== 'multiple' || !votable) return;
    const boxes = [...body.querySelectorAll('input[type="checkbox"]')].map((b) => /** @type {HTMLInputElement} */ (b));
    const full = boxes.filter((b) => b.checked).length >= shown.max_picks;
    for (const b of boxes) b.disabled = !b.checked && full;
  });

  return {
    paint() {
      const poll = currentPoll(store.state?.polls ?? [], true);
      shown = poll;
      card.hidden = !poll;
      if (!poll) {
        key = '';
        votable = false;
        return;
      }
      const mine = store.myVotes.get(poll.id);
      const closed = (store.state?.closed_at_ms ?? 0) > 0;
      const open = poll.status === 'open' && !closed;
      votable = open;
      const next = `${poll.id}|${poll.status}|${mine ?? ''}|${closed}`;
      if (next !== key) {
        key = next;
        body.replaceChildren(pollForm(poll, mine, closed), status, results);
        body.dispatchEvent(new Event('change'));
      }
      const sending = conn.pending().some((c) => c.type === 'poll.vote' && c.poll_id === poll.id);
      setText(status, sending ? t('poll.sending') : !open ? t('poll.closed') : mine ? t('poll.voted') : '');
      if (showsResults(poll, false)) {
        results.replaceChildren(h('h3', { text: `${t('poll.results')} · ${votersText(poll.voters ?? 0)}` }), resultsList(poll));
      } else {
        results.replaceChildren();
      }
    },
    /** @param {number} now */
    tick(now) {
      const deadline = body.querySelector('[data-part="deadline"]');
      if (!deadline || !shown) return;
      const closed = (store.state?.closed_at_ms ?? 0) > 0;
      const left = shown.status === 'open' && !closed && shown.deadline_ms > 0 ? shown.deadline_ms - now : null;
      setText(deadline, left !== null && left > 0 ? t('poll.closes_in', { time: remainingText(left) }) : '');
    },
  };
}
