/**
 * Whether a database error is a unique-constraint violation (SQLSTATE 23505), optionally of
 * one named constraint. pg reports the name in `constraint`; PGlite only in the message.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== "23505") return false;
  return constraint === undefined || e.constraint === constraint || Boolean(e.message?.includes(constraint));
}
