// The tables, as app code imports them: the active engine's (DATABASE_URL=postgres://… → schema.pg.ts,
// otherwise schema.sqlite.ts), typed as the SQLite ones. The cast is honest because both dialects give
// identical row and insert types, checked at compile time in schema.lockstep.ts, and identical
// columns, indexes and constraints in the migrated databases (tests/unit/db/dialects.test.ts).
// The engine is read from the environment once, when this module loads: one process, one engine.
import * as pg from "./schema.pg";
import * as sqlite from "./schema.sqlite";

export * from "./schema.shared";

// Browser code never needs the tables: pages import constants from schema.shared.ts. The guard keeps
// an accidental import from crashing a page ("process is not defined").
const usePostgres = typeof process !== "undefined" && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const active = (usePostgres ? pg : sqlite) as unknown as typeof sqlite;

export const units = active.units;
export const officials = active.officials;
export const officialRoles = active.officialRoles;
export const officialNameKeys = active.officialNameKeys;
export const memberships = active.memberships;
export const sessions = active.sessions;
export const loginThrottle = active.loginThrottle;
export const auditLog = active.auditLog;
export const courses = active.courses;
export const courseVersions = active.courseVersions;
export const lessons = active.lessons;
export const lessonVersions = active.lessonVersions;
export const lessonProgress = active.lessonProgress;
export const courseCompletions = active.courseCompletions;
export const quizDefinitions = active.quizDefinitions;
export const quizAttempts = active.quizAttempts;
export const quizAnswers = active.quizAnswers;
export const attemptGrants = active.attemptGrants;
export const courseStatus = active.courseStatus;
export const rollupDaily = active.rollupDaily;
export const rollupTotals = active.rollupTotals;
export const quizItemTotals = active.quizItemTotals;
export const quizAttemptTotals = active.quizAttemptTotals;
export const headcountDaily = active.headcountDaily;
export const headcountTotals = active.headcountTotals;
export const courseTargets = active.courseTargets;
export const courseDrafts = active.courseDrafts;
export const draftLessons = active.draftLessons;
export const courseAssets = active.courseAssets;
export const rosterUploads = active.rosterUploads;
export const requestCounts = active.requestCounts;
export const jobRuns = active.jobRuns;
export const assignments = active.assignments;
export const assignmentUnits = active.assignmentUnits;
export const assignmentPeople = active.assignmentPeople;
export const assignmentHistory = active.assignmentHistory;
export const assignmentMembers = active.assignmentMembers;
export const assignmentDaily = active.assignmentDaily;
export const assignmentTotals = active.assignmentTotals;
export const mailOutbox = active.mailOutbox;
export const mailOptOuts = active.mailOptOuts;
export const notifications = active.notifications;
export const certificateKeys = active.certificateKeys;
export const certificateCounters = active.certificateCounters;
export const certificates = active.certificates;
export const indicators = active.indicators;
export const indicatorCourses = active.indicatorCourses;
export const indicatorTargets = active.indicatorTargets;
export const indicatorValues = active.indicatorValues;
export const indicatorTotals = active.indicatorTotals;
