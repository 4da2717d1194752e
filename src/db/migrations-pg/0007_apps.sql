CREATE TABLE "app_datasets" (
	"app_id" text NOT NULL,
	"dataset_pk" integer NOT NULL,
	CONSTRAINT "app_datasets_app_id_dataset_pk_pk" PRIMARY KEY("app_id","dataset_pk")
);
--> statement-breakpoint
CREATE TABLE "app_screenshots" (
	"app_id" text NOT NULL,
	"position" integer NOT NULL,
	"blob_key" text NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	CONSTRAINT "app_screenshots_app_id_position_pk" PRIMARY KEY("app_id","position")
);
--> statement-breakpoint
CREATE TABLE "apps" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text,
	"kind" text NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text,
	"url" text,
	"contact" text NOT NULL,
	"submitted_by" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" text,
	"reject_reason" text,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"is_demo" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link" text;--> statement-breakpoint
ALTER TABLE "app_datasets" ADD CONSTRAINT "app_datasets_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_datasets" ADD CONSTRAINT "app_datasets_dataset_pk_datasets_pk_fk" FOREIGN KEY ("dataset_pk") REFERENCES "public"."datasets"("pk") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_screenshots" ADD CONSTRAINT "app_screenshots_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apps" ADD CONSTRAINT "apps_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apps" ADD CONSTRAINT "apps_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_datasets_dataset_idx" ON "app_datasets" USING btree ("dataset_pk");--> statement-breakpoint
CREATE INDEX "apps_status_idx" ON "apps" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "apps_submitter_idx" ON "apps" USING btree ("submitted_by");