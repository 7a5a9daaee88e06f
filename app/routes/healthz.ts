/**
 * Liveness: the process runs and answers. It does not ask the database, so a database outage
 * does not make a supervisor restart every app instance (that is /readyz's question).
 */
export function loader() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
