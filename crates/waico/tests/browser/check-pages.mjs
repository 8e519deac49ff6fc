// Loads pages in one headless Chromium (several tabs at once), driven over
// the DevTools protocol on a pipe (--remote-debugging-pipe: no port, no npm
// client). For each page and width it reports horizontal overflow of the
// document (scrollWidth > innerWidth); once per page it runs axe-core and
// reports serious and critical violations, and tables or scrolling regions
// without a name of their own. Prints one JSON object:
// {"checked": n, "failures": [...]}.
//
// Usage: node check-pages.mjs <chromium> <axe.min.js> <jobs.json>
// jobs.json: {"urls": [...], "widths": [390, 1280], "axe_width": 1280,
//             "cookie": {"name", "value", "url"} | null, "tabs": 4}
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [browserPath, axePath, jobsPath] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsPath, "utf8"));
const axeSource = readFileSync(axePath, "utf8");
const profile = mkdtempSync(join(tmpdir(), "waico-pages-"));

const chrome = spawn(
  browserPath,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
    `--user-data-dir=${profile}`,
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
);

let nextId = 1;
const pending = new Map();
const listeners = new Set();
let buffer = Buffer.alloc(0);
chrome.stdio[4].on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffer.subarray(0, end).toString("utf8"));
    buffer = buffer.subarray(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    } else {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  chrome.stdio[3].write(JSON.stringify(msg) + "\0");
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function waitFor(sessionId, method, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listeners.delete(l);
      reject(new Error(`timeout waiting for ${method}`));
    }, ms);
    const l = (msg) => {
      if (msg.sessionId === sessionId && msg.method === method) {
        clearTimeout(timer);
        listeners.delete(l);
        resolve(msg.params);
      }
    };
    listeners.add(l);
  });
}

async function evaluate(sessionId, expression) {
  const r = await send(
    "Runtime.evaluate",
    { expression, awaitPromise: true, returnByValue: true },
    sessionId,
  );
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

async function openTab() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  await send("Runtime.enable", {}, sessionId);
  return sessionId;
}

async function load(sessionId, url, width) {
  await send(
    "Emulation.setDeviceMetricsOverride",
    { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 },
    sessionId,
  );
  const loaded = waitFor(sessionId, "Page.loadEventFired", 30000);
  const nav = await send("Page.navigate", { url }, sessionId);
  if (nav.errorText) throw new Error(nav.errorText);
  await loaded;
}

async function checkOne(sessionId, url) {
  const failures = [];
  for (const width of jobs.widths) {
    await load(sessionId, url, width);
    const m = await evaluate(
      sessionId,
      `({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
         status: performance.getEntriesByType("navigation")[0]?.responseStatus ?? 0,
         wide: [...document.querySelectorAll("body *")]
           .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 || e.getBoundingClientRect().left < -1)
           .filter(e => !e.closest(".table-wrap, pre, .visually-hidden, .skip-link"))
           .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + (e.id ? "#" + e.id : "")),
         names: [...document.querySelectorAll("table, [role=region]")].map(e => {
           const by = (e.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean)
             .map(id => document.getElementById(id)?.textContent ?? "").join(" ");
           const caption = e.tagName === "TABLE" ? (e.querySelector(":scope > caption")?.textContent ?? "") : "";
           return {what: e.tagName.toLowerCase() + (e.className ? "." + e.className : ""),
                   region: e.getAttribute("role") === "region",
                   name: (by || e.getAttribute("aria-label") || caption).trim()};
         })})`,
    );
    // Every table and every scrolling region has a name of its own, so a
    // screen reader's list of tables or landmarks tells them apart.
    for (const n of m.names.filter(n => !n.name)) {
      failures.push({ url, width, kind: "unnamed", detail: n.what });
    }
    const regionNames = m.names.filter(n => n.region && n.name).map(n => n.name);
    const repeated = regionNames.filter((name, i) => regionNames.indexOf(name) !== i);
    if (repeated.length) failures.push({ url, width, kind: "region names repeated", detail: repeated });
    if (m.status >= 400) failures.push({ url, width, kind: "status", detail: m.status });
    if (m.scroll > m.inner) {
      failures.push({ url, width, kind: "overflow", detail: `${m.scroll} > ${m.inner}: ${m.wide.join(", ")}` });
    }
    if (width === jobs.axe_width) {
      await evaluate(sessionId, axeSource + "\n;true");
      const violations = await evaluate(
        sessionId,
        `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
           .filter(v => v.impact === "serious" || v.impact === "critical")
           .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`,
      );
      for (const v of violations) failures.push({ url, width, kind: "axe", detail: v });
    }
  }
  return failures;
}

async function main() {
  await send("Target.setDiscoverTargets", { discover: false });
  if (jobs.cookie) await send("Storage.setCookies", { cookies: [jobs.cookie] });
  const queue = [...jobs.urls];
  const failures = [];
  let checked = 0;
  const tabs = await Promise.all(Array.from({ length: jobs.tabs || 4 }, openTab));
  await Promise.all(
    tabs.map(async (sessionId) => {
      while (queue.length) {
        const url = queue.shift();
        try {
          failures.push(...(await checkOne(sessionId, url)));
        } catch (e) {
          failures.push({ url, kind: "error", detail: String(e) });
        }
        checked++;
      }
    }),
  );
  return { checked, failures };
}

let code = 0;
let output = "";
try {
  output = JSON.stringify(await main()) + "\n";
} catch (e) {
  process.stderr.write(String(e.stack || e) + "\n");
  code = 1;
} finally {
  chrome.kill();
  try { rmSync(profile, { recursive: true, force: true }); } catch {}
}
// Exit only once the whole answer is written: a pipe takes 64 KiB at a
// time, and exiting earlier would cut a long list of failures short.
process.stdout.write(output, () => process.exit(code));
