// Shared by the server (filters) and the page (the status select): not a .server module.
export const STATUSES = ["not-started", "in-progress", "completed"] as const;
export type Status = (typeof STATUSES)[number];
