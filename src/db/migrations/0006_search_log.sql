CREATE TABLE `search_log` (
	`id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`query` text NOT NULL,
	`results` integer NOT NULL,
	`source` text NOT NULL,
	`consumer_hash` text NOT NULL,
	`opened` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_log_ts_idx` ON `search_log` (`ts`);--> statement-breakpoint
CREATE INDEX `search_log_query_idx` ON `search_log` (`query`,`ts`);