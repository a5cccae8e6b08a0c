import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { permissionsSchemaFiles } from '../../contract/permissions-json-schema';

describe('the published JSON Schemas of permissions as code', () => {
  it.each(Object.entries(permissionsSchemaFiles()))(
    'docs/%s is the one the contract makes (npm run perms:schema)',
    (name, schema) => {
      const published: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs', name), 'utf8'));
      expect(published).toEqual(schema);
    },
  );
});
