import { once } from 'node:events';
import { Events, type Client, type GatewayIntentBits } from 'discord.js';
import { createDiscordClient, type DiscordShards } from '../../../src/discord/client.js';
import type { FakeDiscord } from './fake-discord.js';
import type { ProcessGuard } from './process-guard.js';

export interface TestClientOptions {
  /** Watches the client's `error` events so a throwing handler fails the test. */
  guard?: ProcessGuard;
  /** A count of shards, or this client's shard ids of a total: `{ ids: [1], count: 2 }`, one machine of two. */
  shards?: Exclude<DiscordShards, 'manager'>;
  intents?: readonly GatewayIntentBits[];
}

/** The bot's real client (built by src/discord/client.ts) logged in to the fake; resolves once `clientReady`. */
export async function loginTestClient(fake: FakeDiscord, options: TestClientOptions = {}): Promise<Client<true>> {
  const client = createDiscordClient({
    apiBase: fake.apiBase,
    ...(options.shards === undefined ? {} : { shards: options.shards }),
    ...(options.intents === undefined ? {} : { intents: options.intents }),
  });
  options.guard?.watch(client);
  const ready = once(client, Events.ClientReady);
  // If login fails first, `ready` may still reject later (on an 'error' event): that must not become unhandled.
  ready.catch(() => undefined);
  try {
    await client.login(fake.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client as Client<true>;
}
