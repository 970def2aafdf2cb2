// How an assigned course stands for its learner, in words (issue 15 item 3): shared by the home, the
// catalogue's marks and the .ics calendar. No server code: the pages render it.
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export type DueState = "done" | "overdue" | "dueToday" | "open" | "noDue";

/** One assigned course as the pages receive it: `days` is daysLeft() (null: no due day). */
export type AssignedCourse = {
  assignmentId: number;
  slug: string;
  title: string;
  dueOn: string;
  completedOn: string | null;
  days: number | null;
};

export function dueState(a: Pick<AssignedCourse, "completedOn" | "days">): DueState {
  if (a.completedOn) return "done";
  if (a.days === null) return "noDue";
  if (a.days < 0) return "overdue";
  return a.days === 0 ? "dueToday" : "open";
}

/** "quá hạn 21 ngày", "hạn hôm nay", "còn 30 ngày", "Không đặt hạn", "đã hoàn thành 12/11/2026". */
export function dueText(a: Pick<AssignedCourse, "completedOn" | "days">): string {
  const A = t.assignments;
  switch (dueState(a)) {
    case "done":
      return A.doneOn(formatDate(a.completedOn!));
    case "noDue":
      return A.noDue;
    case "overdue":
      return A.daysOverdue(formatNumber(-a.days!));
    case "dueToday":
      return A.dueToday;
    default:
      return A.daysLeft(formatNumber(a.days!));
  }
}
