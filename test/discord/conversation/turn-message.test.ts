import { beforeAll, describe, expect, it } from 'vitest';
import { converse, NEW_CONVERSATION } from '../../../src/core/answer/conversation.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { threadName } from '../../../src/discord/conversation/open-thread.js';
import { turnMessage } from '../../../src/discord/conversation/turn-message.js';
import { THREAD_NAME_MAX } from '../../../src/discord/limits.js';
import { seedPapers } from '../../core/search-fixtures.js';
import { expectInert, expectWithinLimits } from '../message-checks.js';

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
});

const LIDAR = 'which paper pre-trains on LiDAR point clouds?';

describe('turnMessage', () => {
  it('shows how a follow-up was read above the answer, and nothing for a question of its own', () => {
    const first = converse(index, NEW_CONVERSATION, LIDAR);
    const standalone = turnMessage(index, first);
    expect(standalone.content).toMatch(/^\*\*Best answer\*\*/);
    const next = turnMessage(index, converse(index, first.conversation, 'what mask ratio does it use?'));
    expect(next.content).toMatch(
      /^-# \(about PRED, from your last question; `new:` starts afresh\)\n\*\*Best answer\*\*/,
    );
    expect(next.components ?? []).toEqual([]);
    expectWithinLimits(next);
    expectInert(next);
  });

  it('says which paper in focus has left the corpus, and goes on without it', () => {
    const first = converse(index, NEW_CONVERSATION, LIDAR);
    const gone = { ...first.conversation, focus: ['removed-paper', ...first.conversation.focus] };
    const reply = converse(index, gone, 'what mask ratio does it use?');
    expect(reply.dropped).toEqual(['removed-paper']);
    const body = turnMessage(index, reply);
    expect(body.content).toContain('-# (removed-paper has left the corpus: this conversation goes on without it)');
    expect(body.content).toContain('about PRED, from your last question');
  });
});

describe('threadName', () => {
  it(`keeps a question of up to ${THREAD_NAME_MAX} characters and cuts a longer one at a word`, () => {
    expect(threadName(LIDAR)).toBe(LIDAR);
    const long = `${'masked point cloud pre-training '.repeat(5)}and more`;
    const name = threadName(long);
    expect(name.length).toBeLessThanOrEqual(THREAD_NAME_MAX);
    expect(name).toMatch(/training…$|cloud…$|point…$|masked…$|pre-training…$/);
  });
});
