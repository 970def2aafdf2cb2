import { Link } from "@remix-run/react";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export type TreeNode = { id: number; name: string; kind: string; total: number; children: TreeNode[] };

/** A nested list of units with cumulative head counts; each name links to the unit page. */
export function UnitTree({ node }: { node: TreeNode }) {
  return (
    <ul className="tree">
      <TreeItem node={node} />
    </ul>
  );
}

function TreeItem({ node }: { node: TreeNode }) {
  return (
    <li>
      <div className="tree__row">
        <Link to={`/units/${node.id}`}>{node.name}</Link>
        <span className="tag">{t.unitKinds[node.kind]}</span>
        <span className="tree__count">{t.units.headCount(formatNumber(node.total))}</span>
      </div>
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <TreeItem key={c.id} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
