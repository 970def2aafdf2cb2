-- Item analysis running totals (issue 14 item 9).
CREATE TABLE "quiz_attempt_totals" (
	"unit_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	"score_sum" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "quiz_attempt_totals_unit_id_course_id_epoch_pk" PRIMARY KEY("unit_id","course_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "quiz_item_totals" (
	"unit_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"question_id" text NOT NULL,
	"score" integer NOT NULL,
	"response" text NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"credit" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "quiz_item_totals_unit_id_course_id_epoch_question_id_score_response_pk" PRIMARY KEY("unit_id","course_id","epoch","question_id","score","response")
);
--> statement-breakpoint
-- Backfill (docs/decisions/0024): every graded attempt so far, to unit 0 (everyone) and to the current
-- unit and every ancestor of its official if active (the units whose path is a prefix of theirs), as
-- app/figures/item-totals.server.ts writes them at grading; the response key as JSON.stringify writes it.
INSERT INTO quiz_attempt_totals (unit_id, course_id, epoch, attempts, passed, score_sum)
SELECT unit_id, course_id, epoch, count(*), sum(passed), coalesce(sum(score), 0) FROM (
  SELECT 0 AS unit_id, a.course_id, a.epoch, CASE WHEN a.passed THEN 1 ELSE 0 END AS passed, coalesce(a.score, 0) AS score
    FROM quiz_attempts a WHERE a.status = 'graded'
  UNION ALL
  SELECT u.id, a.course_id, a.epoch, CASE WHEN a.passed THEN 1 ELSE 0 END, coalesce(a.score, 0)
    FROM quiz_attempts a JOIN officials o ON o.id = a.official_id AND o.active
    JOIN (SELECT ou.id AS member_unit, au.id FROM units ou JOIN units au ON substr(ou.path, 1, length(au.path)) = au.path) AS u ON u.member_unit = o.unit_id
   WHERE a.status = 'graded'
) AS s GROUP BY unit_id, course_id, epoch;
--> statement-breakpoint
INSERT INTO quiz_item_totals (unit_id, course_id, epoch, question_id, score, response, answered, credit)
SELECT unit_id, course_id, epoch, question_id, score, response, count(*), sum(credit) FROM (
  SELECT 0 AS unit_id, a.course_id, a.epoch, q.question_id, coalesce(a.score, 0) AS score,
         CASE WHEN q.credit < 1 THEN coalesce(CASE WHEN jsonb_typeof(q.response) = 'array' THEN replace(q.response::text, ' ', '') ELSE q.response::text END, 'null') ELSE '' END AS response, q.credit
    FROM quiz_attempts a JOIN quiz_answers q ON q.attempt_id = a.id WHERE a.status = 'graded'
  UNION ALL
  SELECT u.id, a.course_id, a.epoch, q.question_id, coalesce(a.score, 0),
         CASE WHEN q.credit < 1 THEN coalesce(CASE WHEN jsonb_typeof(q.response) = 'array' THEN replace(q.response::text, ' ', '') ELSE q.response::text END, 'null') ELSE '' END, q.credit
    FROM quiz_attempts a JOIN quiz_answers q ON q.attempt_id = a.id
    JOIN officials o ON o.id = a.official_id AND o.active
    JOIN (SELECT ou.id AS member_unit, au.id FROM units ou JOIN units au ON substr(ou.path, 1, length(au.path)) = au.path) AS u ON u.member_unit = o.unit_id
   WHERE a.status = 'graded'
) AS s GROUP BY unit_id, course_id, epoch, question_id, score, response;
