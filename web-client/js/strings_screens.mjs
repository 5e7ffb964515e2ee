// @ts-check
// The translator of the pages other than the phone (the facilitator console, the room display, the landing
// page): their words (strings_screens.<lang>.mjs) and the polls', on top of the shared words. The phones do
// not load it; the console and the organizer page add their own (strings_session.mjs, strings_organizer.mjs).
import { translatorFor } from './strings.mjs';

export const t = await translatorFor(['poll', 'screens']);
