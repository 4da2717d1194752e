// Data for bench:download: a data directory holding two datasets whose latest version has only a CSV artifact of
// synthetic rows (~50 MB and ~200 MB), stored by the artifact store as a publish would. Only serving is measured,
// so the rows are not inserted. Kept in .tmp/ and reused while the sizes are the same.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

const districts = ['花山区', '雨山区', '博望区', '当涂县', '含山县', '和县'];
const schema = ['record_id', 'name', 'district', 'amount', 'staff', 'active', 'registered_on', 'note'].map((name, i) => ({
  name, label_zh: name, type: 'string', required: i === 0, primary_key: i === 0,
}));

/** CSV text of about `bytes` bytes, in 5000-line chunks; deterministic. */
async function* syntheticCsv(bytes: number) {
  yield `${schema.map((f) => f.name).join(',')}\r\n`;
  let seed = 42;
  let written = 0;
  for (let i = 1; written < bytes; ) {
    const lines: string[] = [];
    for (const end = i + 5000; i < end; i++) {
      const r = (seed = (seed * 1103515245 + 12345) % 2147483648);
      const note = r % 4 === 0 ? '' : `备注 "${r % 77}", 含逗号`;
      lines.push(`R${String(i).padStart(8, '0')},马鞍山市${districts[r % 6]}第${r % 997}号服务网点,${districts[r % 6]},${(r % 1_000_000) / 100},${r % 300},${r % 3 !== 0},20${10 + (r % 15)}-0${1 + (r % 9)}-1${r % 9},"${note.replace(/"/g, '""')}"\r\n`);
    }
    const chunk = lines.join('');
    written += Buffer.byteLength(chunk);
    yield chunk;
  }
}

export type DownloadData = { dataDir: string; small: { url: string; file: string; bytes: number }; big: { url: string; bytes: number } | null };

export async function prepareDownloadData(smallMb: number, bigMb: number): Promise<DownloadData> {
  const dataDir = path.resolve(`.tmp/bench-download-${smallMb}-${bigMb}`);
  const filesDir = path.join(dataDir, 'files');
  const ready = path.join(dataDir, 'ready.json');
  if (fs.existsSync(ready)) return JSON.parse(fs.readFileSync(ready, 'utf8')) as DownloadData;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(filesDir, { recursive: true });

  const { openDb, migrateDb } = await import('../../src/db/client.js');
  const { departments, themes, datasets } = await import('../../src/catalog/catalog.table.js');
  const { commitVersion } = await import('../../src/versions/versions.service.js');
  const { storeArtifact } = await import('../../src/versions/artifact-store.js');
  const { createFsBlobStore } = await import('../../src/lib/blobs/fs-blob-store.js');
  const db = openDb(path.join(dataDir, 'kaifang.db'));
  migrateDb(db);
  db.insert(departments).values({ id: 'bench', code: '340500-999', nameZh: '基准测试部门', nameEn: 'Bench' }).run();
  db.insert(themes).values({ id: 'bench', nameZh: '基准', nameEn: 'Bench' }).run();
  const addVersion = async (id: string, mb: number) => {
    const started = performance.now();
    const pk = db.insert(datasets).values({
      id, code: `340500-999-${id}`, titleZh: id, titleEn: id, summaryZh: '基准测试', summaryEn: 'bench', departmentId: 'bench', themeId: 'bench',
      openType: 'open', updateFrequency: 'irregular', license: 'CC-BY-4.0', keywords: [], keywordsEn: [], spatial: '马鞍山市', relatedCodes: [],
      schema: schema as never, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
    }).returning({ pk: datasets.pk }).get().pk;
    const csv = await storeArtifact({ files: createFsBlobStore(filesDir), filesDir }, 'csv', Readable.from(syntheticCsv(mb * 1e6)));
    await commitVersion(db, pk, { n: 1, schema: schema as never, publishedAt: '2025-01-01T00:00:00Z', changeNote: '基准', diff: null, rowCount: 0, artifacts: { csv } });
    console.log(`~${mb} MB artifact (${(csv.bytes / 1e6).toFixed(1)} MB + .gz) stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { url: `/api/v1/datasets/${id}/versions/1/data.csv`, file: path.join(filesDir, csv.path), bytes: csv.bytes };
  };
  const small = await addVersion('bench-small', smallMb);
  const big = bigMb > 0 ? await addVersion('bench-big', bigMb) : null;
  db.$client.close();
  const data: DownloadData = { dataDir, small, big };
  fs.writeFileSync(ready, JSON.stringify(data));
  return data;
}
