CREATE TABLE `warning_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`warning_id` integer NOT NULL,
	`ts` text NOT NULL,
	`type` text NOT NULL,
	`actor` text,
	`note` text,
	FOREIGN KEY (`warning_id`) REFERENCES `warnings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warning_events_warning_idx` ON `warning_events` (`warning_id`,`ts`);--> statement-breakpoint
CREATE TABLE `warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_pk` integer NOT NULL,
	`department_id` text NOT NULL,
	`kind` text NOT NULL,
	`finding` text NOT NULL,
	`opened_at` text NOT NULL,
	`due_at` text NOT NULL,
	`status` text NOT NULL,
	`closed_at` text,
	`explanation` text,
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `warnings_one_open_idx` ON `warnings` (`dataset_pk`,`kind`) WHERE status <> 'closed';--> statement-breakpoint
CREATE INDEX `warnings_department_idx` ON `warnings` (`department_id`,`status`);