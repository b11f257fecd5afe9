// Every module's tables, gathered for Drizzle's typed client. Modules own their schema files.

export * from '../../access/schema.ts';
export * from '../../advice/schema.ts';
export * from '../../certificates/schema.ts';
export * from '../../equipment/schema.ts';
export * from '../../households/schema.ts';
export * from '../../impact/schema.ts';
export * from '../../notifications/schema.ts';
export * from '../../partners/schema.ts';
export * from '../../privacy/schema.ts';
export * from '../../territory/schema.ts';
export * from '../../votes/schema.ts';
export * from '../../workshops/schema.ts';
export * from '../audit/schema.ts';
export * from '../auth/schema.ts';
