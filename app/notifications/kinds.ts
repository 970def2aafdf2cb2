// What a notification can be about (docs/decisions/0030). Shared with the pages: no server code here.
// `ref_id` of a notification names the thing: the assignment (the four assignment kinds), the
// course_completions row (course-passed) or the attempt_grants row (attempts-granted).

export const NOTIFICATION_KINDS = [
  "assignment-new",
  "assignment-due-7",
  "assignment-due-1",
  "assignment-overdue",
  "course-passed",
  "attempts-granted",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const ASSIGNMENT_KINDS: readonly NotificationKind[] = [
  "assignment-new",
  "assignment-due-7",
  "assignment-due-1",
  "assignment-overdue",
];
