import { afterAll, beforeAll, expect, it } from 'vitest';
import { Events, type Client } from 'discord.js';
import { failOnProcessErrors, loginTestClient, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// On its own file so it runs beside the others: discord.js spaces IDENTIFYs of a shard 5 s apart (plus up to
// 1.5 s of jitter), so a re-identify right after login waits that long whatever the fake does.

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let client: Client<true>;

beforeAll(async () => {
  fake = await startFakeDiscord();
  client = await loginTestClient(fake, { guard });
  await client.application.commands.set([{ name: 'ping', description: 'Round trip' }], fake.guild.id);
  client.on(Events.InteractionCreate, async (interaction) => {
    if (interaction.isChatInputCommand()) await interaction.reply('pong');
  });
});

afterAll(async () => {
  await client?.destroy();
  await fake?.stop();
});

it('identifies again after a non-resumable op 9 INVALID_SESSION and keeps answering', { timeout: 15_000 }, async () => {
  fake.gateway.invalidateSessions(false);
  await fake.waitFor(
    () => (fake.gateway.identifies === 2 ? true : undefined),
    () => 'a second IDENTIFY',
    10_000,
  );
  expect(fake.gateway.resumes).toBe(0);
  expect((await fake.dispatch.chatInput('ping').reply()).content).toBe('pong');
  fake.assertNoViolations();
});
