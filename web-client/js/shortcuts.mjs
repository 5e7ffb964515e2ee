// @ts-check
// The console's keyboard shortcuts, for a facilitator with one hand on a tablet's keyboard: N next speaker,
// Space start or pause the speaker timer, + and − one minute more or less, U undo, ? the list of them (Esc
// closes it). Each one presses the console's own button, so it does exactly what the button does and
// nothing when the button is disabled (nobody waiting, the meeting closed).
// They never fire while typing in a field (input, select, textarea, contenteditable), with Ctrl, Alt or
// Meta held (the browser's own shortcuts), for a held key's repeats, nor behind the help list. Space is
// taken even when a button has the focus (else a tap on "Next speaker" followed by Space would press it
// again); Enter still presses the focused button. A switch turns them all off on this device
// (localStorage), for whoever needs plain keys (WCAG 2.1.4).
import { storage } from './device.mjs';

/** @typedef {'next'|'toggle'|'plus'|'minus'|'undo'} Action */

const STORED = 'podium.shortcuts';

/** The key a keydown means, or null. @param {KeyboardEvent} e @returns {Action|'help'|null} */
export function shortcutFor(e) {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case 'n': case 'N': return 'next';
    case ' ': case 'Spacebar': return 'toggle';
    case '+': case '=': return 'plus';
    case '-': case '_': case '−': return 'minus';
    case 'u': case 'U': return 'undo';
    case '?': return 'help';
    default: return null;
  }
}

/** Whether a key pressed on `el` is typing. @param {EventTarget|null} el */
function typing(el) {
  return el instanceof Element && !!el.closest('input, select, textarea, [contenteditable]:not([contenteditable="false"])');
}

/** Whether shortcuts are on for this device (on unless switched off). */
export function shortcutsOn() {
  return storage('localStorage')?.getItem(STORED) !== 'off';
}

/**
 * @param {{toggle: HTMLInputElement, help: HTMLDialogElement, helpButton: HTMLElement, active: () => boolean,
 *   actions: Record<Action, () => void>}} ctx toggle: the switch; help: the list of shortcuts; active: whether
 *   the console is up (not asking for its key)
 */
export function setupShortcuts({ toggle, help, helpButton, active, actions }) {
  let on = shortcutsOn();
  const show = () => {
    toggle.checked = on;
    document.body.dataset.shortcuts = on ? 'on' : 'off';
  };
  show();
  toggle.addEventListener('change', () => {
    on = toggle.checked;
    storage('localStorage')?.setItem(STORED, on ? 'on' : 'off');
    show();
  });
  const openHelp = () => {
    if (!help.open) help.showModal();
  };
  helpButton.addEventListener('click', openHelp);
  help.addEventListener('click', (e) => {
    // The close button, or a click on the backdrop (outside the dialog's box).
    const close = e.target instanceof Element && e.target.closest('[data-action="close-help"]');
    if (close || e.target === help) help.close();
  });

  /** Space pressed on a button is taken on keydown; its keyup would press the button. */
  let swallowKeyup = false;
  document.addEventListener('keydown', (e) => {
    if (!on || !active() || help.open || e.defaultPrevented || typing(e.target)) return;
    const what = shortcutFor(e);
    if (!what) return;
    e.preventDefault();
    if (e.key === ' ') swallowKeyup = true;
    if (e.repeat) return;
    if (what === 'help') openHelp();
    else actions[what]();
  });
  document.addEventListener('keyup', (e) => {
    if (e.key === ' ' && swallowKeyup) {
      swallowKeyup = false;
      e.preventDefault();
    }
  });
}
