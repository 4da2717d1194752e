CREATE TABLE `api_key_daily_counts` (
	`key_id` text NOT NULL,
	`day` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key_id`, `day`)
);
