-- Catalog search index: text is pre-segmented (jieba tokens + CJK bigrams) by src/lib/segment.ts,
-- so FTS5's unicode61 tokenizer only has to split on spaces.
CREATE VIRTUAL TABLE `catalog_fts` USING fts5(title, summary, keywords, fields, department, tokenize = 'unicode61 remove_diacritics 2');
