// The GraphQL-over-HTTP audit suite (graphql-http) against the running API.
// Prints one JSON line: every audit's id, name, status (ok/warn/error) and reason.
import { serverAudits } from "graphql-http";

const url = process.env.API_URL;
const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null });
}
console.log(JSON.stringify(results));
