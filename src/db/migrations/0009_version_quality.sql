CREATE TABLE `version_quality` (
	`dataset_pk` integer NOT NULL,
	`n` integer NOT NULL,
	`profile` text NOT NULL,
	`computed_at` text NOT NULL,
	PRIMARY KEY(`dataset_pk`, `n`),
	FOREIGN KEY (`dataset_pk`) REFERENCES `datasets`(`pk`) ON UPDATE no action ON DELETE no action
);
