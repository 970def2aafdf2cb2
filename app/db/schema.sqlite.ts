// All tables, SQLite dialect (schema.pg.ts is the PostgreSQL twin, kept in lockstep by
// tests/unit/db/dialects.test.ts; app code imports the façade schema.ts).
// All tables. Each domain folder owns the reads and writes of its own tables; routes never touch them.
// Timestamps are ISO-8601 strings in UTC (sortable, readable in the sqlite shell).
// Validity dates (valid_from / valid_to) are calendar dates "YYYY-MM-DD"; valid_to is exclusive and
// NULL while the row is current.
import { sql } from "drizzle-orm";
import { index, integer, blob, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  ASSIGNMENT_STATUSES,
  MAIL_STATUSES,
  ATTEMPT_STATUSES,
  COURSE_SOURCES,
  ROLES,
  UNIT_CHANGES,
  UNIT_KINDS,
  INDICATOR_PERIODS,
  INDICATOR_SOURCES,
  type AttemptLayout,
  type ContentProblem,
  type Role,
  type DraftMeta,
  type TocEntry,
} from "./schema.shared";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/**
 * Units form a tree of any depth. `path` is the materialized path of ids, e.g. "/1/5/23/",
 * so "this unit and everything under it" is one range scan on the path index.
 * A reorganisation closes a row (valid_to, successor_id) and opens a new one; rows are never deleted.
 */
export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentId: integer("parent_id"),
    path: text("path").notNull(),
    depth: integer("depth").notNull(),
    kind: text("kind", { enum: UNIT_KINDS }).notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    validFrom: text("valid_from").notNull().default("1900-01-01"),
    validTo: text("valid_to"),
    successorId: integer("successor_id"),
    /** What closed this row: a move (same unit, new place), a merge, a split, an abolished tier. NULL while current (or closed before this was recorded). */
    closedBy: text("closed_by", { enum: UNIT_CHANGES }),
    /** Every unit that took over from this row (a split has several); successor_id keeps the first. */
    successorIds: text("successor_ids", { mode: "json" }).$type<number[]>(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("units_path_idx").on(t.path),
    // A code names one current unit; closed rows (history) keep their codes.
    uniqueIndex("units_code_current_idx")
      .on(t.code)
      .where(sql`valid_to IS NULL`),
    index("units_code_idx").on(t.code),
    index("units_parent_idx").on(t.parentId),
  ],
);

export const officials = sqliteTable(
  "officials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    staffCode: text("staff_code").notNull(),
    username: text("username").notNull(),
    email: text("email"),
    ho: text("ho").notNull(),
    dem: text("dem").notNull().default(""),
    ten: text("ten").notNull(),
    /** Diacritic-folded, lower-case "ho dem ten" for accent-insensitive search. */
    searchName: text("search_name").notNull(),
    /**
     * Vietnamese sort key of tên, họ, đệm (app/people/sort-key.ts, written with the name; decision 0038):
     * plain ASCII, so byte order (SQLite's BINARY, PostgreSQL's COLLATE "C") is the collator's order.
     */
    sortName: text("sort_name").notNull().default(""),
    position: text("position").notNull().default(""),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    passwordHash: text("password_hash"),
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("officials_staff_code_idx").on(t.staffCode),
    uniqueIndex("officials_username_idx").on(t.username),
    uniqueIndex("officials_email_idx").on(t.email),
    // A unit's people in list order, covering what a list's WHERE and ORDER BY read (decision 0046):
    // a commune's page sorts index entries, not table rows, and reads only its 50 rows.
    index("officials_unit_sort_idx").on(t.unitId, t.sortName, t.id, t.active),
    index("officials_sort_idx").on(t.sortName, t.id),
    // The directory's staff-code search (lower(staff_code) = the typed code) without a scan.
    index("officials_staff_code_lower_idx").on(sql`lower(${t.staffCode})`),
  ],
);

/**
 * Name-search keys (decision 0046): every rotation of an official's folded name words
 * (app/people/names.ts nameKeysOf), written with the name (app/people/name-keys.server.ts). A search
 * is one prefix range over the primary key: any run of whole words from a word start.
 */
export const officialNameKeys = sqliteTable(
  "official_name_keys",
  {
    key: text("key").notNull(),
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
  },
  (t) => [primaryKey({ columns: [t.key, t.officialId] })],
);

/**
 * A person may hold several roles. A manager's role always names the unit they manage (scopeUnitId);
 * there is no fallback to the person's own unit. A reorganisation that leaves no single successor
 * (a split, an abolished tier) keeps the old unit there and sets scopeNeedsReview: the role then
 * grants nothing until an administrator chooses a new unit. An admin's scope is everything.
 */
export const officialRoles = sqliteTable(
  "official_roles",
  {
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    role: text("role", { enum: ROLES }).notNull(),
    scopeUnitId: integer("scope_unit_id").references(() => units.id),
    scopeNeedsReview: integer("scope_needs_review", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.officialId, t.role] })],
);

/** Dated membership of an official in a unit, so a report for a past date sees who was where. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to"),
  },
  (t) => [index("memberships_official_idx").on(t.officialId), index("memberships_unit_idx").on(t.unitId)],
);

/** Server-side sessions: the cookie carries a random token, the table only its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    createdAt: text("created_at").notNull().default(now),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [uniqueIndex("sessions_token_idx").on(t.tokenHash), index("sessions_official_idx").on(t.officialId)],
);

/** Failed sign-in counters, per account ("acct:<username>") and per address ("ip:<addr>"). */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: text("window_start").notNull(),
  lockedUntil: text("locked_until"),
});

/** Who did what, when: imports, role changes, publishing, reorganisations. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull().default(now),
    actorId: integer("actor_id").references(() => officials.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    detail: text("detail", { mode: "json" }),
  },
  (t) => [index("audit_subject_idx").on(t.subjectType, t.subjectId)],
);

// ---------------------------------------------------------------------------------------------
// Courses. A course has versions; a version has lesson versions holding the MDX source, its hash and
// the rendered HTML. Lessons have a stable identity (lesson_key) across versions, so progress survives
// corrections. `epoch` grows only on a material change (a later issue): completions belong to an epoch.

export const courses = sqliteTable(
  "courses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    source: text("source", { enum: COURSE_SOURCES }).notNull().default("repo"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    audience: text("audience").notNull().default(""),
    minutes: integer("minutes").notNull().default(0),
    mandatory: integer("mandatory", { mode: "boolean" }).notNull().default(false),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    sortOrder: integer("sort_order").notNull().default(1000),
    /** Search text: folded title, summary and tags. */
    searchText: text("search_text").notNull().default(""),
    currentVersionId: integer("current_version_id"),
    epoch: integer("epoch").notNull().default(1),
    /** Problems found in the latest sync ("broken"), shown to administrators; NULL when clean. */
    problems: text("problems", { mode: "json" }).$type<ContentProblem[]>(),
    checkedHash: text("checked_hash"),
    /** Set when the course's folder disappeared: kept for history and reports, hidden from the catalogue. */
    retiredAt: text("retired_at"),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("courses_slug_idx").on(t.slug)],
);

export const courseVersions = sqliteTable(
  "course_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    number: integer("number").notNull(),
    contentHash: text("content_hash").notNull(),
    createdAt: text("created_at").notNull().default(now),
    createdBy: integer("created_by").references(() => officials.id),
    materialChange: integer("material_change", { mode: "boolean" }).notNull().default(false),
    /** The course's epoch when this version was published (a material change starts a new one). */
    epoch: integer("epoch").notNull().default(1),
  },
  (t) => [uniqueIndex("course_versions_number_idx").on(t.courseId, t.number)],
);

export const lessons = sqliteTable(
  "lessons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    lessonKey: text("lesson_key").notNull(),
  },
  (t) => [uniqueIndex("lessons_key_idx").on(t.courseId, t.lessonKey)],
);

export const lessonVersions = sqliteTable(
  "lesson_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseVersionId: integer("course_version_id")
      .notNull()
      .references(() => courseVersions.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    position: integer("position").notNull(),
    fileName: text("file_name").notNull(),
    title: text("title").notNull(),
    minutes: integer("minutes").notNull(),
    source: text("source").notNull(),
    sourceHash: text("source_hash").notNull(),
    html: text("html").notNull(),
    toc: text("toc", { mode: "json" }).$type<TocEntry[]>().notNull(),
    words: integer("words").notNull(),
  },
  (t) => [uniqueIndex("lesson_versions_pos_idx").on(t.courseVersionId, t.position), index("lesson_versions_hash_idx").on(t.sourceHash)],
);

/** One row per official and lesson (stable id): when they first opened it and when they finished it. */
export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    startedAt: text("started_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [primaryKey({ columns: [t.officialId, t.lessonId] })],
);

/** A course completed by an official, for one epoch of the course, with the version they finished. */
export const courseCompletions = sqliteTable(
  "course_completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    epoch: integer("epoch").notNull(),
    courseVersionId: integer("course_version_id")
      .notNull()
      .references(() => courseVersions.id),
    completedAt: text("completed_at").notNull(),
  },
  (t) => [
    uniqueIndex("course_completions_once_idx").on(t.officialId, t.courseId, t.epoch),
    index("course_completions_course_idx").on(t.courseId, t.completedAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Quizzes. The definition (with its answer keys) is stored per course version and read only on the
// server. An attempt records the questions drawn and their shuffled order (with per-attempt option ids
// that say nothing about correctness); answers are stored with their credit when graded.

export const quizDefinitions = sqliteTable("quiz_definitions", {
  courseVersionId: integer("course_version_id")
    .primaryKey()
    .references(() => courseVersions.id),
  definition: text("definition", { mode: "json" }).notNull(),
});

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    token: text("token").notNull(),
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    courseVersionId: integer("course_version_id")
      .notNull()
      .references(() => courseVersions.id),
    epoch: integer("epoch").notNull(),
    number: integer("number").notNull(),
    status: text("status", { enum: ATTEMPT_STATUSES }).notNull().default("open"),
    /** The drawn questions in order, each with its options' per-attempt ids in display order. */
    layout: text("layout", { mode: "json" }).$type<AttemptLayout>().notNull(),
    startedAt: text("started_at").notNull(),
    deadlineAt: text("deadline_at"),
    submittedAt: text("submitted_at"),
    durationSeconds: integer("duration_seconds"),
    score: integer("score"),
    passed: integer("passed", { mode: "boolean" }),
  },
  (t) => [
    uniqueIndex("quiz_attempts_token_idx").on(t.token),
    uniqueIndex("quiz_attempts_number_idx").on(t.officialId, t.courseId, t.epoch, t.number),
    index("quiz_attempts_course_idx").on(t.courseId, t.status),
  ],
);

export const quizAnswers = sqliteTable(
  "quiz_answers",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => quizAttempts.id),
    questionId: text("question_id").notNull(),
    position: integer("position").notNull(),
    /** What the official gave: option indexes (in the definition's order), true/false, or text. */
    response: text("response", { mode: "json" }).$type<number[] | boolean | string | null>(),
    /** Credit from 0 to 1. */
    credit: real("credit").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] })],
);

/**
 * Extra quiz attempts granted by a trainer or an administrator (issue 14 item 4), for one course
 * epoch, to one official or to a unit subtree (exactly one of officialId / unitId). A unit grant is
 * read through the unit path when an attempt starts: it covers whoever is in that subtree then; a
 * grant on a unit closed by a reorganisation follows its successors (docs/decisions/0022).
 */
export const attemptGrants = sqliteTable(
  "attempt_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    epoch: integer("epoch").notNull(),
    officialId: integer("official_id").references(() => officials.id),
    unitId: integer("unit_id").references(() => units.id),
    count: integer("count").notNull(),
    reason: text("reason").notNull().default(""),
    grantedBy: integer("granted_by")
      .notNull()
      .references(() => officials.id),
    grantedAt: text("granted_at").notNull().default(now),
  },
  (t) => [index("attempt_grants_course_idx").on(t.courseId, t.epoch)],
);

// ---------------------------------------------------------------------------------------------
// Reports. Every event that changes a figure (a member joins or leaves a unit, an official starts or
// completes a course, a quiz attempt is graded) adds to the rollup rows of the official's unit and of
// every ancestor, in the same transaction as the event. A report is then a read of a few rows.
// Daily rows answer "as of a date"; totals rows answer "now".

/** One row per official and course epoch: when they started and completed it. */
export const courseStatus = sqliteTable(
  "course_status",
  {
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    epoch: integer("epoch").notNull(),
    startedAt: text("started_at").notNull(),
    completedAt: text("completed_at"),
    bestScore: integer("best_score"),
    passedAt: text("passed_at"),
  },
  (t) => [primaryKey({ columns: [t.officialId, t.courseId, t.epoch] }), index("course_status_course_idx").on(t.courseId)],
);

const rollupFigures = {
  started: integer("started").notNull().default(0),
  completed: integer("completed").notNull().default(0),
  attempts: integer("attempts").notNull().default(0),
  passed: integer("passed").notNull().default(0),
  scoreSum: integer("score_sum").notNull().default(0),
};

// Rollups are kept per course epoch: a material change starts the counts again, and the earlier
// epoch's rows stay for history. (Tables are WITHOUT ROWID: see drizzle/0005.)
export const rollupDaily = sqliteTable(
  "rollup_daily",
  {
    unitId: integer("unit_id").notNull(),
    courseId: integer("course_id").notNull(),
    epoch: integer("epoch").notNull().default(1),
    day: text("day").notNull(),
    ...rollupFigures,
  },
  (t) => [primaryKey({ columns: [t.unitId, t.courseId, t.epoch, t.day] })],
);

export const rollupTotals = sqliteTable(
  "rollup_totals",
  {
    unitId: integer("unit_id").notNull(),
    courseId: integer("course_id").notNull(),
    epoch: integer("epoch").notNull().default(1),
    ...rollupFigures,
  },
  (t) => [primaryKey({ columns: [t.unitId, t.courseId, t.epoch] })],
);

// Item analysis running totals (issue 14 item 9, docs/decisions/0025): written at grading by the
// figures kernel to the official's unit and every ancestor, and to unit 0 (every graded attempt of the
// epoch, which moves never touch); moved with the official by shiftOfficial like the rollups.
/** Per question and attempt score: answers and credit; `response` is the wrong response as stored (JSON text), '' when fully right. */
export const quizItemTotals = sqliteTable(
  "quiz_item_totals",
  {
    unitId: integer("unit_id").notNull(),
    courseId: integer("course_id").notNull(),
    epoch: integer("epoch").notNull(),
    questionId: text("question_id").notNull(),
    score: integer("score").notNull(),
    response: text("response").notNull(),
    answered: integer("answered").notNull().default(0),
    credit: real("credit").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.courseId, t.epoch, t.questionId, t.score, t.response] })],
);

/** Per unit (0: everyone), course and epoch: graded attempts, passed ones and their score sum. */
export const quizAttemptTotals = sqliteTable(
  "quiz_attempt_totals",
  {
    unitId: integer("unit_id").notNull(),
    courseId: integer("course_id").notNull(),
    epoch: integer("epoch").notNull(),
    attempts: integer("attempts").notNull().default(0),
    passed: integer("passed").notNull().default(0),
    scoreSum: integer("score_sum").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.courseId, t.epoch] })],
);

/** Members joining (+1) and leaving (−1) a unit's subtree, per day; and the running total. */
export const headcountDaily = sqliteTable(
  "headcount_daily",
  {
    unitId: integer("unit_id").notNull(),
    day: text("day").notNull(),
    delta: integer("delta").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.day] })],
);

export const headcountTotals = sqliteTable("headcount_totals", {
  unitId: integer("unit_id").primaryKey(),
  members: integer("members").notNull(),
});

/** A completion target: e.g. 100 % of a unit's officials complete a course by a date. */
export const courseTargets = sqliteTable(
  "course_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    /** NULL: the target applies to every unit. */
    unitId: integer("unit_id").references(() => units.id),
    rate: real("rate").notNull(),
    dueDate: text("due_date").notNull(),
  },
  (t) => [index("course_targets_course_idx").on(t.courseId)],
);

// ---------------------------------------------------------------------------------------------
// Authoring in the browser. A course written in the app keeps a draft (meta, lessons, quiz) that
// only trainers see; publishing turns the draft into an immutable course version through the same
// compile path as repo content. Uploaded images are stored in the database, checked by their bytes.

export const courseDrafts = sqliteTable("course_drafts", {
  courseId: integer("course_id")
    .primaryKey()
    .references(() => courses.id),
  meta: text("meta", { mode: "json" }).$type<DraftMeta>().notNull(),
  /** The quiz as the quiz file's structure (keys included): server-only, like quiz.yaml. */
  quiz: text("quiz", { mode: "json" }),
  updatedAt: text("updated_at").notNull().default(now),
  updatedBy: integer("updated_by").references(() => officials.id),
});

export const draftLessons = sqliteTable(
  "draft_lessons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    lessonKey: text("lesson_key").notNull(),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    minutes: integer("minutes").notNull(),
    source: text("source").notNull(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("draft_lessons_key_idx").on(t.courseId, t.lessonKey)],
);

export const courseAssets = sqliteTable(
  "course_assets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    bytes: blob("bytes", { mode: "buffer" }).notNull(),
    size: integer("size").notNull(),
    createdAt: text("created_at").notNull().default(now),
    createdBy: integer("created_by").references(() => officials.id),
  },
  (t) => [uniqueIndex("course_assets_name_idx").on(t.courseId, t.fileName)],
);

/** A roster file between its dry run and its application (the administrator applies what they saw). */
export const rosterUploads = sqliteTable("roster_uploads", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  token: text("token").notNull().unique(),
  fileName: text("file_name").notNull(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
  createdBy: integer("created_by").references(() => officials.id),
  createdAt: text("created_at").notNull().default(now),
  appliedAt: text("applied_at"),
});

/** Request-limit counters, shared by every app process on the database (app/http/rate-store.server.ts; used on PostgreSQL). */
export const requestCounts = sqliteTable(
  "request_counts",
  {
    key: text("key").primaryKey(),
    hits: integer("hits").notNull(),
    resetAt: text("reset_at").notNull(),
  },
  (t) => [index("request_counts_reset_idx").on(t.resetAt)],
);

/** Scheduled jobs: when each last started, so one process of several runs it per interval (app/jobs.server.ts). */
export const jobRuns = sqliteTable("job_runs", {
  name: text("name").primaryKey(),
  lastRunAt: text("last_run_at").notNull(),
  runs: integer("runs").notNull().default(0),
});

// ---------------------------------------------------------------------------------------------
// Assignments (issue 15, docs/decisions/0027): a course, an audience, a start and a due day.
/** One assignment. `status` building: its members are being written in chunks (build_cursor = last official id done). */
export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    note: text("note").notNull().default(""),
    startOn: text("start_on").notNull(),
    /** NO_DUE_DAY ('9999-12-31') when it has none. */
    dueOn: text("due_on").notNull(),
    /** Someone who joins the audience after the start gets max(due, joining day + grace) as their due day. */
    graceDays: integer("grace_days").notNull().default(30),
    /** Positions (chức vụ) the audience is narrowed to, as typed; compared without case or diacritics. Empty: every position. */
    positions: text("positions", { mode: "json" }).notNull().$type<string[]>(),
    /** Roles the audience is narrowed to; empty: every role. */
    roles: text("roles", { mode: "json" }).notNull().$type<Role[]>(),
    status: text("status", { enum: ASSIGNMENT_STATUSES }).notNull().default("building"),
    buildCursor: integer("build_cursor").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdBy: integer("created_by"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [index("assignments_course_idx").on(t.courseId), index("assignments_status_idx").on(t.status)],
);

/** The audience's units: each with its whole subtree. A reorganisation carries them to the successors. */
export const assignmentUnits = sqliteTable(
  "assignment_units",
  {
    assignmentId: integer("assignment_id").notNull(),
    unitId: integer("unit_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.unitId] }), index("assignment_units_unit_idx").on(t.unitId)],
);

/** People named in the audience, wherever they work. */
export const assignmentPeople = sqliteTable(
  "assignment_people",
  {
    assignmentId: integer("assignment_id").notNull(),
    officialId: integer("official_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.officialId] }), index("assignment_people_official_idx").on(t.officialId)],
);

/** Every change of an assignment: what it was before and after (JSON), who, when. */
export const assignmentHistory = sqliteTable(
  "assignment_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id").notNull(),
    at: text("at").notNull().default(now),
    by: integer("by"),
    change: text("change").notNull(),
    before: text("before", { mode: "json" }).$type<Record<string, unknown>>(),
    after: text("after", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("assignment_history_assignment_idx").on(t.assignmentId)],
);

/**
 * Who is assigned: one row per assignment and official, with their own due day and the days they
 * started and completed the course (any epoch; the first). left_on: the day they left the audience
 * (moved out, deactivated); their record stays, the figures no longer count them.
 */
export const assignmentMembers = sqliteTable(
  "assignment_members",
  {
    assignmentId: integer("assignment_id").notNull(),
    officialId: integer("official_id").notNull(),
    courseId: integer("course_id").notNull(),
    assignedOn: text("assigned_on").notNull(),
    dueOn: text("due_on").notNull(),
    startedOn: text("started_on"),
    completedOn: text("completed_on"),
    leftOn: text("left_on"),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.officialId] }), index("assignment_members_official_idx").on(t.officialId, t.courseId)],
);

const assignmentFigures = {
  assigned: integer("assigned").notNull().default(0),
  started: integer("started").notNull().default(0),
  completed: integer("completed").notNull().default(0),
  /** Completed after the personal due day. */
  late: integer("late").notNull().default(0),
};

/** Per unit (and ancestors), assignment and personal due day: changes per day (deltas). */
export const assignmentDaily = sqliteTable(
  "assignment_daily",
  {
    unitId: integer("unit_id").notNull(),
    assignmentId: integer("assignment_id").notNull(),
    dueOn: text("due_on").notNull(),
    day: text("day").notNull(),
    ...assignmentFigures,
  },
  (t) => [primaryKey({ columns: [t.unitId, t.assignmentId, t.dueOn, t.day] })],
);

/** Running totals of assignment_daily. */
export const assignmentTotals = sqliteTable(
  "assignment_totals",
  {
    unitId: integer("unit_id").notNull(),
    assignmentId: integer("assignment_id").notNull(),
    dueOn: text("due_on").notNull(),
    ...assignmentFigures,
  },
  (t) => [primaryKey({ columns: [t.unitId, t.assignmentId, t.dueOn] })],
);

// ---------------------------------------------------------------------------------------------
// E-mail (issue 16, docs/decisions/0028): the outbox and who turned which optional messages off.
/**
 * One e-mail to one person, written in the transaction of the event that caused it (so a rolled-back
 * event sends nothing) and sent later by the mail runner (app/mail/runner.server.ts). `idempotency_key`
 * names the event ("course-completed:<courseId>:<epoch>:<officialId>"): the same event enqueued twice is
 * one message. A runner claims a message by setting status 'sending' and `claimed_until`; a claim that
 * expired (the process died mid-send) is claimed again, and the Message-ID header (made from the key)
 * lets the receiver drop the duplicate.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    idempotencyKey: text("idempotency_key").notNull(),
    officialId: integer("official_id").notNull(),
    address: text("address").notNull(),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    link: text("link").notNull(),
    /** The Message-ID header, the same on every try: "<hash of the key@taphuan.mail>". */
    messageId: text("message_id").notNull(),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    claimedUntil: text("claimed_until"),
    /** The SMTP server's last answer (or the connection error): kept for /admin/mail. */
    lastAnswer: text("last_answer"),
    createdAt: text("created_at").notNull().default(now),
    sentAt: text("sent_at"),
  },
  (t) => [
    uniqueIndex("mail_outbox_key_idx").on(t.idempotencyKey),
    index("mail_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("mail_outbox_official_idx").on(t.officialId),
  ],
);

/** Optional kinds of e-mail a person turned off (app/mail/kinds.ts says which kinds are optional). */
export const mailOptOuts = sqliteTable(
  "mail_opt_outs",
  {
    officialId: integer("official_id").notNull(),
    kind: text("kind").notNull(),
    at: text("at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.officialId, t.kind] })],
);

// ---------------------------------------------------------------------------------------------
// In-app notifications (issue 16 item 1, docs/decisions/0030): the bell in the header.
/**
 * One notification to one person: `kind` says what happened (a new assignment, due in 7 or 1 days,
 * overdue, a course passed, extra quiz attempts granted) and `ref_id` which thing it was about (the
 * assignment, the course_completions row, the attempt_grants row); (official, kind, ref) is unique, so
 * the same event written twice (a re-run of the daily job, two processes) is one notification. The
 * text is rendered when shown, from the course (and the member's due day). `read_at`: when the person
 * opened the list that showed it; read ones older than 90 days are deleted by housekeeping.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    officialId: integer("official_id").notNull(),
    kind: text("kind").notNull(),
    refId: integer("ref_id").notNull(),
    courseId: integer("course_id").notNull(),
    createdAt: text("created_at").notNull().default(now),
    readAt: text("read_at"),
  },
  (t) => [uniqueIndex("notifications_once_idx").on(t.officialId, t.kind, t.refId), index("notifications_created_idx").on(t.createdAt)],
);

/**
 * Ed25519 keys that sign certificates (app/certificates/keys.server.ts, docs/decisions/0029). The
 * first is made at first start (generation 1, inserted only when absent, so two processes agree);
 * rotation adds the next generation and retires the previous one, which stays here so certificates it
 * signed still verify. Keys are never deleted.
 */
export const certificateKeys = sqliteTable(
  "certificate_keys",
  {
    /** The key id printed in signed codes and VC-JWT headers ("kid"). */
    id: text("id").primaryKey(),
    generation: integer("generation").notNull(),
    /** SPKI PEM. */
    publicKey: text("public_key").notNull(),
    /** PKCS#8 PEM. */
    privateKey: text("private_key").notNull(),
    createdAt: text("created_at").notNull().default(now),
    retiredAt: text("retired_at"),
  },
  (t) => [uniqueIndex("certificate_keys_generation_idx").on(t.generation)],
);

/** The last certificate number of each year (TH-YYYY-000123): one row per year, bumped in the issuing transaction. */
export const certificateCounters = sqliteTable("certificate_counters", {
  year: integer("year").primaryKey(),
  last: integer("last").notNull(),
});

/**
 * One certificate per recorded completion, issued in the completion's transaction. The fields are a
 * snapshot (name, unit and course title at the time, the version completed) and are what the
 * signature covers; revocation adds a reason and never changes them.
 */
export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    number: text("number").notNull(),
    completionId: integer("completion_id")
      .notNull()
      .references(() => courseCompletions.id),
    officialId: integer("official_id")
      .notNull()
      .references(() => officials.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    epoch: integer("epoch").notNull(),
    courseVersionId: integer("course_version_id")
      .notNull()
      .references(() => courseVersions.id),
    versionNumber: integer("version_number").notNull(),
    fullName: text("full_name").notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    unitName: text("unit_name").notNull(),
    courseTitle: text("course_title").notNull(),
    /** The day of completion in Vietnam, YYYY-MM-DD. */
    completedOn: text("completed_on").notNull(),
    /** The best passing score of the final quiz (percent), null for a course without one. */
    score: integer("score"),
    keyId: text("key_id")
      .notNull()
      .references(() => certificateKeys.id),
    /** Ed25519 over the canonical payload (app/certificates/signing.server.ts), base64url. */
    signature: text("signature").notNull(),
    /** The short code printed on the certificate, derived from the signature. */
    checkCode: text("check_code").notNull(),
    issuedAt: text("issued_at").notNull().default(now),
    revokedAt: text("revoked_at"),
    revokedBy: integer("revoked_by").references(() => officials.id),
    revokedReason: text("revoked_reason"),
  },
  (t) => [
    uniqueIndex("certificates_number_idx").on(t.number),
    uniqueIndex("certificates_completion_idx").on(t.completionId),
    index("certificates_official_idx").on(t.officialId),
    index("certificates_unit_idx").on(t.unitId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Adoption indicators (issue 18, docs/decisions/0035): what training exists to move. Values are kept
// as numerator and denominator per unit and period (never a percentage), so they add up the tree.

/** The catalogue: one row per indicator (retired, never deleted, so old values keep their meaning). */
export const indicators = sqliteTable(
  "indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    numeratorLabel: text("numerator_label").notNull(),
    denominatorLabel: text("denominator_label").notNull(),
    /** "month" (2025-03) or "quarter" (2025-Q1). */
    period: text("period", { enum: INDICATOR_PERIODS }).notNull(),
    higherIsBetter: integer("higher_is_better", { mode: "boolean" }).notNull().default(true),
    /** Below this denominator a unit's figure is marked "too few cases". */
    minDenominator: integer("min_denominator").notNull().default(20),
    sortOrder: integer("sort_order").notNull().default(0),
    retiredAt: text("retired_at"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("indicators_code_idx").on(t.code)],
);

/** The courses that support an indicator (e.g. "ký số văn bản đi" ↔ the digital-signature course). */
export const indicatorCourses = sqliteTable(
  "indicator_courses",
  {
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.courseId] })],
);

/** Targets, optional: per indicator, for a unit's subtree (NULL: everywhere) and a period (NULL: every period). */
export const indicatorTargets = sqliteTable(
  "indicator_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    unitId: integer("unit_id").references(() => units.id),
    period: text("period"),
    /** 0–1. */
    rate: real("rate").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("indicator_targets_indicator_idx").on(t.indicatorId)],
);

/**
 * Values: one row per entry. A correction is a new row (the old one loses `current`), so history
 * stays; the current row of (indicator, unit, period) is unique.
 */
export const indicatorValues = sqliteTable(
  "indicator_values",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    period: text("period").notNull(),
    numerator: integer("numerator").notNull(),
    denominator: integer("denominator").notNull(),
    /** "form", "import" or "demo" (demo data is labelled as such wherever shown). */
    source: text("source", { enum: INDICATOR_SOURCES }).notNull(),
    enteredBy: integer("entered_by").references(() => officials.id),
    enteredAt: text("entered_at").notNull().default(now),
    note: text("note"),
    current: integer("current", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    uniqueIndex("indicator_values_current_idx")
      .on(t.indicatorId, t.unitId, t.period)
      .where(sql`current`),
    index("indicator_values_key_idx").on(t.indicatorId, t.unitId, t.period),
    index("indicator_values_period_idx").on(t.indicatorId, t.period),
  ],
);

/**
 * Stored totals of the current values (issue 18 item 7, docs/decisions/0044): per unit row, indicator and
 * period, the sums over the values entered for that row and every row below it by path (a row's path never
 * changes, so reorganisations move nothing here; the page corrects for the few closed rows on read).
 * Written by recordValues in the same transaction as the values; never edited by hand.
 */
export const indicatorTotals = sqliteTable(
  "indicator_totals",
  {
    unitId: integer("unit_id").notNull(),
    indicatorId: integer("indicator_id").notNull(),
    period: text("period").notNull(),
    numerator: integer("numerator").notNull().default(0),
    denominator: integer("denominator").notNull().default(0),
    /** Current values summed in (0: none, the row reads as no figures). */
    valueCount: integer("value_count").notNull().default(0),
    /** Of which with source "demo" (labelled as demo data where shown). */
    demoCount: integer("demo_count").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.indicatorId, t.period] }),
    // The page's read (a key range per unit and indicator) from the index alone, without a table lookup per row.
    index("indicator_totals_read_idx").on(t.unitId, t.indicatorId, t.period, t.numerator, t.denominator, t.valueCount, t.demoCount),
  ],
);
