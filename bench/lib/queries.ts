/** The operations the load generator sends; the same text to the gateway and the baselines. */

export const WATCH = /* GraphQL */ `
  subscription Watch($id: ID!) {
    videoTaskUpdated(id: $id) { id status statusMessage updatedAt videos { id url duration } }
  }
`;

export const CREATE_T2V = /* GraphQL */ `
  mutation Create($input: TextToVideoInput!) {
    createTextToVideo(input: $input) { id taskId status }
  }
`;

export const NODES = /* GraphQL */ `
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) { id ... on VideoTask { status statusMessage updatedAt } }
  }
`;

export const VIDEO_TASK = /* GraphQL */ `
  query One($id: ID!) {
    videoTask(id: $id) { id status statusMessage updatedAt }
  }
`;

export const PROMPT = 'A red fox runs through fresh snow at dawn, low sun, slow dolly shot.';

export interface WatchPayload {
  data?: { videoTaskUpdated?: { id: string; status: string; statusMessage: string | null } };
  errors?: unknown[];
}
