import { accessTestsSchema, permissionsDocumentSchema } from './permissions-document';
import { z } from './zod';

/** The published JSON Schemas (docs/), generated from the contract so they cannot drift from what the server takes. */
export function permissionsSchemaFiles(): Record<string, unknown> {
  const of = (schema: z.ZodMiniType, title: string, id: string) => ({
    ...z.toJSONSchema(schema, { io: 'input' }),
    $id: id,
    title,
  });
  return {
    'permissions-document.schema.json': of(
      permissionsDocumentSchema,
      'Flow permissions document (version 1)',
      'permissions-document.schema.json',
    ),
    'access-tests.schema.json': of(accessTestsSchema, 'Flow permission tests (version 1)', 'access-tests.schema.json'),
  };
}
