// What the people directory's forms offer (shared by the page and the server): statuses to filter by,
// bulk actions, and the roles a bulk action may add (decision 0038).
export const STATUSES = ["active", "inactive", "all"] as const;
export type Status = (typeof STATUSES)[number];

export const BULK_KINDS = ["move", "deactivate", "reactivate", "reset-passwords", "add-role", "remove-role"] as const;
export type BulkKind = (typeof BULK_KINDS)[number];
/**
 * Roles a bulk action may add. A manager role is given with each person's own current unit as its scope
 * (the usual case: the head of each commune office); another scope is set on the person's page.
 */
export const BULK_ROLES = ["learner", "trainer", "manager", "admin"] as const;
