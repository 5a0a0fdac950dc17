// The playground in a real browser (issue 17): `megatron serve` with nothing configured, on a
// free loopback port, driven through a headless browser of the system. The five stories run in
// order on one page, as a visitor would, in either browser:
//   --browser chromium (the default): Debian's chromium, through playwright-core (--playwright)
//   --browser firefox: Debian's firefox-esr over WebDriver BiDi, through puppeteer-core
//                      (--puppeteer); why not playwright-core there: docs/playground.md
//   node browser_test.mjs --browser firefox --megatron <binary> --puppeteer <tools/puppeteer> \
//                         --out <dir>
// or, against a server already running (`scripts/serve.sh` on a fresh clone; it must have just
// started, with nothing configured, since the stories expect the playground's first state):
//   node browser_test.mjs --url http://127.0.0.1:8002 --playwright <tools/playwright> --out <dir>
// (or --browser firefox --puppeteer <tools/puppeteer>).
// A screenshot of the page after the stories goes to <out>/playground.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, rmSync, existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

function option(name, required = true) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) {
    if (!required) return null;
    throw new Error(`--${name} is required`);
  }
  return process.argv[i + 1];
}

const browserName = option("browser", false) || "chromium";
const runningUrl = option("url", false);
const megatronBinary = runningUrl ? null : path.resolve(option("megatron"));
const outDir = option("out");
const story = 40_000;  // ms a story may take (the 429 storm alone lasts 10 s)
const poll = 100;      // ms between two looks at the page while waiting
const viewport = { width: 1440, height: 860 };

// --- the browsers ---------------------------------------------------------------------------
// Each one is driven by its own library; the stories see only this small page interface, so the
// same stories run in both:
//   goto(url), follow(selector) (a link: click and wait for the new page),
//   click(selector, { last }), fill(selector, text), press(selector, key),
//   until(fn, arg, timeout) (waits for fn(arg) in the page to be truthy, returns its value),
//   run(fn, arg), screenshot(file), close(),
//   errors (the uncaught script errors of the page so far).

// The library installed in `dir` (tools/playwright or tools/puppeteer), with a clear error.
function library(dir, name) {
  if (!existsSync(path.join(dir, "node_modules", name))) {
    throw new Error(`${name} is not installed in ${dir}: run scripts/install-deps.sh`);
  }
  return createRequire(path.join(dir, "package.json"))(name);
}

function executable(variable, fallback, what) {
  const file = process.env[variable] || fallback;
  if (!existsSync(file)) {
    throw new Error(`no ${what} at ${file}: run scripts/install-deps.sh (or set ${variable})`);
  }
  return file;
}

// What both libraries' pages do alike (their `page` objects share these calls), completed by
// `own`: what each does its own way.
function pageInterface(browser, page, own) {
  page.setDefaultTimeout(story);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return {
    errors,
    goto: (url) => page.goto(url),
    run: (fn, arg) => page.evaluate(fn, arg),
    screenshot: (file) => page.screenshot({ path: file }),
    close: () => browser.close(),
    ...own,
  };
}

// Debian's chromium through playwright-core (Chrome DevTools Protocol).
async function launchChromium() {
  const { chromium } = library(path.resolve(option("playwright")), "playwright-core");
  const browser = await chromium.launch({
    executablePath: executable("MEGATRON_CHROMIUM", "/usr/bin/chromium", "Chromium"),
    headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport });
  return pageInterface(browser, page, {
    follow: (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]),
    click: (selector, { last = false } = {}) =>
      last ? page.locator(selector).last().click() : page.click(selector),
    fill: (selector, text) => page.fill(selector, text),
    press: (selector, key) => page.press(selector, key),
    until: async (fn, arg, timeout = story) =>
      (await page.waitForFunction(fn, arg, { timeout, polling: poll })).jsonValue(),
  });
}

// Debian's firefox-esr through puppeteer-core (WebDriver BiDi, which Firefox speaks natively).
// puppeteer's locators wait until the element is there, visible, enabled and still.
async function launchFirefox() {
  const puppeteer = library(path.resolve(option("puppeteer")), "puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox", protocol: "webDriverBiDi",
    executablePath: executable("MEGATRON_FIREFOX", "/usr/bin/firefox-esr", "Firefox"),
    headless: true, defaultViewport: viewport });
  const page = await browser.newPage();
  return pageInterface(browser, page, {
    follow: (selector) => Promise.all([page.waitForNavigation(), page.locator(selector).click()]),
    click: async (selector, { last = false } = {}) => {
      if (!last) return page.locator(selector).click();
      await page.locator(selector).wait();
      return (await page.$$(selector)).at(-1).click();
    },
    fill: (selector, text) => page.locator(selector).fill(text),
    press: async (selector, key) => (await page.locator(selector).waitHandle()).press(key),
    until: async (fn, arg, timeout = story) =>
      (await page.waitForFunction(fn, { timeout, polling: poll }, arg)).jsonValue(),
  });
}

const launchers = { chromium: launchChromium, firefox: launchFirefox };

// --- the server -----------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForPort(port, child, output) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`megatron serve exited:\n${output.join("")}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`megatron serve did not listen on ${port}:\n${output.join("")}`);
}

let server;
let serverOutput = [];
let workDir;
let page;
let base;

// `megatron serve` with nothing configured: no integration, the default SQLite file in an
// empty directory, on a free loopback port.
async function startServer() {
  workDir = mkdtempSync(path.join(os.tmpdir(), "megatron-playground-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, DJANGO_PORT: String(port), MEGATRON_LISTEN_ADDRESS: "127.0.0.1",
                DATABASE_URL: "sqlite:///megatron.db", MEGATRON_LOG_LEVEL: "info" };
  delete env.MEGATRON_PLAYGROUND;
  delete env.REDIS_URL;
  server = spawn(megatronBinary, ["serve"], { cwd: workDir, env, stdio: ["ignore", "pipe", "pipe"] });
  server.on("error", (e) => serverOutput.push(`cannot start: ${e.message}\n`));
  server.stdout.on("data", (d) => serverOutput.push(d.toString()));
  server.stderr.on("data", (d) => serverOutput.push(d.toString()));
  await waitForPort(port, server, serverOutput);
}

before(async () => {
  const launch = launchers[browserName];
  if (!launch) throw new Error(`--browser must be one of ${Object.keys(launchers).join(", ")}`);
  mkdirSync(outDir, { recursive: true });
  if (runningUrl) {
    base = runningUrl.replace(/\/$/, "");
  } else {
    await startServer();
  }
  page = await launch();
});

after(async () => {
  if (page) {
    await page.screenshot(path.join(outDir, "playground.png")).catch(() => {});
    await page.close();
  }
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// --- what the visitor sees and does --------------------------------------------------------

// Runs in the page: the elements matching `css` whose text contains `hasText` (or, with
// `inside`, the first element matching it within each of them), as their innerText and
// attributes; null while there are fewer than `atLeast`. One function for both browsers, where
// the libraries' own locators differ.
function findInPage({ css, hasText = "", inside = null, atLeast = 1 }) {
  const found = [...document.querySelectorAll(css)]
    .filter((e) => e.textContent.includes(hasText))
    .map((e) => (inside ? e.querySelector(inside) : e))
    .filter((e) => e !== null);
  if (found.length < atLeast) return null;
  return found.map((e) => ({
    text: e.innerText,
    attrs: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])),
  }));
}

// Waits until the page shows what `spec` describes (findInPage), and returns it.
const waitFor = (spec, timeout = story) => page.until(findInPage, spec, timeout);
// What the page shows now (possibly nothing).
const find = (spec) => page.run(findInPage, { ...spec, atLeast: 0 });

const dm = (hasText, more = {}) => ({ css: "[data-testid=dm] .msg", hasText, ...more });
const inChannel = (hasText, more = {}) => ({ css: "[data-testid=channel-view] .msg", hasText, ...more });
const delivered = ".reaction[data-reaction=white_check_mark]";
const pauseCommand = (hasText) => ({ css: "[data-testid=app-commands] li[data-command=pause]", hasText });

async function customerSays(name, text) {
  await page.click(`[data-testid=customer-${name}]`);
  await page.fill("#customer-input", text);
  await page.press("#customer-input", "Enter");
}

async function agentTypes(text) {
  await page.fill("#agent-input", text);
  await page.press("#agent-input", "Enter");
}

async function openChannel(name) {
  await page.click(`[data-channel-name="${name}"]`);
  await waitFor({ css: `#channel-title[data-channel-name="${name}"]` });
}

// The texts of the customer's DM that came from the bot: its answers, Megatron's notices
// (paused, unpaused) and the agents' messages.
async function botTexts() {
  return (await find({ css: "[data-testid=dm] .msg[data-role=bot] .msg-body > .text" })).map((e) => e.text);
}

// The demo bot's own answers (each says how many messages it remembers).
async function botAnswers() {
  return (await botTexts()).filter((t) => /of our conversation\)$/.test(t.trim()));
}

test("the status page says nothing is configured and links to the playground", async () => {
  await page.goto(base + "/");
  assert.match(await page.run(() => document.body.textContent), /No Slack integration is configured/);
  await page.follow("a[href='/playground']");
  await waitFor({ css: "#connection", hasText: "live" });
  assert.equal((await find({ css: "[data-testid^=customer-]" })).length, 3);
});

test("/megatron open from the agent composer creates a channel with the history", async () => {
  await customerSays("carla", "hello");
  await waitFor(dm("Hello! I'm the demo bot"));
  await openChannel("support-lobby");
  await agentTypes("/megatron open carla");
  await waitFor({ css: "[data-channel-name='zz-carla_customer-co']" });
  await openChannel("zz-carla_customer-co");
  // The conversation so far is imported into the new channel.
  await waitFor(inChannel("hello"));
  await waitFor(inChannel("Hello! I'm the demo bot"));
  await waitFor({ css: "[data-testid=app-commands] li[data-command=search_user]" });
});

test("a customer message appears mirrored in the engagement channel", async () => {
  await customerSays("carla", "where is my order?");
  const mirrored = await waitFor(inChannel("where is my order?"));
  await waitFor(inChannel("Your last order shipped yesterday"));
  assert.deepEqual(mirrored.map((m) => m.attrs["data-author"]), ["Carla Customer"]);
});

test("an agent reply reaches the customer with its footer", async () => {
  await agentTypes("Hi Carla, Alice here. Let me look at that order.");
  const [reply] = await waitFor(dm("Alice here"));
  assert.equal(reply.attrs["data-role"], "bot");  // it comes from the bot
  const [footer] = await waitFor(dm("Alice here", { inside: "[data-testid=footer]" }));
  assert.equal(footer.text, "sent by Alice Agent");
  // Megatron marks the agent's message delivered: a reaction, as Slack shows it.
  const [mark] = await waitFor(inChannel("Alice here", { inside: delivered }));
  assert.equal(mark.attrs.title, "Megatron: delivered to the customer");
});

test("pause stops the demo bot answering, its Unpause button makes it answer again", async () => {
  await agentTypes("/megatron pause");
  await waitFor(pauseCommand("paused: true"));
  await waitFor({ css: "[data-testid=customer-carla] .badge" });
  const before = (await botAnswers()).length;
  await customerSays("carla", "are you still there?");
  await waitFor(inChannel("are you still there?"));
  // The bot would have answered within a second; give it three.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal((await botAnswers()).length, before, "the paused bot answered");

  // Unpause with the Block Kit button of Megatron's answer, a real button on the page.
  await page.click("[data-testid=channel-view] button[data-action=unpause]", { last: true });
  await waitFor(pauseCommand("paused: false"));
  await customerSays("carla", "hello again");
  await waitFor(dm("Hello! I'm the demo bot", { atLeast: 2 }));
  assert.equal((await botAnswers()).length, before + 1);
});

test("a 429 storm still delivers every message once, in order", async () => {
  await page.click("#fault-429");
  await waitFor({ css: "[data-testid=fault-state]", hasText: "429" });
  const sent = [1, 2, 3, 4, 5].map((n) => `storm message ${n}`);
  for (const text of sent) await agentTypes(text);
  // Slack refuses every call for 10 s; the jobs wait and retry.
  await waitFor({ css: "[data-testid=jobs] li[data-status=retrying]" });
  await waitFor(dm("storm message 5"), 60_000);
  const texts = (await botTexts()).filter((t) => t.startsWith("storm message"));
  assert.deepEqual(texts, sent);
  // Each agent message ends marked delivered once its retries got through.
  for (const text of sent) await waitFor(inChannel(text, { inside: delivered }));
  // The storm is over by itself: the fault lasted 10 s.
  await page.until(() => document.getElementById("fault-state").textContent === "");
});

// Last: whatever the stories did, the page's script never failed in this browser.
test("the page raised no script error", () => {
  assert.deepEqual(page.errors, []);
});
