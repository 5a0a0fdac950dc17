// The playground in a real browser (issue 17): `megatron serve` with nothing configured, on a
// free loopback port, driven through headless Chromium (Debian's chromium, playwright-core
// from tools/playwright). The five stories run in order on one page, as a visitor would:
//   node browser_test.mjs --megatron <binary> --playwright <tools/playwright> --out <dir>
// or, against a server already running (`scripts/serve.sh` on a fresh clone; it must have just
// started, with nothing configured, since the stories expect the playground's first state):
//   node browser_test.mjs --url http://127.0.0.1:8002 --playwright <tools/playwright> --out <dir>
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

const runningUrl = option("url", false);
const megatronBinary = runningUrl ? null : path.resolve(option("megatron"));
const playwrightDir = path.resolve(option("playwright"));
const outDir = option("out");
const chromiumPath = process.env.MEGATRON_CHROMIUM || "/usr/bin/chromium";
const story = 40_000;  // ms a story may take (the 429 storm alone lasts 10 s)

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
let browser;
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
  if (!existsSync(path.join(playwrightDir, "node_modules", "playwright-core"))) {
    throw new Error(`playwright-core is not installed in ${playwrightDir}: run scripts/install-deps.sh`);
  }
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: run scripts/install-deps.sh`);
  mkdirSync(outDir, { recursive: true });
  if (runningUrl) {
    base = runningUrl.replace(/\/$/, "");
  } else {
    await startServer();
  }

  const require = createRequire(path.join(playwrightDir, "package.json"));
  const { chromium } = require("playwright-core");
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
                                    args: ["--no-sandbox", "--disable-gpu"] });
  page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.setDefaultTimeout(story);
});

after(async () => {
  if (page) await page.screenshot({ path: path.join(outDir, "playground.png") }).catch(() => {});
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// --- what the visitor sees and does --------------------------------------------------------

const dm = () => page.locator("[data-testid=dm] .msg");
const channelMessages = () => page.locator("[data-testid=channel-view] .msg");

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
  await page.waitForSelector(`#channel-title[data-channel-name="${name}"]`);
}

// The texts of the customer's DM that came from the bot: its answers, Megatron's notices
// (paused, unpaused) and the agents' messages.
async function botTexts() {
  return page.locator("[data-testid=dm] .msg[data-role=bot] .msg-body > .text").allInnerTexts();
}

// The demo bot's own answers (each says how many messages it remembers).
async function botAnswers() {
  return (await botTexts()).filter((t) => /of our conversation\)$/.test(t.trim()));
}

test("the status page says nothing is configured and links to the playground", async () => {
  await page.goto(base + "/");
  assert.match(await page.textContent("body"), /No Slack integration is configured/);
  await page.click("a[href='/playground']");
  await page.waitForSelector("#connection:text('live')");
  assert.equal(await page.locator("[data-testid^=customer-]").count(), 3);
});

test("/megatron open from the agent composer creates a channel with the history", async () => {
  await customerSays("carla", "hello");
  await dm().filter({ hasText: "Hello! I'm the demo bot" }).waitFor();
  await openChannel("support-lobby");
  await agentTypes("/megatron open carla");
  await page.waitForSelector("[data-channel-name='zz-carla_customer-co']");
  await openChannel("zz-carla_customer-co");
  // The conversation so far is imported into the new channel.
  await channelMessages().filter({ hasText: "hello" }).first().waitFor();
  await channelMessages().filter({ hasText: "Hello! I'm the demo bot" }).waitFor();
  await page.locator("[data-testid=app-commands] li[data-command=search_user]").waitFor();
});

test("a customer message appears mirrored in the engagement channel", async () => {
  await customerSays("carla", "where is my order?");
  await channelMessages().filter({ hasText: "where is my order?" }).waitFor();
  await channelMessages().filter({ hasText: "Your last order shipped yesterday" }).waitFor();
  const mirrored = channelMessages().filter({ hasText: "where is my order?" });
  assert.equal(await mirrored.getAttribute("data-author"), "Carla Customer");
});

test("an agent reply reaches the customer with its footer", async () => {
  await agentTypes("Hi Carla, Alice here. Let me look at that order.");
  const reply = dm().filter({ hasText: "Alice here" });
  await reply.waitFor();
  assert.equal(await reply.locator("[data-testid=footer]").innerText(), "sent by Alice Agent");
  assert.equal(await reply.getAttribute("data-role"), "bot");  // it comes from the bot
  // Megatron marks the agent's message delivered: a reaction, as Slack shows it.
  const mark = channelMessages().filter({ hasText: "Alice here" })
    .locator(".reaction[data-reaction=white_check_mark]");
  await mark.waitFor();
  assert.equal(await mark.getAttribute("title"), "Megatron: delivered to the customer");
});

test("pause stops the demo bot answering, its Unpause button makes it answer again", async () => {
  await agentTypes("/megatron pause");
  await page.locator("[data-testid=app-commands] li[data-command=pause]", { hasText: "paused: true" }).waitFor();
  await page.locator("[data-testid=customer-carla] .badge").waitFor();
  const before = (await botAnswers()).length;
  await customerSays("carla", "are you still there?");
  await channelMessages().filter({ hasText: "are you still there?" }).waitFor();
  // The bot would have answered within a second; give it three.
  await page.waitForTimeout(3000);
  assert.equal((await botAnswers()).length, before, "the paused bot answered");

  // Unpause with the Block Kit button of Megatron's answer, a real button on the page.
  await page.locator("[data-testid=channel-view] button[data-action=unpause]").last().click();
  await page.locator("[data-testid=app-commands] li[data-command=pause]", { hasText: "paused: false" }).waitFor();
  await customerSays("carla", "hello again");
  await dm().filter({ hasText: "Hello! I'm the demo bot" }).nth(1).waitFor();
  assert.equal((await botAnswers()).length, before + 1);
});

test("a 429 storm still delivers every message once, in order", async () => {
  await page.click("#fault-429");
  await page.waitForSelector("[data-testid=fault-state]:text('429')");
  const sent = [1, 2, 3, 4, 5].map((n) => `storm message ${n}`);
  for (const text of sent) await agentTypes(text);
  // Slack refuses every call for 10 s; the jobs wait and retry.
  await page.locator("[data-testid=jobs] li[data-status=retrying]").first().waitFor();
  await dm().filter({ hasText: "storm message 5" }).waitFor({ timeout: 60_000 });
  const texts = (await botTexts()).filter((t) => t.startsWith("storm message"));
  assert.deepEqual(texts, sent);
  // Each agent message ends marked delivered once its retries got through.
  for (const text of sent) {
    await channelMessages().filter({ hasText: text })
      .locator(".reaction[data-reaction=white_check_mark]").waitFor();
  }
  // The storm is over by itself: the fault lasted 10 s.
  await page.waitForFunction(() => document.getElementById("fault-state").textContent === "");
});
