// @ts-check
// The translator for the words of the room's plan (blocks, presenters, drift), guiding questions and
// the groups' handoffs (strings_plan.<lang>.mjs), on top of the shared words. The phone loads these too.
import { translatorFor } from './strings.mjs';

export const t = await translatorFor(['plan']);
