import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventStreamResponse } from "~/lib/event-stream.server";
import { requireEventPermission } from "~/web/auth.server";

/**
 * The arrivals page's and the MC's list's live feed (Server-Sent Events): an event `arrivals`
 * whenever the event's arrivals change, on any instance; the page then reloads its data. Open to
 * whoever may see the arrivals page. A server shutting down takes no new streams: the page polls
 * until it gets one again.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (context.lifecycle.draining) return new Response("Shutting down", { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "2" } });
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.view");
  return eventStreamResponse(request.signal, (writer) =>
    context.arrivals.subscribe(eventId, {
      onChange: () => writer.send("arrivals", String(eventId)),
      onClose: writer.close,
    }),
  );
}
