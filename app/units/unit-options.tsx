export type UnitOption = { id: number; name: string; code: string; depth: number };

/**
 * <option>s for a unit picker, indented by depth so the tree shows in a plain <select>. With
 * `placeholder`, an empty first option comes first, so a form starts with no unit chosen (a careless
 * click can then not rename or move the province).
 */
export function UnitOptions({ units, withCode = false, placeholder }: { units: UnitOption[]; withCode?: boolean; placeholder?: string }) {
  return (
    <>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
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
