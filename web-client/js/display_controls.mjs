// @ts-check
// The room display's own controls, in a corner and unseen by the room until a pointer moves or the keyboard
// comes to them: full screen on request (the button, or F), the sound at time-up (sound.mjs: on only after a
// click), and whether the screen is kept awake (wake.mjs), said in words. The body carries the states for
// the styles and for tests: data-wake, data-fullscreen; the sound button data-sound and data-chimes.
import { keepScreenAwake } from './wake.mjs';
import { timeUpSound } from './sound.mjs';
import { $, setAttr, setText } from './dom.mjs';

/** How long the controls stay visible after the pointer last moved. */
const SHOWN_MS = 3000;

/**
 * @param {import('./strings.mjs').Translate} t
 * @returns {{notice: (name: string, level: import('./sound.mjs').Level) => void}} notice: a timer's level at
 *   each tick, for the sound at time-up
 */
export function setupDisplayControls(t) {
  const body = document.body;
  const box = $('[data-testid="d-controls"]');
  const full = /** @type {HTMLButtonElement} */ ($('[data-testid="fullscreen"]'));
  const soundButton = /** @type {HTMLButtonElement} */ ($('[data-testid="sound"]'));
  const wakeText = $('[data-testid="wake-state"]');

  keepScreenAwake((state) => {
    body.dataset.wake = state;
    setText(wakeText, t(state === 'on' ? 'dc.wake_on' : state === 'unsupported' ? 'dc.wake_unsupported' : 'dc.wake_off'));
  });

  // ---- full screen ----
  full.hidden = !document.fullscreenEnabled;
  const showFull = () => {
    const isFull = !!document.fullscreenElement;
    body.dataset.fullscreen = isFull ? 'yes' : 'no';
    setText(full, t(isFull ? 'dc.exit_fullscreen' : 'dc.fullscreen'));
    setAttr(full, 'aria-pressed', String(isFull));
  };
  const toggleFull = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    } catch {
      body.dataset.fullscreen = 'refused'; // no user gesture, or a policy: the page goes on as it was
    }
  };
  full.addEventListener('click', toggleFull);
  document.addEventListener('fullscreenchange', showFull);
  document.addEventListener('keydown', (e) => {
    if ((e.key === 'f' || e.key === 'F') && !e.ctrlKey && !e.altKey && !e.metaKey && !e.repeat && document.fullscreenEnabled) toggleFull();
  });
  showFull();

  // ---- sound at time-up ----
  const sound = timeUpSound();
  const showSound = () => {
    setText(soundButton, t(sound.on ? 'dc.sound_on' : 'dc.sound_off'));
    setAttr(soundButton, 'aria-pressed', String(sound.on));
    setAttr(soundButton, 'data-sound', sound.on ? 'on' : 'off');
    setAttr(soundButton, 'data-chimes', String(sound.chimes));
  };
  soundButton.addEventListener('click', async () => {
    await sound.toggle();
    showSound();
  });
  showSound();

  // ---- seen only when someone reaches for them ----
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let hideTimer;
  document.addEventListener('pointermove', () => {
    box.dataset.shown = 'yes';
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { delete box.dataset.shown; }, SHOWN_MS);
  });

  return {
    notice(name, level) {
      const before = sound.chimes;
      sound.notice(name, level);
      if (sound.chimes !== before) showSound();
    },
  };
}
