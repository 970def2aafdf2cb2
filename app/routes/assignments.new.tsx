import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EMPTY_CREATE, MAX_NOTE, MAX_PEOPLE, MAX_PEOPLE_TEXT, MAX_POSITIONS_TEXT, type CreateValues } from "~/assignments/assignment-form";
import { readCreateForm, requireAssigner, unitChoices } from "~/assignments/assignment-form.server";
import { AssignmentError, createAssignment } from "~/assignments/assignments.server";
import { ROLES } from "~/db/schema.shared";
import { t } from "~/i18n/vi";
import { reportCourses } from "~/reports/unit-report.server";
import { DateField } from "~/ui/date-field";
import { readForm, type FieldErrors } from "~/ui/form.server";
import { UnitOptions } from "~/units/unit-options";

export const meta: MetaFunction = () => [{ title: `${t.assignmentForms.newTitle} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { root } = await requireAssigner(request);
  return {
    courses: (await reportCourses()).map((c) => ({ id: c.id, title: c.title })),
    units: await unitChoices(root),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireAssigner(request);
  const form = await readForm(request);
  const read = await readCreateForm(form, actor);
  if (!read.input) return data({ errors: read.errors, values: read.values }, { status: 400 });
  try {
    const id = await createAssignment(actor, read.input);
    return redirect(`/assignments/${id}?created=1`);
  } catch (error) {
    if (!(error instanceof AssignmentError)) throw error;
    return data({ errors: { [error.field]: error.message } as FieldErrors, values: read.values }, { status: 400 });
  }
}

function FieldError({ name, errors }: { name: string; errors: FieldErrors }) {
  return errors[name] ? (
    <p className="field-error" id={`${name}-error`}>
      {errors[name]}
    </p>
  ) : null;
}

const invalid = (name: string, errors: FieldErrors, hint?: string) => ({
  "aria-invalid": errors[name] ? true : undefined,
  "aria-describedby": [errors[name] ? `${name}-error` : null, hint ?? null].filter(Boolean).join(" ") || undefined,
});

export default function NewAssignment() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const errors: FieldErrors = r?.errors ?? {};
  // Only what this person typed in this form comes back; a new form starts empty.
  const v: CreateValues = r?.values ?? EMPTY_CREATE;
  const A = t.assignments;
  const F = t.assignmentForms;
  return (
    <div className="stack">
      <p>
        <Link to="/assignments">{F.back}</Link>
      </p>
      <h1>{F.newTitle}</h1>
      <p className="muted">{A.intro}</p>
      <Form method="post" className="card" noValidate data-testid="new-assignment">
        {errors._form ? (
          <p className="field-error" role="alert">
            {errors._form}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="courseId">{A.course}</label>
          <select id="courseId" name="courseId" defaultValue={v.courseId} {...invalid("courseId", errors)}>
            <option value="">{A.pickCourse}</option>
            {d.courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <FieldError name="courseId" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="unitIds">{A.units}</label>
          <select id="unitIds" name="unitIds" multiple size={8} defaultValue={v.unitIds} {...invalid("unitIds", errors, "unitIds-hint")}>
            <UnitOptions units={d.units} />
          </select>
          <FieldError name="unitIds" errors={errors} />
          <p className="muted field-hint" id="unitIds-hint">
            {A.unitsHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor="people">{A.people}</label>
          <textarea
            id="people"
            name="people"
            rows={3}
            maxLength={MAX_PEOPLE_TEXT}
            defaultValue={v.people}
            {...invalid("people", errors, "people-hint")}
          />
          <FieldError name="people" errors={errors} />
          <p className="muted field-hint" id="people-hint">
            {F.peopleHint(String(MAX_PEOPLE))}
          </p>
        </div>
        <div className="field">
          <label htmlFor="positions">{A.positions}</label>
          <textarea
            id="positions"
            name="positions"
            rows={3}
            maxLength={MAX_POSITIONS_TEXT}
            defaultValue={v.positions}
            {...invalid("positions", errors)}
          />
          <FieldError name="positions" errors={errors} />
        </div>
        <fieldset className="field" aria-describedby={errors.roles ? "roles-error" : undefined}>
          <legend>{A.roles}</legend>
          {ROLES.map((role) => (
            <div key={role}>
              <label>
                <input type="checkbox" name="roles" value={role} defaultChecked={v.roles.includes(role)} /> {t.roles[role]}
              </label>
            </div>
          ))}
          <FieldError name="roles" errors={errors} />
        </fieldset>
        <DateField name="startOn" label={A.startOn} defaultValue={v.startOn} error={errors.startOn} />
        <DateField name="dueOn" label={A.dueOn} defaultValue={v.dueOn} error={errors.dueOn} hint={F.dueHint} />
        <div className="field">
          <label htmlFor="graceDays">{A.graceDays}</label>
          <input
            id="graceDays"
            name="graceDays"
            inputMode="numeric"
            maxLength={3}
            size={5}
            defaultValue={v.graceDays}
            {...invalid("graceDays", errors, "graceDays-hint")}
          />
          <FieldError name="graceDays" errors={errors} />
          <p className="muted field-hint" id="graceDays-hint">
            {F.graceHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor="note">{A.note}</label>
          <textarea id="note" name="note" rows={2} maxLength={MAX_NOTE} defaultValue={v.note} {...invalid("note", errors, "note-hint")} />
          <FieldError name="note" errors={errors} />
          <p className="muted field-hint" id="note-hint">
            {F.noteHint(String(MAX_NOTE))}
          </p>
        </div>
        <button type="submit" className="button">
          {A.save}
        </button>
      </Form>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
