// A real frontend's path through the API: Apollo Client (InMemoryCache) over HTTP and
// graphql-ws over a WebSocket. Exits non-zero on the first mismatch.
import { gql } from "@apollo/client/core/index.js";
import { check, makeClient } from "./clients.mjs";

const PROJECT = gql`
  query Project($id: ID!) {
    project(id: $id) {
      id name version templateId startDate endDate
      phases { id name order startDate endDate sprints { id name order tasks { id title status completedAt storyPoints } } }
    }
  }
`;

const email = `apollo-${Date.now()}@example.com`;
const anonymous = makeClient(null);
const registered = await anonymous.mutate({
  mutation: gql`mutation Register($i: RegisterInput!) { register(input: $i) { token user { id email } } }`,
  variables: { i: { name: "Apollo User", email, password: "correct horse battery" } },
});
check(registered.data.register.user.email === email, "register returns the user");
const loggedIn = await anonymous.mutate({
  mutation: gql`mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id lastLogin } } }`,
  variables: { e: email, p: "correct horse battery" },
});
check(loggedIn.data.login.user.lastLogin !== null, "login sets lastLogin");

const { client, wsClient } = makeClient(loggedIn.data.login.token);
const templates = await client.query({ query: gql`query Templates { templates { id name isBuiltIn phases { name } } }` });
const civil = templates.data.templates.find((t) => t.id === "builtin-civil-construction");
check(civil && civil.isBuiltIn, "a built-in civil template is listed", templates.data.templates.map((t) => t.id));

const created = await client.mutate({
  mutation: gql`mutation Create($i: CreateProjectInput!) { createProject(input: $i) { id name templateId } }`,
  variables: { i: { name: "Apollo bridge", requirements: "A 40 m footbridge", disciplines: ["civil", "structural"], templateId: civil.id, startDate: "2027-01-04" } },
});
const projectId = created.data.createProject.id;
check(created.data.createProject.templateId === civil.id, "createProject from a template");

const read = await client.query({ query: PROJECT, variables: { id: projectId } });
const project = read.data.project;
check(project.phases.length === civil.phases.length, "phases come from the template", project.phases.length);
check(project.phases[0].startDate === "2027-01-04", "schedule starts at startDate", project.phases[0]);
const cache = client.cache.extract();
check(cache[`Project:${projectId}`] !== undefined, "the cache normalises Project by id", Object.keys(cache).slice(0, 5));
check(cache[`Phase:${project.phases[0].id}`] !== undefined, "the cache normalises Phase by id");
check(cache[`Sprint:${project.phases[0].sprints[0].id}`] !== undefined, "the cache normalises Sprint by id");

const phase = project.phases[0];
const sprint = phase.sprints[0];
const added = await client.mutate({
  mutation: gql`mutation Add($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id title status storyPoints } }`,
  variables: { p: projectId, ph: phase.id, s: sprint.id, i: { title: "Borehole survey", storyPoints: 5, estimateHours: 40 } },
});
const taskId = added.data.addTask.id;
await client.query({ query: PROJECT, variables: { id: projectId }, fetchPolicy: "network-only" });
await client.mutate({
  mutation: gql`mutation Done($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { id status completedAt } }`,
  variables: { p: projectId, t: taskId },
});
const cached = client.readQuery({ query: PROJECT, variables: { id: projectId } });
const cachedTask = cached.project.phases[0].sprints[0].tasks.find((t) => t.id === taskId);
check(cachedTask.status === "DONE" && cachedTask.completedAt, "the cached project shows the updated task without a refetch", cachedTask);

const started = await client.mutate({
  mutation: gql`mutation Plan($p: ID!) { generateProjectPlan(projectId: $p) { id status progress } }`,
  variables: { p: projectId },
});
const job = started.data.generateProjectPlan;
check(["QUEUED", "RUNNING"].includes(job.status), "generateProjectPlan returns a job at once", job);

const states = await new Promise((resolve, reject) => {
  const seen = [];
  client
    .subscribe({
      query: gql`subscription Progress($id: ID!) { generationProgress(jobId: $id) { id status progress message } }`,
      variables: { id: job.id },
    })
    .subscribe({
      next: ({ data, errors }) => (errors ? reject(errors) : seen.push(data.generationProgress)),
      error: reject,
      complete: () => resolve(seen),
    });
  setTimeout(() => reject(new Error("subscription timed out")), 60000).unref();
});
const enough = Number(process.env.MIN_STATES ?? 1); // more where the test holds the job until the subscription
check(states.length >= enough && states.at(-1).status === "SUCCEEDED", `generationProgress streams ${states.length} states to SUCCEEDED`, states);
const progress = states.map((s) => s.progress);
check(progress.every((p, i) => i === 0 || p >= progress[i - 1]), "progress never decreases", progress);

const analytics = await client.query({
  query: gql`query A($id: ID!) { project(id: $id) { id analytics { completion tasks { total done } ai { requests byEngine { engine requests } } } } }`,
  variables: { id: projectId },
  fetchPolicy: "network-only",
});
const a = analytics.data.project.analytics;
check(a.tasks.done === 1 && a.tasks.total > 1, "analytics counts the done task among the generated ones", a.tasks);
check(a.completion > 0 && a.completion < 1, "completion is by story points", a.completion);
check(a.ai.requests === civil.phases.length + project.phases.reduce((n, p) => n + p.sprints.length, 0), "every generation step is counted", a.ai);
wsClient.client.dispose();
console.log("apollo flow: all checks passed");
process.exit(0);
