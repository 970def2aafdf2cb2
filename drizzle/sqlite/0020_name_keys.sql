CREATE TABLE `official_name_keys` (
	`key` text NOT NULL,
	`official_id` integer NOT NULL,
	PRIMARY KEY(`key`, `official_id`),
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `officials_staff_code_lower_idx` ON `officials` (lower("staff_code"));