-- The catalog's full-text index (SQLite: the FTS5 table catalog_fts of migration 0001): each dataset's segmented text
-- (jieba words and CJK bigrams, cut by the portal) as one weighted tsvector of the `simple` configuration, searched
-- through a GIN index. Written by src/catalog/catalog-search-pg.sql.ts; not a drizzle table, as catalog_fts is not.
CREATE TABLE "catalog_search" (
	"dataset_pk" integer PRIMARY KEY NOT NULL REFERENCES "datasets" ("pk") ON DELETE CASCADE,
	"document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "catalog_search_document_idx" ON "catalog_search" USING gin ("document");
--> statement-breakpoint
-- A re-index changes what searches find: it bumps the catalog generation, so every node drops its memoised
-- searches even when the re-index commits after the change that caused it (once per statement, not per row).
CREATE TRIGGER "catalog_gen_search" AFTER INSERT OR UPDATE OR DELETE ON "catalog_search" FOR EACH STATEMENT EXECUTE FUNCTION "catalog_state_bump"();
