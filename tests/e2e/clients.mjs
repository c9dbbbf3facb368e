// What the Node client flows share: a failing check that exits, and an Apollo Client that
// sends subscriptions over graphql-ws and everything else over HTTP.
import { ApolloClient, HttpLink, InMemoryCache, split } from "@apollo/client/core/index.js";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions/index.js";
import { getMainDefinition } from "@apollo/client/utilities/index.js";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

export const API = process.env.API_URL ?? "http://127.0.0.1:3001/graphql";
// On AWS the WebSocket API has a URL of its own (the stack's WebSocketUrl output).
export const WS = process.env.WS_URL ?? API.replace(/^http/, "ws");

export function check(condition, message, detail) {
  if (!condition) {
    console.error(`MISMATCH: ${message}`, detail === undefined ? "" : JSON.stringify(detail));
    process.exit(1);
  }
  console.log(`ok - ${message}`);
}

// Without a token: HTTP only. With one: { client, wsClient, socket } for subscriptions too.
export function makeClient(token) {
  const http = new HttpLink({ uri: API, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!token) return new ApolloClient({ link: http, cache: new InMemoryCache() });
  const socket = createClient({ url: WS, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` } });
  const ws = new GraphQLWsLink(socket);
  const link = split(({ query }) => {
    const def = getMainDefinition(query);
    return def.kind === "OperationDefinition" && def.operation === "subscription";
  }, ws, http);
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), wsClient: ws, socket };
}
