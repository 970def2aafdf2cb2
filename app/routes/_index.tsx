import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssignedCourses } from "~/assignments/assigned-courses";
import { assignedCourses, managerAssignments, marksBySlug } from "~/assignments/home.server";
import { UnitAssignments } from "~/assignments/unit-assignments";
import { scopeRoot } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { CourseCard } from "~/courses/course-card";
import { catalogue } from "~/courses/catalogue.server";
import { vnToday } from "~/i18n/time";
import { UnitTree } from "~/units/unit-tree";
import { treeView } from "~/units/tree-view.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const root = await scopeRoot(user);
  const today = vnToday();
  const assigned = await assignedCourses(user.id, today);
  return {
    user: { fullName: user.fullName, unitName: user.unitName, roles: user.roles },
    // A manager role that grants nothing for now says so, instead of an empty page (or a 500).
    scopeIssue: user.roles.includes("admin") ? null : user.scopeIssue,
    tree: root ? await treeView(root) : null,
    // A manager's (an administrator's: the whole tree) assignments first; their own courses below.
    unitAssignments: root ? { unitName: root.name, lines: await managerAssignments(root, today) } : null,
    assigned,
    marks: marksBySlug(assigned),
    // What is left: unfinished courses first (mandatory before optional), then finished ones.
    courses: (await catalogue(user.id)).sort((a, b) => Number(!!a.completedAt) - Number(!!b.completedAt)),
  };
}

export default function Home() {
  const { user, tree, courses, scopeIssue, unitAssignments, assigned, marks } = useLoaderData<typeof loader>();
  const is = (role: (typeof user.roles)[number]) => user.roles.includes(role);
  return (
    <div className="stack">
      <h1>{t.home.greeting(user.fullName)}</h1>
      {unitAssignments ? <UnitAssignments unitName={unitAssignments.unitName} lines={unitAssignments.lines} /> : null}
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
      {is("learner") ? <AssignedCourses courses={assigned} /> : null}
      {is("learner") ? (
        <section className="card" aria-labelledby="learn" data-role-home="learner">
          <h2 id="learn">{t.nav.myLearning}</h2>
          <p className="muted">{t.home.learnerIntro}</p>
          <ul className="course-list">
            {courses.map((c) => (
              <li key={c.slug}>
                <CourseCard course={c} headingLevel={3} assigned={marks[c.slug]} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {is("trainer") ? (
        <section className="card" aria-labelledby="train" data-role-home="trainer">
          <h2 id="train">{t.roles.trainer}</h2>
          <p>{t.home.trainerIntro}</p>
          <p>
            <Link to="/trainer">{t.nav.trainer}</Link> · <Link to="/trainer/quizzes">{t.nav.quizAnalysis}</Link>
          </p>
        </section>
      ) : null}
      {is("admin") ? (
        <section className="card" aria-labelledby="admin" data-role-home="admin">
          <h2 id="admin">{t.roles.admin}</h2>
          <p>{t.home.adminIntro}</p>
          <p>
            <Link to="/admin">{t.nav.admin}</Link> · <Link to="/admin/people">{t.nav.people}</Link> ·{" "}
            <Link to="/admin/import">{t.roster.title}</Link>
          </p>
        </section>
      ) : null}
      {scopeIssue ? (
        <section className="card" aria-labelledby="units" data-role-home="manager">
          <h2 id="units">{t.home.managerTitle}</h2>
          <p className="alert alert--info" role="status" data-testid="scope-issue">
            {scopeIssue === "closed" ? t.reorganisation.scopeClosed : t.reorganisation.scopeNeedsReview}
          </p>
        </section>
      ) : null}
      {tree ? (
        <section className="card" aria-labelledby="units" data-role-home="manager">
          <h2 id="units">{t.home.managerTitle}</h2>
          <p className="muted">{t.home.managerIntro}</p>
          <p>
            <Link className="button" to={`/reports/${tree.id}`}>
              {t.reports.titleFor(tree.name)}
            </Link>
          </p>
          <UnitTree node={tree} />
        </section>
      ) : null}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
