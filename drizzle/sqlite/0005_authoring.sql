-- Hand-edited after drizzle-kit generate: the copies fill epoch with 1 (the old tables had none),
-- and the rollup tables stay WITHOUT ROWID (clustered on their key).
CREATE TABLE `course_assets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` blob NOT NULL,
	`size` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_assets_name_idx` ON `course_assets` (`course_id`,`file_name`);--> statement-breakpoint
CREATE TABLE `course_drafts` (
	`course_id` integer PRIMARY KEY NOT NULL,
	`meta` text NOT NULL,
	`quiz` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `draft_lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`lesson_key` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`minutes` integer NOT NULL,
	`source` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `draft_lessons_key_idx` ON `draft_lessons` (`course_id`,`lesson_key`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_rollup_daily` (
	`unit_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`epoch` integer DEFAULT 1 NOT NULL,
	`day` text NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `course_id`, `epoch`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_rollup_daily`("unit_id", "course_id", "epoch", "day", "started", "completed", "attempts", "passed", "score_sum") SELECT "unit_id", "course_id", 1, "day", "started", "completed", "attempts", "passed", "score_sum" FROM `rollup_daily`;--> statement-breakpoint
DROP TABLE `rollup_daily`;--> statement-breakpoint
ALTER TABLE `__new_rollup_daily` RENAME TO `rollup_daily`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_rollup_totals` (
	`unit_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`epoch` integer DEFAULT 1 NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `course_id`, `epoch`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_rollup_totals`("unit_id", "course_id", "epoch", "started", "completed", "attempts", "passed", "score_sum") SELECT "unit_id", "course_id", 1, "started", "completed", "attempts", "passed", "score_sum" FROM `rollup_totals`;--> statement-breakpoint
DROP TABLE `rollup_totals`;--> statement-breakpoint
ALTER TABLE `__new_rollup_totals` RENAME TO `rollup_totals`;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `epoch` integer DEFAULT 1 NOT NULL;