// @ts-check
// Polls as every view shows them: the current one, option labels, results as bars with counts and
// percentages (text as well as length: colour is never the only signal).
import { h } from './dom.mjs';
import { t } from './strings_poll.mjs';

/** @typedef {import('../../protocol/js/types.mjs').Poll} Poll */

/** "1 vote", "12 votes". @param {number} n */
export const votersText = (n) => t('poll.voters', { n });

/** The open poll, else the last closed one if `closed` or revealed. @param {Poll[]} polls @param {boolean} closed */
export function currentPoll(polls, closed) {
  const open = polls.find((p) => p.status === 'open');
  if (open) return open;
  const last = polls.filter((p) => p.status === 'closed').sort((a, b) => b.closed_at_ms - a.closed_at_ms)[0];
  return last && (closed || last.revealed) ? last : null;
}

/** Option labels in the reader's language; yes/no/abstain are fixed options. @param {Poll} poll */
export function optionLabels(poll) {
  if (poll.kind === 'yes_no_abstain') return poll.options.map((o, i) => t(`poll.yna${i}`) || o);
  return poll.options;
}

/** Whether the counts are there and may be shown. @param {Poll} poll @param {boolean} facilitator */
export const showsResults = (poll, facilitator) =>
  Array.isArray(poll.counts) && (facilitator || poll.revealed || poll.live_results);

/** Per option: count and percentage of voters (multiple choice sums past 100). @param {Poll} poll */
export function resultRows(poll) {
  const labels = optionLabels(poll);
  const voters = poll.voters ?? 0;
  return labels.map((label, i) => {
    const count = poll.counts?.[i] ?? 0;
    return { label, count, pct: voters > 0 ? Math.round((count * 100) / voters) : 0 };
  });
}

/** The results as a list of bars. @param {Poll} poll */
export function resultsList(poll) {
  return h('ul', { class: 'results', 'data-testid': 'poll-results' }, resultRows(poll).map((r) =>
    h('li', { 'data-testid': 'poll-result', 'data-count': r.count },
      h('span', { class: 'opt', text: r.label }),
      h('span', { class: 'num', text: t('poll.result', { n: r.count, pct: r.pct }) }),
      h('progress', { max: 100, value: r.pct, 'aria-hidden': 'true' }))));
}
