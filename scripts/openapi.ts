import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/env';
import { buildOpenApiDocument } from '../src/openapi';
import { scriptArgs } from './script-args';

const USAGE = `Usage: npm run openapi [-- --help]

Writes openapi.json at the repository's root from the code (the app built on an in-memory database, no
server needed). A test fails when the committed file and the code differ, so run this after changing an
endpoint or a DTO, and commit the file.
`;

/** Writes openapi.json from the code (on an in-memory database); a test fails when the two differ. */
async function main(): Promise<void> {
  scriptArgs('openapi', USAGE, {});
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_DISABLED: 'true' });
  const app = await createApp({ config, database: {} });
  const doc = buildOpenApiDocument(app);
  await app.close();
  const file = join(__dirname, '..', '..', 'openapi.json');
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`wrote ${file} (${Object.keys(doc.paths).length} paths)\n`);
}

void main();
