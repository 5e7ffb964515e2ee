// @ts-check
// A key that came in the address's fragment (#key=…) is taken off the address bar as soon as the page's
// code starts, before its words have loaded (strings.mjs waits for them), so it is never left showing or
// in the history. Pages that take keys import this module first; they keep the key themselves.

/** The key the address carried, or ''. */
export const FRAGMENT_KEY = (() => {
  const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!m) return '';
  history.replaceState(null, '', location.pathname + location.search);
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return '';
  }
})();
