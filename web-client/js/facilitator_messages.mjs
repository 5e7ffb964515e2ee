// @ts-check
// Notes from the organizer on the console: every one not yet acknowledged stays at the top of the page,
// in a live region, with its own "Acknowledge" button (message.acknowledge). The acknowledgement is
// what the organizer's page shows, so the facilitator's press is the only way a note goes away.
import { $, h, replaceKeepingFocus } from './dom.mjs';
import { t } from './strings_screens.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{type: string, [field: string]: any}} Command
 */

/**
 * @param {{conn: Connection, store: Store, send: (cmd: Command) => string|null,
 *   time: (at: number) => string}} deps time: an instant as a time of day in the meeting's zone
 * @returns {() => void} paint
 */
export function setupOrgMessages({ conn, store, send, time }) {
  const box = $('[data-testid="org-messages"]');
  const list = $('[data-testid="org-message-list"]');
  list.setAttribute('aria-live', 'assertive');
  list.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-action="ack"]') : null;
    if (button instanceof HTMLButtonElement && button.dataset.id) send({ type: 'message.acknowledge', message_id: button.dataset.id });
  });
  let shown = '';
  return () => {
    const sending = new Set(conn.pending().filter((c) => c.type === 'message.acknowledge').map((c) => c.message_id));
    const open = (store.state?.messages ?? []).filter((m) => m.to === 'facilitator' && !m.acknowledged_at_ms);
    // Redrawn only when something changed, so a screen reader hears a new note once.
    const key = open.map((m) => `${m.id}:${sending.has(m.id) ? 1 : 0}`).join(',');
    if (key === shown) return;
    shown = key;
    box.hidden = open.length === 0;
    replaceKeepingFocus(list, open.map((m) =>
      h('li', { 'data-testid': 'org-message', 'data-id': m.id },
        h('p', { class: 'org-text', 'data-testid': 'org-message-text', text: m.text }),
        h('p', { class: 'org-when', text: t('f.sent_at', { time: time(m.sent_at_ms) }) }),
        h('button', { type: 'button', class: 'primary', 'data-action': 'ack', 'data-id': m.id, 'data-testid': 'org-ack',
          'aria-label': t('f.ack_label', { text: m.text }), disabled: sending.has(m.id),
          text: sending.has(m.id) ? t('sending') : t('f.ack') }))));
  };
}
