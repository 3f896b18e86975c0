import { describe, expect, it } from 'vitest';
import { compileTopic, isEmptyTopic, parseTopic, positiveQuery } from '../../../src/core/digest/topic-query.js';
import { indexRanker } from '../../../src/core/digest/digest.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { seedPapers } from '../search-fixtures.js';

const doc = (title: string, text = '', tags: string[][] = []) => ({
  title,
  text,
  tags: tags.map((path) => ({ path, weight: null })),
});

describe('parseTopic', () => {
  it('splits words, "phrases" and -excluded words or phrases', () => {
    expect(parseTopic(' graph "neural  network" -survey -"position paper" ')).toEqual({
      text: 'graph "neural  network" -survey -"position paper"',
      words: ['graph'],
      phrases: ['neural network'],
      excluded: ['survey', 'position paper'],
      filters: { authors: [], venues: [], years: null },
      problems: [],
    });
  });

  it('reads the filters of ask: authors, venues, years; a malformed one is a problem', () => {
    expect(parseTopic('diffusion venue:iclr -video author:"k. he" since:2023')).toMatchObject({
      words: ['diffusion'],
      excluded: ['video'],
      filters: { authors: ['k. he'], venues: ['iclr'], years: { from: 2023, to: null } },
      problems: [],
    });
    expect(parseTopic('diffusion since:tomorrow').problems).toEqual(['since:tomorrow: expected a year such as 2023']);
    expect(isEmptyTopic(parseTopic('venue:iclr'))).toBe(false);
  });

  it('is lenient: an unclosed quote runs to the end, a lone dash and empty quotes are ignored', () => {
    expect(parseTopic('a - "" "open phrase')).toMatchObject({ words: ['a'], phrases: ['open phrase'], excluded: [] });
  });

  it('knows an empty topic and builds the positive query for an index', () => {
    expect(isEmptyTopic(parseTopic('   '))).toBe(true);
    expect(positiveQuery(parseTopic('graph "neural network" -survey'))).toBe('graph neural network');
  });
});

describe('compileTopic', () => {
  it("holds a paper to the topic's author, venue and year filters", () => {
    const match = compileTopic(parseTopic('diffusion venue:iclr author:he since:2023'));
    const paper = { ...doc('Diffusion models', 'diffusion'), authors: ['Kaiming He'], venue: 'ICLR', year: 2024 };
    expect(match(paper)).not.toBeNull();
    expect(match({ ...paper, venue: 'NeurIPS' })).toBeNull();
    expect(match({ ...paper, year: 2022 })).toBeNull();
    expect(match({ ...paper, authors: ['Ross Girshick'] })).toBeNull();
  });

  it('requires every word, matching stems (networks ~ network)', () => {
    const match = compileTopic(parseTopic('graph networks'));
    expect(match(doc('Graph neural network'))).not.toBeNull();
    expect(match(doc('Neural network'))).toBeNull();
  });

  it('requires phrases word for word, skipping stop words', () => {
    const match = compileTopic(parseTopic('"neural network"'));
    expect(match(doc('x', 'A neural network for graphs.'))).not.toBeNull();
    expect(match(doc('x', 'A network that is neural.'))).toBeNull();
    expect(compileTopic(parseTopic('"state of the art"'))(doc('x', 'beats state-of-art'))).toBeNull();
    expect(compileTopic(parseTopic('"state of the art"'))(doc('x', 'the state of art results'))).not.toBeNull();
  });

  it('excludes words and phrases anywhere in title, tags or text', () => {
    const match = compileTopic(parseTopic('learning -survey -"position paper"'));
    expect(match(doc('Learning to rank'))).not.toBeNull();
    expect(match(doc('Learning: a survey'))).toBeNull();
    expect(match(doc('Learning', '', [['Surveys']]))).toBeNull();
    expect(match(doc('Learning', 'This position paper argues.'))).toBeNull();
    expect(match(doc('Learning', 'A paper on position.'))).not.toBeNull();
  });

  it('matches a hyphenated word joined or apart', () => {
    const match = compileTopic(parseTopic('pre-training'));
    expect(match(doc('Pretraining at scale'))).not.toBeNull();
    expect(match(doc('Pre training at scale'))).not.toBeNull();
    expect(match(doc('Training at scale'))).toBeNull();
  });

  it('scores a title hit above a text mention', () => {
    const match = compileTopic(parseTopic('diffusion'));
    expect(match(doc('Diffusion models'))!).toBeGreaterThan(match(doc('Models', 'about diffusion'))!);
  });
});

describe('topics read as ask reads a question', () => {
  const droppos = {
    title: 'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
    text: 'A sequence of positional embeddings is added to patch embeddings.',
    tags: [],
  };

  it('drops bare filler words, so "papers using patch embeddings" matches a paper that never says "papers"', () => {
    const topic = parseTopic('papers using patch embeddings');
    expect(topic.words).toEqual(['patch', 'embeddings']);
    expect(compileTopic(topic)(droppos)).not.toBeNull();
  });

  it('keeps filler the user quoted or excluded, as typed', () => {
    expect(parseTopic('"position paper" -study graph')).toMatchObject({
      words: ['graph'],
      phrases: ['position paper'],
      excluded: ['study'],
    });
  });
});

describe('indexRanker reads a topic as ask reads a question', () => {
  it('finds nothing for filler around words no paper holds, and no typo it should not correct', async () => {
    const rank = indexRanker(SearchIndex.build(await seedPapers()));
    expect(rank('papers using diffusion')).toEqual([]);
    expect(rank('which paper uses occupancy prediction')).toEqual([]);
    expect(rank('papers on point-wise masking').length).toBeGreaterThan(0);
  });
});
