ALTER TABLE `official_roles` ADD `scope_needs_review` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `closed_by` text;--> statement-breakpoint
ALTER TABLE `units` ADD `successor_ids` text;--> statement-breakpoint
-- Manager roles without a scope relied on a fallback to the person's own unit. When the person has
-- changed units since joining, that fallback may have silently changed (a reorganisation moved a
-- district's staff up to the province: they became managers of the whole province): flag those.
UPDATE `official_roles` SET `scope_needs_review` = 1 WHERE `role` = 'manager' AND `scope_unit_id` IS NULL AND (SELECT count(*) FROM `memberships` WHERE `memberships`.`official_id` = `official_roles`.`official_id`) > 1;--> statement-breakpoint
-- Every manager role names its unit: fill the rest from the person's own unit.
UPDATE `official_roles` SET `scope_unit_id` = (SELECT `unit_id` FROM `officials` WHERE `officials`.`id` = `official_roles`.`official_id`) WHERE `role` = 'manager' AND `scope_unit_id` IS NULL;--> statement-breakpoint
-- A scope on a closed unit grants nothing until an administrator chooses again.
UPDATE `official_roles` SET `scope_needs_review` = 1 WHERE `role` = 'manager' AND `scope_unit_id` IN (SELECT `id` FROM `units` WHERE `valid_to` IS NOT NULL);--> statement-breakpoint
-- Rows closed before this migration: their one recorded successor.
UPDATE `units` SET `successor_ids` = json_array(`successor_id`) WHERE `successor_id` IS NOT NULL;
