// Every module's tables, gathered for Drizzle and drizzle-kit.
export * from './platform/schema.ts';
export * from './modules/people/schema.ts';
export * from './modules/circles/schema.ts';
export * from './modules/circles/selection/schema.ts';
export * from './modules/circles/meetings/schema.ts';
export * from './modules/decisions/schema.ts';
export * from './modules/decisions/appeals/schema.ts';
export * from './modules/membership/schema.ts';
export * from './modules/credits/schema.ts';
export * from './modules/teams/schema.ts';
export * from './modules/matching/schema.ts';
export * from './modules/concerns/schema.ts';
export * from './modules/chat/schema.ts';
export * from './modules/starter/schema.ts';
export * from './modules/care/schema.ts';
export * from './modules/decisions/mandates/schema.ts';
export * from './modules/survey/schema.ts';
