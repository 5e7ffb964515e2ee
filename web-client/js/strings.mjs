// @ts-check
// The words every view shares and the phone's own, and the translator every view uses. English now;
// French and Spanish go in as sibling catalogs with the same keys. The words of the other pages are in
// strings_screens.mjs, so the phones (under 100 kB in all) do not load them. Server reject messages
// are shown as the server wrote them unless a view has better words.

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
    'ak.none': 'Not given',
    'ak.local_government': 'Local government',
    'ak.un': 'UN',
    'ak.civil_society': 'Civil society',
    'ak.other': 'Other',
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
    'p.affiliation_kind': 'Speaking for (optional)',
    'p.ask': 'Ask for the floor',
    'p.withdraw': 'Withdraw',
    'p.withdraw_label': 'Withdraw your request ({kind})',
    'p.entry_position': '{ord} in line',
    'p.entry_floor': 'speaking now',
    'p.limit_note': 'You are on the list twice. Withdraw a request to ask again.',
    'p.wait': 'Too many at once: sent again in {s} s.',

    'q.heading': 'Questions',
    'q.answering': 'Now answering',
    'q.text': 'Your question',
    'q.count': '{n} / {max}',
    'q.too_long': '{n} / {max}: too long',
    'q.name': 'Your name (optional)',
    'q.guiding': 'Guiding question (optional)',
    'q.guiding_none': 'None',
    'q.send': 'Send question',
    'q.save': 'Save changes',
    'q.cancel': 'Cancel',
    'q.mine': 'Your questions',
    'q.room': 'Questions from the room',
    'q.none': 'No questions yet. Ask the first one!',
    'q.answered': 'Answered ({n})',
    'q.st.sending': 'sending…',
    'q.st.pending': 'waiting for moderation',
    'q.st.approved': 'shown to the room',
    'q.st.answered': 'answered',
    'q.st.merged': 'merged with a similar question',
    'q.st.rejected': 'not shown to the room',
    'q.edit': 'Edit',
    'q.withdraw': 'Withdraw',
    'q.editing': 'Editing your question',
    'q.yours': 'yours',
    'q.pinned': 'pinned',
    'q.upvote': 'Upvote',
    'q.votes': '{n} votes',
    'q.votes_one': '1 vote',
    'q.anonymous': 'Anonymous',
    'q.duplicate': 'You already asked this question.',
    'q.gone': 'That question changed meanwhile; the list is up to date now.',

    'ag.label': 'Agenda',
    'ag.now': 'Now: {title}',
    'ag.next': 'Next {time}: {title}',
    'ag.not_started': 'The meeting has not started yet.',

    'closed.banner': 'This meeting has ended — thank you',
    'closed.phone': 'Asking for the floor, questions and votes are closed. What the room asked stays here to read.',


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
 * A translator over these catalogs and a view's own (same languages, more keys): the text for `key`
 * with {name} placeholders filled in, in the reader's language, else English, else the key itself.
 * @param {Record<string, Record<string, string>>} more
 * @returns {(key: string, params?: Record<string, string|number>) => string}
 */
export function translator(more) {
  const mine = { ...CATALOGS[lang], ...more[lang] };
  const en = { ...CATALOGS.en, ...more.en };
  return (key, params) => {
    const text = mine[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
}

/** The text for `key` from these catalogs. */
export const t = translator({});

/** 1st, 2nd, 3rd, 4th, 11th, 21st… @param {number} n */
export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
