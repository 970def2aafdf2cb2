import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { requireUnitAccess, visibilityOf } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { formatDate, formatDateTime, formatNumber } from "~/i18n/format";
import { addDays } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { membersOf } from "~/people/officials.server";
import { ancestors } from "~/units/tree.server";
import { treeView } from "~/units/tree-view.server";
import { unitHistory } from "~/units/history.server";
import { countCertificatesUnder } from "~/certificates/certificates.server";
import { env } from "~/env.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.unit.name ?? t.nav.units} · ${t.app.name}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const unitId = positiveId(params.unitId);
  if (unitId === null) throw new Response("Not Found", { status: 404 });
  const unit = await requireUnitAccess(user, unitId);
  const canSee = await visibilityOf(user);
  const trail = (await ancestors(unit)).map((a) => ({ id: a.id, name: a.name, open: canSee(a) }));
  if (unit.validTo !== null) {
    // A closed unit has no tree and no members now: its history, why it closed, and who took over.
    const h = await unitHistory(unit);
    const link = (u: { id: number; name: string; path: string; validTo: string | null }) => ({
      id: u.id,
      name: u.name,
      validTo: u.validTo,
      open: canSee(u),
    });
    const lastDay = addDays(unit.validTo, -1);
    return {
      closed: true as const,
      unit: {
        id: unit.id,
        name: unit.name,
        kind: unit.kind,
        code: unit.code,
        validFrom: unit.validFrom,
        validTo: unit.validTo,
        closedBy: unit.closedBy,
      },
      trail,
      rows: h.rows.map((r) => ({ ...r, open: r.id !== unit.id && canSee(r) })),
      renames: h.renames,
      predecessors: h.predecessors.map(link),
      successors: h.successors.map(link),
      heirs: h.heirs.filter((u) => !h.successors.some((s) => s.id === u.id)).map(link),
      lastDay,
      total: 0,
      children: [] as { id: number; name: string; kind: string; total: number }[],
      members: [] as { id: number; fullName: string; staffCode: string; position: string; active: boolean }[],
      q: "",
    };
  }
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const tree = await treeView(unit);
  return {
    closed: false as const,
    unit: { id: unit.id, name: unit.name, kind: unit.kind, code: unit.code },
    // Ancestors the viewer may not open are shown as plain text, never as links.
    trail,
    total: tree.total,
    children: tree.children.map((c) => ({ id: c.id, name: c.name, kind: c.kind, total: c.total })),
    members: (await membersOf(unit.id, q)).map((m) => ({
      id: m.id,
      fullName: m.fullName,
      staffCode: m.staffCode,
      position: m.position,
      active: m.active,
    })),
    q,
    // The unit's certificates as one ZIP, or — above CERTIFICATE_ZIP_MAX — how many there are, so the
    // page says "per child unit" instead of linking to a download that would be refused.
    certificates: { count: await countCertificatesUnder(unit.path), max: env().CERTIFICATE_ZIP_MAX },
  };
}

const R = t.reorganisation;

function UnitLink({ u }: { u: { id: number; name: string; open: boolean } }) {
  return u.open ? (
    <Link to={`/units/${u.id}`}>{u.name}</Link>
  ) : (
    <span>
      {u.name} <span className="muted">{R.notVisible}</span>
    </span>
  );
}

function ClosedUnitPage() {
  const d = useLoaderData<typeof loader>();
  if (!d.closed) return null;
  const { unit } = d;
  return (
    <div className="stack" data-testid="closed-unit">
      <nav aria-label={t.units.breadcrumb} className="breadcrumb">
        <ol>
          {d.trail.map((a) => (
            <li key={a.id}>{a.open ? <Link to={`/units/${a.id}`}>{a.name}</Link> : <span>{a.name}</span>}</li>
          ))}
          <li aria-current="page">{unit.name}</li>
        </ol>
      </nav>
      <h1>{unit.name}</h1>
      <p>
        <span className="tag">{t.unitKinds[unit.kind]}</span> <span className="muted">{unit.code}</span>
      </p>
      <section className="card alert alert--info" aria-labelledby="closed-title">
        <h2 id="closed-title">{R.closedTitle(formatDate(unit.validTo))}</h2>
        <p>
          <strong>{R.why}:</strong> {R.reason[unit.closedBy ?? "unknown"]}
        </p>
        {d.successors.length > 0 ? (
          <p data-testid="successors">
            <strong>{R.successors}:</strong>{" "}
            {d.successors.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? ", " : ""}
                <UnitLink u={s} />
                {s.validTo ? ` (${R.closedTitle(formatDate(s.validTo)).toLowerCase()})` : ""}
              </span>
            ))}
          </p>
        ) : null}
        {d.heirs.length > 0 ? (
          <p>
            <strong>{R.nowPartOf}:</strong>{" "}
            {d.heirs.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? ", " : ""}
                <UnitLink u={s} />
              </span>
            ))}
          </p>
        ) : null}
        <p>
          <Link to={`/reports/${unit.id}/officials?asOf=${d.lastDay}`}>{R.membersBefore(formatDate(d.lastDay))}</Link>
        </p>
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{R.history}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="unit-history">
            <thead>
              <tr>
                <th scope="col">{R.historyRow}</th>
                <th scope="col">{R.parent}</th>
                <th scope="col">{R.from}</th>
                <th scope="col">{R.to}</th>
                <th scope="col">{R.why}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id} aria-current={r.id === unit.id ? "true" : undefined}>
                  <td>{r.open ? <Link to={`/units/${r.id}`}>{r.name}</Link> : r.name}</td>
                  <td>{r.parent}</td>
                  <td>{formatDate(r.validFrom)}</td>
                  <td>{r.validTo ? formatDate(r.validTo) : t.people.now}</td>
                  <td>{r.validTo ? (R.change[r.closedBy ?? ""] ?? "—") : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.renames.length > 0 ? (
          <ul>
            {d.renames.map((r, i) => (
              <li key={i}>{R.renamedFromTo(r.from, r.to, formatDateTime(r.at))}</li>
            ))}
          </ul>
        ) : null}
        {d.predecessors.length > 0 ? (
          <p>
            <strong>{R.predecessors}:</strong>{" "}
            {d.predecessors.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? ", " : ""}
                <UnitLink u={s} />
              </span>
            ))}
          </p>
        ) : null}
      </section>
    </div>
  );
}

export default function UnitPage() {
  const d = useLoaderData<typeof loader>();
  if (d.closed) return <ClosedUnitPage />;
  return <OpenUnitPage />;
}

function OpenUnitPage() {
  const d = useLoaderData<typeof loader>();
  if (d.closed) return null;
  const { unit, trail, total, children, members, q, certificates } = d;
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
      {certificates.count > certificates.max ? (
        <p className="muted" data-testid="unit-certificates-too-many">
          {t.certificates.zipTooMany(formatNumber(certificates.count), formatNumber(certificates.max))}
        </p>
      ) : certificates.count > 0 ? (
        <p>
          <a href={`/units/${unit.id}/certificates.zip`} download data-testid="unit-certificates-zip">
            {t.certificates.unitZip}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="children-title">
        <h2 id="children-title">{t.units.children}</h2>
        {children.length === 0 ? (
          <p className="muted">{t.units.noChildren}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
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
          <div className="table-wrap" tabIndex={0}>
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
