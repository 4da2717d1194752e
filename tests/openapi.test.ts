import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApiDocument, openApiPath } from '../src/openapi-document.js';

describe('openapi/openapi.json', () => {
  it('equals what the routes generate (run `npm run openapi` after changing a route)', async () => {
    const committed = fs.readFileSync(openApiPath, 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(await generateOpenApiDocument()));
  });

  it('documents every JSON API route the app serves', async () => {
    const doc = JSON.parse(await generateOpenApiDocument()) as { paths: Record<string, object> };
    for (const p of ['/api/v1/datasets', '/api/v1/datasets/{id}', '/api/v1/departments', '/api/v1/departments/{id}', '/api/v1/themes', '/api/v1/stats/overview']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
