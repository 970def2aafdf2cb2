// Read-only questions about quizzes that other domains ask (completion rules, reports).
import { and, eq } from "drizzle-orm";
import { immutableCache } from "~/db/immutable-cache.server";
import { db } from "~/db/client.server";
import { quizAttempts, quizDefinitions } from "~/db/schema";
import type { QuizDefinition } from "./definition.server";

// A version's quiz never changes once written: read once per process (app/db/immutable-cache.server.ts).
const versionQuizzes = immutableCache<number, QuizDefinition | null>(1000);

export function quizFor(courseVersionId: number): Promise<QuizDefinition | null> {
  return versionQuizzes(courseVersionId, async () => {
    const [row] = await db().select().from(quizDefinitions).where(eq(quizDefinitions.courseVersionId, courseVersionId)).limit(1);
    return row ? (row.definition as QuizDefinition) : null;
  });
}

export async function hasPassed(officialId: number, courseId: number, epoch: number): Promise<boolean> {
  const [row] = await db()
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.officialId, officialId),
        eq(quizAttempts.courseId, courseId),
        eq(quizAttempts.epoch, epoch),
        eq(quizAttempts.passed, true),
        eq(quizAttempts.status, "graded"),
      ),
    )
    .limit(1);
  return !!row;
}
