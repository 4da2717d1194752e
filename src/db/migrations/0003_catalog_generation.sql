-- A counter bumped by every change that can alter what the catalog shows, so any process
-- (server, CLI publish) invalidates in-memory catalog caches with one cheap read.
CREATE TABLE `catalog_state` (`id` integer PRIMARY KEY CHECK (`id` = 1), `generation` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `catalog_state` (`id`, `generation`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `catalog_gen_datasets_ins` AFTER INSERT ON `datasets` BEGIN UPDATE `catalog_state` SET `generation` = `generation` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_gen_datasets_upd` AFTER UPDATE ON `datasets` BEGIN UPDATE `catalog_state` SET `generation` = `generation` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_gen_datasets_del` AFTER DELETE ON `datasets` BEGIN UPDATE `catalog_state` SET `generation` = `generation` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_gen_versions_ins` AFTER INSERT ON `versions` BEGIN UPDATE `catalog_state` SET `generation` = `generation` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_gen_versions_upd` AFTER UPDATE OF `status`, `row_count`, `change_note`, `withdrawn_reason`, `artifacts` ON `versions` BEGIN UPDATE `catalog_state` SET `generation` = `generation` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_gen_departments` AFTER UPDATE ON `departments` BEGIN UPDATE `catalog_state` SET `generation` = `generation` + 1; END;
