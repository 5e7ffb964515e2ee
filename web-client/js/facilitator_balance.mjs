// @ts-check
// The facilitator's Balance panel: who has had the floor and for how long, live while someone speaks —
// by kind of affiliation (local government, UN, civil society, other, not given) and by speaker, as bars
// with the time and the percentage in words (colour and length are never the only signal). The numbers
// come from fairness.mjs, the same rules as the minutes.
import { $, h, setText } from './dom.mjs';
import { elapsedText } from './format_console.mjs';
import { fairness, percent } from './fairness.mjs';
import { t } from './strings_session.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('./fairness.mjs').Balance} Balance
 * @typedef {import('./fairness.mjs').AffiliationKind} AffiliationKind
 */

/** "Civil society", "Not given". @param {AffiliationKind|null} kind */
export const kindWords = (kind) => t(`ak.${kind ?? 'none'}`);

/**
 * One bar: what it counts, the time and share in words, and a bar as long as the share.
 * @param {{testid: string, label: string, extra?: string, spoken_ms: number, share: number, turns: number,
 *   speaking?: boolean, data?: Record<string, string>}} row
 */
function barRow({ testid, label, extra = '', spoken_ms, share, turns, speaking = false, data = {} }) {
  const pct = percent(share);
  const time = elapsedText(spoken_ms);
  const turnsText = t('fb.turns', { n: turns });
  const said = t('fb.row_label', { who: extra ? `${label}, ${extra}` : label, time, pct, turns: turnsText });
  return h('li', { 'data-testid': testid, 'data-share': pct, 'data-speaking': speaking ? 'yes' : null, 'aria-label': speaking
    ? `${said} ${t('fb.speaking_now')}` : said, ...data },
    h('span', { class: 'bal-who' },
      h('span', { class: 'bal-name', text: label }),
      extra ? h('span', { class: 'bal-extra', text: extra }) : null,
      speaking ? h('span', { class: 'tag now', text: t('fb.speaking_now') }) : null),
    h('span', { class: 'bal-num', text: t('fb.row', { time, pct }) }),
    h('progress', { max: 100, value: pct, 'aria-hidden': 'true' }));
}

/**
 * Paints the panel from a balance; returns nothing. Exported for the tests.
 * @param {HTMLElement} panel @param {Balance} b
 */
export function paintBalance(panel, b) {
  const q = (/** @type {string} */ id) => $(`[data-testid="${id}"]`, panel);
  const empty = b.turns === 0;
  q('balance-empty').hidden = !empty;
  q('balance-body').hidden = empty;
  setText(q('balance-summary'), empty ? '' : t('fb.summary', {
    time: elapsedText(b.total_ms),
    turns: t('fb.turns', { n: b.turns }),
    speakers: t('fb.speakers', { n: b.speakers.length }),
    first: b.first_time_speakers,
  }));
  // The four named kinds always (a kind that never spoke is part of the picture), "not given" when used.
  q('balance-kinds').replaceChildren(...b.kinds.filter((k) => k.kind !== null || k.turns > 0).map((k) =>
    barRow({ testid: 'balance-kind', label: kindWords(k.kind), spoken_ms: k.spoken_ms, share: k.share, turns: k.turns,
      data: { 'data-kind': k.kind ?? 'none' } })));
  // Most time first: who dominates stands out.
  const speakers = [...b.speakers].sort((x, y) => y.spoken_ms - x.spoken_ms);
  q('balance-speakers').replaceChildren(...speakers.map((s) => {
    const extra = [s.affiliation, s.affiliation_kind ? kindWords(s.affiliation_kind) : ''].filter(Boolean).join(' · ');
    return barRow({ testid: 'balance-speaker', label: s.name, extra, spoken_ms: s.spoken_ms, share: s.share, turns: s.turns,
      speaking: s.speaking, data: { 'data-kind': s.affiliation_kind ?? 'none' } });
  }));
}

/**
 * Wires the Balance panel: paint on every change of the room, and every second while someone speaks.
 * @param {{store: import('./store.mjs').Store, now: () => number}} ctx
 */
export function setupBalance({ store, now }) {
  const panel = $('[data-testid="balance"]');
  let shown = '';
  const paint = () => {
    const state = store.state;
    if (!state) return;
    const b = fairness(state, now(), { unnamed: t('floor.anonymous') });
    // Whole seconds are what the panel shows: redraw only when a shown number changes.
    const key = JSON.stringify([b.speakers.map((s) => [s.name, s.affiliation, s.affiliation_kind, Math.floor(s.spoken_ms / 1000),
      s.turns, s.speaking]), b.kinds.map((k) => [k.turns, Math.floor(k.spoken_ms / 1000)])]);
    if (key === shown) return;
    shown = key;
    paintBalance(panel, b);
  };
  return {
    paint,
    /** Every second: only while someone has the floor does the balance move. */
    tick() {
      if (store.state?.current) paint();
    },
  };
}
