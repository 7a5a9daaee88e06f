import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { pendingMigrations } from "../../db/migrate";

/**
 * Readiness, for a proxy or an orchestrator: 200 when the database answers and has run every
 * migration this code needs; 503 otherwise, and from the moment the server starts shutting
 * down, so the proxy stops sending it requests while it finishes those in flight.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  if (context.lifecycle.draining) return Response.json({ status: "draining" }, { status: 503, headers });
  try {
    await sql`select 1`.execute(context.db);
  } catch {
    return Response.json({ status: "error", database: "down", engine: context.engine }, { status: 503, headers });
  }
  const pending = await pendingMigrations(context.db);
  if (pending.length > 0) return Response.json({ status: "error", database: "up", engine: context.engine, pendingMigrations: pending }, { status: 503, headers });
  return Response.json({ status: "ok", database: "up", engine: context.engine }, { headers });
}
