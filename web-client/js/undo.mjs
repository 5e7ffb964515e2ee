// @ts-check
// The console's one Undo bar, instead of confirmation dialogs. Each destructive action picks one of two
// ways, by whether the server has an inverse for it:
// - offer(): the command went out and was acknowledged; Undo sends its inverse. Question moderation works
//   so (reject ↔ unreject, approve ↔ unapprove…, facilitator_questions.mjs).
// - delay(): no inverse exists, so the command waits here DELAY_MS and is sent only then; Undo drops it.
//   Removing a speaker (a queue.add would put them back last, and no longer as the phone's own entry) and
//   resetting a timer (nothing brings back a running or overtime timer) work so. Meanwhile this console
//   shows the action as done (isWaiting), while the other screens still show the state before it.
// Invariants of a waiting command: it is sent before any later command of this console (commitNow, called
// by the console's send), so the server sees the actions in the order they were made — "next speaker" right
// after removing the first in line does not give them the floor; and it is sent when the page goes away
// (pagehide, or hidden on a tablet), into the connection's outbox, which sessionStorage keeps for a reload
// if the socket was down. One action at a time: a new one commits the one before.
import { setText } from './dom.mjs';

/** @typedef {{type: string, [field: string]: any}} Command */
/** @typedef {{key: string, cmd: Command, still: () => boolean}} Waiting */

/** How long a removal or a reset can be undone before it is sent. */
export const DELAY_MS = 5000;
/** How long an acknowledged action's inverse stays on offer. */
export const OFFER_MS = 8000;

/**
 * @param {{bar: HTMLElement, text: HTMLElement, button: HTMLButtonElement, send: (cmd: Command) => string|null,
 *   changed: () => void}} ctx send: straight to the connection (not through commitNow); changed: repaint,
 *   a waiting action appeared or went
 */
export function setupUndo({ bar, text, button, send, changed }) {
  /** @type {Waiting|null} */
  let waiting = null;
  /** @type {Command|null} */
  let inverse = null;
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;

  const hide = () => {
    clearTimeout(timer);
    inverse = null;
    bar.hidden = true;
    delete bar.dataset.mode;
  };
  /** @param {string} words @param {'delay'|'offer'} mode @param {number} ms */
  const show = (words, mode, ms) => {
    setText(text, words);
    bar.dataset.mode = mode;
    bar.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(() => {
      commit();
      hide();
    }, ms);
  };
  /** Sends the waiting command, if any and if it still makes sense. @returns {boolean} whether one waited */
  const commit = () => {
    if (!waiting) return false;
    const { cmd, still } = waiting;
    waiting = null;
    if (still()) send(cmd);
    changed();
    return true;
  };

  button.addEventListener('click', () => {
    const was = waiting;
    const inv = inverse;
    waiting = null;
    hide();
    if (inv) send(inv);
    if (was) changed();
  });
  const away = () => {
    if (commit()) hide();
  };
  window.addEventListener('pagehide', away);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') away(); });

  return {
    /**
     * An action already done: Undo sends `inv`.
     * @param {string} words what the bar says @param {Command} inv
     */
    offer(words, inv) {
      commit();
      inverse = inv;
      show(words, 'offer', OFFER_MS);
    },
    /**
     * An action with no inverse: `cmd` waits DELAY_MS, then is sent if `still()` (what it acts on is still there).
     * @param {string} words @param {string} key what it acts on, for isWaiting @param {Command} cmd
     * @param {{still?: () => boolean, focus?: boolean}} [options] focus: move the keyboard focus to Undo (the
     *   control pressed is about to disappear)
     */
    delay(words, key, cmd, { still = () => true, focus = false } = {}) {
      commit();
      inverse = null;
      waiting = { key, cmd, still };
      show(words, 'delay', DELAY_MS);
      changed();
      if (focus) button.focus();
    },
    /** Sends a waiting action now; the console's send calls this first. */
    commitNow() {
      if (commit()) hide();
    },
    /** Whether an action on `key` waits (its effect is shown here already). @param {string} key */
    isWaiting(key) {
      return waiting?.key === key;
    },
    /** Presses Undo, when it is offered (a keyboard shortcut). */
    undo() {
      if (!bar.hidden) button.click();
    },
  };
}
