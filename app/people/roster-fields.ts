// The roster import's vocabulary, shared by the server (reading and planning) and the import page's
// form (the column and encoding choices): plain data, so the browser bundle gets real values — a
// constant imported from a .server module is undefined in the browser.
export const FIELDS = ["fullName", "ho", "dem", "ten", "staffCode", "unit", "position", "email", "username"] as const;
export type Field = (typeof FIELDS)[number];
export const ENCODINGS = ["auto", "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn", "viscii"] as const;
export type Encoding = (typeof ENCODINGS)[number];
/** Rows of each kind shown on the dry-run page (the full plan is in the CSV report). */
export const PREVIEW_ROWS = 200;
