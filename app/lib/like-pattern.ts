/**
 * An ILIKE/LIKE pattern that matches `query` anywhere: its own % and _ (and the escape) taken
 * literally, and NUL dropped, since PostgreSQL cannot compare text holding one.
 */
export function containsPattern(query: string): string {
  return `%${query.replaceAll("\0", "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
