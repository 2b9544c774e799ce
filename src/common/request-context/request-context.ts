import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the request being served, wherever the code runs. */
export interface RequestContext {
  readonly requestId: string;
  readonly clientRequestId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const RequestContexts = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },

  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
