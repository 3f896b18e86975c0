/** When each paper was first seen by this deployment, and which papers each subscription has been shown. */
export interface PaperHistory {
  /**
   * Records that these papers are in the corpus at `now`. A paper already known keeps its earliest
   * time, so reloading the corpus never makes an old paper look new.
   */
  recordPapers(ids: Iterable<string>, now: Date): Promise<void>;
  /** First-seen ISO times for every recorded paper. */
  firstSeen(): Promise<Map<string, string>>;
  /** The last time a paper arrived, or null before the first corpus load. */
  lastArrival(): Promise<string | null>;
  /** Papers shown to a subscription, with the last time each was shown. */
  shown(subscriptionId: number): Promise<Map<string, string>>;
  recordShown(subscriptionId: number, paperIds: readonly string[], at: Date): Promise<void>;
}
