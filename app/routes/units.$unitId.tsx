import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { canSeeUnit, requireUnitAccess } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { membersOf } from "~/people/officials.server";
import { ancestors } from "~/units/tree.server";
import { treeView } from "~/units/tree-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.unit.name ?? t.nav.units} · ${t.app.name}` },
];

const Params = z.object({ unitId: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const unit = requireUnitAccess(user, parsed.data.unitId);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const tree = treeView(unit);
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind, code: unit.code },
    // Ancestors the viewer may not open are shown as plain text, never as links.
    trail: ancestors(unit).map((a) => ({ id: a.id, name: a.name, open: canSeeUnit(user, a) })),
    total: tree.total,
    children: tree.children.map((c) => ({ id: c.id, name: c.name, kind: c.kind, total: c.total })),
    members: membersOf(unit.id, q).map((m) => ({
      id: m.id,
      fullName: m.fullName,
      staffCode: m.staffCode,
      position: m.position,
      active: m.active,
    })),
    q,
  };
}

export default function UnitPage() {
  const { unit, trail, total, children, members, q } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <nav aria-label={t.units.breadcrumb} className="breadcrumb">
        <ol>
          {trail.map((a) => (
            <li key={a.id}>{a.open ? <Link to={`/units/${a.id}`}>{a.name}</Link> : <span>{a.name}</span>}</li>
          ))}
          <li aria-current="page">{unit.name}</li>
        </ol>
      </nav>
      <h1>{unit.name}</h1>
      <p>
        <span className="tag">{t.unitKinds[unit.kind]}</span> <span className="muted">{unit.code}</span> ·{" "}
        <span data-testid="unit-total">{t.units.headCount(formatNumber(total))}</span>
      </p>

      <section aria-labelledby="children-title">
        <h2 id="children-title">{t.units.children}</h2>
        {children.length === 0 ? (
          <p className="muted">{t.units.noChildren}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.home.unit}</th>
                  <th scope="col">{t.home.kind}</th>
                  <th scope="col" className="num">
                    {t.home.headCount}
                  </th>
                </tr>
              </thead>
              <tbody>
                {children.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/units/${c.id}`}>{c.name}</Link>
                    </td>
                    <td>{t.unitKinds[c.kind]}</td>
                    <td className="num">{formatNumber(c.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t.units.members}</h2>
        <Form method="get" className="search-form" role="search">
          <div className="field">
            <label htmlFor="q">{t.units.search}</label>
            <input id="q" name="q" type="search" defaultValue={q} />
          </div>
          <button type="submit" className="button button--secondary">
            {t.units.searchSubmit}
          </button>
        </Form>
        {members.length === 0 ? (
          <p className="muted">{t.units.noMembers}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.units.fullName}</th>
                  <th scope="col">{t.units.staffCode}</th>
                  <th scope="col">{t.units.position}</th>
                  <th scope="col">{t.units.status}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id}>
                    <td>{m.fullName}</td>
                    <td>{m.staffCode}</td>
                    <td>{m.position}</td>
                    <td>{m.active ? t.units.active : t.units.inactive}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
