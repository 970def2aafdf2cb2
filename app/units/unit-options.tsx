export type UnitOption = { id: number; name: string; code: string; depth: number };

/** <option>s for a unit picker, indented by depth so the tree shows in a plain <select>. */
export function UnitOptions({ units, withCode = false }: { units: UnitOption[]; withCode?: boolean }) {
  return (
    <>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {"\u00a0\u00a0".repeat(u.depth)}
          {u.name}
          {withCode ? ` (${u.code})` : ""}
        </option>
      ))}
    </>
  );
}
