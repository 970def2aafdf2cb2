// The people behind the figures: officials of a unit's subtree with their status per course.
// This is the only report read that touches individual rows, and only for one subtree.
import { sql } from "drizzle-orm";
import { row, rows } from "~/db/client.server";
import { foldVietnamese } from "~/i18n/format";
import { endOfVnDay } from "~/i18n/time";
import { compareNames, fullName, nameMatches } from "~/people/names";
import { pathUpperBound, type Unit } from "~/units/tree.server";
import { type Selection } from "./unit-report.server";
import { assignmentsStarted } from "./assignment-counts.server";
import { inIds } from "~/db/portable.server";
import { inSteps, memberOnDaySql, scopeSql, stepSql, subtreeScope, type Scope } from "./scope-sql.server";
import { vnToday } from "~/i18n/time";

import type { Status } from "./statuses";

export { STATUSES, type Status } from "./statuses";

export type PersonRow = {
  id: number;
  fullName: string;
  staffCode: string;
  position: string;
  unitName: string;
  unitId: number;
  unitCode: string;
  status: Status;
  completedAt: string | null;
  bestScore: number | null;
};

/** A person's row as the lists read it (before the status is worked out). */
export type PersonRaw = {
  id: number;
  ho: string;
  dem: string;
  ten: string;
  staffCode: string;
  position: string;
  unitName: string;
  unitId: number;
  unitCode: string;
  searchName: string;
  started: number;
  completed: number;
  lastCompleted: string | null;
  bestScore: number | null;
};

/**
 * Officials of the subtree (now: the active ones; as of a date: those whose membership then was in
 * it) with their status for one course, or — "mandatory", all assignments — the people assigned
 * something, with their status over their assignments (completed = every one done; in progress = any
 * started), sorted by tên then họ đệm.
 */
export async function peopleInScope(
  unit: Pick<Unit, "path">,
  selection: Selection,
  filter: { status?: Status; q?: string; asOf?: string | null } = {},
): Promise<PersonRow[]> {
  return peopleWhere(subtreeScope(unit), selection, filter);
}

/**
 * The people of a subtree for an export, one unit at a time in the tree's order and at most `perStep`
 * people per step (each step sorted by tên): one step's rows in memory, and the event loop free between
 * steps, so a national export neither holds 2.5 million rows nor blocks other requests (issue 19 item 2).
 */
export async function* peopleBatches(
  unit: Pick<Unit, "path">,
  selection: Selection,
  asOf: string | null,
  perStep = 500,
): AsyncGenerator<PersonRow[]> {
  const started = selection === "mandatory" ? await assignmentsStarted(asOf) : [];
  yield* inSteps(unit, (scope) => peopleWhere(scope, selection, { asOf }, started), perStep);
}

async function peopleWhere(scope: Scope, selection: Selection, filter: Filter, startedAlready?: { id: number }[]): Promise<PersonRow[]> {
  // "All assignments" lists the people assigned something; with no assignment started yet, everyone
  // of the subtree (none of them has anything to do), as the report's figures fall back to a course.
  const started = selection === "mandatory" ? (startedAlready ?? (await assignmentsStarted(filter.asOf ?? null))) : [];
  if (started.length > 0)
    return assignedInScope(
      scope,
      filter,
      started.map((a) => a.id),
    );
  const courseIds = selection === "mandatory" ? [] : [selection];
  const needed = courseIds.length;
  const cutoff = filter.asOf ? endOfVnDay(filter.asOf) : "9999";
  const day = filter.asOf;
  // Now: the active officials whose unit is in the subtree. As of a day: those whose membership on
  // that day was in it. Two SQL texts (each a statement cached on SQLite), chosen here rather than by
  // a `CASE WHEN <parameter> IS NULL` in SQL, which PostgreSQL cannot type.
  const inScope = day ? memberOnDaySql(scope, day) : sql`${scopeSql(scope, "u")} AND o.active`;
  const step = stepSql(scope);
  // GROUP BY o.id, u.id: u.name depends on u.id (PostgreSQL requires it named); each official has one unit.
  const found = await rows<PersonRaw>(
    sql`SELECT o.id, o.ho, o.dem, o.ten, o.staff_code AS "staffCode", o.position, u.name AS "unitName", u.id AS "unitId", u.code AS "unitCode", o.search_name AS "searchName",
              count(cs.started_at) AS started,
              count(CASE WHEN cs.completed_at IS NOT NULL AND cs.completed_at <= ${cutoff} THEN 1 END) AS completed,
              max(CASE WHEN cs.completed_at <= ${cutoff} THEN cs.completed_at END) AS "lastCompleted",
              max(cs.best_score) AS "bestScore"
         FROM officials o
         JOIN units u ON u.id = o.unit_id
         LEFT JOIN courses c ON c.id IN ${courseIds.length > 0 ? sql`${courseIds}` : sql`(NULL)`}
         LEFT JOIN course_status cs ON cs.official_id = o.id AND cs.course_id = c.id AND cs.epoch = c.epoch AND cs.started_at <= ${cutoff}
        WHERE ${inScope}${step.after}
        GROUP BY o.id, u.id${step.end}`,
  );
  return toRows(found, filter, () => needed);
}

type Filter = { status?: Status; q?: string; asOf?: string | null };

function toRows(found: PersonRaw[], filter: Filter, neededOf: (r: PersonRaw) => number): PersonRow[] {
  const q = filter.q ? foldVietnamese(filter.q) : "";
  return (
    found
      .filter((r) => !q || nameMatches(r.searchName, q))
      .map((r) => {
        const needed = neededOf(r);
        const status: Status =
          needed > 0 && Number(r.completed) >= needed ? "completed" : Number(r.started) > 0 ? "in-progress" : "not-started";
        return {
          id: r.id,
          ho: r.ho,
          dem: r.dem,
          ten: r.ten,
          fullName: fullName(r),
          staffCode: r.staffCode,
          position: r.position,
          unitName: r.unitName,
          unitId: Number(r.unitId),
          unitCode: r.unitCode,
          status,
          completedAt: status === "completed" ? r.lastCompleted : null,
          bestScore: r.bestScore,
        };
      })
      .filter((r) => !filter.status || r.status === filter.status)
      // Equal names by id, as the paged list (decision 0043) and on either engine (their row orders differ).
      .sort((a, b) => compareNames(a, b) || a.id - b.id)
      .map(({ ho: _h, dem: _d, ten: _t, ...row }) => row)
  );
}

/** The people of the subtree with an assignment (started by the day), their status over all of them. */
async function assignedInScope(scope: Scope, filter: Filter, ids: number[]): Promise<PersonRow[]> {
  const day = filter.asOf ?? vnToday();
  const where = filter.asOf
    ? sql`m.assigned_on <= ${day} AND (m.left_on IS NULL OR m.left_on > ${day}) AND ${memberOnDaySql(scope, day)}`
    : sql`m.left_on IS NULL AND o.active AND ${scopeSql(scope, "u")}`;
  const step = stepSql(scope);
  const found = await rows<PersonRaw & { needed: number }>(
    sql`SELECT o.id, o.ho, o.dem, o.ten, o.staff_code AS "staffCode", o.position, u.name AS "unitName", u.id AS "unitId", u.code AS "unitCode", o.search_name AS "searchName",
               count(*) AS needed,
               count(CASE WHEN m.started_on <= ${day} OR m.completed_on <= ${day} THEN 1 END) AS started,
               count(CASE WHEN m.completed_on <= ${day} THEN 1 END) AS completed,
               max(CASE WHEN m.completed_on <= ${day} THEN m.completed_on END) AS "lastCompleted",
               NULL AS "bestScore"
          FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
         WHERE ${inIds(sql`m.assignment_id`, ids)} AND ${where}${step.after}
         GROUP BY o.id, u.id${step.end}`,
  );
  return toRows(found, filter, (r) => Number((r as PersonRaw & { needed: number }).needed));
}

/** One official's status in every course, for the drill-down's last level. */
export async function personCourses(officialId: number) {
  const found = await rows<{
    id: number;
    title: string;
    /** 0/1 on SQLite, false/true on PostgreSQL: normalised below. */
    mandatory: number | boolean;
    startedAt: string | null;
    completedAt: string | null;
    bestScore: number | null;
    passedAt: string | null;
    earlierCompletedAt: string | null;
  }>(
    sql`SELECT c.id, c.title, c.mandatory, cs.started_at AS "startedAt", cs.completed_at AS "completedAt", cs.best_score AS "bestScore",
              cs.passed_at AS "passedAt",
              (SELECT max(cc.completed_at) FROM course_completions cc
                WHERE cc.official_id = ${officialId} AND cc.course_id = c.id AND cc.epoch < c.epoch) AS "earlierCompletedAt"
         FROM courses c
         LEFT JOIN course_status cs ON cs.course_id = c.id AND cs.epoch = c.epoch AND cs.official_id = ${officialId}
        WHERE c.current_version_id IS NOT NULL AND c.retired_at IS NULL
        ORDER BY c.mandatory DESC, c.sort_order`,
  );
  return found.map((c) => ({ ...c, mandatory: Boolean(c.mandatory) }));
}

/** Was the official a member of the unit's subtree on `day` (a list "as of" that date shows them)? */
export async function wasMemberWithin(officialId: number, unit: Pick<Unit, "path">, day: string): Promise<boolean> {
  const found = await row(
    sql`SELECT 1 AS one FROM memberships m JOIN units mu ON mu.id = m.unit_id
        WHERE m.official_id = ${officialId} AND m.valid_from <= ${day} AND (m.valid_to IS NULL OR m.valid_to > ${day})
          AND mu.path >= ${unit.path} AND mu.path < ${pathUpperBound(unit.path)} LIMIT 1`,
  );
  return found !== undefined;
}
