// Shapes a unit subtree for the browser: only what the tree view shows, sorted for people to read.
import { viCollator } from "~/i18n/format";
import type { TreeNode } from "./unit-tree";
import { unitTree, type Unit, type UnitNode } from "./tree.server";

const KIND_ORDER: Record<string, number> = { province: 0, district: 1, office: 2, commune: 3 };

function shape(node: UnitNode): TreeNode {
  const children = [...node.children].sort(
    (a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || viCollator.compare(a.name, b.name),
  );
  return { id: node.id, name: node.name, kind: node.kind, total: node.total, children: children.map(shape) };
}

export function treeView(root: Unit): TreeNode {
  return shape(unitTree(root));
}
