/** One step of the database schema. Applied in order, once, each in its own transaction; never edited once released. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
