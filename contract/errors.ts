import { z } from './zod';

/** Every error the API answers: a number to act on and a sentence to show. */
export const apiErrorBodySchema = z.object({ code: z.number(), message: z.string() });
