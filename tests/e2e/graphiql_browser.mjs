// GraphiQL in headless Chromium: the page loads from the local server only, runs a
// query, and shows the result. Exits non-zero on any mismatch.
import { chromium } from "playwright-core";

const API = process.env.API_URL ?? "http://127.0.0.1:3001/graphql";
const origin = new URL(API).origin;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const foreign = [];
try {
  const page = await browser.newPage();
  page.on("request", (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith("data:")) foreign.push(request.url());
  });
  await page.goto(API, { waitUntil: "networkidle" });
  await page.waitForSelector(".graphiql-container", { timeout: 20000 });
  const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
  await editor.click();
  await page.evaluate(() => {
    const cm = document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror;
    cm.setValue("{ __typename }");
  });
  await page.locator(".graphiql-execute-button").click();
  await page.waitForFunction(
    () => (document.querySelector(".result-window")?.textContent ?? "").includes('"__typename": "Query"'),
    null,
    { timeout: 20000 },
  );
  if (foreign.length) {
    console.error("MISMATCH: requests left the local server", foreign);
    process.exit(1);
  }
  await page.screenshot({ path: process.env.SCREENSHOT ?? "graphiql.png" });
  console.log("graphiql: page loaded locally, query ran, result shown");
} finally {
  await browser.close();
}
