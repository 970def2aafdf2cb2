import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { scopeRoot } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { UnitTree } from "~/units/unit-tree";
import { treeView } from "~/units/tree-view.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const root = scopeRoot(user);
  return {
    user: { fullName: user.fullName, unitName: user.unitName, roles: user.roles },
    tree: root ? treeView(root) : null,
  };
}

export default function Home() {
  const { user, tree } = useLoaderData<typeof loader>();
  const is = (role: (typeof user.roles)[number]) => user.roles.includes(role);
  return (
    <div className="stack">
      <h1>{t.home.greeting(user.fullName)}</h1>
      <section className="card" aria-labelledby="me">
        <h2 id="me" className="visually-hidden">
          {t.home.yourUnit}
        </h2>
        <p>
          <strong>{t.home.yourUnit}:</strong> {user.unitName}
        </p>
        <p>
          <strong>{t.home.yourRoles}:</strong> {user.roles.map((r) => t.roles[r]).join(", ")}
        </p>
      </section>
      {is("learner") ? (
        <section className="card" aria-labelledby="learn" data-role-home="learner">
          <h2 id="learn">{t.nav.myLearning}</h2>
          <p>{t.home.learnerIntro}</p>
        </section>
      ) : null}
      {is("trainer") ? (
        <section className="card" aria-labelledby="train" data-role-home="trainer">
          <h2 id="train">{t.roles.trainer}</h2>
          <p>{t.home.trainerIntro}</p>
        </section>
      ) : null}
      {is("admin") ? (
        <section className="card" aria-labelledby="admin" data-role-home="admin">
          <h2 id="admin">{t.roles.admin}</h2>
          <p>{t.home.adminIntro}</p>
        </section>
      ) : null}
      {tree ? (
        <section className="card" aria-labelledby="units" data-role-home="manager">
          <h2 id="units">{t.home.managerTitle}</h2>
          <p className="muted">{t.home.managerIntro}</p>
          <UnitTree node={tree} />
          <p>
            <Link to={`/units/${tree.id}`}>{tree.name}</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
