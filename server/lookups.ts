import { ErrorCode, notFound } from './errors';
import type { User } from './directory/directory-store';
import type { Flow } from './flows/flow-store';
import type { Store } from './store/store';

export async function requireFlow(store: Store, flowId: string): Promise<Flow> {
  const flow = await store.getFlow(flowId);
  if (!flow) throw notFound(ErrorCode.flowNotFound, 'Flow not found');
  return flow;
}

export async function requireUser(store: Store, userId: string): Promise<User> {
  const user = await store.getUser(userId);
  if (!user) throw notFound(ErrorCode.userNotFound, 'User not found');
  return user;
}
