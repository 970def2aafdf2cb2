import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { requireRole } from "~/auth/session.server";
import { publishedCourse } from "~/courses/catalogue.server";
import { formatDate, formatNumber, formatOneDecimal, formatPercentOneDecimal } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { quizStats } from "~/quizzes/analysis.server";
import { grantAttempts, grantsOfCourse, MAX_GRANT } from "~/quizzes/grants.server";
import { findByIdentifier } from "~/people/officials.server";
import { readForm } from "~/ui/form.server";
import { quizFor } from "~/quizzes/queries.server";
import { getUnit } from "~/units/tree.server";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t.analysis.title}: ${data?.course.title ?? ""} · ${t.app.name}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "trainer", "admin");
  const course = await publishedCourse(params.slug ?? "");
  const quiz = course?.currentVersionId ? await quizFor(course.currentVersionId) : null;
  if (!course || !quiz) throw new Response("Not Found", { status: 404 });
  const unitId = positiveId(new URL(request.url).searchParams.get("unit"));
  const unit = unitId ? await getUnit(unitId) : null;
  if (unitId && !unit) throw new Response("Not Found", { status: 404 });
  const units = await currentUnitOptions();
  return {
    course: { slug: course.slug, title: course.title },
    passMark: quiz.passMark,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    units,
    stats: await quizStats(course.id, course.epoch, quiz, unit ?? null),
    grants: (await grantsOfCourse(course.id, course.epoch)).map((g) => ({
      id: g.id,
      count: g.count,
      reason: g.reason,
      grantedAt: g.grantedAt,
      who: g.unitName ? t.attemptGrants.whoUnit(g.unitName) : [g.personHo, g.personDem, g.personTen].filter(Boolean).join(" "),
    })),
  };
}

type GrantErrors = Partial<Record<"target" | "count" | "reason", string>>;

/** Grants extra attempts (issue 14 item 4): trainers and administrators only; errors next to their field. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "trainer", "admin");
  const course = await publishedCourse(params.slug ?? "");
  if (!course) throw new Response("Not Found", { status: 404 });
  const form = await readForm(request);
  const values = {
    kind: String(form.get("kind") ?? "person") === "unit" ? "unit" : "person",
    person: String(form.get("person") ?? "").slice(0, 200),
    unitId: String(form.get("unitId") ?? ""),
    count: String(form.get("count") ?? "").trim(),
    reason: String(form.get("reason") ?? "").slice(0, 1000),
  };
  const errors: GrantErrors = {};
  const count = /^\d{1,3}$/.test(values.count) ? Number(values.count) : Number.NaN;
  if (!(count >= 1 && count <= MAX_GRANT)) errors.count = t.attemptGrants.countRange(MAX_GRANT);
  let target: { officialId: number } | { unitId: number } | null = null;
  let who = "";
  if (values.kind === "person") {
    const person = await findByIdentifier(values.person);
    if (person) {
      target = { officialId: person.id };
      who = [person.ho, person.dem, person.ten].filter(Boolean).join(" ");
    } else errors.target = t.attemptGrants.noPerson;
  } else {
    const unit = /^\d{1,12}$/.test(values.unitId) ? await getUnit(Number(values.unitId)) : undefined;
    if (unit && unit.validTo === null) {
      target = { unitId: unit.id };
      who = t.attemptGrants.whoUnit(unit.name);
    } else errors.target = t.attemptGrants.noUnit;
  }
  if (!target || Object.keys(errors).length) return data({ errors, values, granted: null }, { status: 400 });
  const result = await grantAttempts(user, { courseId: course.id, target, count, reason: values.reason });
  if (!result.ok) {
    const field = result.field === "course" ? "target" : result.field;
    return data({ errors: { [field]: result.message } as GrantErrors, values, granted: null }, { status: 400 });
  }
  return data({ errors: {} as GrantErrors, values: null, granted: t.attemptGrants.granted(formatNumber(count), who) });
}

export default function QuizAnalysis() {
  const d = useLoaderData<typeof loader>();
  const grant = useActionData<typeof action>();
  const s = d.stats;
  return (
    <div className="stack">
      <p>
        <Link to="/trainer/quizzes">← {t.analysis.quizzes}</Link>
      </p>
      <h1>
        {t.analysis.title}: {d.course.title}
      </h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="unit">{t.analysis.unit}</label>
          <select id="unit" name="unit" defaultValue={d.unitId ?? ""}>
            <option value="">{t.analysis.allUnits}</option>
            <UnitOptions units={d.units} />
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t.analysis.apply}
        </button>
      </Form>
      <dl className="card" data-testid="quiz-headline">
        <dt>{t.analysis.attempts}</dt>
        <dd>{formatNumber(s.attempts)}</dd>
        <dt>{t.analysis.passRate}</dt>
        <dd>{s.attempts ? formatPercentOneDecimal(s.passed / s.attempts) : "—"}</dd>
        <dt>{t.analysis.averageScore}</dt>
        <dd>{s.averageScore !== null ? formatPercentOneDecimal(s.averageScore / 100) : "—"}</dd>
      </dl>
      {s.attempts === 0 ? (
        <p>{t.analysis.none}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="item-analysis">
            <caption>{d.unitName ?? t.analysis.allUnits}</caption>
            <thead>
              <tr>
                <th scope="col">{t.analysis.question}</th>
                <th scope="col" className="num">
                  {t.analysis.answeredBy}
                </th>
                <th scope="col" className="num">
                  {t.analysis.shareCorrect}
                </th>
                <th scope="col" className="num">
                  <abbr title={t.analysis.discriminationHelp}>{t.analysis.discrimination}</abbr>
                </th>
                <th scope="col">{t.analysis.commonWrong}</th>
              </tr>
            </thead>
            <tbody>
              {s.questions.map((q) => (
                <tr key={q.questionId} data-question={q.questionId}>
                  <td>{q.prompt}</td>
                  <td className="num">{formatNumber(q.answered)}</td>
                  <td className="num">{q.answered ? formatPercentOneDecimal(q.shareCorrect) : "—"}</td>
                  <td className="num">
                    {/* One decimal style on the whole page (issue 14 item 9); "weak" is judged on the figure shown. */}
                    {q.discrimination === null ? "—" : formatOneDecimal(q.discrimination)}
                    {q.discrimination !== null && Math.round(q.discrimination * 10) / 10 < 0.2 ? (
                      <span className="tag"> ⚠ {t.analysis.weak}</span>
                    ) : null}
                  </td>
                  <td>{q.commonWrong ? `${q.commonWrong.text} (${formatNumber(q.commonWrong.count)})` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{t.analysis.discriminationHelp}</p>
      <GrantForm units={d.units} grants={d.grants} result={grant} />
    </div>
  );
}

type GrantData = ReturnType<typeof useActionData<typeof action>>;

function GrantForm({
  units,
  grants,
  result,
}: {
  units: ReturnType<typeof useLoaderData<typeof loader>>["units"];
  grants: ReturnType<typeof useLoaderData<typeof loader>>["grants"];
  result: GrantData;
}) {
  const errors: GrantErrors = result?.errors ?? {};
  const values = result?.values ?? null;
  const error = (field: keyof GrantErrors) =>
    errors[field] ? (
      <p className="field-error" id={`grant-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  const described = (field: keyof GrantErrors) =>
    errors[field] ? { "aria-invalid": true, "aria-describedby": `grant-${field}-error` } : {};
  return (
    <section aria-labelledby="grant-title" className="stack">
      <h2 id="grant-title">{t.attemptGrants.title}</h2>
      <p className="muted">{t.attemptGrants.intro}</p>
      {result?.granted ? (
        <p className="alert alert--ok" role="status" data-testid="grant-done">
          {result.granted}
        </p>
      ) : null}
      {/* A new key after each grant: the form starts empty again (values only come back on an error). */}
      <Form method="post" className="card" noValidate key={result?.granted ?? "grant"} data-testid="grant-form">
        <fieldset>
          <legend>{t.attemptGrants.targetKind}</legend>
          <label className="quiz-option">
            <input type="radio" name="kind" value="person" defaultChecked={values?.kind !== "unit"} /> {t.attemptGrants.toPerson}
          </label>
          <label className="quiz-option">
            <input type="radio" name="kind" value="unit" defaultChecked={values?.kind === "unit"} /> {t.attemptGrants.toUnit}
          </label>
          {error("target")}
        </fieldset>
        <div className="field">
          <label htmlFor="grant-person">{t.attemptGrants.person}</label>
          <input id="grant-person" name="person" autoComplete="off" defaultValue={values?.person ?? ""} {...described("target")} />
        </div>
        <div className="field">
          <label htmlFor="grant-unit">{t.attemptGrants.unit}</label>
          <select id="grant-unit" name="unitId" defaultValue={values?.unitId ?? ""}>
            <UnitOptions units={units} placeholder={t.attemptGrants.chooseUnit} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="grant-count">{t.attemptGrants.count}</label>
          <input id="grant-count" name="count" inputMode="numeric" defaultValue={values?.count ?? "1"} {...described("count")} />
          {error("count")}
        </div>
        <div className="field">
          <label htmlFor="grant-reason">{t.attemptGrants.reason}</label>
          <input id="grant-reason" name="reason" maxLength={500} defaultValue={values?.reason ?? ""} {...described("reason")} />
          {error("reason")}
        </div>
        <button type="submit" className="button">
          {t.attemptGrants.submit}
        </button>
      </Form>
      <h3>{t.attemptGrants.list}</h3>
      {grants.length ? (
        <ul data-testid="grant-list">
          {grants.map((g) => (
            <li key={g.id}>
              {g.who}: {t.attemptGrants.historyLine(formatNumber(g.count), formatDate(g.grantedAt))}
              {g.reason ? ` — ${g.reason}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t.attemptGrants.none}</p>
      )}
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
