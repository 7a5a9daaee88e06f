/**
 * Database ids are PostgreSQL `integer`s. A larger number can name nothing, and handing it to a
 * query makes the query fail (a 500) rather than find nothing, so ids are parsed here, once.
 */
export const MAX_ID = 2_147_483_647;

/** A database id from a URL, a form or JSON: a whole number from 1 to MAX_ID; null for anything else. */
export function parseId(value: unknown): number | null {
  const digits = typeof value === "number" ? String(value) : value;
  if (typeof digits !== "string" || !/^[1-9]\d{0,9}$/.test(digits)) return null;
  const id = Number(digits);
  return id <= MAX_ID ? id : null;
}

/** An id in the URL's path: anything else is a page that does not exist. */
export function idParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}
