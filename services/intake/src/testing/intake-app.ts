// The intake service as its end-to-end specs build it: exactly as main.ts does, but on
// stores in a temporary folder (event store, read models, embedded bus, inbox), with local
// HS256 tokens. Excluded from the build (`**/testing/**`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { connectBus } from '#continuum/messaging';
import { DEV_JWT_SECRET, type Role, createServiceApp, mintDevToken } from '#continuum/platform';
import { intakeServiceConfig } from '../intake.config.js';
import { IntakeModule } from '../intake.module.js';

export const today = () => new Date().toISOString().slice(0, 10);
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const tokenFor = (role: Role, sites: string[], userId = `user-${role}`) =>
  mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export type IntakeTestApp = {
  readonly app: INestApplication;
  readonly folder: string;
  http(): ReturnType<typeof request>;
  /** Closes the app and starts it again on the same files: what a restart sees. */
  restart(): Promise<void>;
  close(): Promise<void>;
};

export async function startIntakeTestApp(name: string): Promise<IntakeTestApp> {
  const folder = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const build = async () => {
    const app = await createServiceApp(IntakeModule, {
      serviceName: 'intake',
      config: intakeServiceConfig,
      env: {
        EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
        READ_STORE_URL: `sqlite:${path.join(folder, 'read.db')}`,
        DATA_DIR: folder,
        BUS: 'embedded',
        LOG_LEVEL: 'error',
      },
      logSink: () => undefined,
    });
    // As main.ts: intake consumes aftercare's readmission recommendations.
    await connectBus(app);
    return app;
  };
  let app = await build();
  return {
    get app() {
      return app;
    },
    folder,
    http: () => request(app.getHttpServer()),
    async restart() {
      await app.close();
      app = await build();
    },
    async close() {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
