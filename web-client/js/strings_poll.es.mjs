// @ts-check
// Español: las encuestas (tarjeta del teléfono, pantalla, consola). Mismas claves que strings_poll.en.mjs.
export default {
  'poll.heading': 'Encuesta',
  'poll.vote': 'Votar',
  'poll.change': 'Cambiar mi voto',
  'poll.voted': 'Ha votado: puede cambiar su voto hasta que se cierre la encuesta.',
  'poll.sending': 'Enviando su voto…',
  'poll.pick_single': 'Elija una opción.',
  'poll.pick_up_to_one': 'Elija {n} opción como máximo.',
  'poll.pick_up_to_other': 'Elija hasta {n} opciones.',
  'poll.rating': '1 = la puntuación más baja, 5 = la más alta.',
  'poll.closed': 'La votación está cerrada.',
  'poll.closed_reject': 'Esta encuesta está cerrada: su voto no se ha contabilizado.',
  'poll.results': 'Resultados',
  'poll.result': '{n} · {pct} %',
  'poll.voters_one': '{n} voto',
  'poll.voters_other': '{n} votos',
  'poll.yna0': 'Sí',
  'poll.yna1': 'No',
  'poll.yna2': 'Abstención',
  'poll.closes_in': 'Se cierra en {time}',
};
