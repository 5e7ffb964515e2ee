// @ts-check
// Questions as every view orders and names them. Pure: no DOM, no sending.
import { t } from './strings.mjs';

/** @typedef {import('../../protocol/js/types.mjs').Question} Question */

/** "1 vote", "5 votes". @param {number} n */
export const votesText = (n) => t('q.votes', { n });

/** The asker as shown; a question may come without a name. @param {Question} q */
export const askerName = (q) => q.name || t('q.anonymous');

/**
 * The approved questions in the order the room sees them: pinned first, then most votes, then first asked.
 * @param {Question[]} questions
 */
export function rankQuestions(questions) {
  return questions
    .filter((q) => q.status === 'approved')
    .sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || (b.votes ?? 0) - (a.votes ?? 0) ||
      (a.asked_at_ms ?? 0) - (b.asked_at_ms ?? 0));
}

/** @param {Question[]} questions @param {string|null|undefined} id */
export const findQuestion = (questions, id) => (id ? questions.find((q) => q.id === id) ?? null : null);
