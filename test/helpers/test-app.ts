import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { mintToken } from '../../src/auth/mint-token';
import type { Role } from '../../src/auth/principal';
import { loadConfig } from '../../src/config/env';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  db: TestDatabase;
  token(roles: Role | Role[], forces?: string | string[]): Promise<string>;
  close(): Promise<void>;
}

/** The whole application on a fresh migrated database, for end-to-end tests through HTTP. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: TEST_SECRET, ...env });
  const app = await createApp({ config, database: db.target });
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    db,
    token: (roles, forces = ['E23000010']) =>
      mintToken({ secret: TEST_SECRET, roles: ([] as Role[]).concat(roles), forces: ([] as string[]).concat(forces), ttl: '10m' }),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** The whole application with national (forces '*') recorder and auditor tokens. */
export async function createNationalTestApp(): Promise<{ t: TestApp; recorder: string; auditor: string }> {
  const t = await createTestApp();
  return { t, recorder: await t.token('recorder', '*'), auditor: await t.token('auditor', '*') };
}

/**
 * A describe block's application (createTestApp), opened before its tests and closed after them; `opened`
 * gets it, for the block's own setup (its tokens).
 */
export function useTestApp(opened: (t: TestApp) => Promise<void> | void): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp();
    await opened(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  }, 30_000);
}
