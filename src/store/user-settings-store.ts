/**
 * What a user told Paperboy once and Paperboy remembers for them: the time zone their alerts use when
 * `/alert add` names none, and one notice waiting to be given the next time they talk to the bot (an alert
 * paused because Discord refused the DM). Removed by `/forget`.
 */
export interface UserSettingsStore {
  /** The user's remembered IANA time zone, or undefined before they gave one. */
  timezone(userId: string): Promise<string | undefined>;
  setTimezone(userId: string, timezone: string, now: Date): Promise<void>;
  /** Keeps a notice for the user's next interaction (replacing an earlier one not yet given). */
  setNotice(userId: string, notice: string, now: Date): Promise<void>;
  /** The waiting notice, cleared in the same step so it is given once; undefined when there is none. */
  takeNotice(userId: string): Promise<string | undefined>;
  /** Forgets the user's settings; how many rows were dropped (0 or 1). */
  forgetUser(userId: string): Promise<number>;
}
