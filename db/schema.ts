import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (now()). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type EventKind = "performance_sharing" | "agreement_signing" | "other";
export type EventStatus = "draft" | "published" | "archived";
export type EventVisibility = "public" | "unlisted";
export type EventRole = "owner" | "organizer" | "staff";

export interface OrganizersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface OrganizerSessionsTable {
  id_hash: string;
  organizer_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  user_agent: string | null;
  client_address: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  client_address: string;
  succeeded: boolean;
  attempted_at: DefaultTimestamp;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  organizer_id: number;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  requested_address: string;
}

export interface PasswordResetRequestsTable {
  id: Generated<number>;
  client_address: string;
  requested_at: DefaultTimestamp;
}

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  kind: EventKind;
  title_ko: Generated<string>;
  title_en: Generated<string>;
  description_ko: Generated<string>;
  description_en: Generated<string>;
  venue_name: string;
  venue_name_en: Generated<string>;
  venue_address: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: Generated<string>;
  capacity: number | null;
  rsvp_deadline: Timestamp | null;
  contact_name: Generated<string>;
  contact_phone: Generated<string>;
  contact_email: Generated<string>;
  status: Generated<EventStatus>;
  visibility: Generated<EventVisibility>;
  is_sample: Generated<boolean>;
  invitation_subject_ko: Generated<string>;
  invitation_subject_en: Generated<string>;
  invitation_intro_ko: Generated<string>;
  invitation_intro_en: Generated<string>;
  /** The calendar entry's SEQUENCE: raised with every change or cancellation guests are told of. */
  ics_sequence: Generated<number>;
  cancelled_at: Timestamp | null;
  /** When a door phone first took the offline roster: no offline check-in can be older. */
  door_roster_issued_at: Timestamp | null;
  cancellation_note_ko: Generated<string>;
  cancellation_note_en: Generated<string>;
  max_companions: Generated<number>;
  consent_text_ko: Generated<string>;
  consent_text_en: Generated<string>;
  retention_days: Generated<number>;
  offer_hours: Generated<number>;
  attendee_notice_enabled: Generated<boolean>;
  /** "HH:MM" on the day before the event, in its zone. */
  attendee_notice_time: Generated<string>;
  attendee_notice_queued_at: Timestamp | null;
  parking_info_ko: Generated<string>;
  parking_info_en: Generated<string>;
  open_registration: Generated<boolean>;
  registration_group: Generated<string>;
  personal_data_purged_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface EventHostsTable {
  event_id: number;
  position: number;
  name_ko: Generated<string>;
  name_en: Generated<string>;
}

export interface EventMembersTable {
  event_id: number;
  organizer_id: number;
  role: EventRole;
  created_at: CreatedAt;
}

export interface EventInvitationsTable {
  id: Generated<number>;
  event_id: number;
  email: string;
  role: Exclude<EventRole, "owner">;
  token_hash: string;
  invited_by: number | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type Language = "ko" | "en";

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

export interface InviteesTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  email: string | null;
  phone: Generated<string>;
  phone_digits: Generated<string>;
  organization: Generated<string>;
  position: Generated<string>;
  group_name: Generated<string>;
  is_vip: Generated<boolean>;
  language: Generated<Language>;
  notes: Generated<string>;
  link_version: Generated<number>;
  link_token_hash: string | null;
  /** Where the MC introduces this guest of honour; null: after those ordered, by name. */
  intro_order: number | null;
  /** The guest asked for deletion within a day of the event: carried out once it has ended. */
  deletion_requested_at: Timestamp | null;
  /** Personal fields emptied at the guest's own request; the row stays so counts hold. */
  erased_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface InviteeImportsTable {
  id: Generated<number>;
  event_id: number;
  organizer_id: number;
  file_name: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

export type OutboxStatus = "queued" | "sending" | "sent" | "stored" | "failed" | "uncertain" | "withdrawn";

export interface EmailOutboxTable {
  id: Generated<number>;
  event_id: number | null;
  invitee_id: number | null;
  kind: string;
  to_address: string;
  to_name: Generated<string>;
  from_name: Generated<string>;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  ics: string | null;
  message_id: string;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  lease_expires_at: Timestamp | null;
  handover_started_at: Timestamp | null;
  last_error: string | null;
  server_response: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
  attachments: ColumnType<EmailAttachment[] | null, string | null | undefined, string | null>;
}

export type RsvpStatus = "attending" | "declined" | "waitlisted" | "offered";
export type QuestionKind = "text" | "choice" | "yesno";
export interface ChoiceOption {
  ko: string;
  en: string;
}

export interface RsvpQuestionsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  kind: QuestionKind;
  label_ko: Generated<string>;
  label_en: Generated<string>;
  options: ColumnType<ChoiceOption[], string | undefined, string>;
  required: Generated<boolean>;
}

export interface RsvpsTable {
  invitee_id: number;
  event_id: number;
  status: RsvpStatus;
  companions: Generated<number>;
  proxy_name: Generated<string>;
  proxy_position: Generated<string>;
  /** Question id → answer. */
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  consent_at: Timestamp | null;
  consent_text: string | null;
  over_capacity: Generated<boolean>;
  waitlisted_at: Timestamp | null;
  /** Place in the line: drawn from a sequence under the event's lock, so in commit order. */
  waitlist_turn: number | null;
  offer_expires_at: Timestamp | null;
  offer_expired_at: Timestamp | null;
  responded_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type TicketStatus = "active" | "cancelled";

export interface TicketsTable {
  id: Generated<number>;
  invitee_id: number;
  event_id: number;
  version: Generated<number>;
  code: string;
  status: Generated<TicketStatus>;
  issued_at: DefaultTimestamp;
}

/** Entry codes a ticket had before a re-issue: typed at the door they answer "superseded". */
export interface RetiredTicketCodesTable {
  event_id: number;
  code: string;
  ticket_id: number;
  retired_at: DefaultTimestamp;
}

/** Where an organizer has logged in before: a lockout by others does not shut them out from there. */
export interface OrganizerKnownAddressesTable {
  organizer_id: number;
  client_address: string;
  last_success_at: DefaultTimestamp;
}

export interface EventSigningKeysTable {
  event_id: number;
  /** Raw 32-byte Ed25519 public key, base64url. */
  public_key: string;
  /** PKCS#8 DER, base64url. */
  private_key: string;
  created_at: CreatedAt;
}

export interface LinkLookupFailuresTable {
  id: Generated<number>;
  client_address: string;
  failed_at: DefaultTimestamp;
}

export interface RegistrationsTable {
  id: Generated<number>;
  event_id: number;
  token_hash: string;
  name: string;
  email: string;
  phone: Generated<string>;
  organization: Generated<string>;
  position: Generated<string>;
  language: Language;
  consent_text: string;
  consent_at: Timestamp;
  created_at: CreatedAt;
  expires_at: Timestamp;
  confirmed_at: Timestamp | null;
  invitee_id: number | null;
  /** Optional consents ticked on the form, given when the link is confirmed (migration 35). */
  optional_consents: ColumnType<RegistrationOptionalConsent[] | null, string | null | undefined, string | null>;
}

export interface RegistrationOptionalConsent {
  item_id: number;
  version: number;
  language: Language;
  text_sha256: string;
}

export interface RegistrationAttemptsTable {
  id: Generated<number>;
  client_address: string;
  attempted_at: DefaultTimestamp;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
  /** Set for an image shown inside the HTML (src="cid:…"). */
  cid?: string;
}

export type CheckinMethod = "scan" | "code" | "manual" | "walk-in";

export interface CheckinsTable {
  id: Generated<number>;
  event_id: number;
  invitee_id: number;
  ticket_id: number | null;
  method: CheckinMethod;
  entrance: Generated<string>;
  client_id: string | null;
  checked_in_by: number | null;
  checked_in_at: DefaultTimestamp;
  recorded_at: DefaultTimestamp;
  undone_at: Timestamp | null;
  undone_by: number | null;
}

/** Why an offline check-in was not recorded: someone was already in, or the server refused it. */
export type CheckinConflictReason = "double" | "ticket" | "time";

export interface CheckinConflictsTable {
  id: Generated<number>;
  event_id: number;
  invitee_id: number;
  /** The check-in already recorded (a double admission); null when the server refused the phone's. */
  checkin_id: number | null;
  reason: Generated<CheckinConflictReason>;
  client_id: string;
  entrance: Generated<string>;
  checked_in_at: Timestamp;
  recorded_at: DefaultTimestamp;
}

export interface DoorDevicesTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  link_hash: string;
  pin_hash: string;
  failed_pins: Generated<number>;
  locked_at: Timestamp | null;
  session_hash: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  last_seen_at: Timestamp | null;
}

export type SessionKind = "opening" | "remarks" | "awards" | "presentation" | "performance" | "lecture" | "announcement" | "signing" | "photo" | "break" | "other";

export interface AgendaPartsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  title_ko: Generated<string>;
  title_en: Generated<string>;
}

export interface AgendaSessionsTable {
  id: Generated<number>;
  event_id: number;
  part_id: number | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  kind: SessionKind;
  title_ko: Generated<string>;
  title_en: Generated<string>;
  description_ko: Generated<string>;
  description_en: Generated<string>;
  room: Generated<string>;
  cue: Generated<string>;
}

export interface AgendaPeopleTable {
  id: Generated<number>;
  event_id: number;
  name_ko: Generated<string>;
  name_en: Generated<string>;
  organization_ko: Generated<string>;
  organization_en: Generated<string>;
  role_ko: Generated<string>;
  role_en: Generated<string>;
}

export interface AgendaSessionPeopleTable {
  session_id: number;
  person_id: number;
  position: Generated<number>;
}

export interface AwardCategoriesTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  name_ko: Generated<string>;
  name_en: Generated<string>;
  description_ko: Generated<string>;
  description_en: Generated<string>;
  presenter: Generated<string>;
  session_id: number | null;
}

export interface AwardRecipientsTable {
  id: Generated<number>;
  event_id: number;
  category_id: number;
  position: number;
  name: string;
  organization: Generated<string>;
  grade: Generated<string>;
  citation: Generated<string>;
  is_minor: Generated<boolean>;
  invitee_id: number | null;
  /** Who receives on the recipient's behalf (대리수상) when the organizer says so. */
  stand_in_name: Generated<string>;
  stand_in_position: Generated<string>;
}

export interface AwardImportsTable {
  id: Generated<number>;
  event_id: number;
  organizer_id: number;
  file_name: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

/** Why personal data was destroyed: its retention period ended, the event's owner did it, or a guest asked (their own only). */
export type DestructionCause = "retention" | "organizer" | "guest";
export type DestructionMethod = "database";

/** A column written once, on insert, and never updated (Kysely refuses `.set()` on it). */
type Fixed<Select, Insert = Select> = ColumnType<Select, Insert, never>;

/** The destruction register (파기 대장): append-only, no guest's personal data. */
export interface DestructionRecordsTable {
  id: ColumnType<number, never, never>;
  event_id: Fixed<number>;
  event_title_ko: Fixed<string>;
  event_title_en: Fixed<string>;
  event_starts_at: Fixed<Date, Date | string>;
  event_ends_at: Fixed<Date, Date | string>;
  event_time_zone: Fixed<string>;
  retention_days: Fixed<number>;
  destroyed_at: Fixed<Date, Date | string | undefined>;
  cause: Fixed<DestructionCause>;
  /** The organizer who did it (no foreign key: the record outlives the account); null when automatic. */
  organizer_id: Fixed<number | null>;
  organizer_name: Fixed<string, string | undefined>;
  organizer_email: Fixed<string, string | undefined>;
  method: Fixed<DestructionMethod>;
  /** What was destroyed, by category (see app/domain/events/destruction-register.ts): rows the purge counted. */
  counts: Fixed<Record<string, number>, string>;
}

/** Position words in protocol order (의전 서열); organizer_id null: the installation's list. */
export interface ProtocolTitlesTable {
  id: Generated<number>;
  organizer_id: number | null;
  rank: number;
  title: string;
}

/** A certificate of attendance; the holder's name is read from the invitee while it lasts. */
export interface AttendanceCertificatesTable {
  id: Generated<number>;
  event_id: number;
  invitee_id: number;
  code: string;
  masked_name: string;
  issued_at: DefaultTimestamp;
}

export type SeatingBlockKind = "head_table" | "round_tables" | "theatre";

/** One block of a seating plan; its seats are rows × seats_per_row, derived, not stored. */
export interface SeatingBlocksTable {
  id: Generated<number>;
  event_id: number;
  position: Generated<number>;
  kind: SeatingBlockKind;
  name_ko: string;
  name_en: Generated<string>;
  /** Invitee group seated here first (e.g. 내빈); "" reserves nothing. */
  reserved_group: Generated<string>;
  rows: number;
  seats_per_row: number;
  created_at: DefaultTimestamp;
}

export type SeatAssignedBy = "manual" | "auto" | "import";

/** Who sits where; unique per seat and per person (companion_index 0 is the invitee or proxy). */
export interface SeatAssignmentsTable {
  id: Generated<number>;
  event_id: number;
  block_id: number;
  row_index: number;
  seat_number: number;
  invitee_id: number;
  companion_index: Generated<number>;
  assigned_by: SeatAssignedBy;
  assigned_at: DefaultTimestamp;
}

export type AccessAction = "list" | "search" | "view" | "create" | "update" | "delete" | "import" | "export" | "print" | "scan" | "walk_in" | "purge";
export type AccessActorKind = "organizer" | "door_device" | "guest" | "system";

/** Access records (접속기록): append-only and hash-chained by triggers; no guest's personal data. */
export interface AccessRecordsTable {
  id: ColumnType<number, never, never>;
  occurred_at: Fixed<Date, Date | string | undefined>;
  action: Fixed<AccessAction>;
  actor_kind: Fixed<AccessActorKind>;
  organizer_id: Fixed<number | null, number | null | undefined>;
  door_device_id: Fixed<number | null, number | null | undefined>;
  client_address: Fixed<string | null, string | null | undefined>;
  event_id: Fixed<number | null, number | null | undefined>;
  subject_ids: Fixed<number[], number[] | undefined>;
  subject_count: Fixed<number>;
  /** What a list, search or export was narrowed by (search text only as its kind and length). */
  filter: Fixed<Record<string, string | number | boolean> | null, string | null | undefined>;
  reason: Fixed<string | null, string | null | undefined>;
  /** Set when the record is sealed into the chain (seal_access_records), never by a writer. */
  chain_seq: ColumnType<string | null, never, never>;
  prev_hash: ColumnType<string | null, never, never>;
  hash: ColumnType<string | null, never, never>;
}

/** An optional consent an organizer asks for beside the required notice; never needed to attend. */
export interface OptionalConsentItemsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  /** Raised whenever its text changes: a consent names the wording it was given to. */
  version: Generated<number>;
  title_ko: Generated<string>;
  title_en: Generated<string>;
  purpose_ko: Generated<string>;
  purpose_en: Generated<string>;
  items_ko: Generated<string>;
  items_en: Generated<string>;
  retention_ko: Generated<string>;
  retention_en: Generated<string>;
  refusal_ko: Generated<string>;
  refusal_en: Generated<string>;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
  removed_at: Timestamp | null;
}

/** A guest's answer to one optional consent item: the version and the SHA-256 of the text they read. */
export interface OptionalConsentsTable {
  invitee_id: number;
  item_id: number;
  event_id: number;
  version: number;
  language: Language;
  text_sha256: string;
  given_at: Timestamp;
  withdrawn_at: Timestamp | null;
}

export type GuestRequestStatus = "done" | "queued" | "refused";
/** Why a guest's deletion request cannot be met: the honours list is a public record. */
export type GuestRequestRefusal = "award-recipient";

/** A guest's deletion request, kept for the organizer with its outcome; no personal data. */
export interface GuestRequestsTable {
  id: Generated<number>;
  event_id: number;
  invitee_id: number;
  kind: "deletion";
  status: GuestRequestStatus;
  reason: GuestRequestRefusal | null;
  requested_at: DefaultTimestamp;
  carried_out_at: Timestamp | null;
}

export type SurveyQuestionKind = "rating" | "choice" | "text";

/** The survey after an event (one per event); sent and closed once, by conditional updates. */
export interface SurveysTable {
  event_id: number;
  anonymous: Generated<boolean>;
  /** Hours after the event's end when housekeeping sends it; null: only the organizer's button. */
  auto_send_hours: number | null;
  sent_at: Timestamp | null;
  recipients: Generated<number>;
  closed_at: Timestamp | null;
  /** When an anonymous survey's answers were separated from who gave them. */
  detached_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface SurveyQuestionsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  kind: SurveyQuestionKind;
  label_ko: Generated<string>;
  label_en: Generated<string>;
  options: ColumnType<ChoiceOption[], string | undefined, string>;
  required: Generated<boolean>;
}

/** A rating as 1–5, a choice as the option's index, a text as itself; by question id. */
export type SurveyAnswers = Record<string, number | string>;

/** One guest's answers; invitee_id is null once an anonymous survey closed. */
export interface SurveyResponsesTable {
  id: Generated<number>;
  event_id: number;
  invitee_id: number | null;
  group_name: Generated<string>;
  answers: ColumnType<SurveyAnswers, string, string>;
  submitted_at: DefaultTimestamp;
}

export interface Database {
  access_records: AccessRecordsTable;
  award_categories: AwardCategoriesTable;
  award_recipients: AwardRecipientsTable;
  award_imports: AwardImportsTable;
  agenda_parts: AgendaPartsTable;
  agenda_sessions: AgendaSessionsTable;
  agenda_people: AgendaPeopleTable;
  agenda_session_people: AgendaSessionPeopleTable;
  door_devices: DoorDevicesTable;
  checkins: CheckinsTable;
  checkin_conflicts: CheckinConflictsTable;
  rsvp_questions: RsvpQuestionsTable;
  rsvps: RsvpsTable;
  tickets: TicketsTable;
  retired_ticket_codes: RetiredTicketCodesTable;
  organizer_known_addresses: OrganizerKnownAddressesTable;
  event_signing_keys: EventSigningKeysTable;
  link_lookup_failures: LinkLookupFailuresTable;
  registrations: RegistrationsTable;
  registration_attempts: RegistrationAttemptsTable;
  email_outbox: EmailOutboxTable;
  invitee_imports: InviteeImportsTable;
  app_secrets: AppSecretsTable;
  invitees: InviteesTable;
  organizers: OrganizersTable;
  organizer_sessions: OrganizerSessionsTable;
  login_attempts: LoginAttemptsTable;
  password_resets: PasswordResetsTable;
  password_reset_requests: PasswordResetRequestsTable;
  events: EventsTable;
  event_hosts: EventHostsTable;
  event_members: EventMembersTable;
  event_invitations: EventInvitationsTable;
  destruction_records: DestructionRecordsTable;
  protocol_titles: ProtocolTitlesTable;
  attendance_certificates: AttendanceCertificatesTable;
  optional_consent_items: OptionalConsentItemsTable;
  optional_consents: OptionalConsentsTable;
  guest_requests: GuestRequestsTable;
  seating_blocks: SeatingBlocksTable;
  seat_assignments: SeatAssignmentsTable;
  surveys: SurveysTable;
  survey_questions: SurveyQuestionsTable;
  survey_responses: SurveyResponsesTable;
}

export type Organizer = Selectable<OrganizersTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
