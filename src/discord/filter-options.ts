// The filter options `/ask` and `/paper` share: `author`, `venue` (both with autocomplete from the corpus),
// `since` and `until`. They become part of the question in the filter grammar (`… author:"k. he" since:2022`),
// so the answer's footer holds them and its buttons, which re-read the question from there, keep them.
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { authorChoices, venueChoices, type FacetChoice } from '../core/search/filter/facet-choices.js';
import { withFilterOptions } from '../core/search/filter/filter-grammar.js';
import type { SearchIndex } from '../core/search/search-index.js';
import { plainText, truncateWords } from './format/format-text.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX } from './limits.js';

/** Longest author or venue typed into an option. */
export const FILTER_NAME_MAX = 100;
/** The years a `since` or `until` option accepts. */
export const FILTER_YEAR_MIN = 1900;
export const FILTER_YEAR_MAX = 2100;

/** `author`, `venue`, `since`, `until`, in the order Discord shows them after a command's own options. */
export const FILTER_OPTIONS: APIApplicationCommandBasicOption[] = [
  {
    type: ApplicationCommandOptionType.String,
    name: 'author',
    description: 'Only papers by this author (e.g. hinton, k. he)',
    autocomplete: true,
    max_length: FILTER_NAME_MAX,
  },
  {
    type: ApplicationCommandOptionType.Integer,
    name: 'since',
    description: 'Only papers published in or after this year',
    min_value: FILTER_YEAR_MIN,
    max_value: FILTER_YEAR_MAX,
  },
  {
    type: ApplicationCommandOptionType.Integer,
    name: 'until',
    description: 'Only papers published in or before this year',
    min_value: FILTER_YEAR_MIN,
    max_value: FILTER_YEAR_MAX,
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'venue',
    description: 'Only papers from this venue (e.g. neurips, iclr 2024)',
    autocomplete: true,
    max_length: FILTER_NAME_MAX,
  },
];

/**
 * `text` with the filter options the user set appended in the grammar.
 * @example withFilters(interaction, 'masked autoencoders') // 'masked autoencoders author:he since:2022'
 */
export function withFilters(interaction: ChatInputCommandInteraction | AutocompleteInteraction, text: string): string {
  const year = (name: string) => {
    const value = interaction.options.get(name)?.value;
    return typeof value === 'number' ? String(value) : undefined;
  };
  const name = (option: string) => {
    const value = interaction.options.get(option)?.value;
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  return withFilterOptions(text, {
    author: name('author'),
    venue: name('venue'),
    since: year('since'),
    until: year('until'),
  });
}

function choice(found: FacetChoice): ApplicationCommandOptionChoiceData<string> {
  const count = ` (${found.papers} ${found.papers === 1 ? 'paper' : 'papers'})`;
  const name = plainText(truncateWords(found.text, CHOICE_NAME_MAX - count.length)) + count;
  return { name: name.slice(0, CHOICE_NAME_MAX), value: found.text.slice(0, CHOICE_VALUE_MAX) };
}

/**
 * Choices for the focused `author` or `venue` option: the corpus's own names, most papers first; undefined
 * when another option is focused.
 */
export function filterChoices(
  index: SearchIndex,
  focused: { name: string; value: string },
): ApplicationCommandOptionChoiceData<string>[] | undefined {
  if (focused.name === 'author') return authorChoices(index, focused.value, AUTOCOMPLETE_CHOICES_MAX).map(choice);
  if (focused.name === 'venue') return venueChoices(index, focused.value, AUTOCOMPLETE_CHOICES_MAX).map(choice);
  return undefined;
}
