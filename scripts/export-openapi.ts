import fs from 'node:fs';
import { generateOpenApiDocument, openApiPath } from '../src/openapi-document.js';

fs.writeFileSync(openApiPath, await generateOpenApiDocument());
console.log(`wrote ${openApiPath.pathname}`);
