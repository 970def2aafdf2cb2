// The assignment forms' limits and shapes, shared by the server (which reads the forms) and the
// pages (which render them): a .server module's exports are not sent to the browser.

/** At most this many staff codes in one assignment (the domain's tooManyPeople message). */
export const MAX_PEOPLE = 500;
/** At most this many units chosen at once (a country has about ten thousand communes). */
export const MAX_UNITS = 2000;
export const MAX_POSITIONS = 50;
export const MAX_POSITION_LENGTH = 200;
export const MAX_NOTE = 500;
/** The people box: MAX_PEOPLE codes of up to 40 characters and their separators. */
export const MAX_PEOPLE_TEXT = MAX_PEOPLE * 42;
export const MAX_POSITIONS_TEXT = MAX_POSITIONS * (MAX_POSITION_LENGTH + 2);
export const DEFAULT_GRACE_DAYS = 30;

/** What the create form sends back on an error: exactly what was typed, nothing else. */
export type CreateValues = {
  courseId: string;
  unitIds: string[];
  people: string;
  positions: string;
  roles: string[];
  startOn: string;
  dueOn: string;
  graceDays: string;
  note: string;
};

export const EMPTY_CREATE: CreateValues = {
  courseId: "",
  unitIds: [],
  people: "",
  positions: "",
  roles: [],
  startOn: "",
  dueOn: "",
  graceDays: String(DEFAULT_GRACE_DAYS),
  note: "",
};

export type EditValues = { startOn: string; dueOn: string; graceDays: string; note: string };
