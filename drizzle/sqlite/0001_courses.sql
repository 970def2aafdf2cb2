CREATE TABLE `course_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`official_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`epoch` integer NOT NULL,
	`course_version_id` integer NOT NULL,
	`completed_at` text NOT NULL,
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_completions_once_idx` ON `course_completions` (`official_id`,`course_id`,`epoch`);--> statement-breakpoint
CREATE INDEX `course_completions_course_idx` ON `course_completions` (`course_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `course_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`number` integer NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`created_by` integer,
	`material_change` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_versions_number_idx` ON `course_versions` (`course_id`,`number`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`source` text DEFAULT 'repo' NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`audience` text DEFAULT '' NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`mandatory` integer DEFAULT false NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`sort_order` integer DEFAULT 1000 NOT NULL,
	`search_text` text DEFAULT '' NOT NULL,
	`current_version_id` integer,
	`epoch` integer DEFAULT 1 NOT NULL,
	`problems` text,
	`checked_hash` text,
	`retired_at` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `courses_slug_idx` ON `courses` (`slug`);--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`official_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`started_at` text NOT NULL,
	`completed_at` text,
	PRIMARY KEY(`official_id`, `lesson_id`),
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `lesson_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_version_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`position` integer NOT NULL,
	`file_name` text NOT NULL,
	`title` text NOT NULL,
	`minutes` integer NOT NULL,
	`source` text NOT NULL,
	`source_hash` text NOT NULL,
	`html` text NOT NULL,
	`toc` text NOT NULL,
	`words` integer NOT NULL,
	FOREIGN KEY (`course_version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_versions_pos_idx` ON `lesson_versions` (`course_version_id`,`position`);--> statement-breakpoint
CREATE INDEX `lesson_versions_hash_idx` ON `lesson_versions` (`source_hash`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`lesson_key` text NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_key_idx` ON `lessons` (`course_id`,`lesson_key`);