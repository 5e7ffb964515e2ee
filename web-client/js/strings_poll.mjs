// @ts-check
// The words of polls (the phone's poll card, the display, the console), on top of strings.mjs: a
// catalog of its own so that the phone loads it only with the poll card.
import { translator } from './strings.mjs';

/** @type {Record<string, Record<string, string>>} */
export const POLL_STRINGS = {
  en: {
    'poll.heading': 'Poll',
    'poll.vote': 'Vote',
    'poll.change': 'Change my vote',
    'poll.voted': 'You voted — you can change your vote until the poll closes.',
    'poll.sending': 'Sending your vote…',
    'poll.pick_one': 'Pick one.',
    'poll.pick_up_to': 'Pick up to {n}.',
    'poll.rating': '1 = lowest, 5 = highest.',
    'poll.closed': 'Voting has closed.',
    'poll.closed_reject': 'This poll is closed: your vote was not counted.',
    'poll.results': 'Results',
    'poll.result': '{n} · {pct}%',
    'poll.voters': '{n} votes',
    'poll.voters_one': '1 vote',
    'poll.yna0': 'Yes',
    'poll.yna1': 'No',
    'poll.yna2': 'Abstain',
    'poll.closes_in': 'Closes in {time}',
  },
};

export const t = translator(POLL_STRINGS);
