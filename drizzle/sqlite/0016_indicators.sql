CREATE TABLE `indicator_courses` (
	`indicator_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	PRIMARY KEY(`indicator_id`, `course_id`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`unit_id` integer,
	`period` text,
	`rate` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_targets_indicator_idx` ON `indicator_targets` (`indicator_id`);--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`numerator` integer NOT NULL,
	`denominator` integer NOT NULL,
	`source` text NOT NULL,
	`entered_by` integer,
	`entered_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`note` text,
	`current` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_values_current_idx` ON `indicator_values` (`indicator_id`,`unit_id`,`period`) WHERE current;--> statement-breakpoint
CREATE INDEX `indicator_values_key_idx` ON `indicator_values` (`indicator_id`,`unit_id`,`period`);--> statement-breakpoint
CREATE INDEX `indicator_values_period_idx` ON `indicator_values` (`indicator_id`,`period`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`numerator_label` text NOT NULL,
	`denominator_label` text NOT NULL,
	`period` text NOT NULL,
	`higher_is_better` integer DEFAULT true NOT NULL,
	`min_denominator` integer DEFAULT 20 NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`retired_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_code_idx` ON `indicators` (`code`);