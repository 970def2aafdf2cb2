CREATE TABLE "official_name_keys" (
	"key" text COLLATE "C" NOT NULL,
	"official_id" integer NOT NULL,
	CONSTRAINT "official_name_keys_key_official_id_pk" PRIMARY KEY("key","official_id")
);
--> statement-breakpoint
ALTER TABLE "official_name_keys" ADD CONSTRAINT "official_name_keys_official_id_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "officials_staff_code_lower_idx" ON "officials" USING btree (lower("staff_code"));