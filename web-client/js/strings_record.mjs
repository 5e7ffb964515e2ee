// @ts-check
// The words of the record: the exports (facilitator and organizer pages) and the printable minutes, on top
// of strings.mjs (same keys per language). The phones do not load it.
import { translator } from './strings.mjs';

/** @type {Record<string, Record<string, string>>} */
export const RECORD_STRINGS = {
  en: {
    'ex.heading': 'Exports',
    'ex.help_room': 'This room’s record as files to keep or share, downloaded with this device’s key.',
    'ex.help_meeting': 'The record as files to keep or share: of the whole meeting, or of one room.',
    'ex.for': 'Record of',
    'ex.whole': 'The whole meeting',
    'ex.file.minutes.md': 'Minutes (Markdown)',
    'ex.file.turns.csv': 'Speaking turns (CSV)',
    'ex.file.questions.csv': 'Questions (CSV)',
    'ex.file.polls.csv': 'Polls (CSV)',
    'ex.file.log.json': 'Full log (JSON)',
    'ex.download_label': 'Download {file}',
    'ex.minutes_view': 'Open the minutes to read and print',
    'ex.downloading': 'Downloading {file}…',
    'ex.saved': 'Saved {file}.',
    'ex.bad_key': 'The server did not accept this device’s key for {file}.',
    'ex.no_key': 'This device has no key yet: connect with your key first.',
    'ex.not_found': '{file} was not found: {message}',
    'ex.failed': '{file} could not be downloaded: {problem}',

    'm.doc_title': 'Minutes — Podium',
    'm.doc_title_of': 'Minutes: {title} — Podium',
    'm.heading': 'Minutes',
    'm.loading': 'Loading the minutes…',
    'm.print': 'Print',
    'm.download': 'Download minutes.md',
    'm.toolbar': 'Minutes',
    'm.room': 'Minutes of {room}',
    'm.whole': 'Minutes of the whole meeting',
    'm.no_key_room': 'This device has no key for the minutes of “{room}”. Open the room’s facilitator page with your key on this device (or the organizer page with the organizer key), then come back here.',
    'm.no_key_meeting': 'The minutes of the whole meeting need the organizer key, and this device has none. Open the organizer page with the organizer key on this device, then come back here.',
    'm.bad_key_room': 'The key this device keeps for “{room}” was not accepted: it may have been replaced. Open the facilitator page with the new key, then come back here.',
    'm.bad_key_meeting': 'The organizer key this device keeps was not accepted: it may have been replaced. Open the organizer page with the new key, then come back here.',
    'm.link_facilitator': 'Go to the facilitator page',
    'm.link_organizer': 'Go to the organizer page',
    'm.not_found': 'There are no minutes for “{room}”: no such room.',
    'm.failed': 'The minutes could not be loaded: {problem}',
    'm.retry': 'Try again',
  },
};

export const t = translator(RECORD_STRINGS);
