import { Hono } from 'hono';
import { auditExportQuerySchema, auditPageQuerySchema } from '../../contract/audit-query';
import { actorOf } from '../auth/console-admin';
import { query } from '../http/validate';
import type { AuditService } from './audit-service';
import { withAuditEntry } from './audit-header';

export function auditRoutes(audit: AuditService) {
  return new Hono()
    .get('/audit', query(auditPageQuerySchema), async (c) => {
      const { offset, limit, ...filter } = c.req.valid('query');
      return c.json(await audit.list(filter, { offset, limit }));
    })
    .get('/audit/export', query(auditExportQuerySchema), (c) => {
      const { format, ...filter } = c.req.valid('query');
      return new Response(audit.export(filter, format), {
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="audit-log.${format}"`,
          'cache-control': 'no-store',
        },
      });
    })
    .post('/audit/:entryId/undo', async (c) => {
      const entry = await audit.undo(c.req.param('entryId'), actorOf(c));
      withAuditEntry(c, [entry]);
      return c.json(entry);
    });
}
