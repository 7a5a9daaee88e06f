import type { Migration } from "kysely";
import * as organizers from "./2026-11-23-01-organizers";
import * as events from "./2026-11-23-02-events";
import * as invitees from "./2026-11-23-03-invitees";
import * as inviteeImports from "./2026-11-23-04-invitee-imports";
import * as emailOutbox from "./2026-11-23-05-email-outbox";
import * as invitationText from "./2026-11-23-06-invitation-text";
import * as passwordResets from "./2026-11-23-07-password-resets";
import * as eventNotices from "./2026-11-23-08-event-notices";
import * as rsvp from "./2026-11-23-09-rsvp";
import * as registrations from "./2026-11-23-10-registrations";
import * as checkins from "./2026-11-23-11-checkins";
import * as vipIntro from "./2026-11-23-12-vip-intro";
import * as retention from "./2026-11-23-13-retention";
import * as doorDevices from "./2026-11-23-14-door-devices";
import * as agenda from "./2026-11-23-15-agenda";
import * as awards from "./2026-11-23-16-awards";
import * as awardDetails from "./2026-11-23-17-award-details";
import * as doorAndLoginHardening from "./2026-12-04-18-door-and-login-hardening";
import * as inviteeListOrder from "./2026-12-04-19-invitee-list-order";
import * as destructionRegister from "./2026-12-04-20-destruction-register";
import * as waitlistCommitOrder from "./2026-12-04-21-waitlist-commit-order";
import * as accessRecords from "./2026-12-04-23-access-records";
import * as optionalConsents from "./2026-12-04-24-optional-consents";
import * as guestRequests from "./2026-12-04-25-guest-requests";
import * as protocolTitles from "./2026-12-04-30-protocol-titles";
import * as attendanceCertificates from "./2026-12-04-31-attendance-certificates";
import * as seating from "./2026-12-04-32-seating";
import * as survey from "./2026-12-04-33-survey";
import * as registrationOptionalConsents from "./2026-12-04-35-registration-optional-consents";
import * as rsvpReleasesSeats from "./2026-12-04-36-rsvp-releases-seats";

// A static list, so the migrations are bundled into the built server; names sort by date.
export const migrations: Record<string, Migration> = {
  "2026-11-23-01-organizers": organizers,
  "2026-11-23-02-events": events,
  "2026-11-23-03-invitees": invitees,
  "2026-11-23-04-invitee-imports": inviteeImports,
  "2026-11-23-05-email-outbox": emailOutbox,
  "2026-11-23-06-invitation-text": invitationText,
  "2026-11-23-07-password-resets": passwordResets,
  "2026-11-23-08-event-notices": eventNotices,
  "2026-11-23-09-rsvp": rsvp,
  "2026-11-23-10-registrations": registrations,
  "2026-11-23-11-checkins": checkins,
  "2026-11-23-12-vip-intro": vipIntro,
  "2026-11-23-13-retention": retention,
  "2026-11-23-14-door-devices": doorDevices,
  "2026-11-23-15-agenda": agenda,
  "2026-11-23-16-awards": awards,
  "2026-11-23-17-award-details": awardDetails,
  "2026-12-04-18-door-and-login-hardening": doorAndLoginHardening,
  "2026-12-04-19-invitee-list-order": inviteeListOrder,
  "2026-12-04-20-destruction-register": destructionRegister,
  "2026-12-04-21-waitlist-commit-order": waitlistCommitOrder,
  "2026-12-04-23-access-records": accessRecords,
  "2026-12-04-24-optional-consents": optionalConsents,
  "2026-12-04-25-guest-requests": guestRequests,
  "2026-12-04-30-protocol-titles": protocolTitles,
  "2026-12-04-31-attendance-certificates": attendanceCertificates,
  "2026-12-04-32-seating": seating,
  "2026-12-04-33-survey": survey,
  "2026-12-04-35-registration-optional-consents": registrationOptionalConsents,
  "2026-12-04-36-rsvp-releases-seats": rsvpReleasesSeats,
};
