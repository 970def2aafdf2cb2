DROP INDEX `units_code_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_current_idx` ON `units` (`code`) WHERE valid_to IS NULL;--> statement-breakpoint
CREATE INDEX `units_code_idx` ON `units` (`code`);