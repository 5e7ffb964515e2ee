// @ts-check
// English: the words of polls (the phone's poll card, the display, the console).
// The French and Spanish files have the same keys and placeholders.
export default {
  'poll.heading': 'Poll',
  'poll.vote': 'Vote',
  'poll.change': 'Change my vote',
  'poll.voted': 'You voted — you can change your vote until the poll closes.',
  'poll.sending': 'Sending your vote…',
  'poll.pick_single': 'Pick one.',
  'poll.pick_up_to_one': 'Pick up to {n}.',
  'poll.pick_up_to_other': 'Pick up to {n}.',
  'poll.rating': '1 = lowest, 5 = highest.',
  'poll.closed': 'Voting has closed.',
  'poll.closed_reject': 'This poll is closed: your vote was not counted.',
  'poll.results': 'Results',
  'poll.result': '{n} · {pct}%',
  'poll.voters_one': '{n} vote',
  'poll.voters_other': '{n} votes',
  'poll.yna0': 'Yes',
  'poll.yna1': 'No',
  'poll.yna2': 'Abstain',
  'poll.closes_in': 'Closes in {time}',
};
