// Apollo Client's persisted-queries link against the API: the first query of a document
// is a hash, answered PERSISTED_QUERY_NOT_FOUND, and the link sends the document with it;
// from then on only the hash travels, over POST and over GET (with the CSRF header).
// Every request the link makes is recorded from the client's own fetch.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client/core/index.js";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries/index.js";

const API = process.env.API_URL ?? "http://127.0.0.1:3001/graphql";

function check(condition, message, detail) {
  if (!condition) {
    console.error(`MISMATCH: ${message}`, detail === undefined ? "" : JSON.stringify(detail));
    process.exit(1);
  }
  console.log(`ok - ${message}`);
}

const sent = [];
async function recordingFetch(url, options) {
  const response = await fetch(url, options);
  const copy = response.clone();
  const body = options.method === "GET" ? null : JSON.parse(options.body);
  sent.push({ method: options.method, url: String(url), body, answer: await copy.json() });
  return response;
}

function client(token, useGET) {
  const sha256 = (text) => createHash("sha256").update(text).digest("hex");
  const headers = { Authorization: `Bearer ${token}`, ...(useGET ? { "apollo-require-preflight": "true" } : {}) };
  const http = new HttpLink({ uri: API, headers, fetch: recordingFetch });
  const link = createPersistedQueryLink({ sha256, useGETForHashedQueries: useGET }).concat(http);
  return new ApolloClient({ link, cache: new InMemoryCache(), defaultOptions: { query: { fetchPolicy: "network-only" } } });
}

const register = await fetch(API, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    query: "mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }",
    variables: { i: { name: "APQ User", email: `apq-${Date.now()}@example.com`, password: "correct horse battery" } },
  }),
}).then((r) => r.json());
const { token, user } = register.data.register;
const created = await fetch(API, {
  method: "POST",
  headers: { "content-type": "application/json", Authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query: "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }",
    variables: { i: { name: "Persisted footbridge", requirements: "A 40 m span.", disciplines: ["civil"] } },
  }),
}).then((r) => r.json());
const projectId = created.data.createProject.id;

// A document no one has sent before on this server (the time makes it unique).
const PROJECT = gql`
  query PersistedProject${Date.now()}($id: ID!) {
    me { id }
    project(id: $id) { id name phases { id name sprints { id name } } }
  }
`;

const post = client(token, false);
const first = await post.query({ query: PROJECT, variables: { id: projectId } });
check(first.data.project.name === "Persisted footbridge", "the first query answers with the project");
check(first.data.me.id === user.id, "and the caller");
check(sent.length === 2, "it took two requests", sent.map((s) => s.method));
check(
  sent[0].body.extensions.persistedQuery.version === 1 && !("query" in sent[0].body),
  "the first sent only the hash",
  sent[0].body,
);
check(
  sent[0].answer.errors?.[0]?.extensions?.code === "PERSISTED_QUERY_NOT_FOUND",
  "and was told PERSISTED_QUERY_NOT_FOUND",
  sent[0].answer,
);
check(typeof sent[1].body.query === "string", "the second sent the document with its hash", sent[1].body);

sent.length = 0;
const again = await post.query({ query: PROJECT, variables: { id: projectId } });
check(again.data.project.id === projectId, "the same query again answers");
check(sent.length === 1 && !("query" in sent[0].body), "with the hash alone, in one request", sent);

sent.length = 0;
const get = client(token, true);
const viaGet = await get.query({ query: PROJECT, variables: { id: projectId } });
check(viaGet.data.project.phases.length > 0, "a GET with the hash answers too");
check(sent.length === 1 && sent[0].method === "GET", "in one GET", sent.map((s) => s.method));
check(!new URL(sent[0].url).searchParams.has("query"), "whose URL carries no document", sent[0].url);
console.log("done");
