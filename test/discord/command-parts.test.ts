import { GatewayCloseCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper/paper.js';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { paper as makePaper } from '../core/search-fixtures.js';
import { serveSearch } from '../../src/core/answer/search-service.js';
import { BotLoginError, explainLoginFailure } from '../../src/discord/bot.js';
import { formatDuration } from '../../src/discord/commands/about.js';
import { messageText } from '../../src/discord/commands/find-papers.js';
import { paperChoices, relatedPapers } from '../../src/discord/commands/paper.js';
import { mentionQuestion } from '../../src/discord/ask/mention.js';
import { ownsScheduledJobs } from '../../src/discord/sharding.js';

/** A paper whose text restates its title, for cases that only need the two to agree. */
function paper(id: string, title: string, text = `${title} is studied here.`): Paper {
  return makePaper(id, title, text);
}

describe('mentionQuestion', () => {
  it('takes the text around the bot’s mention, in either form', () => {
    expect(mentionQuestion('<@42> what is DropPos?', '42')).toBe('what is DropPos?');
    expect(mentionQuestion('hey <@!42>  what is\nPRED', '42')).toBe('hey what is PRED');
  });

  it('drops other mentions from the question', () => {
    expect(mentionQuestion('<@42> <@7> <@&9> <#5> masking', '42')).toBe('masking');
  });

  it('is undefined when the bot is not mentioned in the text', () => {
    expect(mentionQuestion('what is DropPos? <@7>', '42')).toBeUndefined();
    expect(mentionQuestion('<@420> hi', '42')).toBeUndefined();
  });

  it('gives an empty question for a bare mention', () => {
    expect(mentionQuestion('<@42>', '42')).toBe('');
  });
});

describe('messageText', () => {
  it('uses the content, else the embeds of a bot message', () => {
    expect(messageText({ content: 'masking ratio', embeds: [] } as never)).toBe('masking ratio');
    expect(messageText({ content: ' ', embeds: [{ title: 'PRED', description: 'lidar' }] } as never)).toBe(
      'PRED lidar',
    );
  });
});

describe('explainLoginFailure', () => {
  it.each([
    [GatewayCloseCodes.AuthenticationFailed, /Reset Token/],
    [GatewayCloseCodes.DisallowedIntents, /Privileged Gateway Intents/],
    [GatewayCloseCodes.ShardingRequired, /SHARDS=auto/],
  ])('explains close code %i', (code, advice) => {
    const error = explainLoginFailure(new Error('whatever'), code);
    expect(error).toBeInstanceOf(BotLoginError);
    expect(error.closeCode).toBe(code);
    expect(error.message).toMatch(advice);
  });

  it('recognises discord.js’s own messages when no close code was seen', () => {
    expect(explainLoginFailure(new Error('An invalid token was provided.'), undefined).closeCode).toBe(4004);
    expect(explainLoginFailure(new Error('Used disallowed intents'), undefined).closeCode).toBe(4014);
    expect(explainLoginFailure(new Error('Sharding is required'), undefined).closeCode).toBe(4011);
  });

  it('passes anything else through, naming the module', () => {
    const error = explainLoginFailure(new Error('connect ECONNREFUSED 127.0.0.1:1'), undefined);
    expect(error.closeCode).toBeUndefined();
    expect(error.message).toBe('bot: could not connect to Discord: connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('formatDuration', () => {
  it('reads naturally at each scale', () => {
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(5 * 60_000 + 1)).toBe('5 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
});

describe('paperChoices', () => {
  const papers = Array.from({ length: 40 }, (_, i) => paper(`p${i}`, `Pretraining study number ${i}`));
  const longId = 'x'.repeat(150);
  const index = SearchIndex.build([...papers, paper(longId, 'Contrastive Graphormer Ablations')]);
  const search = serveSearch(index, { defer: (task) => setImmediate(task) });

  it('offers at most 25 choices, names and values within 100 characters', async () => {
    const choices = await paperChoices(search, 'pretraining');
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
  });

  it('names a paper whose id is too long for a choice by its title, which finds it again', async () => {
    const [choice] = await paperChoices(search, 'contrastive graph');
    expect(choice).toEqual({ name: 'Contrastive Graphormer Ablations', value: 'Contrastive Graphormer Ablations' });
  });

  it('forgives a typo', async () => {
    expect((await paperChoices(search, 'graphromer')).map((c) => c.name)).toContain('Contrastive Graphormer Ablations');
  });

  it('finds related papers by title words, never the paper itself', () => {
    const related = relatedPapers(index, papers[0]!);
    expect(related.length).toBeGreaterThan(0);
    expect(related.map((p) => p.id)).not.toContain('p0');
  });
});

describe('ownsScheduledJobs', () => {
  it('is true in a single process and in the ShardingManager child holding shard 0 only', () => {
    expect(ownsScheduledJobs({ shard: null })).toBe(true);
    expect(ownsScheduledJobs({ shard: { ids: [0] } } as never)).toBe(true);
    expect(ownsScheduledJobs({ shard: { ids: [1, 2] } } as never)).toBe(false);
  });
});
