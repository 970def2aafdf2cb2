DROP INDEX `officials_unit_idx`;--> statement-breakpoint
CREATE INDEX `officials_unit_sort_idx` ON `officials` (`unit_id`,`sort_name`,`id`,`active`);