import { z } from 'zod';

/** A place a user can click: the paper's page, its PDF, arXiv, DOI, code, or a search for its title. */
export const PaperLinkSchema = z.object({
  kind: z.enum(['page', 'pdf', 'arxiv', 'doi', 'code', 'url', 'search']),
  url: z.url({ protocol: /^https?$/ }),
  label: z.string().min(1),
});
export type PaperLink = z.infer<typeof PaperLinkSchema>;

/** A hierarchical tag such as `North America > United States > California (0.14)`. */
export const PaperTagSchema = z.object({
  path: z.array(z.string().min(1)).min(1),
  weight: z.number().nullable(),
});
export type PaperTag = z.infer<typeof PaperTagSchema>;

export const PaperSchema = z.object({
  /** Stable: the same input gives the same id on every run. JSON Lines papers keep their `_id`. */
  id: z.string().min(1).max(200),
  title: z.string().trim().min(1),
  text: z.string(),
  /** The collection's topic (first line of a plain-text export), when the source names one. */
  topic: z.string().nullable(),
  authors: z.array(z.string().min(1)),
  year: z.number().int().nullable(),
  venue: z.string().nullable(),
  tags: z.array(PaperTagSchema),
  /** Tags the source cut off (`- (2 more...)`). */
  moreTags: z.number().int().nonnegative(),
  /** Never empty: at worst a search link built from the title. */
  links: z.array(PaperLinkSchema).min(1),
  /** File relative to the corpus root, and the 1-based line where the paper starts. */
  source: z.object({ file: z.string().min(1), line: z.number().int().positive() }),
  /** Character offsets in `text` where each PDF page starts (page N starts at `pageStarts[N-1]`); null when not paged. */
  pageStarts: z.array(z.number().int().nonnegative()).nullable(),
  /** ISO time the paper was first seen by this deployment; filled from the store, null until then. */
  firstSeen: z.string().nullable(),
  /**
   * The other papers of the corpus found to be this same work and merged into it (`core/paper/merge-papers.ts`):
   * their ids, where they came from, and the rule that joined them. Absent for a paper listed once.
   */
  merged: z
    .array(
      z.object({
        id: z.string().min(1),
        source: z.object({ file: z.string().min(1), line: z.number().int().positive() }),
        rule: z.enum(['doi', 'arxiv', 'title-author', 'title-venue']),
      }),
    )
    .optional(),
});
export type Paper = z.infer<typeof PaperSchema>;

/** A problem found while reading the corpus: the file, the 1-based line (0 when it concerns the whole file), what was wrong. */
export interface CorpusProblem {
  file: string;
  line: number;
  message: string;
}
