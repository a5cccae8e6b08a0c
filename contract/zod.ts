import * as z from 'zod/mini';
import { en } from 'zod/locales';

/**
 * The contract is written with zod/mini (functions instead of methods, `.check(...)` for refinements),
 * which the bundler can trim: the console loads a third of what classic zod costs. Same parser, same
 * English messages, configured here once for both sides.
 */
z.config(en());

export { z };
