import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { generateOpenApiDocument } from '../src/openapi-document.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
});
afterAll(() => t.close());

const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const envSource = fs.readFileSync(new URL('../src/env.ts', import.meta.url), 'utf8');

describe('docs are part of the product', () => {
  it('documents every /api/v1 route the app serves in the OpenAPI document', async () => {
    const doc = JSON.parse(await generateOpenApiDocument()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)));
    const served = t.app.routes
      .filter((r) => r.path.startsWith('/api/v1') && r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => `${r.method} ${r.path}`);
    // A regex-constrained segment such as `:file{[^/]+}` serves documented paths like `{month}.{format}`.
    const coveredByPattern = (r: string) => r.includes('{') && [...documented].some((d) => d.startsWith(r.slice(0, r.indexOf(':', r.indexOf(' ')))));
    const undocumented = [...new Set(served)].filter((r) => !documented.has(r) && !coveredByPattern(r));
    expect(undocumented).toEqual([]);
    expect(served.length).toBeGreaterThan(30);
  });

  it('lists every setting of src/env.ts in the README', () => {
    const settings = [...envSource.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(settings.length).toBeGreaterThan(5);
    for (const s of settings) expect(readme, s).toContain(`\`${s}\``);
  });
});
