CREATE TABLE `app_datasets` (
	`app_id` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	PRIMARY KEY(`app_id`, `dataset_pk`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `app_datasets_dataset_idx` ON `app_datasets` (`dataset_pk`);--> statement-breakpoint
CREATE TABLE `app_screenshots` (
	`app_id` text NOT NULL,
	`position` integer NOT NULL,
	`blob_key` text NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	PRIMARY KEY(`app_id`, `position`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `apps` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text,
	`kind` text NOT NULL,
	`description_zh` text NOT NULL,
	`description_en` text,
	`url` text,
	`contact` text NOT NULL,
	`submitted_by` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`reject_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`is_demo` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `apps_status_idx` ON `apps` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `apps_submitter_idx` ON `apps` (`submitted_by`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `link` text;