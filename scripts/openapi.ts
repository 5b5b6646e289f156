import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/env';
import { buildOpenApiDocument } from '../src/openapi';

/** Writes openapi.json from the code (on an in-memory database); a test fails when the two differ. */
async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_DISABLED: 'true' });
  const app = await createApp({ config, database: {} });
  const doc = buildOpenApiDocument(app);
  await app.close();
  const file = join(__dirname, '..', '..', 'openapi.json');
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`wrote ${file} (${Object.keys(doc.paths).length} paths)\n`);
}

void main();
