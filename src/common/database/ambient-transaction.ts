import { AsyncLocalStorage } from 'node:async_hooks';

import { DataSource, EntityManager } from 'typeorm';

const storage = new AsyncLocalStorage<EntityManager>();

/**
 * A transaction that the code below a use case joins without being handed it: a repository
 * writes through {@link AmbientTransaction.managerOf}, which is the open transaction's manager
 * inside {@link AmbientTransaction.run} and the pool's manager everywhere else.
 */
export const AmbientTransaction = {
  run<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    return storage.run(manager, work);
  },

  managerOf(dataSource: DataSource): EntityManager {
    return storage.getStore() ?? dataSource.manager;
  },
};
