// The words over a figure say what it counts (issue 20 item 1). With one course, each person counts
// once: "Chưa bắt đầu" is a number of people. With "all assignments" each person counts once per
// assignment of theirs (person × course pairs): those columns say "lượt", so "Số CBCC 20" beside
// "Lượt chưa bắt đầu 80" reads right.
import { t } from "~/i18n/vi";

export type FigureLabels = {
  members: string;
  inScope: string;
  notStarted: string;
  inProgress: string;
  completed: string;
  overdue: string;
};

export function figureLabels(selection: number | "mandatory"): FigureLabels {
  const r = t.reports;
  return selection === "mandatory"
    ? {
        members: r.members,
        inScope: r.assignedPairs,
        notStarted: r.notStartedPairs,
        inProgress: r.inProgressPairs,
        completed: r.completedPairs,
        overdue: r.overduePairs,
      }
    : {
        members: r.members,
        inScope: t.offices.peopleInScope,
        notStarted: r.notStarted,
        inProgress: r.inProgress,
        completed: r.completed,
        overdue: r.overdue,
      };
}
