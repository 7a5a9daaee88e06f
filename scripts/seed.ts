import { sql, type Kysely } from "kysely";
import { createEvent, eventFormSchema, type EventForm } from "../app/domain/events/events.server";
import { addPart, savePerson, saveSession, SESSION_KINDS, sessionFormSchema, setSessionPeople, type PersonForm } from "../app/domain/program/agenda.server";
import { addAwardCategory, addAwardRecipient } from "../app/domain/program/awards.server";
import { addInvitees, type InviteeForm } from "../app/domain/invitations/invitations.server";
import { createOrganizer, findOrganizerByEmail } from "../app/domain/accounts/organizers.server";
import { saveSurvey } from "../app/domain/survey/survey.server";
import { issueTicket } from "../app/domain/rsvp/tickets.server";
import { toZonedInputs } from "../app/lib/format";
import type { Database } from "../db/schema";

export const DEMO_ORGANIZER = { email: "demo@nanum.example", password: "nanum-demo-2025", name: "나눔 데모 담당자" };

const SEOUL = "Asia/Seoul";
const DAY = 86_400_000;

/** The next 23 December at least two weeks after `today`, as YYYY-MM-DD. */
export function pajuMeetingDate(today: Date): string {
  const { date } = toZonedInputs(today, SEOUL);
  let year = Number(date.slice(0, 4));
  const twoWeeksOut = toZonedInputs(new Date(today.getTime() + 14 * DAY), SEOUL).date;
  while (`${year}-12-23` < twoWeeksOut) year++;
  return `${year}-12-23`;
}

function form(values: Record<string, string>): EventForm {
  return eventFormSchema.parse(values);
}

/**
 * The demo organizer and two sample events from the product's origin, dated relative
 * to today so RSVP and check-in can be tried at any time. Seeding twice adds nothing.
 */
export async function seedDemo(db: Kysely<Database>, today = new Date()): Promise<{ created: boolean }> {
  if (await findOrganizerByEmail(db, DEMO_ORGANIZER.email)) return { created: false };
  const organizer = await createOrganizer(db, DEMO_ORGANIZER);
  const pajuDate = pajuMeetingDate(today);
  const year = pajuDate.slice(0, 4);
  const paju = await createEvent(
    db,
    organizer.id,
    form({
      kind: "performance_sharing",
      titleKo: `${year} 파주시 교육발전특구 성과공유회`,
      titleEn: `${year} Paju City Education Development Zone Performance Sharing Meeting`,
      descriptionKo:
        "파주시와 파주교육지원청이 한 해 동안의 교육발전특구 성과를 교육발전위원회, 자문위원, 학부모 대표, 학생, 관계자 등 약 100명과 함께 나누는 자리입니다. 1부 개회식과 우수 학생기자 시상, 2부 주요 사업 발표, 학생 공연, 내년도 지원 계획 안내, 특강으로 진행됩니다.",
      descriptionEn:
        "Paju City and the Paju Office of Education share the year's results of the Education Development Zone with about 100 stakeholders: committee and advisory members, parents' representatives, students and officials. Part 1: opening ceremony and awards for outstanding student reporters. Part 2: key project presentations, a student concert, next year's support plan and a special lecture.",
      "hosts.0.ko": "파주시",
      "hosts.0.en": "Paju City",
      "hosts.1.ko": "파주교육지원청",
      "hosts.1.en": "Paju Office of Education",
      venueName: "대교 미디어센터",
      venueNameEn: "Daekyo Media Center",
      venueAddress: "경기도 파주시 문발로 (대교 미디어센터)",
      date: pajuDate,
      startTime: "14:00",
      endTime: "17:00",
      timeZone: SEOUL,
      capacity: "120",
      rsvpDeadlineDate: toZonedInputs(new Date(Date.parse(`${pajuDate}T00:00:00+09:00`) - 5 * DAY), SEOUL).date,
      rsvpDeadlineTime: "18:00",
      contactName: "파주시 교육협력과",
      contactPhone: "031-940-0000",
      contactEmail: "edu@paju.example",
      visibility: "public",
      slug: `paju-performance-sharing-${year}`,
    }),
    { isSample: true, status: "published" },
  );
  await addInvitees(db, paju.id, demoInvitees());
  await seedPajuProgram(db, paju.id);
  // A draft of the survey after the meeting (만족도 조사), sent once it has happened.
  await saveSurvey(db, paju.id, {
    anonymous: true,
    autoSendHours: null,
    questions: [
      { kind: "rating", labelKo: "성과공유회에 전반적으로 얼마나 만족하셨습니까?", labelEn: "Overall, how satisfied were you with the meeting?", options: [], required: true },
      {
        kind: "choice",
        labelKo: "가장 도움이 된 순서는 무엇입니까?",
        labelEn: "Which part was most useful?",
        options: [
          { ko: "주요 사업 발표", en: "Project presentations" },
          { ko: "학생 공연", en: "Student concert" },
          { ko: "특강", en: "Special lecture" },
        ],
        required: false,
      },
      { kind: "text", labelKo: "다음 행사에 바라는 점", labelEn: "What should we do better next time?", options: [], required: false },
    ],
  });
  await seatPajuGuestsOfHonour(db, paju.id);
  const hanamDate = toZonedInputs(new Date(today.getTime() + 7 * DAY), SEOUL).date;
  const hanam = await createEvent(
    db,
    organizer.id,
    form({
      kind: "agreement_signing",
      titleKo: "미래교육도시 하남 – 경기공유학교 업무협약식",
      titleEn: "Future Education City Hanam – Gyeonggi Shared School Business Agreement Signing Ceremony",
      descriptionKo: "하남시와 광주하남교육지원청이 경기공유학교 운영을 위한 업무협약을 체결합니다. 인사말, 협약 체결, 기념 촬영 순으로 진행됩니다.",
      descriptionEn: "Hanam City and the Gwangju Hanam Office of Education sign a business agreement on running the Gyeonggi Shared School: opening remarks, signing, and a commemorative photo.",
      "hosts.0.ko": "하남시",
      "hosts.0.en": "Hanam City",
      "hosts.1.ko": "광주하남교육지원청",
      "hosts.1.en": "Gwangju Hanam Office of Education",
      venueName: "하남시청 대회의실",
      venueNameEn: "Hanam City Hall, Main Conference Room",
      venueAddress: "경기도 하남시 아리수로 (하남시청)",
      date: hanamDate,
      startTime: "10:30",
      endTime: "11:30",
      timeZone: SEOUL,
      capacity: "40",
      rsvpDeadlineDate: "",
      rsvpDeadlineTime: "",
      contactName: "하남시 교육지원과",
      contactPhone: "031-790-0000",
      contactEmail: "edu@hanam.example",
      visibility: "public",
      slug: `hanam-shared-school-agreement-${hanamDate.slice(0, 4)}`,
    }),
    { isSample: true, status: "published" },
  );
  await seedProgram(db, hanam.id, [
    { part: null, kind: "opening", start: "10:30", end: "10:40", ko: "개회 및 참석자 소개", en: "Opening and introductions" },
    {
      part: null,
      kind: "remarks",
      start: "10:40",
      end: "10:55",
      ko: "인사말",
      en: "Remarks",
      people: [person("하남시장", "Mayor of Hanam", "", "", "", ""), person("광주하남교육장", "Superintendent, Gwangju Hanam Office of Education", "", "", "", "")],
    },
    { part: null, kind: "signing", start: "10:55", end: "11:10", ko: "경기공유학교 업무협약 체결", en: "Signing of the Gyeonggi Shared School agreement" },
    { part: null, kind: "photo", start: "11:10", end: "11:20", ko: "기념 촬영", en: "Commemorative photo" },
  ]);
  await seedHanamHeadTable(db, hanam.id);
  return { created: true };
}

/**
 * The Paju meeting's hall as a theatre: a front block of guests' seats (내빈석) kept for the 내빈
 * group, where the guests of honour are already seated in list order (A-1, A-2, …), and the
 * general rows behind it, still empty for the organizer to fill.
 */
async function seatPajuGuestsOfHonour(db: Kysely<Database>, eventId: number) {
  const [front] = await db
    .insertInto("seating_blocks")
    .values([
      { event_id: eventId, position: 0, kind: "theatre", name_ko: "내빈석", name_en: "VIP seats", reserved_group: "내빈", rows: 1, seats_per_row: 10 },
      { event_id: eventId, position: 1, kind: "theatre", name_ko: "일반석", name_en: "General seating", rows: 8, seats_per_row: 14 },
    ])
    .returning("id")
    .execute();
  const vips = await db.selectFrom("invitees").select("id").where("event_id", "=", eventId).where("is_vip", "=", true).orderBy("id").execute();
  await db
    .insertInto("seat_assignments")
    .values(vips.map((vip, i) => ({ event_id: eventId, block_id: front!.id, row_index: 0, seat_number: i + 1, invitee_id: vip.id, assigned_by: "manual" as const })))
    .execute();
}

/** Who sits at the Hanam signing's head table, from seat 1 to 6, the two signatories in the middle. */
const HANAM_HEAD_TABLE = [
  { name: "김태호", organization: "하남시의회", position: "의장", introOrder: 3 },
  { name: "이정민", organization: "하남시", position: "부시장", introOrder: 4 },
  { name: "박성준", organization: "하남시", position: "시장", introOrder: 1 },
  { name: "최은영", organization: "광주하남교육지원청", position: "교육장", introOrder: 2 },
  { name: "정하늘", organization: "광주하남교육지원청", position: "교육국장", introOrder: 5 },
  { name: "윤서진", organization: "경기도교육청", position: "장학관", introOrder: 6 },
];

/**
 * The Hanam signing's six signatories and witnesses: invited, attending with their tickets (their
 * answers taken by the organizer, so no email is queued), and seated at a head table of six, so
 * its name plates can be printed in seat order.
 */
async function seedHanamHeadTable(db: Kysely<Database>, eventId: number) {
  const ids = await addInvitees(
    db,
    eventId,
    HANAM_HEAD_TABLE.map((person, i) => ({
      name: person.name,
      email: `hanam.head${i + 1}@example.org`,
      phone: "",
      organization: person.organization,
      position: person.position,
      groupName: "협약 기관",
      isVip: true,
      language: "ko" as const,
      notes: "",
    })),
  );
  await db.transaction().execute(async (trx) => {
    for (const [i, id] of ids.entries()) {
      await trx.updateTable("invitees").set({ intro_order: HANAM_HEAD_TABLE[i]!.introOrder }).where("id", "=", id).execute();
      await trx
        .insertInto("rsvps")
        .values({ invitee_id: id, event_id: eventId, status: "attending", consent_at: sql<Date>`now()`, consent_text: "참석 회신 (주최 측이 전화로 받음)", answers: "{}" })
        .execute();
      await issueTicket(trx, { eventId, inviteeId: id, reissue: false });
    }
    const block = await trx
      .insertInto("seating_blocks")
      .values({ event_id: eventId, position: 0, kind: "head_table", name_ko: "헤드테이블", name_en: "Head table", rows: 1, seats_per_row: 6 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("seat_assignments")
      .values(ids.map((id, i) => ({ event_id: eventId, block_id: block.id, row_index: 0, seat_number: i + 1, invitee_id: id, assigned_by: "manual" as const })))
      .execute();
  });
}

interface SampleSession {
  part: string | null;
  kind: (typeof SESSION_KINDS)[number];
  start: string;
  end: string;
  ko: string;
  en: string;
  room?: string;
  description?: string;
  people?: PersonForm[];
}

/** A sample program, through the same rules as an organizer's (no overlaps, on the day). */
async function seedProgram(db: Kysely<Database>, eventId: number, sessions: SampleSession[], parts: Array<{ ko: string; en: string }> = []) {
  const partIds = new Map<string, number>();
  for (const part of parts) partIds.set(part.ko, (await addPart(db, eventId, { titleKo: part.ko, titleEn: part.en })).id);
  const personIds = new Map<string, number>();
  for (const session of sessions) {
    const saved = await saveSession(
      db,
      eventId,
      sessionFormSchema.parse({
        partId: session.part ? String(partIds.get(session.part)) : "",
        kind: session.kind,
        startTime: session.start,
        endTime: session.end,
        titleKo: session.ko,
        titleEn: session.en,
        descriptionKo: session.description ?? "",
        descriptionEn: "",
        room: session.room ?? "",
        cue: "",
      }),
    );
    const ids: number[] = [];
    for (const person of session.people ?? []) {
      const key = `${person.nameKo}|${person.organizationKo}`;
      if (!personIds.has(key)) personIds.set(key, (await savePerson(db, eventId, person))!.id);
      ids.push(personIds.get(key)!);
    }
    if (ids.length > 0) await setSessionPeople(db, eventId, saved.id, ids);
  }
}

const person = (nameKo: string, nameEn: string, roleKo: string, roleEn: string, organizationKo: string, organizationEn: string): PersonForm => ({
  nameKo,
  nameEn,
  roleKo,
  roleEn,
  organizationKo,
  organizationEn,
});

/**
 * The Paju meeting's program, after the real one (times are plausible samples, as the event's
 * page says), and its awards with fictional recipients.
 */
async function seedPajuProgram(db: Kysely<Database>, eventId: number) {
  await seedProgram(
    db,
    eventId,
    [
      { part: "1부", kind: "opening", start: "14:00", end: "14:15", ko: "개회식 (국민의례, 내빈 소개, 인사말)", en: "Opening ceremony (national ceremony, introduction of guests, remarks)" },
      {
        part: "1부",
        kind: "awards",
        start: "14:15",
        end: "14:35",
        ko: "교육발전특구 청소년 기자단 우수기자 시상",
        en: "Awards for outstanding reporters of the Education Development Zone Youth Press Corps",
      },
      {
        part: "2부",
        kind: "presentation",
        start: "14:45",
        end: "15:35",
        ko: "주요 사업 성과 발표",
        en: "Key project presentations",
        description: "파주형 늘봄 인프라, 통합 돌봄 모델 ‘파랑학교’, 에듀테크 학습 혁신, IB 교육 확대, 공유학교·대학 연계 진로 프로그램",
      },
      {
        part: "2부",
        kind: "performance",
        start: "15:35",
        end: "15:55",
        ko: "성장 나눔 음악회",
        en: "Growth Sharing Concert",
        people: [person("꿈꾸는 함성 공유학교 학생들", "Students of the Dream Hamseong Shared School", "", "", "", "")],
      },
      {
        part: "2부",
        kind: "announcement",
        start: "15:55",
        end: "16:10",
        ko: "내년도 교육 지원 계획 안내",
        en: "Next year's education support plan",
        people: [person("평생교육과장", "Head of the Lifelong Education Division", "", "", "", "")],
      },
      {
        part: "2부",
        kind: "lecture",
        start: "16:10",
        end: "16:55",
        ko: "특강 「미래교육의 방향」",
        en: "Special lecture “Future Education Direction”",
        people: [person("전제상", "Jeon Jesang", "교수", "Professor", "공주교육대학교", "Gongju National University of Education")],
      },
    ],
    [
      { ko: "1부", en: "Part 1" },
      { ko: "2부", en: "Part 2" },
    ],
  );
  const awardsSession = await db.selectFrom("agenda_sessions").select("id").where("event_id", "=", eventId).where("kind", "=", "awards").executeTakeFirst();
  const category = await addAwardCategory(db, eventId, {
    nameKo: "교육발전특구 청소년 기자단 우수기자상",
    nameEn: "Outstanding Reporter Award, Education Development Zone Youth Press Corps",
    descriptionKo: "한 해 동안 학교와 마을의 교육 소식을 성실하게 취재한 학생 기자에게 드리는 상입니다. (수상자는 예시입니다.)",
    descriptionEn: "For student reporters who covered education news in their schools and neighbourhoods all year. (Sample recipients.)",
    presenter: "파주교육지원청 교육장",
    sessionId: awardsSession?.id ?? null,
  });
  const reporters = [
    { name: "김하늘", organization: "문산중학교", grade: "2학년" },
    { name: "이서진", organization: "운정고등학교", grade: "1학년" },
    { name: "박도현", organization: "교하중학교", grade: "3학년" },
  ];
  for (const reporter of reporters) {
    await addAwardRecipient(db, eventId, { categoryId: category.id, ...reporter, citation: "", isMinor: true, inviteeId: null, standInName: "", standInPosition: "" });
  }
}

const FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"];
const GIVEN = ["민준", "서연", "도윤", "하은", "시우", "지유", "예준", "수아", "주원", "지아", "하준", "서윤", "지호", "채원", "준서", "다은", "현우", "예린", "건우", "소율"];
const FAMILY_EN = ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn", "song", "ryu", "hong"];

/** Who comes to a performance-sharing meeting, with how many of each and what they do. */
const DEMO_GROUPS: Array<{ group: string; count: number; organizations: string[]; positions: string[]; vip?: number; noEmail?: number }> = [
  { group: "내빈", count: 8, organizations: ["파주시", "파주교육지원청", "파주시의회", "경기도교육청"], positions: ["시장", "교육장", "의장", "국장", "과장"], vip: 8 },
  { group: "교육발전위원회", count: 18, organizations: ["파주시 교육발전위원회"], positions: ["위원장", "부위원장", "위원"] },
  { group: "자문위원", count: 12, organizations: ["경인교육대학교", "파주시 교육자문단", "지역 기업"], positions: ["교수", "자문위원"] },
  { group: "학부모 소통 거버넌스", count: 20, organizations: ["운정초등학교 학부모회", "문산중학교 학부모회", "교하고등학교 학부모회"], positions: ["학부모 대표", "학부모 위원"], noEmail: 6 },
  { group: "학교장", count: 14, organizations: ["운정초등학교", "문산중학교", "교하고등학교", "파주고등학교", "금촌초등학교"], positions: ["교장", "교감"] },
  { group: "학생 기자단", count: 16, organizations: ["교육발전특구 청소년 기자단"], positions: ["학생기자"], noEmail: 8 },
  { group: "관계 공무원", count: 12, organizations: ["파주시 교육협력과", "파주교육지원청 교육지원과"], positions: ["주무관", "팀장", "장학사"] },
];

/** About 100 fictional invitees in realistic groups: Korean names, example.org emails, some without email, a few VIPs. */
export function demoInvitees(): InviteeForm[] {
  const invitees: InviteeForm[] = [];
  let n = 0;
  for (const spec of DEMO_GROUPS) {
    for (let i = 0; i < spec.count; i++, n++) {
      const family = n % FAMILY.length;
      const given = (n * 7 + Math.floor(n / FAMILY.length)) % GIVEN.length;
      const withoutEmail = i < (spec.noEmail ?? 0);
      invitees.push({
        name: `${FAMILY[family]}${GIVEN[given]}`,
        email: withoutEmail ? null : `${FAMILY_EN[family]}.${String(n + 1).padStart(3, "0")}@example.org`,
        phone: `010-${String(2000 + n * 37).padStart(4, "0")}-${String(1000 + ((n * 7919) % 9000)).padStart(4, "0")}`,
        organization: spec.organizations[i % spec.organizations.length]!,
        position: spec.positions[i % spec.positions.length]!,
        groupName: spec.group,
        isVip: i < (spec.vip ?? 0),
        language: n % 25 === 24 ? "en" : "ko",
        notes: "",
      });
    }
  }
  return invitees;
}
