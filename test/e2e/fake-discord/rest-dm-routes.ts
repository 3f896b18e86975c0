import { discordError, invalidFormBody } from './discord-errors.js';
import { validateAgainstSpec } from './spec-validator.js';
import { dmPayload, openDm, ThreadErrorCode } from './threads.js';
import { describeIssues, isObject, ok, refuse, type FakeCore, type RestRequest, type RouteDefinition } from './core.js';

/** DMs: open (or find) the DM channel with a user; its messages go through the channel routes. */
export function dmRoutes(core: FakeCore): RouteDefinition[] {
  const { world } = core;
  const open = (request: RestRequest) => {
    const issues = validateAgainstSpec('CreatePrivateChannelRequest', request.body);
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    const id = isObject(request.body) ? request.body.recipient_id : undefined;
    const user = world.users.find((u) => u.id === id);
    if (!user) {
      const error = discordError(404, ThreadErrorCode.UnknownUser, 'Unknown User');
      return { status: error.status, body: error.body };
    }
    return ok(dmPayload(world, openDm(world, user, core.mint)));
  };
  return [{ method: 'POST', route: '/users/@me/channels', auth: true, handle: open }];
}
