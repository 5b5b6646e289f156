/**
 * Checks an answer against the OpenAPI document the service publishes (openapi.json): every property the
 * schema requires is there with its type, enum and nullability, and nothing is there that the schema does not
 * describe (unless it allows additional properties). Returns the problems, each with the JSON path, so a test
 * names every drift between the code and its documentation at once.
 */
type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  if (s.allOf) {
    const merged = s.allOf.map((part) => resolve(doc, part)).reduce((a, b) => ({ ...a, ...b }), {} as Schema);
    return { ...merged, nullable: s.nullable ?? merged.nullable };
  }
  return s;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

export function schemaProblems(doc: OpenApiDocument, schema: Schema, value: unknown, path = '$'): string[] {
  const s = resolve(doc, schema);
  const actual = typeOf(value);
  if (actual === 'null') return s.nullable ? [] : [`${path}: null, not nullable`];
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`];
  if (s.type && s.type !== actual && !(s.type === 'number' && actual === 'integer')) {
    return [`${path}: ${actual}, documented as ${s.type}`];
  }
  if (actual === 'array') {
    return s.items ? (value as unknown[]).flatMap((item, i) => schemaProblems(doc, s.items!, item, `${path}[${i}]`)) : [];
  }
  if (actual !== 'object') return [];
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of s.required ?? []) if (!(key in obj)) problems.push(`${path}.${key}: documented as required, missing`);
  for (const [key, v] of Object.entries(obj)) {
    const property = s.properties?.[key];
    if (property) problems.push(...schemaProblems(doc, property, v, `${path}.${key}`));
    else if (typeof s.additionalProperties === 'object') problems.push(...schemaProblems(doc, s.additionalProperties, v, `${path}.${key}`));
    else if (s.additionalProperties !== true && s.properties) problems.push(`${path}.${key}: not documented`);
  }
  return problems;
}

/** The problems of an answer of `method path` with `status`, against the schema documented for it (JSON). */
export function responseProblems(doc: OpenApiDocument, method: string, path: string, status: number, body: unknown): string[] {
  const response = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  if (!response) return [`${method} ${path}: no ${status} answer documented`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [`${method} ${path}: ${status} documented without a JSON schema`];
  return schemaProblems(doc, schema, body);
}
