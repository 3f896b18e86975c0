// docker-compose.yml cannot run here (no Docker engine): this holds it to valid YAML and to what the
// two-machine e2e test starts, so the file and the tested set-up cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ConfigSchema } from '../src/config.js';
import { MACHINE_SHARDS, TEST_ONLY_SETTINGS, machineSettings } from './e2e/machines/machine-settings.js';

const ROOT = join(import.meta.dirname, '..');

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

function compose(): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  const document = parseDocument(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { prettyErrors: true });
  expect(document.errors.map((e) => e.message)).toEqual([]);
  return document.toJS() as ReturnType<typeof compose>;
}

const bots = () => Object.entries(compose().services).filter(([, service]) => service.build !== undefined);

describe('docker-compose.yml', () => {
  it('is PostgreSQL with a health check, and bots that start once it is healthy', () => {
    const { services } = compose();
    expect(services.postgres?.image).toMatch(/^postgres:\d+/);
    expect(services.postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    for (const [, bot] of bots()) expect(bot.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('runs the shard ranges of the e2e test, one machine each, with its settings', () => {
    const services = bots();
    expect(services.map(([, s]) => s.environment?.SHARDS)).toEqual([...MACHINE_SHARDS.ranges]);
    const tested = Object.keys(
      machineSettings(0, { token: 't', apiBase: 'a', corpusDir: 'c', dataDir: 'd', databaseUrl: 'postgres://x' }),
    ).filter((key) => !(TEST_ONLY_SETTINGS as readonly string[]).includes(key));
    for (const [name, service] of services) {
      const environment = service.environment ?? {};
      expect(Object.keys(environment).sort(), name).toEqual(tested.sort());
      expect(environment.SHARD_COUNT).toBe(String(MACHINE_SHARDS.count));
      expect(new URL(environment.DATABASE_URL!.replace(/\$\{[^}]*\}/g, 'x')).hostname).toBe('postgres');
      for (const key of Object.keys(environment)) expect(Object.keys(ConfigSchema.shape)).toContain(key);
    }
  });

  it('shares one corpus folder between the machines and gives each its own DATA_DIR', () => {
    const mounts = bots().map(([, s]) => s.volumes ?? []);
    const corpus = mounts.map((m) => m.find((v) => v.includes(':/app/corpus')));
    expect(new Set(corpus).size).toBe(1);
    expect(corpus[0]).toMatch(/:ro$/);
    const data = mounts.map((m) => m.find((v) => v.endsWith(':/app/data'))?.split(':')[0]);
    expect(new Set(data).size).toBe(data.length);
    for (const volume of data) expect(compose().volumes).toHaveProperty(volume!);
  });
});
