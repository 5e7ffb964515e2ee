// @ts-check
// An optional sound at time-up for the room display: a short two-tone chime made by WebAudio in code (no
// audio file, nothing from another origin). Browsers let a page make sound only after a click on it, so it
// starts off and a click on its button turns it on (creating the AudioContext inside that click); a second
// click turns it off. It sounds once when a timer crosses zero while this page watches, never for a timer
// found already over time when the page loads or reconnects.

/** @typedef {'idle'|'normal'|'warning'|'expired'} Level */

/** The chime: two soft sine tones, a fifth apart, each with a short fade in and a longer fade out. */
const TONES = [{ hz: 880, at: 0 }, { hz: 587.33, at: 0.32 }];
const TONE_S = 0.55;
const PEAK = 0.3;

export function timeUpSound() {
  /** @type {AudioContext|null} */
  let ctx = null;
  let on = false;
  let chimes = 0;
  /** Each timer's level at the last look. @type {Map<string, Level>} */
  const last = new Map();

  const play = (gainScale = 1) => {
    if (!ctx) return;
    const start = ctx.currentTime + 0.02;
    for (const { hz, at } of TONES) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, start + at);
      gain.gain.exponentialRampToValueAtTime(PEAK * gainScale, start + at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + TONE_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + at);
      osc.stop(start + at + TONE_S + 0.05);
    }
  };

  return {
    get on() { return on; },
    /** How many time-up chimes sounded (the page shows the count, for tests and support). */
    get chimes() { return chimes; },
    /**
     * Turns the sound on or off; call it from a click. On: a quiet chime says it works.
     * @returns {Promise<boolean>} whether it is on
     */
    async toggle() {
      if (on) {
        on = false;
        await ctx?.suspend().catch(() => {});
        return false;
      }
      const Ctor = window.AudioContext ?? /** @type {any} */ (window).webkitAudioContext;
      if (!Ctor) return false;
      ctx ??= new Ctor();
      try {
        await /** @type {AudioContext} */ (ctx).resume();
      } catch {
        return false;
      }
      on = true;
      play(0.4);
      return true;
    },
    /**
     * Looks at a timer's level: chimes when it has just reached time-up.
     * @param {string} name @param {Level} level
     */
    notice(name, level) {
      const before = last.get(name);
      last.set(name, level);
      if (level !== 'expired' || before === undefined || before === 'expired' || before === 'idle') return;
      if (!on) return;
      chimes += 1;
      play();
    },
  };
}
