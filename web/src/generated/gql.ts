/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment TaskFields on VideoTask {\n  id\n  taskId\n  capability\n  model\n  status\n  statusMessage\n  queuePosition\n  progress\n  estimatedCompletionAt\n  externalTaskId\n  createdAt\n  updatedAt\n  videos {\n    id\n    url\n    duration\n  }\n}\n\nquery Tasks($first: Int, $after: String, $status: TaskStatus, $capability: VideoCapability) {\n  videoTasks(\n    first: $first\n    after: $after\n    status: $status\n    capability: $capability\n  ) {\n    edges {\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription TaskUpdated($id: ID!) {\n  videoTaskUpdated(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTextToVideo($input: TextToVideoInput!) {\n  createTextToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateImageToVideo($input: ImageToVideoInput!) {\n  createImageToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateMultiImageToVideo($input: MultiImageToVideoInput!) {\n  createMultiImageToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateMotionControl($input: MotionControlInput!) {\n  createMotionControl(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateOmniVideo($input: OmniVideoInput!) {\n  createOmniVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CancelVideoTask($id: ID!) {\n  cancelVideoTask(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation RetryVideoTask($id: ID!) {\n  retryVideoTask(id: $id) {\n    ...TaskFields\n  }\n}": typeof types.TaskFieldsFragmentDoc,
};
const documents: Documents = {
    "fragment TaskFields on VideoTask {\n  id\n  taskId\n  capability\n  model\n  status\n  statusMessage\n  queuePosition\n  progress\n  estimatedCompletionAt\n  externalTaskId\n  createdAt\n  updatedAt\n  videos {\n    id\n    url\n    duration\n  }\n}\n\nquery Tasks($first: Int, $after: String, $status: TaskStatus, $capability: VideoCapability) {\n  videoTasks(\n    first: $first\n    after: $after\n    status: $status\n    capability: $capability\n  ) {\n    edges {\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription TaskUpdated($id: ID!) {\n  videoTaskUpdated(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTextToVideo($input: TextToVideoInput!) {\n  createTextToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateImageToVideo($input: ImageToVideoInput!) {\n  createImageToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateMultiImageToVideo($input: MultiImageToVideoInput!) {\n  createMultiImageToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateMotionControl($input: MotionControlInput!) {\n  createMotionControl(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateOmniVideo($input: OmniVideoInput!) {\n  createOmniVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CancelVideoTask($id: ID!) {\n  cancelVideoTask(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation RetryVideoTask($id: ID!) {\n  retryVideoTask(id: $id) {\n    ...TaskFields\n  }\n}": types.TaskFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TaskFields on VideoTask {\n  id\n  taskId\n  capability\n  model\n  status\n  statusMessage\n  queuePosition\n  progress\n  estimatedCompletionAt\n  externalTaskId\n  createdAt\n  updatedAt\n  videos {\n    id\n    url\n    duration\n  }\n}\n\nquery Tasks($first: Int, $after: String, $status: TaskStatus, $capability: VideoCapability) {\n  videoTasks(\n    first: $first\n    after: $after\n    status: $status\n    capability: $capability\n  ) {\n    edges {\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription TaskUpdated($id: ID!) {\n  videoTaskUpdated(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTextToVideo($input: TextToVideoInput!) {\n  createTextToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateImageToVideo($input: ImageToVideoInput!) {\n  createImageToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateMultiImageToVideo($input: MultiImageToVideoInput!) {\n  createMultiImageToVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateMotionControl($input: MotionControlInput!) {\n  createMotionControl(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CreateOmniVideo($input: OmniVideoInput!) {\n  createOmniVideo(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation CancelVideoTask($id: ID!) {\n  cancelVideoTask(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation RetryVideoTask($id: ID!) {\n  retryVideoTask(id: $id) {\n    ...TaskFields\n  }\n}"): typeof import('./graphql.js').TaskFieldsFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
