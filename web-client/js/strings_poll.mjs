// @ts-check
// The translator for the words of polls (strings_poll.<lang>.mjs), on top of the shared words: an area of
// its own so that the phone loads it only with the poll card.
import { translatorFor } from './strings.mjs';

export const t = await translatorFor(['poll']);
