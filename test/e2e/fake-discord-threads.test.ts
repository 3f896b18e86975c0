import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelType,
  DiscordAPIError,
  Events,
  Routes,
  type Client,
  type Message,
  type ThreadChannel,
} from 'discord.js';
import {
  failOnProcessErrors,
  loginTestClient,
  startFakeDiscord,
  ThreadErrorCode,
  type FakeDiscord,
} from './fake-discord/index.js';

// The fake's threads and DMs on their own, through the real discord.js client: every route checked against the spec.

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let client: Client<true>;

beforeAll(async () => {
  fake = await startFakeDiscord();
  client = await loginTestClient(fake, { guard });
});
afterEach(() => {
  fake.faults.clear();
  fake.assertNoViolations();
});
afterAll(async () => {
  await client?.destroy();
  await fake?.stop();
});

async function postInGeneral(content: string): Promise<Message> {
  const channel = await client.channels.fetch(fake.channel('general').id);
  if (channel?.type !== ChannelType.GuildText) throw new Error('no #general');
  return channel.send({ content });
}

const code = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error.code;
    throw error;
  }
  return undefined;
};

describe('fake Discord: threads', () => {
  it('starts a thread on a message: its id, owner, THREAD_CREATE, and the starter marked', async () => {
    const starter = await postInGeneral('start here');
    const created = new Promise<ThreadChannel>((resolve) => client.once(Events.ThreadCreate, resolve));
    const thread = await starter.startThread({ name: 'a question' });
    expect(thread.id).toBe(starter.id);
    expect(thread.ownerId).toBe(fake.bot.id);
    expect((await created).id).toBe(thread.id);
    const stored = fake.channelMessages('general').find((m) => m.id === starter.id);
    expect(stored?.thread?.id).toBe(thread.id);
  });

  it('refuses a second thread on a message (160004) and a thread on a missing one (10008)', async () => {
    const starter = await postInGeneral('one thread only');
    const route = Routes.threads(fake.channel('general').id, starter.id);
    await client.rest.post(route, { body: { name: 'first' } });
    expect(await code(client.rest.post(route, { body: { name: 'second' } }))).toBe(
      ThreadErrorCode.ThreadAlreadyCreated,
    );
    expect(await code(client.rest.post(Routes.threads(fake.channel('general').id, '1'), { body: { name: 'x' } }))).toBe(
      10008,
    );
  });

  it('records a thread name past 100 characters as a violation of the spec', async () => {
    const starter = await postInGeneral('a long name');
    expect(await code(starter.startThread({ name: 'n'.repeat(101) }))).toBe(50035);
    expect(fake.takeViolations()).toMatchObject([
      { code: 50035, route: '/channels/{channel_id}/messages/{message_id}/threads' },
    ]);
  });

  it('answers a post in an archived thread with 50083 and in a locked one with 160005; reopening takes a PATCH', async () => {
    const thread = await (await postInGeneral('archive me')).startThread({ name: 'archived' });
    const updated = new Promise<ThreadChannel>((resolve) =>
      client.once(Events.ThreadUpdate, (_old, next) => resolve(next)),
    );
    fake.threads.archive(thread.id);
    expect((await updated).archived).toBe(true);
    expect(await code(thread.send('hello'))).toBe(ThreadErrorCode.ArchivedThread);
    await thread.setArchived(false);
    await thread.send('hello again');
    fake.threads.lock(thread.id);
    expect(await code(thread.send('locked'))).toBe(ThreadErrorCode.ThreadLocked);
    expect(await code(thread.setArchived(false))).toBe(50013);
    expect(fake.violations).toEqual([]);
  });
});

describe('fake Discord: DMs', () => {
  it('opens a DM channel once per user and delivers the bot’s messages there', async () => {
    const dm = await client.users.createDM(fake.user('alice').id);
    expect(dm.type).toBe(ChannelType.DM);
    expect((await client.users.createDM(fake.user('alice').id, { force: true })).id).toBe(dm.id);
    await dm.send('hello alice');
    expect(fake.threads.dmMessages('alice').map((m) => m.content)).toEqual(['hello alice']);
  });

  it('delivers a user’s DM to a client with the DirectMessages intent, with its content', async () => {
    const received = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    fake.dispatch.directMessage('what is DropPos?', { user: 'bob' });
    const message = await received;
    expect(message.inGuild()).toBe(false);
    expect(message.content).toBe('what is DropPos?');
    expect(message.channel.type).toBe(ChannelType.DM);
  });
});
