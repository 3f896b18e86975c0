/** One member's vote: who, for which paper, in which guild. */
export interface VoteKey {
  guildId: string;
  userId: string;
  paperId: string;
}

/** A paper and its votes in a guild over a period. */
export interface PaperVotes {
  paperId: string;
  votes: number;
}

/** What pressing 👍 did: the vote is now counted (`voted`) or withdrawn, and the paper's total in the guild. */
export interface VoteToggle {
  voted: boolean;
  votes: number;
}

/**
 * Votes per guild: a member's vote counts once per paper and can be withdrawn. Asynchronous so that a
 * store on another engine (PostgreSQL) can implement it too.
 */
export interface VoteStore {
  /** Adds the vote, or withdraws it when it is already there; atomic. */
  toggle(vote: VoteKey, at: Date): Promise<VoteToggle>;
  /** The papers with the most votes in a guild cast at or after `since` (all time when null), most first. */
  top(guildId: string, since: Date | null, limit: number): Promise<PaperVotes[]>;
  /** Paper id → votes in the guild cast before `before` (for the digest: votes from earlier days). */
  tally(guildId: string, before: Date): Promise<Map<string, number>>;
  /** How many votes are stored, in one guild or in all. */
  count(guildId?: string): Promise<number>;
  /** Deletes every vote of a member in every guild; how many were deleted. */
  forgetUser(userId: string): Promise<number>;
}
