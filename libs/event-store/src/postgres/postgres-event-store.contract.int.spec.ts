import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('es_contract');
});
afterAll(() => db.drop());

describeEventStoreContract('PostgreSQL', async (options) => {
  const store = new PostgresEventStore({
    connectionString: db.url,
    upcasters: options?.upcasters,
    maxConnections: 4,
  });
  return { store, capabilities: { multiStreamAppend: true }, cleanup: () => store.close() };
});
