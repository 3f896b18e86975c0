// The fake Discord for end-to-end tests: see README.md in this folder.
export { startFakeDiscord, FakeDiscord, InteractionHandle, type FakeDiscordOptions } from './fake-discord.js';
export { FakeClock } from './clock.js';
export { failOnProcessErrors, type ProcessGuard } from './process-guard.js';
export {
  ACK_DEADLINE_MS,
  TOKEN_TTL_MS,
  type InteractionRecord,
  type InteractionEvent,
  type InteractionAcknowledgement,
} from './interactions.js';
export { NONCE_WINDOW_MS } from './rest-channel-routes.js';
export { DISCORD_LIMITS } from './limits.js';
export { DiscordErrorCode } from './discord-errors.js';
export type { LoggedRequest, Violation } from './core.js';
export type { FaultMatcher, FaultRule } from './faults.js';
export type { GatewayLogEntry } from './gateway.js';
export type { ActorOptions, OptionValues } from './dispatch.js';
export type { FakeChannel, FakeGuild, FakeWorld, WorldOptions } from './world.js';
export { loginTestClient, type TestClientOptions } from './login-test-client.js';
export { ThreadErrorCode } from './threads.js';
export type { ReplyOptions } from './dispatch-conversation.js';
export { leaveGuild, UNKNOWN_MEMBER } from './rest-member-routes.js';
