/**
 * Work that is due by the clock rather than by a request: offers of freed places that ran out
 * pass to the next on the waitlist, the day-before notices to everyone attending go out, and
 * registrations never confirmed are deleted a while after their link ran out. The app runs it
 * every minute; with several app instances each runs it, and row locks keep them from doing
 * anything twice.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { DEFAULT_ACCESS_RECORD_RETENTION_DAYS, expireAccessRecords } from "./access-records/access-records.server";
import { queueDueAttendeeNotices } from "./invitations/attendee-notices.server";
import { purgeDuePersonalData } from "./events/retention.server";
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
  /** Access records older than their retention period, removed from the head of the chain. */
  accessRecordsExpired: number;
}

export async function runHousekeeping(db: Db, mail: MailOrigin, now = new Date(), accessLogRetentionDays = DEFAULT_ACCESS_RECORD_RETENTION_DAYS): Promise<HousekeepingReport> {
  return {
    offersExpired: await expireOffers(db, mail, now),
    attendeeNoticesQueued: await queueDueAttendeeNotices(db, mail, now),
    registrationsPurged: await purgeExpiredRegistrations(db, now),
    eventsPurged: await purgeDuePersonalData(db, now),
    accessRecordsExpired: await expireAccessRecords(db, accessLogRetentionDays, now),
  };
}

/** Runs `runHousekeeping` every `everyMs` until stopped; a failed round is reported and the next one tried. */
export function startHousekeeping(db: Db, mail: MailOrigin, options: { everyMs?: number; accessLogRetentionDays?: number; onWork?: () => void; onError?: (error: unknown) => void } = {}) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = runHousekeeping(db, mail, new Date(), options.accessLogRetentionDays)
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
