-- The catalog generation, as SQLite's migration 0003: bumped by every change that can alter what the catalog shows,
-- so every node and the CLI invalidate their in-memory catalog caches with one cheap read. Row triggers, as in SQLite.
INSERT INTO "catalog_state" ("id", "generation") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "catalog_state_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "catalog_state" SET "generation" = "generation" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "catalog_gen_datasets" AFTER INSERT OR UPDATE OR DELETE ON "datasets" FOR EACH ROW EXECUTE FUNCTION "catalog_state_bump"();
--> statement-breakpoint
CREATE TRIGGER "catalog_gen_versions_ins" AFTER INSERT ON "versions" FOR EACH ROW EXECUTE FUNCTION "catalog_state_bump"();
--> statement-breakpoint
CREATE TRIGGER "catalog_gen_versions_upd" AFTER UPDATE OF "status", "row_count", "change_note", "withdrawn_reason", "artifacts" ON "versions" FOR EACH ROW EXECUTE FUNCTION "catalog_state_bump"();
--> statement-breakpoint
CREATE TRIGGER "catalog_gen_departments" AFTER UPDATE ON "departments" FOR EACH ROW EXECUTE FUNCTION "catalog_state_bump"();
