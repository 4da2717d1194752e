CREATE TABLE `publish_locks` (
	`dataset_pk` integer PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`n` integer NOT NULL,
	`rows_table` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_unique` (
	`day` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	`kind` text NOT NULL,
	`consumer` text NOT NULL,
	PRIMARY KEY(`day`, `dataset_pk`, `kind`, `consumer`)
);
--> statement-breakpoint
ALTER TABLE `versions` ADD `unavailable_reason` text;--> statement-breakpoint
ALTER TABLE `usage_daily` ADD `uniques` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_events` ADD `unique_consumer` text;