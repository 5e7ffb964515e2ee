// @ts-check
// Keeps the room display's screen awake with the Screen Wake Lock API. The browser releases the lock
// whenever the page is hidden (another tab, a minimised window), so it is asked for again when the page
// is visible again, and on any click (some browsers grant it only then). A browser without the API, or
// one that refuses (headless, a battery saver, a permissions policy), leaves the display working as
// before; the state is reported so the page can say it.

/** @typedef {'asking'|'on'|'off'|'refused'|'unsupported'} WakeState */

/** @param {(state: WakeState) => void} report */
export function keepScreenAwake(report) {
  const wakeLock = /** @type {any} */ (navigator).wakeLock;
  if (!wakeLock || typeof wakeLock.request !== 'function') {
    report('unsupported');
    return { retry() {} };
  }
  /** @type {{released: boolean, addEventListener: (type: string, fn: () => void) => void}|null} */
  let sentinel = null;
  let asking = false;

  const ask = async () => {
    if ((sentinel && !sentinel.released) || asking || document.visibilityState !== 'visible') return;
    asking = true;
    report('asking');
    try {
      const got = await wakeLock.request('screen');
      sentinel = got;
      got.addEventListener('release', () => {
        if (sentinel === got) sentinel = null;
        report('off');
      });
      report('on');
    } catch {
      report('refused');
    } finally {
      asking = false;
    }
  };
  document.addEventListener('visibilitychange', ask);
  document.addEventListener('click', ask);
  ask();
  return { retry: ask };
}
