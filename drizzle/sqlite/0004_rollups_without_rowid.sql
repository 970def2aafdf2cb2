-- Rollup tables are read by primary-key ranges (unit, course, day): store them clustered on that key.
CREATE TABLE `rollup_daily_new` (
	`unit_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`day` text NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `course_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `rollup_daily_new` SELECT `unit_id`, `course_id`, `day`, `started`, `completed`, `attempts`, `passed`, `score_sum` FROM `rollup_daily`;
--> statement-breakpoint
DROP TABLE `rollup_daily`;
--> statement-breakpoint
ALTER TABLE `rollup_daily_new` RENAME TO `rollup_daily`;
--> statement-breakpoint
CREATE TABLE `rollup_totals_new` (
	`unit_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `course_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `rollup_totals_new` SELECT `unit_id`, `course_id`, `started`, `completed`, `attempts`, `passed`, `score_sum` FROM `rollup_totals`;
--> statement-breakpoint
DROP TABLE `rollup_totals`;
--> statement-breakpoint
ALTER TABLE `rollup_totals_new` RENAME TO `rollup_totals`;
--> statement-breakpoint
CREATE TABLE `headcount_daily_new` (
	`unit_id` integer NOT NULL,
	`day` text NOT NULL,
	`delta` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `headcount_daily_new` SELECT `unit_id`, `day`, `delta` FROM `headcount_daily`;
--> statement-breakpoint
DROP TABLE `headcount_daily`;
--> statement-breakpoint
ALTER TABLE `headcount_daily_new` RENAME TO `headcount_daily`;
