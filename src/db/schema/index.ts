export * from './units.js';
export * from './people.js';
export * from './plans.js';
export * from './conversations.js';
export * from './system.js';
export * from './dashboard.js';
export * from './zalo-oa.js';
