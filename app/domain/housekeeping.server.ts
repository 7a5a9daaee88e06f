/**
 * Work that is due by the clock rather than by a request: offers of freed places that ran out
 * pass to the next on the waitlist, the day-before notices to everyone attending go out,
 * registrations never confirmed are deleted a while after their link ran out, surveys go out and
 * close when their organizer said, and deletions guests asked for within a day of an event are
 * carried out once it has ended. The app runs it
 * every minute; with several app instances each runs it, and row locks keep them from doing
 * anything twice.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Logger } from "../lib/logger.server";
import { DEFAULT_ACCESS_RECORD_RETENTION_DAYS, expireAccessRecords, sealAccessRecords } from "./access-records/access-records.server";
import { queueDueAttendeeNotices } from "./invitations/attendee-notices.server";
import { purgeDuePersonalData } from "./events/retention.server";
import { carryOutQueuedDeletions } from "./invitations/guest-rights.server";
import type { MailOrigin } from "./invitations/guest-mail.server";
import { purgeExpiredRegistrations } from "./rsvp/registration.server";
import { expireOffers } from "./rsvp/rsvp.server";
import { closeDueSurveys, sendDueSurveys, sendSurveyToLateArrivals } from "./survey/survey.server";

type Db = Kysely<Database>;

export interface HousekeepingReport {
  offersExpired: number;
  attendeeNoticesQueued: number;
  registrationsPurged: number;
  /** Events whose personal data reached the end of its retention period and was deleted. */
  eventsPurged: number;
  /** Access records sealed into the hash chain this round (those written since the last one). */
  accessRecordsSealed: number;
  /** Access records older than their retention period, removed from the head of the chain. */
  accessRecordsExpired: number;
  /** Guests' own deletions that waited for their event to end. */
  guestDeletionsCarriedOut: number;
  /** Surveys sent by themselves, N hours after their event ended. */
  surveysSent: number;
  /** Survey emails to guests checked in after their survey went out, while it is open. */
  surveysSentLate: number;
  /** Surveys closed by themselves, some days after they were sent (anonymous ones detached). */
  surveysClosed: number;
}

export async function runHousekeeping(db: Db, mail: MailOrigin, now = new Date(), accessLogRetentionDays = DEFAULT_ACCESS_RECORD_RETENTION_DAYS): Promise<HousekeepingReport> {
  return {
    offersExpired: await expireOffers(db, mail, now),
    attendeeNoticesQueued: await queueDueAttendeeNotices(db, mail, now),
    surveysSent: await sendDueSurveys(db, mail, now),
    surveysSentLate: await sendSurveyToLateArrivals(db, mail),
    surveysClosed: await closeDueSurveys(db, now),
    registrationsPurged: await purgeExpiredRegistrations(db, now),
    eventsPurged: await purgeDuePersonalData(db, now),
    accessRecordsSealed: await sealAccessRecords(db),
    accessRecordsExpired: await expireAccessRecords(db, accessLogRetentionDays, now),
    guestDeletionsCarriedOut: await carryOutQueuedDeletions(db, now),
  };
}

/**
 * Runs `runHousekeeping` every `everyMs` until stopped; a failed round is logged and the next one
 * tried. A round that did something is logged with its counts (purges among them); an idle one
 * only at debug level, as it comes every minute.
 */
export function startHousekeeping(db: Db, mail: MailOrigin, options: { everyMs?: number; accessLogRetentionDays?: number; onWork?: () => void; log: Logger }) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = runHousekeeping(db, mail, new Date(), options.accessLogRetentionDays)
      .then((report) => {
        const worked = Object.values(report).some((count) => count > 0);
        options.log[worked ? "info" : "debug"](report, "Housekeeping ran");
        if (worked) options.onWork?.();
      })
      .catch((error: unknown) => options.log.error({ err: error }, "Housekeeping failed; trying again in a minute"));
  }, options.everyMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
