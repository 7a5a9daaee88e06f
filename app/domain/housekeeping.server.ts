/**
 * Work that is due by the clock rather than by a request: offers of freed places that ran out
 * pass to the next on the waitlist, the day-before notices to everyone attending go out, and
 * registrations never confirmed are deleted a while after their link ran out, and deletions guests
 * asked for within a day of an event are carried out once it has ended. The app runs it
 * every minute; with several app instances each runs it, and row locks keep them from doing
 * anything twice.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { queueDueAttendeeNotices } from "./invitations/attendee-notices.server";
import { purgeDuePersonalData } from "./events/retention.server";
import { carryOutQueuedDeletions } from "./invitations/guest-rights.server";
import type { MailOrigin } from "./invitations/guest-mail.server";
import { purgeExpiredRegistrations } from "./rsvp/registration.server";
import { expireOffers } from "./rsvp/rsvp.server";

type Db = Kysely<Database>;

export interface HousekeepingReport {
  offersExpired: number;
  attendeeNoticesQueued: number;
  registrationsPurged: number;
  /** Events whose personal data reached the end of its retention period and was deleted. */
  eventsPurged: number;
  /** Guests' own deletions that waited for their event to end. */
  guestDeletionsCarriedOut: number;
}

export async function runHousekeeping(db: Db, mail: MailOrigin, now = new Date()): Promise<HousekeepingReport> {
  return {
    offersExpired: await expireOffers(db, mail, now),
    attendeeNoticesQueued: await queueDueAttendeeNotices(db, mail, now),
    registrationsPurged: await purgeExpiredRegistrations(db, now),
    eventsPurged: await purgeDuePersonalData(db, now),
    guestDeletionsCarriedOut: await carryOutQueuedDeletions(db, now),
  };
}

/** Runs `runHousekeeping` every `everyMs` until stopped; a failed round is reported and the next one tried. */
export function startHousekeeping(db: Db, mail: MailOrigin, options: { everyMs?: number; onWork?: () => void; onError?: (error: unknown) => void } = {}) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = runHousekeeping(db, mail)
      .then((report) => {
        if (Object.values(report).some((count) => count > 0)) options.onWork?.();
      })
      .catch(options.onError ?? console.error);
  }, options.everyMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
