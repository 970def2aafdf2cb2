// Demo progress: twelve weeks of simulated learning by the demo officials (never the demo accounts,
// whose progress the README's walk-through starts from zero). It goes through the real recording
// functions with past timestamps, so every rollup is exactly what live use would have produced.
// Deterministic; runs once, after the first content sync.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson, recordLessonStarted } from "~/courses/progress.server";
import { setTarget } from "~/reports/targets.server";
import { reportCourses } from "~/reports/unit-report.server";
import { answerForm } from "~/quizzes/answer-form.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { courseStatus, officials } from "~/db/schema";
import { db, transaction } from "~/db/client.server";
import { seededRandom } from "./seed.server";
import { seedDemoAssignments } from "./assignments.server";
import { seedDemoIndicators } from "./indicators.server";
import { dayOf } from "~/i18n/time";

const DAY = 86400_000;

export async function hasProgress(): Promise<boolean> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)` })
    .from(courseStatus);
  return (row?.n ?? 0) > 0;
}

export async function seedDemoProgress(now = new Date()): Promise<{ started: number; completed: number }> {
  const rand = seededRandom(10_10_2022);
  type Course = Awaited<ReturnType<typeof reportCourses>>[number] & {
    course: NonNullable<Awaited<ReturnType<typeof publishedCourse>>>;
    lessons: Awaited<ReturnType<typeof lessonsOf>>;
    quiz: Awaited<ReturnType<typeof quizFor>>;
  };
  const all: Course[] = [];
  for (const c of await reportCourses()) {
    const course = (await publishedCourse(c.slug))!;
    all.push({ ...c, course, lessons: await lessonsOf(course.currentVersionId!), quiz: await quizFor(course.currentVersionId!) });
  }
  const people = await db()
    .select({ id: officials.id, unitId: officials.unitId })
    .from(officials)
    .where(and(isNull(officials.passwordHash), eq(officials.active, true)))
    .orderBy(asc(officials.id));
  // Some units are keener than others: that is what the managers' reports are for.
  const unitFactor = new Map<number, number>();
  const factor = (unitId: number) => {
    if (!unitFactor.has(unitId)) unitFactor.set(unitId, 0.35 + rand() * 0.75);
    return unitFactor.get(unitId)!;
  };
  let started = 0;
  let completed = 0;
  const start = now.getTime() - 84 * DAY;
  await seedDemoAssignments(dayOf(start), dayOf(now));
  await transaction(async () => {
    for (const person of people) {
      const keen = factor(person.unitId);
      for (const c of all) {
        if (rand() > Math.min(0.95, keen * (c.mandatory ? 0.8 : 0.3))) continue;
        let t = start + rand() * 80 * DAY;
        const at = () => new Date(Math.min(t, now.getTime() - 60_000)).toISOString();
        started++;
        await recordLessonStarted(person.id, c.course.id, c.lessons[0]!.lessonId, at());
        const finishes = rand() < 0.55 + keen * 0.3;
        const upTo = finishes ? c.lessons.length : Math.floor(rand() * c.lessons.length);
        for (const l of c.lessons.slice(0, upTo)) {
          t += (0.2 + rand() * 30) * 3600_000;
          await completeLesson(person.id, c.course.id, l.lessonId, at());
        }
        if (upTo < c.lessons.length || !c.quiz) continue;
        for (let attempt = 0; attempt < 3; attempt++) {
          t += (0.5 + rand() * 48) * 3600_000;
          const begin = new Date(Math.min(t, now.getTime() - 120_000));
          const r = await startAttempt(person.id, c.course.id, begin);
          if (!r.ok) break;
          const layout = (await attemptFor(r.token, person.id, begin))!.layout;
          const skill = 0.45 + keen * 0.4 + attempt * 0.12;
          const graded = await submitAttempt(
            r.token,
            person.id,
            answerForm(c.quiz, layout, () => rand() < skill),
            new Date(begin.getTime() + (4 + rand() * 8) * 60_000),
          );
          if (graded.attempt?.passed) {
            completed++;
            break;
          }
        }
      }
    }
    // Two demo targets, so the reports show units below target.
    const byTitle = (slug: string) => all.find((c) => c.slug === slug)?.id;
    const security = byTitle("an-toan-thong-tin-can-bo");
    const online = byTitle("dich-vu-cong-truc-tuyen");
    if (security) await setTarget({ courseId: security, unitId: null, rate: 0.8, dueDate: "2026-12-31" });
    if (online) await setTarget({ courseId: online, unitId: null, rate: 1, dueDate: "2027-06-30" });
  });
  // Twelve months of demo adoption figures beside the learning (issue 18).
  await seedDemoIndicators(now);
  return { started, completed };
}
