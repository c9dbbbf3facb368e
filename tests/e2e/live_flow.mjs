// A board kept current: Apollo Client A watches a project with projectChanged (graphql-ws)
// and refetches what each event names, while Apollo Client B edits the project over HTTP.
// Exits non-zero on the first mismatch.
import { gql } from "@apollo/client/core/index.js";
import { check, makeClient } from "./clients.mjs";

function client(token) {
  const made = makeClient(token);
  return token ? { apollo: made.client, socket: made.socket } : { apollo: made };
}

const BOARD = gql`
  query Board($id: ID!) { project(id: $id) { id version phases { id sprints { id tasks { id title status } } } } }
`;
const CHANGED = gql`
  subscription Changed($id: ID!) { projectChanged(projectId: $id) { id version kind action ids summary } }
`;

const email = `live-${Date.now()}@example.com`;
const registered = await client(null).apollo.mutate({
  mutation: gql`mutation R($i: RegisterInput!) { register(input: $i) { token } }`,
  variables: { i: { name: "Lea", email, password: "correct horse battery" } },
});
const token = registered.data.register.token;
const watcher = client(token);
const editor = client(token);
const created = await editor.apollo.mutate({
  mutation: gql`mutation C($i: CreateProjectInput!) { createProject(input: $i) { id phases { id sprints { id } } } }`,
  variables: { i: { name: "Live bridge", requirements: "A footbridge", disciplines: ["civil"], phases: [{ name: "Piers", sprintCount: 1 }] } },
});
const project = created.data.createProject;
const phase = project.phases[0];
const sprint = phase.sprints[0];

// The watcher shows the board, and follows the project.
const first = await watcher.apollo.query({ query: BOARD, variables: { id: project.id } });
check(first.data.project.phases[0].sprints[0].tasks.length === 0, "the board starts empty");
const events = [];
const boards = [];
const subscription = watcher.apollo.subscribe({ query: CHANGED, variables: { id: project.id } }).subscribe({
  next: async ({ data }) => {
    const event = data.projectChanged;
    events.push(event);
    // The Apollo pattern: events carry ids; evict what changed, then refetch what is shown.
    for (const id of event.ids) watcher.apollo.cache.evict({ id: watcher.apollo.cache.identify({ __typename: "Task", id }) });
    const board = await watcher.apollo.query({ query: BOARD, variables: { id: project.id }, fetchPolicy: "network-only" });
    boards.push(board.data.project);
  },
  error: (error) => check(false, "the subscription stays open", String(error)),
});
await new Promise((resolve) => setTimeout(resolve, 500));

// Another client edits the project.
const added = await editor.apollo.mutate({
  mutation: gql`mutation A($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "Pour cap beam", estimateHours: 24}) { id } }`,
  variables: { p: project.id, ph: phase.id, s: sprint.id },
});
const taskId = added.data.addTask.id;
await editor.apollo.mutate({
  mutation: gql`mutation U($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { id status } }`,
  variables: { p: project.id, t: taskId },
});

const deadline = Date.now() + 5000;
while (boards.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
check(events.length >= 2, "the watcher got both edits live", events);
check(events[0].action === "addTask" && events[0].ids.includes(taskId), "the first event names the added task", events[0]);
check(events[1].summary === "Lea set 'Pour cap beam' to DONE", "the second says what happened", events[1]);
check(events[1].version === events[0].version + 1, "versions follow each write", events.map((e) => e.version));
const last = boards[boards.length - 1];
check(last.phases[0].sprints[0].tasks[0].status === "DONE", "the refetched board shows the edit", last);
const history = await watcher.apollo.query({
  query: gql`query H($id: ID!, $since: Int) { project(id: $id) { activity(since: $since) { items { version action } } } }`,
  variables: { id: project.id, since: 1 },
  fetchPolicy: "network-only",
});
check(history.data.project.activity.items.map((e) => e.action).join(",") === "updateTask,addTask", "activity(since) gives what a reconnect missed", history.data.project.activity.items);

subscription.unsubscribe();
watcher.socket.dispose();
editor.socket.dispose();
console.log("live flow: all checks passed");
