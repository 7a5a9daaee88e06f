import type { Kysely } from "kysely";
import type { Engine } from "../../db/connect";
import type { Database } from "../../db/schema";
import type { ArrivalsFeed } from "../domain/checkin/arrivals-feed.server";
import type { AppConfig } from "../lib/env.server";

/** What every loader and action receives from the server (or from a test). */
export interface AppContext {
  /** The request's id (X-Request-Id), for the log; absent outside the server (tests call loaders directly). */
  requestId?: string;
  db: Kysely<Database>;
  engine: Engine;
  config: AppConfig;
  /** The client's address, for throttling; behind a proxy only when TRUST_PROXY is set. */
  clientAddress: string;
  /** Wakes the outbox worker after something was queued, so email goes out at once. */
  mail: { nudge: () => void };
  /** This response's Content-Security-Policy nonce for inline scripts ("" where no policy is sent, e.g. tests). */
  cspNonce: string;
  /** Set once the server is shutting down: /readyz then answers 503, so a proxy sends elsewhere. */
  lifecycle: { draining: boolean };
  /** Changes to events' arrivals, from any instance, for the pages that show them live. */
  arrivals: ArrivalsFeed;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
