import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FormIssue } from './discord-errors.js';

/** Discord's own OpenAPI description (MIT), copied with its SOURCE.md into the test fixtures. */
const SPEC_URL = new URL('../../fixtures/discord-api-spec/openapi.json', import.meta.url);
const SPEC_ID = 'https://fake-discord.test/openapi.json';

/** Schema names in `components.schemas` that the fake validates request bodies against. */
export type SpecSchemaName =
  | 'CreateMessageInteractionCallbackRequest'
  | 'UpdateMessageInteractionCallbackRequest'
  | 'ApplicationCommandAutocompleteCallbackRequest'
  | 'InteractionApplicationCommandAutocompleteCallbackStringData'
  | 'InteractionApplicationCommandAutocompleteCallbackIntegerData'
  | 'InteractionApplicationCommandAutocompleteCallbackNumberData'
  | 'ModalInteractionCallbackRequest'
  | 'IncomingWebhookUpdateRequestPartial'
  | 'IncomingWebhookRequestPartial'
  | 'MessageCreateRequest'
  | 'MessageEditRequestPartial'
  | 'RichEmbed'
  | 'ApplicationCommandUpdateRequest'
  | 'ApplicationCommandCreateRequest'
  | 'CreateTextThreadWithMessageRequest'
  | 'UpdateThreadRequestPartial'
  | 'CreatePrivateChannelRequest';

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Checks `body` against a schema of the spec (or an array of it); returns Discord-shaped issues, none when valid. */
export function validateAgainstSpec(
  name: SpecSchemaName,
  body: unknown,
  options: { array?: boolean } = {},
): FormIssue[] {
  const key = `${name}${options.array ? '[]' : ''}`;
  let validate = compiled.get(key);
  if (!validate) {
    const ref = { $ref: `${SPEC_ID}#/components/schemas/${name}` };
    validate = loadAjv().compile(options.array ? { type: 'array', items: ref } : ref);
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  const issues = relevantErrors(validate.errors ?? []).map(toIssue);
  return issues.filter((issue, i) => issues.findIndex((other) => sameIssue(other, issue)) === i);
}

/** With allErrors a failed union also reports "must match exactly one schema"; the branch errors say more. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const detailed = errors.filter((e) => !isUnionSummary(e));
  return detailed.length > 0 ? detailed : errors;
}

function loadAjv(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as { components: Record<string, unknown> };
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  // Refs inside the spec read `#/components/schemas/X`: registering `components` under one $id resolves them.
  ajv.addSchema({ $id: SPEC_ID, components: simplifyUnions(acceptIntegerStrings(spec.components)) });
  return ajv;
}

/**
 * The spec's README warns that "int-parseable strings may be typed as ints": Discord accepts `"8"` where the
 * spec says integer (discord.js sends permissions and ids as strings). Such nodes also accept digit strings.
 */
function acceptIntegerStrings<T>(node: T): T {
  if (Array.isArray(node)) return node.map(acceptIntegerStrings) as T;
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, acceptIntegerStrings(v)])) as Record<
    string,
    unknown
  >;
  const types = Array.isArray(copy.type) ? (copy.type as unknown[]) : [copy.type];
  if (types.includes('integer') && !types.includes('string') && copy.enum === undefined) {
    copy.type = [...types, 'string'];
    copy.pattern = '^-?[0-9]+$';
  }
  return copy as T;
}

type SchemaNode = Record<string, unknown>;
const isNode = (value: unknown): value is SchemaNode =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Ajv reports every branch of a failed union, so a bad button would list the failures of all six component kinds.
 * Two rewrites keep the report to the branch that was meant: `oneOf [null, X]` becomes "null, or else X", and a
 * union told apart by an integer `type` (components, options, callbacks) becomes an if/then chain on `type`.
 */
function simplifyUnions(components: Record<string, unknown>): Record<string, unknown> {
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  const typeValues = (branch: unknown): unknown[] | undefined => {
    const ref = isNode(branch) && typeof branch.$ref === 'string' ? branch.$ref : undefined;
    const target = ref?.startsWith('#/components/schemas/')
      ? schemas[ref.slice('#/components/schemas/'.length)]
      : branch;
    const properties = isNode(target) ? target.properties : undefined;
    const type = isNode(properties) ? properties.type : undefined;
    return isNode(type) && Array.isArray(type.enum) ? type.enum : undefined;
  };
  const isNull = (branch: unknown) => isNode(branch) && branch.type === 'null' && Object.keys(branch).length === 1;
  const byType = (union: unknown[]): SchemaNode | undefined => {
    const tags = union.map(typeValues);
    const all = tags.flatMap((t) => t ?? []);
    if (union.length < 2 || tags.some((t) => t === undefined) || new Set(all).size !== all.length) return undefined;
    let chain: SchemaNode = { required: ['type'], properties: { type: { enum: all } } };
    for (let i = union.length - 1; i >= 0; i--) {
      chain = { if: { required: ['type'], properties: { type: { enum: tags[i] } } }, then: union[i], else: chain };
    }
    return chain;
  };
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isNode(node)) return node;
    const copy: SchemaNode = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v)]));
    const key = Array.isArray(copy.oneOf) ? 'oneOf' : Array.isArray(copy.anyOf) ? 'anyOf' : undefined;
    if (!key) return copy;
    const union = copy[key] as unknown[];
    const rest = union.filter((branch) => !isNull(branch));
    const inner: SchemaNode | undefined =
      byType(rest) ??
      (rest.length === 1 && isNode(rest[0]) ? rest[0] : rest.length < union.length ? { [key]: rest } : undefined);
    if (!inner) return copy;
    delete copy[key];
    const simplified = rest.length < union.length ? { if: { type: 'null' }, else: inner } : inner;
    // Keep sibling keywords (type, description…) next to the rewritten union.
    return { ...copy, allOf: [...((copy.allOf as unknown[]) ?? []), simplified] };
  };
  return rewrite(components) as Record<string, unknown>;
}

function isUnionSummary(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if';
}

function sameIssue(a: FormIssue, b: FormIssue): boolean {
  return a.code === b.code && a.message === b.message && a.path.join('/') === b.path.join('/');
}

function toIssue(error: ErrorObject): FormIssue {
  const path: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'maxLength':
    case 'maxItems':
      return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(params.limit)} or fewer in length.` };
    case 'minLength':
    case 'minItems':
      return { path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(params.limit)} or more in length.` };
    case 'required':
      return {
        path: [...path, String(params.missingProperty)],
        code: 'BASE_TYPE_REQUIRED',
        message: 'This field is required',
      };
    case 'enum':
    case 'const':
      return {
        path,
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of ${JSON.stringify(params.allowedValues ?? params.allowedValue)}.`,
      };
    case 'pattern':
      if (params.pattern === '^-?[0-9]+$') return { path, code: 'NUMBER_TYPE_COERCE', message: 'Value is not int.' };
      return {
        path,
        code: 'STRING_TYPE_REGEX',
        message: `String value did not match validation regex ${String(params.pattern)}.`,
      };
    default:
      return {
        path,
        code: `SCHEMA_${error.keyword.toUpperCase()}`,
        message: `${error.message ?? 'is invalid'} (spec)`,
      };
  }
}
