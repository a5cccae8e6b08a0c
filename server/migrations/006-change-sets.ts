import type { Migration } from './types';

/**
 * Change sets: the changes one batch write made share an id in the history, so the batch can be
 * shown as one and undone as one. Single writes have none.
 */
export const changeSets: Migration = {
  version: 6,
  name: 'change sets',
  sql: `
    ALTER TABLE value_history ADD COLUMN change_set_id text;
    CREATE INDEX value_history_by_change_set ON value_history (change_set_id, seq) WHERE change_set_id IS NOT NULL;
  `,
};
