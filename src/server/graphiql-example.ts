/**
 * What GraphiQL opens with: a create, then a subscription on the id it returns. Run "Create",
 * copy the id into the variables, then run "Watch".
 */
export const GRAPHIQL_EXAMPLE = `# Welcome to kling-gateway.
# 1. Run "Create": it starts a video and returns its id.
# 2. Put that id in the variables as {"id": "..."} and run "Watch" to see it render live.

mutation Create {
  createTextToVideo(input: {
    prompt: "A red fox running through fresh snow at sunrise, cinematic"
    duration: 5
    mode: STD
    aspectRatio: RATIO_16_9
  }) {
    id
    taskId
    status
    model
  }
}

subscription Watch($id: ID!) {
  videoTaskUpdated(id: $id) {
    id
    status
    statusMessage
    progress
    estimatedCompletionAt
    videos { url duration }
    updatedAt
  }
}
`;
