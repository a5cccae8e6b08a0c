/**
 * Writes the JSON Schemas of the permissions document and the permission test file, generated from
 * the contract's zod shapes: `npm run perms:schema`. A test checks the committed files are current.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsSchemaFiles } from '../contract/permissions-json-schema';

for (const [name, schema] of Object.entries(permissionsSchemaFiles())) {
  writeFileSync(join(import.meta.dirname, '..', 'docs', name), `${JSON.stringify(schema, null, 2)}\n`);
}
