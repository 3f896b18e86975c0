import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { ChatConversation } from '../../src/store/conversation-turn.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { runChat } from '../../src/terminal/chat.js';
import { seedPapers } from '../core/search-fixtures.js';

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
});

/** The piped chat: one question per line in; out, what it printed after each question (answers end with a blank line). */
async function chat(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  const parts: Buffer[] = [];
  output.on('data', (b: Buffer) => parts.push(b));
  const done = runChat(index, { input, output });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return Buffer.concat(parts).toString('utf8');
}

const LIDAR = 'which paper pre-trains on LiDAR point clouds?';
const PRED = '1. PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds';
const DROPPOS = '1. DropPos: Pre-Training Vision Transformers';

/** The reply to each question, split at the reading line or the papers' header that starts one. */
function replies(out: string): string[] {
  return out.split(/\n\n(?=\(about |Papers |No paper|New conversation|That question)/);
}

describe('terminal chat: one conversation per session', () => {
  it('answers a follow-up from the paper in focus and says how it read it', async () => {
    const out = replies(
      await chat([LIDAR, 'what mask ratio does it use?', 'does it use positional embeddings?', 'what about DropPos?']),
    );
    expect(out[0]).toContain(PRED);
    expect(out[0]).not.toContain('(about');
    expect(out[1]).toMatch(/^\(about PRED, from your last question; new: to start afresh\)\n/);
    expect(out[1]).toContain(
      "answer: We further enhance our model's performance by incorporating point-wise masking with a high mask ratio (95%).",
    );
    expect(out[2]).toContain(PRED);
    expect(out[2]).toContain('note: PRED does not mention “positional embeddings”.');
    expect(out[2]).toContain('why: not found: positional, embeddings');
    expect(out[2]).not.toContain('DropPos');
    expect(out[3]).toMatch(/^\(about DropPos, as you named it; /);
    expect(out[3]).toContain(DROPPOS);
    expect(out[3]).toContain('positional embeddings');
  });

  it('starts afresh at /new: the same follow-up is then a question of its own', async () => {
    const out = replies(await chat([LIDAR, '/new', 'does it use positional embeddings?']));
    expect(out[1]).toContain('New conversation');
    expect(out[2]).not.toContain('(about');
    expect(out[2]).toContain(DROPPOS);
  });

  it('compares the papers in focus side by side and picks `the second one` of that list', async () => {
    const out = replies(
      await chat([
        LIDAR,
        'does it use positional embeddings?',
        'what about DropPos?',
        'compare them',
        'the second one',
      ]),
    );
    expect(out[3]).toMatch(/^\(about DropPos and PRED, side by side; /);
    expect(out[3]).toContain(DROPPOS);
    expect(out[3]).toContain('2. PRED');
    expect(out[4]).toMatch(/^\(about PRED, the second of your last answer; /);
    expect(out[4]).toContain(PRED);
  });

  it('keeps /paper and /more working between turns of a conversation', async () => {
    const out = await chat(['pre-training', '/paper dropos', '/more', 'what mask ratio does it use?']);
    expect(out).toContain('Papers 1–3 of');
    expect(out).toContain(DROPPOS);
    expect(out).toContain('Papers 4–');
    expect(out).toContain('(about ');
  });
});

describe('terminal chat: the conversation kept in the store', () => {
  it('continues after a restart under the same session, and /new drops it', async () => {
    const store = openSqliteStore(':memory:');
    const T0 = new Date('2026-03-01T08:00:00.000Z');
    const kept = (session: string) => new ChatConversation({ store: store.conversations, session, clock: () => T0 });
    try {
      const run = async (session: string, lines: string[]) => {
        const input = new PassThrough();
        const output = new PassThrough();
        const parts: Buffer[] = [];
        output.on('data', (b: Buffer) => parts.push(b));
        const done = runChat(index, { input, output, conversation: kept(session) });
        input.end(lines.map((l) => `${l}\n`).join(''));
        await done;
        return Buffer.concat(parts).toString('utf8');
      };
      await run('default', [LIDAR]);
      expect(await run('default', ['does it use positional embeddings?'])).toMatch(
        /^\(about PRED, from your last question/,
      );
      expect(await run('other', ['does it use positional embeddings?'])).not.toContain('(about');
      const fresh = replies(await run('default', ['/new', 'does it use positional embeddings?']));
      expect(fresh[1]).not.toContain('(about');
      expect(await store.conversations.load('terminal:default', T0)).toBeDefined();
    } finally {
      await store.close();
    }
  });
});
