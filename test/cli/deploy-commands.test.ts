import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { startFakeDiscord, type FakeDiscord } from '../e2e/fake-discord/index.js';

function fakeIo(): CliIo & { out(): string; err(): string } {
  const collect = (stream: PassThrough) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    return () => Buffer.concat(parts).toString('utf8');
  };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, stdin: new PassThrough(), cwd: process.cwd(), out: collect(stdout), err: collect(stderr) };
}

const SETTINGS = ['DISCORD_TOKEN', 'DISCORD_API_BASE', 'DISCORD_GUILD_ID', 'DISCORD_APPLICATION_ID'] as const;
const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterEach(() => {
  for (const key of SETTINGS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

afterAll(async () => {
  await fake?.stop();
});

describe('paperboy deploy-commands', () => {
  it('registers the command list in a guild once, then finds nothing to do', async () => {
    Object.assign(process.env, { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase });
    const first = fakeIo();
    expect(await runCli(['deploy-commands', '--guild', fake.guild.id], first)).toBe(0);
    expect(first.out()).toBe(
      `registered ${COMMANDS.length} commands in guild ${fake.guild.id} for application ${fake.world.applicationId}\n`,
    );
    expect(
      fake.commands
        .list(fake.guild.id)
        .map((c) => c.name)
        .sort(),
    ).toEqual(COMMANDS.map((c) => c.data.name).sort());
    const second = fakeIo();
    expect(await runCli(['deploy-commands', '--guild', fake.guild.id], second)).toBe(0);
    expect(second.out()).toMatch(/already registered in guild \d+; nothing to do/);
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('registers globally without --guild, using DISCORD_APPLICATION_ID when set', async () => {
    Object.assign(process.env, {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_APPLICATION_ID: fake.world.applicationId,
    });
    const io = fakeIo();
    const gets = fake.requests.filter((r) => r.route === '/applications/@me').length;
    expect(await runCli(['deploy-commands'], io)).toBe(0);
    expect(io.out()).toMatch(/^registered \d+ commands globally/);
    expect(fake.requests.filter((r) => r.route === '/applications/@me')).toHaveLength(gets);
    expect(fake.commands.list()).toHaveLength(COMMANDS.length);
  });

  it('fails with a message and no token in it when Discord refuses the token', async () => {
    const bad = `${'y'.repeat(60)}.bad.token`;
    Object.assign(process.env, { DISCORD_TOKEN: bad, DISCORD_API_BASE: fake.apiBase });
    const io = fakeIo();
    expect(await runCli(['deploy-commands', '--guild', fake.guild.id], io)).toBe(1);
    expect(io.err()).toMatch(/^paperboy deploy-commands: /);
    expect(io.err()).not.toContain(bad);
    fake.takeViolations();
  });

  it('needs a token, and a guild id that looks like one', async () => {
    delete process.env.DISCORD_TOKEN;
    const io = fakeIo();
    expect(await runCli(['deploy-commands'], io)).toBe(2);
    expect(io.err()).toMatch(/DISCORD_TOKEN is not set/);
    Object.assign(process.env, { DISCORD_TOKEN: fake.token });
    const usage = fakeIo();
    expect(await runCli(['deploy-commands', '--guild', 'abc'], usage)).toBe(2);
    expect(usage.err()).toMatch(/--guild: not a guild id: 'abc'/);
  });
});
