ALTER TABLE "officials" ADD COLUMN "sort_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "officials_sort_idx" ON "officials" USING btree ("sort_name","id");