import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './enums.js';
import './video-task.js';
import './nodes.js';
import './video-tasks.js';
import './capabilities.js';
import './video-task-updated.js';
import './task-actions.js';
import './usage.js';
import './video-tasks-updated.js';

/** Sorted, so `schema.graphql` only changes when the schema does. */
export const schema: GraphQLSchema = lexicographicSortSchema(builder.toSchema());
