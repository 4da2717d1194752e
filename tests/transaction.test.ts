import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, migrateDb, openDb, type SqliteDb } from '../src/db/client.js';
import { inTransaction } from '../src/db/transaction.js';
import { insertDepartmentsAndThemes } from '../src/catalog/catalog-writes.store.js';
import { selectDepartments } from '../src/catalog/catalog.store.js';

// inTransaction: a unit of work over several async store calls, on a real SQLite file.

let dir: string;
let db: SqliteDb;
const department = (id: string) => ({ id, code: id.toUpperCase(), nameZh: `部门${id}`, nameEn: `Department ${id}`, position: 0 });
const ids = async () => (await selectDepartments(db)).map((d) => d.id).sort();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-tx-'));
  db = openDb(path.join(dir, 'kaifang.db'));
  migrateDb(db);
});
afterEach(() => {
  closeDb(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('inTransaction', () => {
  it('writes all of a unit of work, or none of it when it fails half-way', async () => {
    await expect(inTransaction(db, async (tx) => {
      await insertDepartmentsAndThemes(tx, [department('a')], []);
      await insertDepartmentsAndThemes(tx, [department('b')], []);
      throw new Error('the third step failed');
    })).rejects.toThrow('the third step failed');
    expect(await ids()).toEqual([]);

    await inTransaction(db, async (tx) => {
      await insertDepartmentsAndThemes(tx, [department('a')], []);
      await insertDepartmentsAndThemes(tx, [department('b')], []);
    });
    expect(await ids()).toEqual(['a', 'b']);
  });

  it('runs units of work started at the same moment one after another, each whole', async () => {
    const results = await Promise.allSettled(['c', 'd', 'e'].map((id) => inTransaction(db, async (tx) => {
      await insertDepartmentsAndThemes(tx, [department(id)], []);
      if (id === 'd') throw new Error('d fails');
      await insertDepartmentsAndThemes(tx, [department(`${id}2`)], []);
    })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual(['c', 'c2', 'e', 'e2']);
  });

  it('reports a unit of work that awaited I/O inside its transaction, and keeps what was written meanwhile', async () => {
    const outside = new Promise<void>((resolve) => setTimeout(() => {
      // another request's write while the transaction is open: it joins it, and must not be lost
      void insertDepartmentsAndThemes(db, [department('other')], []).then(resolve);
    }, 5));
    await expect(inTransaction(db, async (tx) => {
      await insertDepartmentsAndThemes(tx, [department('f')], []);
      await new Promise((r) => setTimeout(r, 20));
    })).rejects.toThrow(/awaited I\/O inside its transaction/);
    await outside;
    expect(await ids()).toEqual(['f', 'other']);
  });
});
