CREATE TABLE "department_invites" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"department_id" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL,
	"used_at" text,
	"used_by" text
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "created_at" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" text;--> statement-breakpoint
ALTER TABLE "department_invites" ADD CONSTRAINT "department_invites_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_invites" ADD CONSTRAINT "department_invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "department_invites_department_idx" ON "department_invites" USING btree ("department_id");