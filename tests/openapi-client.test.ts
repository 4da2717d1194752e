import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiPath } from '../src/openapi-document.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/**
 * A small program a developer would write against the generated client: a typed fetch of one page of records
 * (as JSON, then as CSV), a pinned version by its number, a download by its format. Each line leans on a
 * guarantee of the document: the records operation exists with its page schema, `n` is an integer, formats
 * are enums (a wrong one must not compile), the operations have ids.
 */
const program = `
import type { paths, operations } from './schema';

type RecordsGet = paths['/api/v1/datasets/{id}/records']['get'];
type RecordsQuery = NonNullable<RecordsGet['parameters']['query']>;
type RecordsPage = RecordsGet['responses'][200]['content']['application/json'];

export async function firstPage(origin: string, id: string, query: RecordsQuery): Promise<RecordsPage> {
  const url = new URL(\`/api/v1/datasets/\${encodeURIComponent(id)}/records\`, origin);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const res = await fetch(url, { headers: { 'X-API-Key': 'kf_example' } });
  return (await res.json()) as RecordsPage;
}

export async function totalOf(origin: string): Promise<number> {
  const page = await firstPage(origin, 'bus-stops', { limit: 10, format: 'json', sort: '-date' });
  const version: number = page.version;
  const names: string[] = page.fields.map((f) => f.name);
  return page.total + version + names.length + page.data.length;
}

export const csvQuery: RecordsQuery = { format: 'csv', limit: 'all', bom: '1' };
// @ts-expect-error xml is not one of the records formats
export const wrongFormat: RecordsQuery = { format: 'xml' };

export const pinned: paths['/api/v1/datasets/{id}/versions/{n}']['get']['parameters']['path'] = { id: 'bus-stops', n: 2 };
export const download: paths['/api/v1/datasets/{id}/versions/{n}/data.{format}']['get']['parameters']['path'] = { id: 'bus-stops', n: 1, format: 'xlsx' };
// @ts-expect-error pdf is not a download format
export const wrongDownload: paths['/api/v1/datasets/{id}/data.{format}']['get']['parameters']['path'] = { id: 'bus-stops', format: 'pdf' };

export type ListRecords = operations['listRecords'];
export type ListDatasets = operations['listDatasets'];
`;

/** Generates the client from `document` into a temp dir and type-checks the program with the project's TypeScript. */
async function compileAgainst(document: object): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-client-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'schema.d.ts'), astToString(await openapiTS(document as never)));
  const main = path.join(dir, 'main.ts');
  fs.writeFileSync(main, program);
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], types: [], skipLibCheck: false,
  };
  const tsProgram = ts.createProgram([main], options);
  return ts.getPreEmitDiagnostics(tsProgram).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const committed = () => JSON.parse(fs.readFileSync(openApiPath, 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: { name: string; schema: Record<string, unknown> }[] }>>;
};

describe('a TypeScript client generated from openapi/openapi.json (openapi-typescript)', () => {
  it('compiles a typed fetch of the records endpoint with no error', async () => {
    const errors = await compileAgainst(committed());
    for (const e of errors) console.error(e);
    expect(errors).toEqual([]);
  }, 60_000);

  it('fails to compile when the document is wrong (n typed as a string, formats without their enum)', async () => {
    const doc = committed();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const p of op.parameters ?? []) {
          if (p.name === 'n') p.schema = { type: 'string' };
          if (p.name === 'format') p.schema = { type: 'string' };
        }
      }
    }
    const errors = await compileAgainst(doc);
    expect(errors.join('\n')).toMatch(/Type 'number' is not assignable to type 'string'/);
    expect(errors.join('\n')).toMatch(/Unused '@ts-expect-error' directive/);
  }, 60_000);
});
