// Shapes a unit subtree for the browser: only what the tree view shows, sorted for people to read.
import { viCollator } from "~/i18n/format";
import type { TreeNode } from "./unit-tree";
import { rootUnit, subtree, unitTree, type Unit, type UnitNode } from "./tree.server";
import type { UnitOption } from "./unit-options";

const KIND_ORDER: Record<string, number> = { province: 0, district: 1, office: 2, commune: 3 };

function shape(node: UnitNode): TreeNode {
  const children = [...node.children].sort(
    (a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || viCollator.compare(a.name, b.name),
  );
  return { id: node.id, name: node.name, kind: node.kind, total: node.total, children: children.map(shape) };
}

export async function treeView(root: Unit): Promise<TreeNode> {
  return shape(await unitTree(root));
}

/** Every current unit, in tree order, for the unit pickers of administrators and trainers. */
export async function currentUnitOptions(): Promise<UnitOption[]> {
  const root = await rootUnit();
  return root
    ? (await subtree(root))
        .filter((u) => u.validTo === null)
        .map((u) => ({ id: u.id, name: u.name, code: u.code, depth: u.depth - root.depth }))
    : [];
}
