CREATE TABLE `dataset_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_pk` integer NOT NULL,
	`ts` text NOT NULL,
	`user_id` text,
	`changes` text NOT NULL,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `datasets` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`code` text NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`summary_zh` text NOT NULL,
	`summary_en` text NOT NULL,
	`department_id` text NOT NULL,
	`theme_id` text NOT NULL,
	`open_type` text NOT NULL,
	`share_type` text DEFAULT '无条件共享' NOT NULL,
	`update_frequency` text NOT NULL,
	`license` text NOT NULL,
	`keywords` text NOT NULL,
	`keywords_en` text NOT NULL,
	`spatial` text NOT NULL,
	`industry` text,
	`related_codes` text NOT NULL,
	`schema` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`latest_version` integer,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_id_unique` ON `datasets` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_code_unique` ON `datasets` (`code`);--> statement-breakpoint
CREATE INDEX `datasets_department_idx` ON `datasets` (`department_id`);--> statement-breakpoint
CREATE INDEX `datasets_theme_idx` ON `datasets` (`theme_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`contact_phone` text,
	`contact_email` text,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_code_unique` ON `departments` (`code`);--> statement-breakpoint
CREATE TABLE `themes` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `versions` (
	`dataset_pk` integer NOT NULL,
	`n` integer NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text,
	`row_count` integer NOT NULL,
	`schema` text NOT NULL,
	`change_note` text NOT NULL,
	`diff` text,
	`artifacts` text NOT NULL,
	`withdrawn_at` text,
	`withdrawn_reason` text,
	PRIMARY KEY(`dataset_pk`, `n`),
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'user' NOT NULL,
	`department_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`owner_user_id` text NOT NULL,
	`department_id` text,
	`name` text NOT NULL,
	`rate_per_min` integer DEFAULT 600 NOT NULL,
	`daily_quota` integer DEFAULT 50000 NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_secret_hash_unique` ON `api_keys` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_owner_idx` ON `api_keys` (`owner_user_id`);--> statement-breakpoint
CREATE TABLE `grants` (
	`id` text PRIMARY KEY NOT NULL,
	`dataset_pk` integer NOT NULL,
	`key_id` text,
	`user_id` text,
	`department_id` text,
	`fields` text,
	`expires_at` text,
	`demand_id` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `grants_dataset_idx` ON `grants` (`dataset_pk`);--> statement-breakpoint
CREATE TABLE `usage_daily` (
	`day` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	`kind` text NOT NULL,
	`consumer_department_id` text DEFAULT '' NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `dataset_pk`, `kind`, `consumer_department_id`)
);
--> statement-breakpoint
CREATE TABLE `usage_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` text NOT NULL,
	`kind` text NOT NULL,
	`dataset_pk` integer NOT NULL,
	`version` integer,
	`format` text,
	`owner_department_id` text NOT NULL,
	`consumer_department_id` text,
	`user_id` text,
	`key_id` text,
	`consumer_hash` text NOT NULL,
	`is_robot` integer DEFAULT false NOT NULL,
	`status` integer NOT NULL,
	`rows` integer,
	`bytes` integer,
	`ms` integer,
	`is_demo` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `usage_events_ts_idx` ON `usage_events` (`ts`);--> statement-breakpoint
CREATE INDEX `usage_events_dataset_idx` ON `usage_events` (`dataset_pk`,`ts`);--> statement-breakpoint
CREATE INDEX `usage_events_key_idx` ON `usage_events` (`key_id`,`ts`);