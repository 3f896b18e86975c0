import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type ApplicationCommandOptionChoiceData,
} from 'discord.js';
import type { Paper } from '../../core/paper/paper.js';
import type { SearchIndex } from '../../core/search/search-index.js';
import type { SearchService } from '../../core/answer/search-service.js';
import type { Command } from '../command.js';
import { FILTER_OPTIONS, filterChoices, withFilters } from '../filter-options.js';
import { formatPaperCard, formatPaperNotFound } from '../format/format-paper.js';
import { message } from '../format/format-message.js';
import { plainText, truncateWords } from '../format/format-text.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX } from '../limits.js';

const QUERY_MAX = 200;
const RELATED_SHOWN = 3;

/** A choice's value names the paper by id when the id fits, else by (the start of) its title. */
function choiceFor(paper: Pick<Paper, 'id' | 'title'>): ApplicationCommandOptionChoiceData<string> {
  return {
    name: plainText(truncateWords(paper.title, CHOICE_NAME_MAX)).slice(0, CHOICE_NAME_MAX),
    value: paper.id.length <= CHOICE_VALUE_MAX ? paper.id : paper.title.slice(0, CHOICE_VALUE_MAX),
  };
}

/**
 * Titles for a half-typed query, at most 25: titles starting with what was typed first, then the
 * typo-tolerant lookup (a misspelled word, an author, a venue). Empty input lists the first papers.
 */
export async function paperChoices(
  search: SearchService,
  typed: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const { index } = search;
  const text = typed.trim();
  if (text.length === 0) return index.papers.slice(0, AUTOCOMPLETE_CHOICES_MAX).map(choiceFor);
  const ids = (await search.suggest(text)).map((s) => s.paperId);
  if (ids.length < AUTOCOMPLETE_CHOICES_MAX) {
    const found = await search.lookup(text, { limit: AUTOCOMPLETE_CHOICES_MAX });
    if (found.kind === 'found') for (const hit of found.papers) if (!ids.includes(hit.paper.id)) ids.push(hit.paper.id);
  }
  return ids
    .slice(0, AUTOCOMPLETE_CHOICES_MAX)
    .map((id) => index.paperById(id))
    .filter((p): p is Paper => p !== undefined)
    .map(choiceFor);
}

/** Titles of papers that pass the filters in `query`, the typed words looked up among them. */
async function filteredPaperChoices(
  search: SearchService,
  query: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const found = await search.lookup(query, { limit: AUTOCOMPLETE_CHOICES_MAX });
  return found.kind === 'found' ? found.papers.map((hit) => choiceFor(hit.paper)) : [];
}

/** Papers close to this one: ranked by the words of its title, itself left out. */
export function relatedPapers(index: SearchIndex, paper: Paper): Paper[] {
  const { terms } = index.readQuestion(paper.title);
  return index
    .rankIds(terms, RELATED_SHOWN + 1)
    .filter((id) => id !== paper.id)
    .slice(0, RELATED_SHOWN)
    .map((id) => index.paperById(id))
    .filter((p): p is Paper => p !== undefined);
}

/** `/paper query:<text>`: one paper's card, picked from autocomplete or looked up from free text. */
export const paperCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'paper',
    description: 'Show one paper: authors, venue, tags, the opening, links and related papers',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'query',
        description: 'A title (pick from the list), an author, a venue or a paper id',
        required: true,
        autocomplete: true,
        max_length: QUERY_MAX,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        description: 'Post the card for the whole channel (default: only you see it)',
      },
      ...FILTER_OPTIONS,
    ],
  },
  autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    const choices = filterChoices(ctx.corpus().index, focused);
    if (choices) return choices;
    // Titles of the papers that pass the filters set so far, when there are any.
    const filtered = withFilters(interaction, '');
    if (filtered !== '') return filteredPaperChoices(ctx.corpus().search, withFilters(interaction, focused.value));
    return paperChoices(ctx.corpus().search, focused.value);
  },
  plan(interaction, ctx) {
    const typed = interaction.options.getString('query', true);
    const query = withFilters(interaction, typed);
    const isPublic = interaction.options.getBoolean('public') ?? false;
    return {
      ack: isPublic ? 'public' : 'private',
      run: async () => {
        const { index, search } = ctx.corpus();
        // A paper picked from the list is named by its id (the filters chose the list).
        const exact = index.paperById(typed);
        const result = exact ? undefined : await search.lookup(query, { limit: 1 + RELATED_SHOWN });
        if (result?.kind === 'no-match') {
          return { body: message(formatPaperNotFound(query, result.suggestions, result.filters)) };
        }
        const paper = exact ?? index.paperById(result!.kind === 'found' ? result!.papers[0]!.paper.id : '');
        if (!paper) return { body: message(formatPaperNotFound(query, [])) };
        const others = result?.kind === 'found' ? result.papers.slice(1).map((h) => h.paper) : [];
        return { body: message(formatPaperCard(paper, relatedPapers(index, paper), others)) };
      },
    };
  },
} satisfies Command;
