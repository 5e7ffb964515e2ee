// @ts-check
// The room display's "not live" marker: once a live room is lost, the banner says since when the screen
// has been showing the last state it knew ("NOT LIVE since 10:42:07 — reconnecting in 4 seconds"), so a
// facilitator reading the clocks knows how far to trust them. The time is the server's clock at the last
// message heard, in the meeting's zone. Before the display was ever live the banner keeps its plain words.
// The banner's visibility stays with display.css (body[data-live]); this module only writes its words and
// data-since ("hh:mm:ss") for tests and assistive technology.
import { $, h, setAttr, setText } from './dom.mjs';
import { LANGUAGE, SECOND_LANGUAGE, direction, translatorFor } from './strings.mjs';
import { localNow, startTicker } from './clock.mjs';
import { loadMeeting } from './meeting.mjs';

/** @typedef {import('./connection.mjs').Connection} Connection */
/** @typedef {import('./strings.mjs').Translate} Translate */
/** @typedef {import('./strings.mjs').Language} Language */

const t = await translatorFor(['screens']);
const t2 = SECOND_LANGUAGE ? await translatorFor(['screens'], SECOND_LANGUAGE) : null;

/**
 * The marker's words in one language.
 * @param {Translate} translate @param {Language} lang @param {string} time "hh:mm:ss" @param {number} retryInMs 0: trying now
 */
export function markerText(translate, lang, time, retryInMs) {
  if (retryInMs < 1000) return translate('d.stale_since', { time });
  const when = new Intl.RelativeTimeFormat(lang, { numeric: 'always' }).format(Math.ceil(retryInMs / 1000), 'second');
  return translate('d.stale_retry', { time, when });
}

/**
 * "hh:mm:ss" of a server time in a time zone (the display's own when the meeting names none or an unknown one).
 * @param {number} at epoch ms @param {string|undefined} zone
 */
export function clockTime(at, zone) {
  const options = /** @type {Intl.DateTimeFormatOptions} */ ({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  try {
    return new Intl.DateTimeFormat(LANGUAGE, { ...options, timeZone: zone || undefined }).format(at);
  } catch {
    return new Intl.DateTimeFormat(LANGUAGE, options).format(at);
  }
}

/**
 * Keeps the display's banner ([data-testid="stale"]) saying since when the room is not live.
 * @param {Connection} conn
 */
export function showLiveMarker(conn) {
  const el = /** @type {HTMLElement} */ ($('[data-testid="stale"]'));
  /** @type {string|undefined} */
  let zone;
  let sig = '';
  const paint = () => {
    const down = conn.status !== 'live' && conn.downSince > 0;
    const time = down ? clockTime(conn.downSince, zone) : '';
    const retryIn = down && conn.status === 'offline' && conn.retryAt ? Math.max(0, conn.retryAt - localNow()) : 0;
    const first = down ? markerText(t, LANGUAGE, time, retryIn) : t('d.stale');
    const second = t2 && SECOND_LANGUAGE ? (down ? markerText(t2, SECOND_LANGUAGE, time, retryIn) : t2('d.stale')) : null;
    setAttr(el, 'data-since', down ? time : null);
    const next = `${first}\n${second ?? ''}`;
    if (next === sig) return;
    sig = next;
    if (!second) setText(el, first);
    else {
      el.replaceChildren(h('span', { class: 'bi-1', text: first }),
        h('span', { class: 'bi-2', lang: SECOND_LANGUAGE, dir: direction(SECOND_LANGUAGE ?? 'en'), text: second }));
    }
  };
  loadMeeting().then((m) => {
    zone = m?.time_zone;
    paint();
  });
  conn.on('status', paint);
  startTicker(paint, 500);
}
