// One page of a report's people list (issue 19 item 1): the subtree's officials ("now": the active ones
// of its units; "as of" a day: those whose membership then was in it), filtered by status and name,
// sorted by tên then họ đệm (officials.sort_name, decision 0038) and paged — all in SQL, so the
// province root reads 50 rows, not 40,000 (nor 2.5 million at national scale).
//
// Two plans, chosen by how many people match (SQLite follows the FROM order of a CROSS JOIN; PostgreSQL
// plans the same text by its statistics): a large list walks the officials' sort index and stops after
// the page; a small one (a commune) starts from the subtree's units and sorts its few hundred people.
// A page in the second half is read from the end (descending, then turned round), so the last page
// costs what the first does. Decision 0043.
import { sql, type SQL } from "drizzle-orm";
import { row, rows } from "~/db/client.server";
import { inIds, nameMatchesSql } from "~/db/portable.server";
import { foldVietnamese } from "~/i18n/format";
import { endOfVnDay, vnToday } from "~/i18n/time";
import { countNameKeys, fewCandidates, nameCandidates, SEARCH_LIMIT } from "~/people/name-keys.server";
import { fullName } from "~/people/names";
import { pathUpperBound, type Unit } from "~/units/tree.server";
import { assignmentsStarted } from "./assignment-counts.server";
import type { PersonRaw, PersonRow } from "./people.server";
import type { Status } from "./statuses";
import type { Figures, Selection } from "./unit-report.server";

export const PEOPLE_PAGE = 50;
/** Above this many matching people a page walks the sort index; at or below, it sorts the subtree's people. */
export const WALK_INDEX_ABOVE = 5000;
type Filter = { status?: Status; q?: string; asOf?: string | null };
/** `more`: a name search matched more than SEARCH_LIMIT people; `total` is then the limit and the pages its first ones. */
export type PeoplePage = { total: number; page: number; pages: number; people: PersonRow[]; more: boolean };

type Raw = Omit<PersonRaw, "searchName" | "started" | "completed"> & { started: number | null; completed: number | null };

/**
 * The conditions of the list, as SQL over officials o (and, "now", their unit u): who is in the subtree
 * then, and what each one's status is. `course`: one course's status row cs is joined; `assigned`: the
 * status is over the person's assignment memberships (completed = every one done by the day).
 */
function plan(unit: Pick<Unit, "path">, selection: Selection, filter: Filter, started: { id: number; courseId: number }[]) {
  const lo = unit.path;
  const hi = pathUpperBound(unit.path);
  const day = filter.asOf ?? null;
  const cutoff = day ? endOfVnDay(day) : "9999";
  const folded = foldVietnamese(filter.q ?? "");
  const search = folded ? sql` AND ${nameMatchesSql(sql`o.search_name`, folded)}` : sql``;
  // Where the person is: their unit now, or their membership's unit on the day. Two FROM orders for
  // SQLite (see the top): from the subtree's units (small lists) or along the officials' sort index.
  const where = day
    ? sql`u.id = o.unit_id AND EXISTS (SELECT 1 FROM memberships m JOIN units mu ON mu.id = m.unit_id
                     WHERE m.official_id = o.id AND m.valid_from <= ${day} AND (m.valid_to IS NULL OR m.valid_to > ${day})
                       AND mu.path >= ${lo} AND mu.path < ${hi})`
    : sql`u.id = o.unit_id AND o.active AND u.path >= ${lo} AND u.path < ${hi}`;
  const from = {
    subtreeFirst: day
      ? sql`units mu CROSS JOIN memberships mm CROSS JOIN officials o CROSS JOIN units u`
      : sql`units u CROSS JOIN officials o`,
    indexFirst: sql`officials o CROSS JOIN units u`,
  };
  // The small plan of "as of" reaches the people through their memberships then (one per person on a day).
  const whereSubtreeFirst = day
    ? sql`mu.path >= ${lo} AND mu.path < ${hi} AND mm.unit_id = mu.id AND mm.valid_from <= ${day}
          AND (mm.valid_to IS NULL OR mm.valid_to > ${day}) AND o.id = mm.official_id AND u.id = o.unit_id`
    : where;
  const member = { indexFirst: where, subtreeFirst: whereSubtreeFirst };

  if (selection === "mandatory" && started.length > 0) {
    const ids = started.map((a) => a.id);
    const on = day ?? vnToday();
    const open = day ? sql`m.assigned_on <= ${on} AND (m.left_on IS NULL OR m.left_on > ${on})` : sql`m.left_on IS NULL`;
    const anyMember = (extra: SQL) =>
      sql`EXISTS (SELECT 1 FROM assignment_members m WHERE m.official_id = o.id AND ${inIds(sql`m.assignment_id`, ids)} AND ${open}${extra})`;
    const notDone = sql` AND (m.completed_on IS NULL OR m.completed_on > ${on})`;
    const begun = sql` AND (m.started_on <= ${on} OR m.completed_on <= ${on})`;
    const status =
      filter.status === "completed"
        ? sql` AND NOT ${anyMember(notDone)}`
        : filter.status === "in-progress"
          ? sql` AND ${anyMember(notDone)} AND ${anyMember(begun)}`
          : filter.status === "not-started"
            ? sql` AND NOT ${anyMember(begun)}`
            : sql``;
    const rest = sql` AND ${anyMember(sql``)}${status}${search}`;
    return { kind: "assigned" as const, ids, on, open, from, member, rest, join: sql`` };
  }

  // One course (or "all assignments" before any has started: everyone, nobody has anything to do).
  const courseId = selection === "mandatory" ? null : selection;
  const join =
    courseId === null
      ? sql``
      : sql` LEFT JOIN course_status cs ON cs.official_id = o.id AND cs.course_id = ${courseId}
               AND cs.epoch = (SELECT c.epoch FROM courses c WHERE c.id = ${courseId}) AND cs.started_at <= ${cutoff}`;
  const isDone = sql`(cs.completed_at IS NOT NULL AND cs.completed_at <= ${cutoff})`;
  const status =
    courseId === null
      ? filter.status && filter.status !== "not-started"
        ? sql` AND 1 = 0`
        : sql``
      : filter.status === "completed"
        ? sql` AND ${isDone}`
        : filter.status === "in-progress"
          ? sql` AND cs.started_at IS NOT NULL AND NOT ${isDone}`
          : filter.status === "not-started"
            ? sql` AND cs.started_at IS NULL`
            : sql``;
  const columns =
    courseId === null
      ? sql`0 AS started, 0 AS completed, NULL AS "lastCompleted", NULL AS "bestScore"`
      : sql`CASE WHEN cs.started_at IS NOT NULL THEN 1 ELSE 0 END AS started,
            CASE WHEN ${isDone} THEN 1 ELSE 0 END AS completed,
            CASE WHEN ${isDone} THEN cs.completed_at END AS "lastCompleted",
            cs.best_score AS "bestScore"`;
  return { kind: "course" as const, courseId, columns, from, member, rest: sql`${status}${search}`, join };
}

const PERSON = sql`o.id, o.ho, o.dem, o.ten, o.staff_code AS "staffCode", o.position, u.name AS "unitName", u.id AS "unitId", u.code AS "unitCode"`;

/** One page of the people list, with how many match in all. */
export async function peoplePage(
  unit: Pick<Unit, "path">,
  selection: Selection,
  filter: Filter = {},
  options: {
    page?: number;
    size?: number;
    /** The report's headline figures for this unit, selection and day, when the caller has them (the count). */
    headline?: Figures;
    /** Tests: the plan's threshold (WALK_INDEX_ABOVE). */
    walkIndexAbove?: number;
    /** Tests: the name search's thresholds (fewCandidates(), SEARCH_LIMIT). */
    fewCandidates?: number;
    searchLimit?: number;
  } = {},
): Promise<PeoplePage> {
  const { page = 1, size = PEOPLE_PAGE, headline, walkIndexAbove = WALK_INDEX_ABOVE, searchLimit = SEARCH_LIMIT } = options;
  const started = selection === "mandatory" ? await assignmentsStarted(filter.asOf ?? null) : [];
  const p = plan(unit, selection, filter, started);
  const folded = foldVietnamese(filter.q ?? "");
  // A name search (decision 0046): few key rows → those people first (DISTINCT: a name may have two
  // keys with the prefix); many → the subtree's people (a small subtree) or the sort index (a large one),
  // each filtered by the folded name.
  const few = folded ? (options.fewCandidates ?? (await fewCandidates())) : 0;
  const searchPlan: "keys" | "subtree" | "index" | null = !folded
    ? null
    : (await countNameKeys(folded, few)) <= few
      ? "keys"
      : (headline?.inScope ?? (await scopeSize(p, walkIndexAbove))) > walkIndexAbove
        ? "index"
        : "subtree";
  // `join`: the course's status rows, needed for their columns or a status filter (not to find a page
  // of everyone: 735 lookups into course_status cost a commune's list most of its time).
  const query = (large: boolean, select: SQL, end: SQL, join = true) => {
    const statuses = join ? p.join : sql``;
    return searchPlan === "keys"
      ? sql`SELECT ${select} FROM (SELECT DISTINCT id FROM ${nameCandidates(folded)} kk) k CROSS JOIN ${p.from.indexFirst}${statuses}
             WHERE o.id = k.id AND ${p.member.indexFirst}${p.rest}${end}`
      : sql`SELECT ${select} FROM ${large ? p.from.indexFirst : p.from.subtreeFirst}${statuses}
             WHERE ${large ? p.member.indexFirst : p.member.subtreeFirst}${p.rest}${end}`;
  };
  // The count from the report's figures where they count the same people (one course, or a single
  // assignment: one membership per person), with no name search; otherwise counted here — a search up
  // to its limit.
  const fromFigures =
    headline && !folded && ((p.kind === "course" && p.courseId !== null) || (p.kind === "assigned" && p.ids.length === 1))
      ? filter.status === "completed"
        ? headline.completed
        : filter.status === "in-progress"
          ? headline.inProgress
          : filter.status === "not-started"
            ? headline.notStarted
            : headline.inScope
      : null;
  const counted =
    fromFigures ??
    (searchPlan
      ? Number(
          (
            await row<{ n: number }>(
              sql`SELECT count(*) AS n FROM (${query(searchPlan === "index", sql`1 AS one`, sql` LIMIT ${searchLimit + 1}`)}) x`,
            )
          )?.n ?? 0,
        )
      : Number((await row<{ n: number }>(query(false, sql`count(*) AS n`, sql``)))?.n ?? 0));
  const more = searchPlan !== null && counted > searchLimit;
  const total = more ? searchLimit : counted;
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, page), pages);
  const skip = (current - 1) * size;
  const take = Math.min(size, total - skip);
  if (take <= 0) return { total, page: current, pages, people: [], more };
  // From the end only when the end is the list's: a search past its limit lists its first people.
  const fromEnd = !more && skip > total / 2;
  const order = fromEnd ? sql`o.sort_name DESC, o.id DESC` : sql`o.sort_name, o.id`;
  const columns = p.kind === "course" ? p.columns : sql`NULL AS started, NULL AS completed, NULL AS "lastCompleted", NULL AS "bestScore"`;
  const large = searchPlan ? searchPlan === "index" : total > walkIndexAbove;
  const window = sql` ORDER BY ${order} LIMIT ${take} OFFSET ${fromEnd ? total - skip - take : skip}`;
  // A small list "now" (a commune) finds its page among the index entries of its units (unit, sort key,
  // id, active: officials_unit_sort_idx), then reads the rows of that page only — not every row of the
  // subtree before sorting: at national scale a commune's 735 people are as many random reads (7 ms
  // against 0.5). Decision 0047.
  const found = await rows<Raw>(
    !large && !filter.asOf && searchPlan !== "keys"
      ? sql`SELECT ${PERSON}, ${columns}
              FROM (${query(false, sql`o.id`, window, !!filter.status)}) page CROSS JOIN officials o CROSS JOIN units u${p.join}
             WHERE o.id = page.id AND u.id = o.unit_id ORDER BY ${order}`
      : query(large, sql`${PERSON}, ${columns}`, window),
  );
  if (fromEnd) found.reverse();
  if (p.kind === "assigned") await assignedStatuses(found, p.ids, p.on, p.open);
  return { total, page: current, pages, people: found.map(toRow), more };
}

/** How many people the subtree holds then (no search, no status), counted up to `limit` + 1. */
async function scopeSize(p: ReturnType<typeof plan>, limit: number): Promise<number> {
  const found = await row<{ n: number }>(
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${p.from.subtreeFirst} WHERE ${p.member.subtreeFirst} LIMIT ${limit + 1}) x`,
  );
  return Number(found?.n ?? 0);
}

/** The page's people's status over their assignments (a GROUP BY over at most a page of people). */
async function assignedStatuses(found: Raw[], ids: number[], on: string, open: SQL) {
  if (found.length === 0) return;
  const byId = new Map(
    (
      await rows<{ id: number; needed: number; started: number; completed: number; lastCompleted: string | null }>(
        sql`SELECT m.official_id AS id, count(*) AS needed,
                   count(CASE WHEN m.started_on <= ${on} OR m.completed_on <= ${on} THEN 1 END) AS started,
                   count(CASE WHEN m.completed_on <= ${on} THEN 1 END) AS completed,
                   max(CASE WHEN m.completed_on <= ${on} THEN m.completed_on END) AS "lastCompleted"
              FROM assignment_members m
             WHERE ${inIds(
               sql`m.official_id`,
               found.map((f) => Number(f.id)),
             )} AND ${inIds(sql`m.assignment_id`, ids)} AND ${open}
             GROUP BY m.official_id`,
      )
    ).map((r) => [Number(r.id), r]),
  );
  for (const f of found) {
    const s = byId.get(Number(f.id));
    const needed = Number(s?.needed ?? 0);
    f.started = Number(s?.started ?? 0);
    f.completed = needed > 0 && Number(s?.completed ?? 0) >= needed ? 1 : 0;
    f.lastCompleted = f.completed ? (s?.lastCompleted ?? null) : null;
  }
}

function toRow(r: Raw): PersonRow {
  const status: Status = Number(r.completed) > 0 ? "completed" : Number(r.started) > 0 ? "in-progress" : "not-started";
  return {
    id: Number(r.id),
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
}
