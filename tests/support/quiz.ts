// Tests answer quizzes the way the demo's simulated officials do: see app/quizzes/answer-form.server.ts.
export { answerForm as formFor } from "~/quizzes/answer-form.server";
