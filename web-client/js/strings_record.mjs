// @ts-check
// The translator for the words of the record: the exports (facilitator and organizer pages) and the
// printable minutes (strings_record.<lang>.mjs), on top of the shared words. The phones do not load it.
import { translatorFor } from './strings.mjs';

export const t = await translatorFor(['record']);
