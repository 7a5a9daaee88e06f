import { redirect } from "@remix-run/node";
import { readDownloadReason, type DownloadTarget } from "../domain/access-records/download-reasons";

/**
 * The download's reason from its address, or (none, or not valid) a redirect to the form that
 * asks for it, carrying the rest of the address along: never a 500 for a bare link.
 */
export function requireDownloadReason(request: Request, eventId: number, target: DownloadTarget): string {
  const url = new URL(request.url);
  const reason = readDownloadReason(url.searchParams);
  if (reason) return reason;
  const params = new URLSearchParams(url.searchParams);
  const invalid = params.has("reason");
  params.delete("reason");
  params.delete("reason-text");
  params.set("what", target);
  if (invalid) params.set("invalid", "1");
  throw redirect(`/admin/events/${eventId}/download?${params.toString()}`);
}
