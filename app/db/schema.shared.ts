// Constants and JSON column types shared by both dialects' schemas (schema.sqlite.ts, schema.pg.ts).

export const UNIT_KINDS = ["country", "province", "district", "commune", "office"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** How a unit row came to be closed by a reorganisation. */
export const UNIT_CHANGES = ["move", "merge", "split", "abolish"] as const;
export type UnitChange = (typeof UNIT_CHANGES)[number];
export const ROLES = ["learner", "trainer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const COURSE_SOURCES = ["repo", "app"] as const;
export type ContentProblem = { file: string; line: number | null; column: number | null; message: string };
export type TocEntry = { id: string; text: string; depth: 2 | 3 };
export const ATTEMPT_STATUSES = ["open", "graded", "expired"] as const;
export type AttemptLayout = { questionId: string; options: { id: string; index: number }[] }[];
export type DraftMeta = { title: string; summary: string; audience: string; minutes: number; mandatory: boolean; tags: string[] };
export const ASSIGNMENT_STATUSES = ["building", "active", "withdrawn"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** What an outbox message is doing (app/mail/outbox.server.ts, docs/decisions/0028). */
export const MAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
/** Stored as the due day of an assignment that has none (the "mandatory" courses carried over by migration). */
export const NO_DUE_DAY = "9999-12-31";

/** An indicator's period (docs/decisions/0035): a month "2025-03" or a quarter "2025-Q1". */
export const INDICATOR_PERIODS = ["month", "quarter"] as const;
export type IndicatorPeriod = (typeof INDICATOR_PERIODS)[number];
/** Where an indicator value came from. */
export const INDICATOR_SOURCES = ["form", "import", "demo"] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];
