CREATE TABLE `certificate_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `certificate_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`public_key` text NOT NULL,
	`private_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`retired_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_keys_generation_idx` ON `certificate_keys` (`generation`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`completion_id` integer NOT NULL,
	`official_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`epoch` integer NOT NULL,
	`course_version_id` integer NOT NULL,
	`version_number` integer NOT NULL,
	`full_name` text NOT NULL,
	`unit_id` integer NOT NULL,
	`unit_name` text NOT NULL,
	`course_title` text NOT NULL,
	`completed_on` text NOT NULL,
	`score` integer,
	`key_id` text NOT NULL,
	`signature` text NOT NULL,
	`check_code` text NOT NULL,
	`issued_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text,
	`revoked_by` integer,
	`revoked_reason` text,
	FOREIGN KEY (`completion_id`) REFERENCES `course_completions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`key_id`) REFERENCES `certificate_keys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number_idx` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_idx` ON `certificates` (`completion_id`);--> statement-breakpoint
CREATE INDEX `certificates_official_idx` ON `certificates` (`official_id`);--> statement-breakpoint
CREATE INDEX `certificates_unit_idx` ON `certificates` (`unit_id`);