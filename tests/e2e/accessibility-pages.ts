/**
 * Every page the accessibility check (tests/e2e/accessibility.test.ts) opens, by route module.
 * tests/unit/accessibility-coverage.test.ts fails when a page route has no entry here, so a new
 * page cannot ship unchecked. Resource routes (exports, scan endpoints, calendars) have no page.
 */

/** What the demo data gives the check to open, found before the server starts. */
export interface DemoIds {
  eventId: number;
  slug: string;
  sessionId: number;
  inviteeId: number;
  /** Personal links: no answer yet, attending (with a ticket), declined, on the waiting list, to an archived event. */
  pendingToken: string;
  attendingToken: string;
  declinedToken: string;
  waitlistedToken: string;
  archivedToken: string;
  doorToken: string;
  /** An event of the demo organizer whose personal data was purged, and its row in the destruction register. */
  purgedEventId: number;
  destructionId: number;
  /** A certificate of attendance's code, for /verify/<code>. */
  certificateCode: string;
}

export type Audience = "guest" | "organizer";

export interface CheckedPage {
  /** The route module's file name without its extension. */
  route: string;
  /** What this view shows, for the report (a route may be checked in several states). */
  view: string;
  audience: Audience;
  path: (ids: DemoIds) => string;
}

const admin = (ids: DemoIds, rest = "") => `/admin/events/${ids.eventId}${rest}`;

export const checkedPages: CheckedPage[] = [
  // What guests see.
  { route: "_index", view: "home", audience: "guest", path: () => "/" },
  { route: "e.$slug", view: "public event", audience: "guest", path: (ids) => `/e/${ids.slug}` },
  { route: "e.$slug_.agenda", view: "public agenda", audience: "guest", path: (ids) => `/e/${ids.slug}/agenda` },
  { route: "e.$slug_.awards", view: "public awards", audience: "guest", path: (ids) => `/e/${ids.slug}/awards` },
  { route: "e.$slug_.register", view: "registration", audience: "guest", path: (ids) => `/e/${ids.slug}/register` },
  { route: "e.$slug_.register_.$token", view: "registration link, unknown", audience: "guest", path: (ids) => `/e/${ids.slug}/register/unknown-token` },
  { route: "i.$token", view: "personal page, no answer yet", audience: "guest", path: (ids) => `/i/${ids.pendingToken}` },
  { route: "i.$token", view: "personal page, attending", audience: "guest", path: (ids) => `/i/${ids.attendingToken}` },
  { route: "i.$token", view: "personal page, declined", audience: "guest", path: (ids) => `/i/${ids.declinedToken}` },
  { route: "i.$token", view: "personal page, waitlisted", audience: "guest", path: (ids) => `/i/${ids.waitlistedToken}` },
  { route: "i.$token", view: "personal link, unknown", audience: "guest", path: () => "/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
  { route: "i.$token", view: "personal link, event archived", audience: "guest", path: (ids) => `/i/${ids.archivedToken}` },
  { route: "i.$token_.ticket", view: "ticket", audience: "guest", path: (ids) => `/i/${ids.attendingToken}/ticket` },
  { route: "verify.$token", view: "certificate check", audience: "guest", path: (ids) => `/verify/${ids.certificateCode}` },
  { route: "i.$token_.certificate", view: "certificate of attendance, before the event", audience: "guest", path: (ids) => `/i/${ids.attendingToken}/certificate` },
  { route: "i.$token_.my-data", view: "guest's own data", audience: "guest", path: (ids) => `/i/${ids.attendingToken}/my-data` },
  { route: "i.$token_.survey", view: "survey, not open yet", audience: "guest", path: (ids) => `/i/${ids.attendingToken}/survey` },
  { route: "invite.$token", view: "staff invitation, unknown", audience: "guest", path: () => "/invite/unknown-token" },
  { route: "door.$token", view: "door device link", audience: "guest", path: (ids) => `/door/${ids.doorToken}` },
  { route: "accessibility", view: "accessibility statement", audience: "guest", path: () => "/accessibility" },
  { route: "login", view: "login", audience: "guest", path: () => "/login" },
  { route: "forgot-password", view: "forgotten password", audience: "guest", path: () => "/forgot-password" },
  { route: "reset-password.$token", view: "reset link, unknown", audience: "guest", path: () => "/reset-password/unknown-token" },
  // What door staff see (the scanner's answers are checked in the test itself).
  { route: "checkin.$slug._index", view: "scanner", audience: "organizer", path: (ids) => `/checkin/${ids.slug}` },
  // What organizers see, with the demo data.
  { route: "admin", view: "admin layout", audience: "organizer", path: () => "/admin" },
  { route: "admin._index", view: "events", audience: "organizer", path: () => "/admin" },
  { route: "admin.account", view: "account", audience: "organizer", path: () => "/admin/account" },
  { route: "admin.destructions", view: "destruction register", audience: "organizer", path: () => "/admin/destructions" },
  { route: "admin.access-records._index", view: "access records of all my events", audience: "organizer", path: () => "/admin/access-records" },
  { route: "admin.events.new", view: "new event", audience: "organizer", path: () => "/admin/events/new" },
  { route: "admin.events.$eventId._index", view: "event", audience: "organizer", path: (ids) => admin(ids) },
  { route: "admin.events.$eventId.edit", view: "event form", audience: "organizer", path: (ids) => admin(ids, "/edit") },
  { route: "admin.events.$eventId.access-records._index", view: "access records", audience: "organizer", path: (ids) => admin(ids, "/access-records") },
  { route: "admin.events.$eventId.access", view: "team", audience: "organizer", path: (ids) => admin(ids, "/access") },
  { route: "admin.events.$eventId.agenda", view: "agenda", audience: "organizer", path: (ids) => admin(ids, "/agenda") },
  { route: "admin.events.$eventId.agenda_.people", view: "speakers and performers", audience: "organizer", path: (ids) => admin(ids, "/agenda/people") },
  { route: "admin.events.$eventId.agenda_.run-sheet", view: "run sheet", audience: "organizer", path: (ids) => admin(ids, "/agenda/run-sheet") },
  { route: "admin.events.$eventId.agenda_.sessions.$sessionId", view: "session form", audience: "organizer", path: (ids) => admin(ids, `/agenda/sessions/${ids.sessionId}`) },
  { route: "admin.events.$eventId.arrivals._index", view: "arrivals", audience: "organizer", path: (ids) => admin(ids, "/arrivals") },
  { route: "admin.events.$eventId.arrivals.report", view: "attendance report", audience: "organizer", path: (ids) => admin(ids, "/arrivals/report") },
  { route: "admin.events.$eventId.arrivals.vip-intro", view: "guests of honour to introduce", audience: "organizer", path: (ids) => admin(ids, "/arrivals/vip-intro") },
  { route: "admin.events.$eventId.attendees._index", view: "attendees", audience: "organizer", path: (ids) => admin(ids, "/attendees") },
  { route: "admin.events.$eventId.attendees.badges", view: "badges (print)", audience: "organizer", path: (ids) => admin(ids, "/attendees/badges?reason=reception") },
  { route: "admin.events.$eventId.arrivals.certificates", view: "certificates of attendance (print)", audience: "organizer", path: (ids) => admin(ids, "/arrivals/certificates?reason=reception") },
  { route: "admin.events.$eventId.protocol", view: "protocol order", audience: "organizer", path: (ids) => admin(ids, "/protocol") },
  { route: "admin.events.$eventId.survey._index", view: "survey after the event (draft)", audience: "organizer", path: (ids) => admin(ids, "/survey") },
  { route: "admin.events.$eventId.seating", view: "seating plan", audience: "organizer", path: (ids) => admin(ids, "/seating") },
  { route: "admin.events.$eventId.seating_.plan", view: "seating plan (print)", audience: "organizer", path: (ids) => admin(ids, "/seating/plan?paper=a4&reason=reception") },
  { route: "admin.events.$eventId.seating_.import", view: "seat import", audience: "organizer", path: (ids) => admin(ids, "/seating/import") },
  { route: "admin.events.$eventId.seating_.list", view: "seat list by name (print)", audience: "organizer", path: (ids) => admin(ids, "/seating/list?reason=reception") },
  { route: "admin.events.$eventId.attendees.name-plates", view: "name plates (print)", audience: "organizer", path: (ids) => admin(ids, "/attendees/name-plates?reason=reception") },
  { route: "admin.events.$eventId.attendees.sign-in-sheet", view: "sign-in sheet (print)", audience: "organizer", path: (ids) => admin(ids, "/attendees/sign-in-sheet?reason=reception") },
  { route: "admin.events.$eventId.awards", view: "awards", audience: "organizer", path: (ids) => admin(ids, "/awards") },
  { route: "admin.events.$eventId.awards_.certificates", view: "certificates (print)", audience: "organizer", path: (ids) => admin(ids, "/awards/certificates?reason=event-operations") },
  { route: "admin.events.$eventId.awards_.import", view: "award import", audience: "organizer", path: (ids) => admin(ids, "/awards/import") },
  { route: "admin.events.$eventId.awards_.print", view: "awards list (print)", audience: "organizer", path: (ids) => admin(ids, "/awards/print?reason=event-operations") },
  { route: "admin.events.$eventId.cancel", view: "cancel event", audience: "organizer", path: (ids) => admin(ids, "/cancel") },
  {
    route: "admin.events.$eventId.destructions.$destructionId",
    view: "confirmation of destruction (print)",
    audience: "organizer",
    path: (ids) => `/admin/events/${ids.purgedEventId}/destructions/${ids.destructionId}`,
  },
  { route: "admin.events.$eventId.download", view: "download reason", audience: "organizer", path: (ids) => admin(ids, "/download?what=invitees-export&format=csv&invalid=1") },
  { route: "admin.events.$eventId.devices", view: "door devices", audience: "organizer", path: (ids) => admin(ids, "/devices") },
  { route: "admin.events.$eventId.invitation", view: "invitation text", audience: "organizer", path: (ids) => admin(ids, "/invitation") },
  { route: "admin.events.$eventId.invitees._index", view: "invitees", audience: "organizer", path: (ids) => admin(ids, "/invitees") },
  { route: "admin.events.$eventId.invitees.$inviteeId", view: "invitee", audience: "organizer", path: (ids) => admin(ids, `/invitees/${ids.inviteeId}`) },
  { route: "admin.events.$eventId.invitees.import", view: "invitee import", audience: "organizer", path: (ids) => admin(ids, "/invitees/import") },
  { route: "admin.events.$eventId.invitees.letters", view: "letters (print)", audience: "organizer", path: (ids) => admin(ids, "/invitees/letters?reason=reception") },
  { route: "admin.events.$eventId.outbox", view: "outbox", audience: "organizer", path: (ids) => admin(ids, "/outbox") },
  { route: "admin.events.$eventId.purge", view: "purge", audience: "organizer", path: (ids) => admin(ids, "/purge") },
  { route: "admin.events.$eventId.registration", view: "registration settings", audience: "organizer", path: (ids) => admin(ids, "/registration") },
  { route: "admin.events.$eventId.rsvp", view: "RSVP settings", audience: "organizer", path: (ids) => admin(ids, "/rsvp") },
];
