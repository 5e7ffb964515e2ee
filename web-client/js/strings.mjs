// @ts-check
// Every word the views show, in one place. English now; French and Spanish go in as sibling catalogs
// with the same keys. Server reject messages are shown as the server wrote them.

/** @type {Record<string, Record<string, string>>} */
const CATALOGS = {
  en: {
    'conn.idle': 'Not connected',
    'conn.connecting': 'Connecting…',
    'conn.joining': 'Joining the room…',
    'conn.live': 'Live',
    'conn.offline': 'Not live — reconnecting…',
    'conn.rejected': 'Not connected',

    'kind.point_of_order': 'Point of order',
    'kind.clarifying_question': 'Clarifying question',
    'kind.reply': 'Reply',
    'kind.new_point': 'New point',
    'kind_hint.point_of_order': 'About the procedure; jumps the line',
    'kind_hint.clarifying_question': 'A short question about what was just said',
    'kind_hint.reply': 'Respond to the current point',
    'kind_hint.new_point': 'Raise something new',

    'floor.now': 'Now speaking',
    'floor.nobody': 'Nobody has the floor',
    'floor.anonymous': 'A participant',
    'timer.speaker': 'Speaker time',
    'timer.segment': 'Segment',
    'timer.idle': 'Ready',
    'timer.running': 'Running',
    'timer.paused': 'Paused',
    'timer.warning': 'Warning — {time} left',
    'timer.up': 'Time is up',
    'timer.overtime': 'Time is up — overtime +{time}',
    'queue.waiting_none': 'Nobody is waiting',
    'queue.waiting_one': '1 person waiting',
    'queue.waiting': '{n} people waiting',
    'queue.closed': 'The list of speakers is closed.',
    'sending': 'sending…',
    'error.no_room': 'No room was given. Open this page from the meeting’s home page.',
    'error.unknown_room': 'There is no room “{room}”.',
    'error.not_sent': 'Not sent: {problem}',

    'p.doc_title': 'Ask for the floor — Podium',
    'p.you': 'Your requests',
    'p.have_floor': 'You have the floor',
    'p.position': 'You are {ord} in line',
    'p.sending': 'Sending your request…',
    'p.not_listed': 'You are not on the list.',
    'p.ask_heading': 'Ask for the floor',
    'p.kind_legend': 'What would you like to do?',
    'p.identity': 'Your name (optional, remembered on this phone)',
    'p.name': 'Name',
    'p.affiliation': 'City or organisation',
    'p.ask': 'Ask for the floor',
    'p.withdraw': 'Withdraw',
    'p.withdraw_label': 'Withdraw your request ({kind})',
    'p.entry_position': '{ord} in line',
    'p.entry_floor': 'speaking now',
    'p.limit_note': 'You are on the list twice. Withdraw a request to ask again.',

    'f.doc_title': 'Facilitator — Podium',
    'f.key_heading': 'Facilitator key',
    'f.key_help': 'Open the link with the key you were given, or type the key once: this device remembers it.',
    'f.key_label': 'Key',
    'f.key_submit': 'Connect',
    'f.key_bad': 'That key was not accepted for this room. Check it and try again.',
    'f.floor': 'The floor',
    'f.speaking_for': 'Speaking for {time}',
    'f.next': 'Next speaker',
    'f.end': 'End turn',
    'f.timers': 'Timers',
    'f.start': 'Start',
    'f.resume': 'Resume',
    'f.pause': 'Pause',
    'f.minus': '−1 min',
    'f.plus': '+1 min',
    'f.reset': 'Reset',
    'f.set': 'Set',
    'f.duration': 'Duration (m:ss)',
    'f.presets': 'Segments of this room',
    'f.queue': 'List of speakers',
    'f.list_open': 'Open to participants',
    'f.list_closed': 'Closed to participants',
    'f.close': 'Close the list',
    'f.open': 'Reopen the list',
    'f.up': '↑',
    'f.down': '↓',
    'f.remove': '✕',
    'f.move_up': 'Move {name} up',
    'f.move_down': 'Move {name} down',
    'f.remove_label': 'Remove {name}',
    'f.empty': 'Nobody is waiting.',
    'f.add_heading': 'Add a speaker',
    'f.add_name': 'Name',
    'f.add_affiliation': 'Affiliation',
    'f.add_kind': 'Kind',
    'f.add_minutes': 'Speaking time (m:ss, optional)',
    'f.add_submit': 'Add to the list',
    'f.presenters': 'Presenters',
    'f.add_presenter': 'Add {name}',
    'f.settings': 'Room settings',
    'f.speaking_time': 'Default speaking time (m:ss)',
    'f.warning_time': 'Warning before the end (m:ss)',
    'f.save': 'Save',
    'f.bad_duration': 'Enter a time like 3:00, 90s or 2.5.',
    'f.pending': '{n} sending…',
    'f.links': 'Open for this room:',
    'f.link_participant': 'participant page',
    'f.link_display': 'display',

    'd.doc_title': 'Display — Podium',
    'd.join': 'Ask for the floor at {url}',
    'd.code': 'Room code {code}',
    'd.next': 'Next',
    'd.more': '+{n} more',
    'd.stale': 'NOT LIVE — reconnecting…',

    'i.doc_title': 'Podium',
    'i.rooms': 'Rooms',
    'i.participant': 'Join',
    'i.facilitator': 'Facilitate',
    'i.display': 'Display',
    'i.join_heading': 'Join with a room code',
    'i.code_label': 'Room code',
    'i.join': 'Go',
    'i.code_bad': 'No room has that code.',
    'i.loading': 'Loading the meeting…',
    'i.load_failed': 'The meeting could not be loaded. Reload to try again.',
  },
};

const lang = pickLanguage();

function pickLanguage() {
  const wanted = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  for (const l of wanted) {
    const base = String(l).toLowerCase().split('-')[0];
    if (CATALOGS[base]) return base;
  }
  return 'en';
}

/** The language in use, for <html lang>. */
export const LANGUAGE = lang;

/**
 * The text for `key` with {name} placeholders filled in.
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 */
export function t(key, params) {
  const text = CATALOGS[lang][key] ?? CATALOGS.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st… @param {number} n */
export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
