CREATE TABLE `audit_archives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`archived_at` text NOT NULL,
	`file` text NOT NULL,
	`rows` integer NOT NULL,
	`first_id` integer NOT NULL,
	`last_id` integer NOT NULL,
	`last_hash` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` text NOT NULL,
	`actor` text,
	`actor_role` text,
	`actor_department_id` text,
	`action` text NOT NULL,
	`target` text,
	`target_department_id` text,
	`summary` text,
	`request_id` text,
	`client_hash` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_ts_idx` ON `audit_events` (`ts`);--> statement-breakpoint
CREATE INDEX `audit_events_action_idx` ON `audit_events` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor`,`id`);