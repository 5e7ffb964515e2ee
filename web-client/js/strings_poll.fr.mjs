// @ts-check
// Français : les sondages (carte du téléphone, écran, console). Mêmes clés que strings_poll.en.mjs.
export default {
  'poll.heading': 'Sondage',
  'poll.vote': 'Voter',
  'poll.change': 'Modifier mon vote',
  'poll.voted': 'Vous avez voté — vous pouvez modifier votre vote jusqu’à la clôture du sondage.',
  'poll.sending': 'Envoi de votre vote…',
  'poll.pick_single': 'Choisissez une réponse.',
  'poll.pick_up_to_one': 'Choisissez au plus {n} réponse.',
  'poll.pick_up_to_other': 'Choisissez au plus {n} réponses.',
  'poll.rating': '1 = note la plus basse, 5 = note la plus haute.',
  'poll.closed': 'Le vote est clos.',
  'poll.closed_reject': 'Ce sondage est clos : votre vote n’a pas été pris en compte.',
  'poll.results': 'Résultats',
  'poll.result': '{n} · {pct} %',
  'poll.voters_one': '{n} vote',
  'poll.voters_other': '{n} votes',
  'poll.yna0': 'Oui',
  'poll.yna1': 'Non',
  'poll.yna2': 'Abstention',
  'poll.closes_in': 'Clôture dans {time}',
};
