import { withFilterOptions } from '../core/search/filter/filter-grammar.js';

/** `--author`, `--since`, `--until`, `--venue`: the filter grammar as flags (`ask`, `paper`, `chat`). */
export const FILTER_FLAGS = {
  author: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  venue: { type: 'string' },
} as const;

export const FILTER_USAGE = '[--author NAME] [--since YEAR] [--until YEAR] [--venue VENUE]';

/**
 * The question with the filter flags appended in the grammar, so they are read (and a malformed one
 * reported) exactly as the same filters typed in the question.
 * @example withFilterFlags('masked autoencoders', { author: 'k. he', since: '2022' }) // 'masked autoencoders author:"k. he" since:2022'
 */
export function withFilterFlags(
  question: string,
  values: {
    author?: string | undefined;
    since?: string | undefined;
    until?: string | undefined;
    venue?: string | undefined;
  },
): string {
  return withFilterOptions(question, values);
}
