// The audit log as administrators read it (issue 20 item 4): actions in Vietnamese words, the object's
// name with a link, details as readable text, filters (who, what, unit, dates), keyset paging, and the
// same rows for an XLSX export. The log itself is written by app/audit/log.server.ts.
import { sql, type SQL } from "drizzle-orm";
import { row, rows } from "~/db/client.server";
import { pathUpperBound } from "~/db/unit-path";
import { parseDayInput } from "~/i18n/dates";
import { foldVietnamese, formatDate, formatDateTime, formatNumber } from "~/i18n/format";
import { addDays, startOfVnDay } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";

export type AuditFilters = { who: string; what: string; unit: string; from: string; to: string };
export type AuditQuery = {
  filters: AuditFilters;
  errors: Partial<Record<keyof AuditFilters, string>>;
  /** Keyset: entries older than this id (the next page). */
  before: number | null;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The action codes the log holds, by group (the filter's choices; unknown codes still show). */
export const ACTION_GROUPS = {
  auth: ["auth.sign-in"],
  official: [
    "official.create",
    "official.admin-created",
    "official.edit",
    "official.move",
    "official.deactivate",
    "official.reactivate",
    "official.roles",
    "official.password-reset",
    "official.password-change",
    "official.view",
    "roster.import",
  ],
  unit: ["unit.rename", "unit.move", "unit.merge", "unit.split", "unit.abolish-tier"],
  course: [
    "course.create",
    "course.copy",
    "course.publish",
    "course.publish.material-change",
    "course.unpublish",
    "quiz.edit",
    "quiz.import",
    "quiz.grant-attempts",
  ],
  assignment: ["assignment.create", "assignment.edit", "assignment.withdraw", "unit-reminder"],
  certificate: ["certificate.revoke"],
  indicator: [
    "indicator.create",
    "indicator.update",
    "indicator.retire",
    "indicator.restore",
    "indicator.target.add",
    "indicator.target.delete",
    "indicator.value",
    "indicator.import",
  ],
  export: ["export.report", "export.assignment", "export.certificates", "export.audit", "export.people"],
} as const;
export type ActionGroup = keyof typeof ACTION_GROUPS;
const GROUPS = Object.keys(ACTION_GROUPS) as ActionGroup[];
const ALL_ACTIONS: string[] = GROUPS.flatMap((g) => [...ACTION_GROUPS[g]]);

/** "Đặt lại mật khẩu" for official.password-reset; an unknown code as it is (never an empty cell). */
export function actionLabel(action: string): string {
  return (t.audit.actions as Record<string, string>)[action] ?? action;
}

const MAX_TEXT = 80;

/** Reads the filters from the page's query string; each wrong one gets a message at its field. */
export function parseAuditQuery(url: URL): AuditQuery {
  const get = (k: string) => (url.searchParams.get(k) ?? "").normalize("NFC").trim();
  const filters: AuditFilters = { who: get("who"), what: get("what"), unit: get("unit"), from: get("from"), to: get("to") };
  const errors: AuditQuery["errors"] = {};
  if (filters.who.length > MAX_TEXT) errors.who = t.audit.tooLong(String(MAX_TEXT));
  if (filters.unit.length > MAX_TEXT) errors.unit = t.audit.tooLong(String(MAX_TEXT));
  if (filters.what && !ALL_ACTIONS.includes(filters.what) && !GROUPS.some((g) => filters.what === `group:${g}`))
    errors.what = t.audit.unknownAction;
  for (const k of ["from", "to"] as const) {
    if (!filters[k]) continue;
    const parsed = parseDayInput(filters[k]);
    if (parsed.day === null) errors[k] = t.audit.badDay;
    else filters[k] = parsed.day;
  }
  if (!errors.from && !errors.to && filters.from && filters.to && filters.from > filters.to) errors.to = t.audit.toBeforeFrom;
  const before = Number(get("before"));
  return { filters, errors, before: Number.isSafeInteger(before) && before > 0 ? before : null };
}

/** The WHERE of a query (valid filters only); a unit that does not exist is a field message. */
async function conditions(q: AuditQuery): Promise<{ where: SQL; unitError?: string }> {
  const parts: SQL[] = [];
  const f = q.filters;
  if (f.who && !q.errors.who) {
    const folded = `%${foldVietnamese(f.who)}%`;
    const exact = f.who.toLowerCase();
    parts.push(sql`l.actor_id IN (SELECT id FROM officials
                                   WHERE search_name LIKE ${folded} OR lower(username) = ${exact} OR lower(staff_code) = ${exact})`);
  }
  if (f.what && !q.errors.what) {
    const list = f.what.startsWith("group:") ? [...(ACTION_GROUPS[f.what.slice(6) as ActionGroup] ?? [])] : [f.what];
    parts.push(sql`l.action IN ${list}`);
  }
  let unitError: string | undefined;
  if (f.unit && !q.errors.unit) {
    const unit = await row<{ path: string }>(
      sql`SELECT path FROM units WHERE lower(code) = ${f.unit.toLowerCase()} OR name = ${f.unit}
           ORDER BY CASE WHEN valid_to IS NULL THEN 0 ELSE 1 END, id DESC LIMIT 1`,
    );
    if (!unit) unitError = t.audit.unitNotFound(f.unit);
    else
      parts.push(sql`l.actor_id IN (SELECT o.id FROM officials o JOIN units u ON u.id = o.unit_id
                                     WHERE u.path >= ${unit.path} AND u.path < ${pathUpperBound(unit.path)})`);
  }
  if (f.from && !q.errors.from) parts.push(sql`l.at >= ${startOfVnDay(f.from)}`);
  if (f.to && !q.errors.to) parts.push(sql`l.at < ${startOfVnDay(addDays(f.to, 1))}`);
  return { where: parts.length ? sql.join(parts, sql` AND `) : sql`true`, unitError };
}

type RawEntry = {
  id: number;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  detail: unknown;
  actorId: number | null;
  ho: string | null;
  dem: string | null;
  ten: string | null;
  staffCode: string | null;
};

export type AuditEntry = {
  id: number;
  at: string;
  who: string;
  whoLink: string | null;
  action: string;
  actionLabel: string;
  subject: string;
  subjectLink: string | null;
  detail: string;
};

export const AUDIT_PAGE = 50;
/** At most this many entries in one export (a narrower filter gives the rest). */
export const AUDIT_EXPORT_MAX = 50_000;

async function readEntries(where: SQL, limit: number, before: number | null): Promise<RawEntry[]> {
  return rows<RawEntry>(sql`
    SELECT l.id, l.at, l.action, l.subject_type AS "subjectType", l.subject_id AS "subjectId", l.detail,
           l.actor_id AS "actorId", o.ho, o.dem, o.ten, o.staff_code AS "staffCode"
      FROM audit_log l LEFT JOIN officials o ON o.id = l.actor_id
     WHERE ${where} ${before ? sql`AND l.id < ${before}` : sql``}
     ORDER BY l.id DESC LIMIT ${limit}`);
}

export type AuditPage = {
  entries: AuditEntry[];
  total: number;
  /** The next (older) page's keyset, or null on the last page. */
  nextBefore: number | null;
  errors: AuditQuery["errors"];
};

/** One page of the log, newest first, with the number of matching entries. */
export async function auditPage(q: AuditQuery, size = AUDIT_PAGE): Promise<AuditPage> {
  const { where, unitError } = await conditions(q);
  const errors = unitError ? { ...q.errors, unit: unitError } : q.errors;
  // A wrong filter lists nothing rather than more than was asked for.
  if (Object.keys(errors).length > 0) return { entries: [], total: 0, nextBefore: null, errors };
  const raw = await readEntries(where, size + 1, q.before);
  const total = Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log l WHERE ${where}`))?.n ?? 0);
  const page = raw.slice(0, size);
  return { entries: await describe(page), total, nextBefore: raw.length > size ? page[page.length - 1]!.id : null, errors };
}

/** Every matching entry (at most AUDIT_EXPORT_MAX), for the export; null when a filter is wrong. */
export async function auditExport(q: AuditQuery): Promise<{ entries: AuditEntry[]; capped: boolean } | null> {
  if (Object.keys(q.errors).length > 0) return null;
  const { where, unitError } = await conditions(q);
  if (unitError) return null;
  const raw = await readEntries(where, AUDIT_EXPORT_MAX + 1, null);
  return { entries: await describe(raw.slice(0, AUDIT_EXPORT_MAX)), capped: raw.length > AUDIT_EXPORT_MAX };
}

// ---- Naming the objects -----------------------------------------------------------------------

type Named = { label: string; link: string | null };

/** Names and links of the entries' objects, read in one query per kind of object. */
async function describe(raw: RawEntry[]): Promise<AuditEntry[]> {
  const ids = (type: string) => [...new Set(raw.filter((r) => r.subjectType === type && r.subjectId).map((r) => r.subjectId!))];
  const names = new Map<string, Named>();
  const key = (type: string, id: string) => `${type}\u0000${id}`;

  const staff = ids("official");
  if (staff.length)
    for (const o of await rows<{ id: number; staffCode: string; ho: string; dem: string; ten: string }>(
      sql`SELECT id, staff_code AS "staffCode", ho, dem, ten FROM officials WHERE staff_code IN ${staff}`,
    ))
      names.set(key("official", o.staffCode), { label: `${fullName(o)} (${o.staffCode})`, link: `/admin/people/${o.id}` });

  const courses = ids("course");
  const courseIds = courses.filter((c) => /^\d+$/.test(c)).map(Number);
  const slugs = courses.filter((c) => !/^\d+$/.test(c));
  if (courses.length)
    for (const c of await rows<{ id: number; slug: string; title: string }>(
      sql`SELECT id, slug, title FROM courses WHERE ${sql.join(
        [...(courseIds.length ? [sql`id IN ${courseIds}`] : []), ...(slugs.length ? [sql`slug IN ${slugs}`] : [])],
        sql` OR `,
      )}`,
    )) {
      const named = { label: c.title, link: `/courses/${encodeURIComponent(c.slug)}` };
      names.set(key("course", String(c.id)), named);
      names.set(key("course", c.slug), named);
    }

  const units = ids("unit");
  if (units.length)
    for (const u of await rows<{ id: number; code: string; name: string; current: number }>(
      sql`SELECT id, code, name, CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END AS current FROM units
           WHERE code IN ${units} ORDER BY id`,
    ))
      // The current row of a code wins (a unit renamed or moved has older rows with the same code).
      if (Number(u.current) === 1 || !names.has(key("unit", u.code)))
        names.set(key("unit", u.code), { label: `${u.name} (${u.code})`, link: `/reports/${u.id}` });

  const indicatorRefs = ids("indicator");
  if (indicatorRefs.length) {
    const numeric = indicatorRefs.filter((c) => /^\d+$/.test(c)).map(Number);
    for (const i of await rows<{ id: number; code: string; name: string }>(
      sql`SELECT id, code, name FROM indicators WHERE code IN ${indicatorRefs}${numeric.length ? sql` OR id IN ${numeric}` : sql``}`,
    )) {
      const named = { label: `${i.name} (${i.code})`, link: "/admin/indicators" };
      names.set(key("indicator", i.code), named);
      names.set(key("indicator", String(i.id)), named);
    }
  }

  const assignmentIds = [...ids("assignment"), ...ids("unit-assignment").map((s) => s.split(":")[1] ?? "")].filter((s) => /^\d+$/.test(s));
  const assignmentTitles = new Map<string, string>();
  if (assignmentIds.length)
    for (const a of await rows<{ id: number; title: string }>(
      sql`SELECT a.id, c.title FROM assignments a JOIN courses c ON c.id = a.course_id WHERE a.id IN ${[...new Set(assignmentIds)].map((i) => Number(i))}`,
    )) {
      assignmentTitles.set(String(a.id), a.title);
      names.set(key("assignment", String(a.id)), { label: t.audit.assignmentOf(a.title), link: `/assignments/${a.id}` });
    }

  const pairs = ids("unit-assignment");
  const pairUnits = pairs.map((p) => p.split(":")[0] ?? "").filter((s) => /^\d+$/.test(s));
  const unitNames = new Map<string, string>();
  if (pairUnits.length)
    for (const u of await rows<{ id: number; name: string }>(
      sql`SELECT id, name FROM units WHERE id IN ${[...new Set(pairUnits)].map((i) => Number(i))}`,
    ))
      unitNames.set(String(u.id), u.name);
  for (const p of pairs) {
    const [u, a] = p.split(":");
    if (u && a && unitNames.has(u) && assignmentTitles.has(a))
      names.set(key("unit-assignment", p), {
        label: t.audit.unitAssignment(unitNames.get(u)!, assignmentTitles.get(a)!),
        link: `/reports/${u}/assignments/${a}`,
      });
  }

  return raw.map((r) => {
    const found = r.subjectId ? names.get(key(r.subjectType, r.subjectId)) : undefined;
    const subject =
      found?.label ??
      (r.subjectType === "audit"
        ? t.audit.sheet
        : r.subjectType === "people"
          ? t.people.title
          : r.subjectType === "certificate"
            ? t.audit.certificate(r.subjectId ?? "")
            : r.subjectType === "roster"
              ? t.audit.roster(r.subjectId && DAY.test(r.subjectId) ? formatDate(r.subjectId) : (r.subjectId ?? ""))
              : t.audit.gone(t.audit.subjectTypes[r.subjectType as keyof typeof t.audit.subjectTypes] ?? r.subjectType, r.subjectId ?? ""));
    const link =
      found?.link ??
      (r.subjectType === "certificate" && r.subjectId
        ? `/admin/certificates?number=${encodeURIComponent(r.subjectId)}`
        : r.subjectType === "audit"
          ? "/admin/audit"
          : r.subjectType === "people"
            ? "/admin/people"
            : null);
    return {
      id: Number(r.id),
      at: r.at,
      who: r.ho !== null ? fullName({ ho: r.ho, dem: r.dem ?? "", ten: r.ten ?? "" }) : t.audit.system,
      whoLink: r.actorId !== null && r.ho !== null ? `/admin/people/${r.actorId}` : null,
      action: r.action,
      actionLabel: actionLabel(r.action),
      subject,
      subjectLink: link,
      detail: detailText(typeof r.detail === "string" ? safeJson(r.detail) : r.detail),
    };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---- Details as text --------------------------------------------------------------------------

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MAX_DETAIL = 400;
const MAX_LIST = 8;

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t.audit.yes : t.audit.no;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return ISO_TIME.test(v) ? formatDateTime(v) : DAY.test(v) ? formatDate(v) : v;
  if (Array.isArray(v)) {
    if (v.length === 0) return "—";
    const shown = v.slice(0, MAX_LIST).map(valueText).join(", ");
    return v.length > MAX_LIST ? t.audit.andMore(shown, formatNumber(v.length - MAX_LIST)) : shown;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("from" in o && "to" in o && Object.keys(o).length === 2) return `${valueText(o.from)} → ${valueText(o.to)}`;
    return Object.entries(o)
      .map(([k, x]) => `${keyLabel(k)}: ${valueText(x)}`)
      .join("; ");
  }
  return String(v);
}

const keyLabel = (k: string) => (t.audit.keys as Record<string, string>)[k] ?? k;

/** An entry's details as one readable line: "Từ: …; Đến: …", a before/after as what changed. */
export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return "";
  let text: string;
  if (typeof detail === "object" && !Array.isArray(detail)) {
    const o = detail as Record<string, unknown>;
    if (o.before && o.after && typeof o.before === "object" && typeof o.after === "object") {
      const b = o.before as Record<string, unknown>;
      const a = o.after as Record<string, unknown>;
      const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
      text = changed.length
        ? changed.map((k) => `${keyLabel(k)}: ${valueText(b[k])} → ${valueText(a[k])}`).join("; ")
        : t.audit.nothingChanged;
    } else text = valueText(o);
  } else text = valueText(detail);
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** The filter's choices: groups, then each action, in Vietnamese. */
export function actionChoices(): { group: string; label: string; actions: { value: string; label: string }[] }[] {
  return GROUPS.map((g) => ({
    group: `group:${g}`,
    label: t.audit.groups[g],
    actions: ACTION_GROUPS[g].map((a) => ({ value: a, label: actionLabel(a) })),
  }));
}
