/** The JSON error codes the fake answers with, as Discord documents them. */
export const DiscordErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownApplicationCommand: 10063,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  MissingPermissions: 50013,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
  InteractionAlreadyAcknowledged: 40060,
} as const;

/** One failed check at a path of the request body, e.g. `['data', 'choices']`. */
export interface FormIssue {
  path: (string | number)[];
  /** Discord's code for the failure, e.g. `BASE_TYPE_MAX_LENGTH`. */
  code: string;
  message: string;
}

/** Discord's nested `errors` object: `{ data: { choices: { _errors: [{ code, message }] } } }`. */
export interface FormErrors {
  [key: string]: FormErrors | { code: string; message: string }[];
}

export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FormErrors;
}

/** A response the fake sends instead of the route's normal answer. */
export interface ErrorResponse {
  status: number;
  body: DiscordErrorBody;
}

export function discordError(status: number, code: number, message: string): ErrorResponse {
  return { status, body: { code, message } };
}

export function invalidFormBody(issues: FormIssue[]): ErrorResponse {
  return {
    status: 400,
    body: { code: DiscordErrorCode.InvalidFormBody, message: 'Invalid Form Body', errors: nestIssues(issues) },
  };
}

/** Shapes flat issues the way Discord does, so discord.js prints `data.choices[BASE_TYPE_MAX_LENGTH]: …`. */
export function nestIssues(issues: FormIssue[]): FormErrors {
  const root: FormErrors = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path) {
      const next = node[String(key)];
      if (next === undefined || Array.isArray(next)) {
        const child: FormErrors = {};
        node[String(key)] = child;
        node = child;
      } else node = next;
    }
    const list = node._errors;
    const entry = { code: issue.code, message: issue.message };
    if (Array.isArray(list)) {
      if (!list.some((e) => e.code === entry.code && e.message === entry.message)) list.push(entry);
    } else node._errors = [entry];
  }
  return root;
}

/** `data.choices: Must be 25 or fewer in length.` — for violation reports a human reads. */
export function describeIssue(issue: FormIssue): string {
  const path = issue.path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  return `${path || '(body)'}: ${issue.message} [${issue.code}]`;
}
