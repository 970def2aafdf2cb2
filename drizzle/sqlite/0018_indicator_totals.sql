CREATE TABLE `indicator_totals` (
	`unit_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`period` text NOT NULL,
	`numerator` integer DEFAULT 0 NOT NULL,
	`denominator` integer DEFAULT 0 NOT NULL,
	`value_count` integer DEFAULT 0 NOT NULL,
	`demo_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `indicator_id`, `period`)
);
--> statement-breakpoint
CREATE INDEX `indicator_totals_read_idx` ON `indicator_totals` (`unit_id`,`indicator_id`,`period`,`numerator`,`denominator`,`value_count`,`demo_count`);