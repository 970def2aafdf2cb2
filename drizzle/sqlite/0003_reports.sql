CREATE TABLE `course_status` (
	`official_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`epoch` integer NOT NULL,
	`started_at` text NOT NULL,
	`completed_at` text,
	`best_score` integer,
	`passed_at` text,
	PRIMARY KEY(`official_id`, `course_id`, `epoch`),
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_status_course_idx` ON `course_status` (`course_id`);--> statement-breakpoint
CREATE TABLE `course_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`unit_id` integer,
	`rate` real NOT NULL,
	`due_date` text NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_targets_course_idx` ON `course_targets` (`course_id`);--> statement-breakpoint
CREATE TABLE `headcount_daily` (
	`unit_id` integer NOT NULL,
	`day` text NOT NULL,
	`delta` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `headcount_totals` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`members` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rollup_daily` (
	`unit_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`day` text NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `course_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `rollup_totals` (
	`unit_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `course_id`)
);
