ALTER TABLE "deliveries" ADD COLUMN "is_demo" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "demand_comments" ADD COLUMN "is_demo" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "demand_events" ADD COLUMN "is_demo" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "demand_items" ADD COLUMN "is_demo" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "demand_votes" ADD COLUMN "is_demo" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "is_demo" integer DEFAULT 0 NOT NULL;