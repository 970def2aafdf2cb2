// How an assignment reads on the pages: its audience and its dates, in Vietnamese.
import { NO_DUE_DAY } from "~/db/schema.shared";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

type Dated = { startOn: string; dueOn: string };
type Audience = {
  units: { id: number; name: string; current: boolean }[];
  people: { id: number; name: string }[];
  positions: string[];
  roles: string[];
  fromMandatory?: boolean;
};

/** "Từ 01/07/2026, hạn 30/09/2026", or "Từ 01/07/2026; không đặt hạn" when there is no due day. */
export function rangeText(a: Dated): string {
  if (a.dueOn === NO_DUE_DAY) return t.assignmentForms.rangeNoDue(formatDate(a.startOn));
  return t.assignments.range(formatDate(a.startOn), formatDate(a.dueOn));
}

export function DatesText({ a }: { a: Dated }) {
  return <>{rangeText(a)}</>;
}

export function AudienceSummary({ a }: { a: Audience }) {
  const parts: string[] = [];
  if (a.units.length > 0) parts.push(a.units.map((u) => (u.current ? u.name : `${u.name} ${t.assignments.closedUnit}`)).join(", "));
  if (a.people.length > 0) parts.push(t.assignments.named(formatNumber(a.people.length)));
  const narrowing: string[] = [];
  if (a.positions.length > 0) narrowing.push(t.assignments.onlyPositions(a.positions.join(", ")));
  if (a.roles.length > 0) narrowing.push(t.assignments.onlyRoles(a.roles.map((r) => t.roles[r] ?? r).join(", ")));
  return (
    <>
      {parts.join("; ")}
      {narrowing.length > 0 ? <div className="muted">{narrowing.join("; ")}</div> : null}
    </>
  );
}
