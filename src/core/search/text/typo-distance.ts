/**
 * How many edits a word of some length may be from the term it stands for: `oneEdit` letters and up
 * allow one, `twoEdits` and up two. Shorter words allow none: they have too many near neighbours.
 */
export interface TypoTolerance {
  oneEdit: number;
  twoEdits: number;
}

// The two tolerances are the ones each reader had when it kept its own copy of this function, and
// the ones the SciFact and bench figures in DESIGN.md were measured with; change them only with a new measurement.

/** A question's words: ranked with the question's other words, so forgiven from 3 letters. */
export const QUESTION_TYPOS: TypoTolerance = { oneEdit: 3, twoEdits: 5 };

/** A lookup's words (`/paper dropos wang`): a name of a few words, each matched in three fields. */
export const LOOKUP_TYPOS: TypoTolerance = { oneEdit: 4, twoEdits: 8 };

/**
 * Edit distance forgiven in a word of `length` letters (0: none).
 * @example typoDistance('mask'.length, QUESTION_TYPOS) // 1
 */
export function typoDistance(length: number, tolerance: TypoTolerance): number {
  return length >= tolerance.twoEdits ? 2 : length >= tolerance.oneEdit ? 1 : 0;
}
