CREATE TABLE `cart_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	`fields` text,
	`filter` text,
	`delivery_mode` text DEFAULT 'file' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`demand_id` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	`version` integer NOT NULL,
	`artifact_sha` text,
	`artifact_path` text,
	`artifact_bytes` integer,
	`format` text,
	`grant_id` text,
	`delivered_at` text NOT NULL,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `demand_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demand_id` text NOT NULL,
	`user_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `demand_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demand_id` text NOT NULL,
	`ts` text NOT NULL,
	`actor_user_id` text,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `demand_events_demand_idx` ON `demand_events` (`demand_id`,`ts`);--> statement-breakpoint
CREATE TABLE `demand_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demand_id` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	`fields` text,
	`filter` text,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `demand_votes` (
	`demand_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`demand_id`, `user_id`),
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `demands` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`legal_basis` text,
	`agreement` text,
	`requester_user_id` text NOT NULL,
	`requester_department_id` text,
	`provider_department_id` text,
	`dataset_pk` integer,
	`delivery_mode` text,
	`due_at` text,
	`first_response_due_at` text,
	`status` text DEFAULT 'submitted' NOT NULL,
	`planned_for` text,
	`linked_dataset_pk` integer,
	`linked_version` integer,
	`row_ref` text,
	`field_ref` text,
	`rating` integer,
	`rating_comment` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`requester_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `demands_provider_idx` ON `demands` (`provider_department_id`,`status`);--> statement-breakpoint
CREATE INDEX `demands_requester_idx` ON `demands` (`requester_department_id`,`status`);--> statement-breakpoint
CREATE INDEX `demands_kind_idx` ON `demands` (`kind`,`created_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text,
	`department_id` text,
	`demand_id` text,
	`message` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
ALTER TABLE `usage_daily` ADD `robots` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_daily` ADD `rows` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_daily` ADD `bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_daily` ADD `is_demo` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `usage_events_owner_idx` ON `usage_events` (`owner_department_id`,`kind`,`ts`);