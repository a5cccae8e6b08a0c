import { BOUNDS, trimmedText } from './text';
import { z } from './zod';

/** A whole number from 0 up. */
export const count = () => z.number().check(z.int(), z.minimum(0));

/** Query parameters of a page: where it starts, and how many items (at most 100). */
export const offsetParam = () => z._default(z.coerce.number().check(z.int(), z.minimum(0)), 0);
export const limitParam = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), fallback);

export const pageQuerySchema = z.object({
  search: z._default(trimmedText(BOUNDS.search), ''),
  offset: offsetParam(),
  limit: limitParam(100),
});

export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), total: count(), offset: count() });
}
