import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createWsClient } from './graphql-ws.js';

/** Apollo Client 4: queries and mutations over HTTP with the token as a header, subscriptions over graphql-ws. */
export function createApolloClient(url: string, getToken: () => Promise<string | undefined>): ApolloClient {
  const auth = new SetContextLink(async (context) => {
    const token = await getToken();
    return token ? { headers: { ...context.headers, authorization: `Bearer ${token}` } } : {};
  });
  const http = auth.concat(new HttpLink({ uri: url }));
  const ws = new GraphQLWsLink(createWsClient(url, getToken));
  return new ApolloClient({
    link: ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, ws, http),
    cache: new InMemoryCache(),
  });
}
