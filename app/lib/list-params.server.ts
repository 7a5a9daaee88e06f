/**
 * A long list's address (`?q=…&group=…&page=3`), read so that nothing in it can fail the page:
 * a stale bookmark or a hand-edited link still shows the list. A malformed or unknown value counts
 * as not given; a page past the end is clamped to the last one once the rows are counted
 * (`pageInfo` in paging.ts).
 */
import { z } from "zod";

/** `?page=`: a whole number from 1 (a huge one means the last page); anything else is the first page. */
export const pageParam = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform((digits) => Math.max(1, Number(digits)))
  .catch(1);

/** A count carried in an address (`?count=12` after a mailing): a whole number, else 0. */
export const countParam = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)
  .catch(0);

/** What was typed in the search box: NUL dropped (PostgreSQL cannot compare text holding one), at most 100 characters. */
export const searchParam = z
  .string()
  .transform((value) => value.replaceAll("\0", "").slice(0, 100))
  .catch("");

/** `?group=`: "*" or nothing for every group, "" for those without one; a name no group can have shows every group. */
export const groupParam = z
  .string()
  .max(100)
  .refine((value) => !value.includes("\0"))
  .optional()
  .transform((value) => (value === "*" ? undefined : value))
  .catch(undefined);

/** One of a select's options, else not given. */
export function choiceParam<const T extends readonly [string, ...string[]]>(options: T) {
  return z.enum(options).optional().catch(undefined);
}

/**
 * The list's parameters (the schema's keys) from an address or a submitted form that carries
 * them: the first value of each, files ignored. The schema's fields fall back rather than fail.
 */
export function readListParams<S extends z.ZodObject>(schema: S, source: URLSearchParams | FormData): z.output<S> {
  const raw = Object.fromEntries(
    Object.keys(schema.shape).map((name) => {
      const value = source.get(name);
      return [name, typeof value === "string" ? value : undefined];
    }),
  );
  return schema.parse(raw);
}
