import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { ApiError, request } from '../../src/api/client';
import { flowPageSchema, flowSchema } from '../../contract/console';

describe('the API client', () => {
  it('parses a valid answer with the schema', async () => {
    const page = await request('/flows', flowPageSchema, { query: { search: 'welcome' } });
    expect(page.items.map((flow) => flow.name)).toEqual(['Send Welcome Email']);
  });

  it('turns an error answer into an ApiError with status, code and message', async () => {
    const error = await request('/flows/nope', flowSchema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'http', status: 404, code: 4041, message: 'Flow not found' });
  });

  it('reports an answer that breaks the contract, saying where', async () => {
    server.use(http.get('*/api/console/flows/fl_0001', () => HttpResponse.json({ id: 'fl_0001', name: 42 })));
    const error = await request('/flows/fl_0001', flowSchema).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'contract', message: expect.stringContaining('"name"') });
  });

  it('reports an error answer without a JSON body by its status', async () => {
    server.use(http.get('*/api/console/flows', () => new HttpResponse('<html>gateway</html>', { status: 502 })));
    await expect(request('/flows', flowPageSchema)).rejects.toMatchObject({ status: 502, message: 'The server answered 502' });
  });

  it('reports a network failure as such', async () => {
    server.use(http.get('*/api/console/flows', () => HttpResponse.error()));
    await expect(request('/flows', flowPageSchema)).rejects.toMatchObject({ kind: 'network' });
  });
});
