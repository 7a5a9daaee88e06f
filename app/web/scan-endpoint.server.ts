/**
 * The door's busiest request, `POST /checkin/<slug>/scan`, answered the same way by the Remix
 * route and by the Express server, which takes it before Remix (app/server.ts): Remix's request
 * pipeline cost more than the check-in itself. Authorization, the body's checks and the JSON
 * answers are these, whichever serves it.
 */
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { checkInByCode, checkInInvitee, checkInTicket } from "../domain/checkin/checkin.server";
import { checkinAccessOf, refusalOf } from "./auth.server";
import { jsonId, text } from "../lib/forms.server";

const scanSchema = z
  .object({
    entrance: text(60).default(""),
    payload: z.string().max(500).optional(),
    code: z.string().max(40).optional(),
    inviteeId: jsonId.optional(),
  })
  .refine((body) => [body.payload, body.code, body.inviteeId].filter((value) => value !== undefined).length === 1);

/** What the door gets back, for either server to send: a status, headers and a JSON body or a redirect. */
export interface ScanAnswer {
  status: number;
  headers: Record<string, string>;
  /** A JSON body; none for a redirect or a refusal. */
  json?: unknown;
  text?: string;
}

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * One check-in: a QR payload, a typed code or an invitee chosen by name. Answers with what the
 * door shows (welcome, already with when and where, or why not), or the refusal a browser would
 * get: the login page, 404, 403; 400 for a body that is not one of the three.
 */
export async function answerScan(
  context: Pick<AppLoadContext, "db" | "config" | "arrivals" | "clientAddress">,
  input: { slug: string | undefined; cookieHeader: string | null; requestUrl: string; body: unknown },
): Promise<ScanAnswer> {
  const access = await checkinAccessOf(context, input.slug, input.cookieHeader);
  if (access.kind !== "granted") {
    const refusal = refusalOf(access, input.requestUrl);
    return refusal.location
      ? { status: refusal.status, headers: { Location: refusal.location } }
      : { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8" }, text: refusal.status === 404 ? "Not found" : "Forbidden" };
  }
  const body = scanSchema.safeParse(input.body);
  if (!body.success) return { status: 400, headers: NO_STORE, json: { result: "bad-request" } };
  const by = { eventId: access.eventId, entrance: body.data.entrance, organizerId: access.organizerId, deviceId: access.deviceId, clientAddress: context.clientAddress };
  const outcome =
    body.data.payload !== undefined
      ? await checkInTicket(context.db, by, body.data.payload)
      : body.data.code !== undefined
        ? await checkInByCode(context.db, by, body.data.code)
        : await checkInInvitee(context.db, by, body.data.inviteeId!);
  if (outcome.result === "welcome") context.arrivals.announce(access.eventId);
  return { status: 200, headers: NO_STORE, json: outcome };
}

/** The answer as a web Response, for the Remix route. */
export function scanResponse(answer: ScanAnswer): Response {
  if (answer.json !== undefined) return Response.json(answer.json, { status: answer.status, headers: answer.headers });
  return new Response(answer.text ?? null, { status: answer.status, headers: answer.headers });
}
