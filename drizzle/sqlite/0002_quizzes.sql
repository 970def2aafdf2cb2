CREATE TABLE `quiz_answers` (
	`attempt_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`position` integer NOT NULL,
	`response` text,
	`credit` real NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token` text NOT NULL,
	`official_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`course_version_id` integer NOT NULL,
	`epoch` integer NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`layout` text NOT NULL,
	`started_at` text NOT NULL,
	`deadline_at` text,
	`submitted_at` text,
	`duration_seconds` integer,
	`score` integer,
	`passed` integer,
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_token_idx` ON `quiz_attempts` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_number_idx` ON `quiz_attempts` (`official_id`,`course_id`,`epoch`,`number`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_course_idx` ON `quiz_attempts` (`course_id`,`status`);--> statement-breakpoint
CREATE TABLE `quiz_definitions` (
	`course_version_id` integer PRIMARY KEY NOT NULL,
	`definition` text NOT NULL,
	FOREIGN KEY (`course_version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE no action
);
