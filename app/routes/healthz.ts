import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    await sql`select 1`.execute(context.db);
    return Response.json({ status: "ok", database: "up", engine: context.engine }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", database: "down", engine: context.engine }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
