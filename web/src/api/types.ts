// Shapes of the Website Factory HTTP API (snake_case JSON, like the database columns) and of the
// Durable-Functions-compatible management API (camelCase status objects, PascalCase history events).

export type * from './types/sites';
export type * from './types/instances';
export type * from './types/operations';
