// A process for tests/processes/digest-two.test.ts: the app's weekly digest step (runScheduledDigest) on
// the database named by the environment, at the instant DIGEST_TEST_NOW, started at DIGEST_TEST_START
// (epoch ms) so two processes step at the same moment; it steps DIGEST_TEST_STEPS times, like the timer.
// Prints "ran <queued>" for a run it claimed, "skipped" otherwise.
import { closeDb } from "~/db/client.server";
import { runScheduledDigest } from "~/mail/digest.server";

const now = new Date(process.env.DIGEST_TEST_NOW ?? Date.now());
const start = Number(process.env.DIGEST_TEST_START ?? Date.now());
const steps = Number(process.env.DIGEST_TEST_STEPS ?? 3);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
for (let i = 0; i < steps; i++) {
  const run = await runScheduledDigest(now);
  process.stdout.write(run ? `ran ${run.queued}\n` : "skipped\n");
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await closeDb();
