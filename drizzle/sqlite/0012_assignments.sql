-- Assignments (issue 15, docs/decisions/0027). The figure and member tables are WITHOUT ROWID: read by primary-key ranges.
CREATE TABLE `assignment_daily` (
	`unit_id` integer NOT NULL,
	`assignment_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`day` text NOT NULL,
	`assigned` integer DEFAULT 0 NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`late` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `assignment_id`, `due_on`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `assignment_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`by` integer,
	`change` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `assignment_history_assignment_idx` ON `assignment_history` (`assignment_id`);--> statement-breakpoint
CREATE TABLE `assignment_members` (
	`assignment_id` integer NOT NULL,
	`official_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`assigned_on` text NOT NULL,
	`due_on` text NOT NULL,
	`started_on` text,
	`completed_on` text,
	`left_on` text,
	PRIMARY KEY(`assignment_id`, `official_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `assignment_members_official_idx` ON `assignment_members` (`official_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `assignment_people` (
	`assignment_id` integer NOT NULL,
	`official_id` integer NOT NULL,
	PRIMARY KEY(`assignment_id`, `official_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `assignment_people_official_idx` ON `assignment_people` (`official_id`);--> statement-breakpoint
CREATE TABLE `assignment_totals` (
	`unit_id` integer NOT NULL,
	`assignment_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`assigned` integer DEFAULT 0 NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`late` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `assignment_id`, `due_on`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `assignment_units` (
	`assignment_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`assignment_id`, `unit_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `assignment_units_unit_idx` ON `assignment_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`start_on` text NOT NULL,
	`due_on` text NOT NULL,
	`grace_days` integer DEFAULT 30 NOT NULL,
	`positions` text NOT NULL,
	`roles` text NOT NULL,
	`status` text DEFAULT 'building' NOT NULL,
	`build_cursor` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignments_course_idx` ON `assignments` (`course_id`);--> statement-breakpoint
CREATE INDEX `assignments_status_idx` ON `assignments` (`status`);
--> statement-breakpoint
-- The "mandatory" flag becomes an assignment of each mandatory course to every current top-level unit,
-- from the course's first publication, with no due day ('9999-12-31'). Its members are written by the
-- app's assignment builder at start (status 'building'), as for any new assignment.
INSERT INTO assignments (course_id, note, start_on, due_on, grace_days, positions, roles, status)
SELECT c.id, 'mandatory', coalesce((SELECT substr(min(v.created_at), 1, 10) FROM course_versions v WHERE v.course_id = c.id), substr(c.updated_at, 1, 10)),
       '9999-12-31', 30, '[]', '[]', 'building'
  FROM courses c WHERE c.mandatory = 1 AND c.retired_at IS NULL;
--> statement-breakpoint
INSERT INTO assignment_units (assignment_id, unit_id)
SELECT a.id, u.id FROM assignments a, units u WHERE a.note = 'mandatory' AND u.parent_id IS NULL AND u.valid_to IS NULL;
--> statement-breakpoint
INSERT INTO assignment_history (assignment_id, by, change, after)
SELECT a.id, NULL, 'mandatory', '{}' FROM assignments a WHERE a.note = 'mandatory';
--> statement-breakpoint
UPDATE assignments SET note = '' WHERE note = 'mandatory';
