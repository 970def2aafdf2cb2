ALTER TABLE `officials` ADD `sort_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `officials_sort_idx` ON `officials` (`sort_name`,`id`);