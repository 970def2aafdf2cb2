// The format of units.path (decision 0002): a unit's ancestors' ids and its own, "/1/5/23/".
// Pure string functions, here beside the schema so that both the unit tree (app/units/) and the
// figures kernel (app/figures/) read the column the same way without one depending on the other.

/** The exclusive upper bound of a path prefix: "/1/5/" → "/1/50" ('0' is the character after '/'). */
export function pathUpperBound(path: string): string {
  return path.slice(0, -1) + "0";
}

/** The ids in a path, root first, the unit itself last: "/1/5/23/" → [1, 5, 23]. */
export function ancestorIds(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}
