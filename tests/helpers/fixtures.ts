import type { z } from "zod";
import { inviteeFormSchema, type InviteeForm } from "../../app/domain/invitations/invitations.server";
import type { OptionalConsentText } from "../../app/domain/rsvp/optional-consents.server";

/** A valid event form as a browser would post it; override fields to make it invalid. */
export function sampleEventForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    kind: "performance_sharing",
    titleKo: "2026 교육발전특구 성과공유회",
    titleEn: "2026 Education Development Zone Performance Sharing Meeting",
    descriptionKo: "",
    descriptionEn: "",
    "hosts.0.ko": "파주시",
    "hosts.0.en": "Paju City",
    "hosts.1.ko": "",
    "hosts.1.en": "",
    venueName: "대교 미디어센터",
    venueNameEn: "Daekyo Media Center",
    venueAddress: "경기도 파주시",
    date: "2030-12-23",
    startTime: "14:00",
    endTime: "17:00",
    timeZone: "Asia/Seoul",
    capacity: "100",
    rsvpDeadlineDate: "",
    rsvpDeadlineTime: "",
    contactName: "교육협력과",
    contactPhone: "031-940-0000",
    contactEmail: "edu@example.org",
    visibility: "public",
    slug: "",
    ...overrides,
  };
}

/** The invitee form's fields as a browser posts them. */
export type InviteeFields = z.input<typeof inviteeFormSchema>;

/** A valid invitee as the invitee form posts it (a name, nothing else filled in, Korean); override fields to vary or break it. */
export function sampleInviteeForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { name: "김하늘", email: "", phone: "", organization: "", position: "", groupName: "", language: "ko", notes: "", ...overrides };
}

/** The same invitee parsed as addInvitee and addInvitees take it; override fields as the form would post them. */
export function sampleInvitee(overrides: Partial<InviteeFields> = {}): InviteeForm {
  return inviteeFormSchema.parse({ ...sampleInviteeForm(), ...overrides });
}

/** An optional consent item (선택 동의) with its four disclosures in both languages: publishing photos. */
export function sampleOptionalConsentItem(overrides: Partial<OptionalConsentText> = {}): OptionalConsentText {
  return {
    title_ko: "행사 사진 게시",
    title_en: "Publishing event photos",
    purpose_ko: "누리집 게시",
    purpose_en: "Publishing on the website",
    items_ko: "사진",
    items_en: "Photos",
    retention_ko: "3년",
    retention_en: "3 years",
    refusal_ko: "촬영 시 배려합니다.",
    refusal_en: "We keep you out of photos.",
    ...overrides,
  };
}
