// Pieces of the assignment report pages: the dates line and the state labels.
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { NO_DUE_DAY } from "~/db/schema.shared";

/** "Từ 01/06/2026, hạn 30/06/2026" or "…, Không đặt hạn". */
export function assignmentDates(a: { startOn: string; dueOn: string }): string {
  return t.assignments.range(formatDate(a.startOn), a.dueOn === NO_DUE_DAY ? t.assignments.noDue : formatDate(a.dueOn));
}

/** The states in the order the pages show them: what needs action first. */
export const STATE_ORDER = ["overdue", "notStarted", "inProgress", "late", "onTime"] as const;

/** URL value of a state (kebab-case, like the report's statuses). */
export const STATE_PARAM: Record<(typeof STATE_ORDER)[number], string> = {
  overdue: "overdue",
  notStarted: "not-started",
  inProgress: "in-progress",
  late: "late",
  onTime: "on-time",
};
