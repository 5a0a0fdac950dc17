// The playground page: renders the snapshot the server pushes (Server-Sent Events) and sends
// what the visitor types or clicks to /playground/api/... No framework, no build step.
"use strict";

const ui = {
  state: null,
  customer: null,  // id of the customer whose DM is shown
  channel: null,   // id of the support channel shown
  knownChannels: new Set(),
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Slack's mrkdwn, the parts Megatron uses: links, mentions, *bold*, _italic_, `code`.
function mrkdwn(text) {
  const people = ui.state ? [...ui.state.customers, ...ui.state.agents] : [];
  let html = escapeHtml(text || "");
  html = html.replace(/&lt;@([A-Z0-9]+)&gt;/g, (_, id) => {
    const person = people.find((p) => p.id === id);
    return `<b>@${escapeHtml(person ? person.real_name : id)}</b>`;
  });
  const channels = ui.state ? ui.state.channels : [];
  const channelName = (id) => (channels.find((c) => c.id === id) || { name: id }).name;
  html = html.replace(/&lt;#([A-Z0-9]+)(?:\|([^&]*))?&gt;/g,
    (_, id, name) => `<a href="#" data-goto="${id}">#${name || channelName(id)}</a>`);
  // Slack's own links to a channel (slack://channel?team=T&id=C) switch the channel shown.
  html = html.replace(/&lt;slack:\/\/channel\?[^|]*?id=([A-Z0-9]+)[^|]*?\|(.*?)&gt;/g,
    (_, id, label) => `<a href="#" data-goto="${id}">${label}</a>`);
  html = html.replace(/&lt;((?:https?|mailto):[^|]+?)(?:\|(.*?))?&gt;/g,
    (_, url, label) => `<a href="${url}" target="_blank" rel="noopener">${label || url}</a>`);
  html = html.replace(/(^|[\s(])\*([^*\n]+)\*/g, "$1<b>$2</b>");
  html = html.replace(/(^|[\s(])_([^_\n]+)_/g, "$1<i>$2</i>");
  html = html.replace(/`([^`\n]+)`/g, "<code>$1</code>");
  return html;
}

function textNode(text, cls) {
  const node = el("div", { class: cls || "text" });
  node.innerHTML = mrkdwn(text);
  return node;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: "bad_answer" }));
  if (!response.ok || !answer.ok) throw new Error(answer.error || `HTTP ${response.status}`);
  return answer;
}

// --- rendering ---------------------------------------------------------------------------

function roleOf(message) {
  if (message.bot) return "bot";
  const s = ui.state;
  if (s.customers.some((c) => c.id === message.user)) return "customer";
  if (s.agents.some((a) => a.id === message.user)) return "agent";
  return "bot";
}

function renderBlocks(blocks, channel, messageTs) {
  const out = [];
  for (const block of blocks || []) {
    if (block.type === "section") {
      if (block.text) out.push(textNode(block.text.text));
      for (const field of block.fields || []) out.push(textNode(field.text));
      if (block.accessory && block.accessory.type === "static_select") {
        out.push(selectButtons(block.accessory, block.block_id, channel, messageTs));
      } else if (block.accessory && block.accessory.type === "button") {
        out.push(el("div", { class: "actions" }, actionButton(block.accessory, block.block_id, channel, messageTs)));
      }
    } else if (block.type === "context") {
      out.push(el("div", { class: "context" }, (block.elements || []).map((e) => textNode(e.text || "", "context"))));
    } else if (block.type === "actions") {
      const buttons = [];
      for (const element of block.elements || []) {
        if (element.type === "button") buttons.push(actionButton(element, block.block_id, channel, messageTs));
        if (element.type === "static_select") buttons.push(selectButtons(element, block.block_id, channel, messageTs));
      }
      out.push(el("div", { class: "actions" }, buttons));
    } else if (block.type === "header" && block.text) {
      out.push(el("div", { class: "text" }, el("b", {}, block.text.text)));
    }
  }
  return out;
}

function click(channel, action) {
  post(`/playground/api/channels/${channel}/clicks`, { agent: $("agent").value, ...action })
    .catch((e) => { $("agent-error").textContent = e.message; });
}

function actionButton(element, blockId, channel, messageTs) {
  const label = element.text ? element.text.text : element.action_id;
  return el("button", {
    type: "button",
    class: element.style || "",
    "data-action": element.action_id.split("|")[0],
    onclick: () => click(channel, { action_id: element.action_id, block_id: blockId || "", value: element.value || "", type: "button", message_ts: messageTs }),
  }, label);
}

// A menu shown as one button per option (what a visitor would pick from it).
function selectButtons(element, blockId, channel, messageTs) {
  return el("div", { class: "actions" }, (element.options || []).map((option) => el("button", {
    type: "button",
    onclick: () => click(channel, { action_id: element.action_id, block_id: blockId || "", value: option.value, type: "static_select", message_ts: messageTs }),
  }, option.text ? option.text.text : option.value)));
}

function renderAttachments(attachments) {
  return (attachments || []).map((a) => el("div", { class: "attachment" },
    a.pretext ? textNode(a.pretext) : null,
    a.title ? el("div", {}, el("b", {}, a.title)) : null,
    a.text ? textNode(a.text) : null,
    a.footer ? el("div", { class: "footer", "data-testid": "footer" }, a.footer) : null));
}

// The emoji of the reactions Megatron uses (its delivery marks, MEGATRON_MARKS) and a few
// common ones; any other shows as Slack writes it, :name:.
const emoji = {
  hourglass_flowing_sand: "\u23F3", white_check_mark: "\u2705", x: "\u274C",
  eyes: "\u{1F440}", thumbsup: "\u{1F44D}", "+1": "\u{1F44D}", heavy_check_mark: "\u2714\uFE0F",
  warning: "\u26A0\uFE0F", repeat: "\u{1F501}", hourglass: "\u231B",
};
const markMeaning = {
  hourglass_flowing_sand: "Megatron: waiting to reach the customer",
  white_check_mark: "Megatron: delivered to the customer",
  x: "Megatron: not delivered (the thread says why)",
};

// Reactions under a message, as Slack's pills: emoji and count.
function renderReactions(reactions) {
  if (!reactions || !reactions.length) return null;
  return el("div", { class: "reactions" }, reactions.map((r) => el("span", {
    class: "reaction", "data-reaction": r.name, title: markMeaning[r.name] || `:${r.name}:`,
  }, emoji[r.name] || `:${r.name}:`, " ", el("span", { class: "count" }, r.count))));
}

function messageNode(message, channel, asCustomer, replies) {
  const role = roleOf(message);
  const name = asCustomer && role === "bot" ? "demo bot" : message.author;
  const time = new Date(parseFloat(message.ts) * 1000).toLocaleTimeString();
  const thread = replies && replies.length
    ? el("div", { class: "thread", "data-testid": "thread" },
      el("div", { class: "context" }, `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`),
      replies.map((r) => messageNode(r, channel, asCustomer)))
    : null;
  return el("div", { class: `msg ${role}`, "data-author": name, "data-role": role, "data-ts": message.ts },
    el("div", { class: `avatar ${role}` }, (name || "?").charAt(0).toUpperCase()),
    el("div", { class: "msg-body" },
      el("div", {}, el("span", { class: "author" }, name), role === "bot" ? el("span", { class: "tag" }, "APP") : null,
        " ", el("span", { class: "ts" }, time), message.edited ? el("span", { class: "ts" }, " (edited)") : null),
      shownText(message),
      renderAttachments(message.attachments),
      renderBlocks(message.blocks, channel, message.ts),
      renderReactions(message.reactions),
      thread));
}

// A channel's top-level messages, each with its thread's replies shown open beneath it (a
// failed delivery's note, with its Retry button, is a reply to the agent's message).
function withThreads(messages, channel, asCustomer) {
  const replies = new Map();
  for (const m of messages) {
    if (m.thread_ts && m.thread_ts !== m.ts) {
      if (!replies.has(m.thread_ts)) replies.set(m.thread_ts, []);
      replies.get(m.thread_ts).push(m);
    }
  }
  const top = new Set(messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts).map((m) => m.ts));
  return messages
    // A reply shows under its parent; one whose parent is gone stays visible on its own.
    .filter((m) => !m.thread_ts || m.thread_ts === m.ts || !top.has(m.thread_ts))
    .map((m) => ({ ts: m.ts, node: messageNode(m, channel, asCustomer, replies.get(m.ts)) }));
}

// Slack shows a message's blocks instead of its text (the text is then the notification's).
function shownText(message) {
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  return message.text && !hasBlocks ? textNode(message.text) : null;
}

function ephemeralNode(message, channel) {
  return el("div", { class: "msg ephemeral", "data-role": "ephemeral" },
    el("div", { class: "avatar bot" }, "M"),
    el("div", { class: "msg-body" },
      el("div", { class: "only-you" }, "Only visible to you"),
      shownText(message),
      renderAttachments(message.attachments),
      renderBlocks(message.blocks, channel, message.ts)));
}

function keepScrolledDown(container, render) {
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  render();
  if (atBottom) container.scrollTop = container.scrollHeight;
}

function renderCustomers() {
  const s = ui.state;
  if (!ui.customer) ui.customer = s.customers[0].id;
  const paused = new Set(s.bot.paused);
  $("customers").replaceChildren(...s.customers.map((c) => el("button", {
    type: "button",
    class: c.id === ui.customer ? "active" : "",
    "data-testid": `customer-${c.name}`,
    onclick: () => { ui.customer = c.id; render(); },
  }, c.real_name, paused.has(c.id) ? el("span", { class: "badge", title: "An agent paused the bot" }, "bot paused") : null)));
  const customer = s.customers.find((c) => c.id === ui.customer);
  $("customer-input").placeholder = `Write as ${customer.real_name}… (try: hello, my order, refund)`;
  keepScrolledDown($("dm"), () => {
    const nodes = withThreads(customer.messages, customer.dm, true).map((i) => i.node);
    $("dm").replaceChildren(...(nodes.length ? nodes : [el("div", { class: "empty" }, "Say something to the demo bot.")]));
  });
}

function renderSupport() {
  const s = ui.state;
  const agentSelect = $("agent");
  if (!agentSelect.options.length) {
    for (const a of s.agents) agentSelect.append(el("option", { value: a.id }, a.real_name));
  }
  // A channel that appears (an agent opened it) is shown at once.
  for (const c of s.channels) {
    if (!ui.knownChannels.has(c.id)) {
      if (ui.knownChannels.size > 0 || !ui.channel) ui.channel = c.id;
      ui.knownChannels.add(c.id);
    }
  }
  if (!s.channels.some((c) => c.id === ui.channel)) ui.channel = s.lobby;
  $("channels").replaceChildren(el("div", { class: "context", style: "padding:0 .9em .3em;color:#cfc3cf" }, "Channels"),
    ...s.channels.map((c) => el("button", {
      type: "button",
      class: `${c.id === ui.channel ? "active" : ""} ${c.archived ? "archived" : ""}`,
      "data-channel-name": c.name,
      onclick: () => { ui.channel = c.id; render(); },
    }, `# ${c.name}`)));
  const channel = s.channels.find((c) => c.id === ui.channel);
  $("channel-title").textContent = `# ${channel.name}${channel.archived ? " (archived)" : ""}`;
  $("channel-title").dataset.channelName = channel.name;
  $("agent-input").placeholder = `Message #${channel.name}, or /megatron open carla · pause · unpause · close · clear-context · do …`;
  keepScrolledDown($("channel-view"), () => {
    const agent = agentSelect.value;
    const items = withThreads(channel.messages, channel.id, false);
    for (const e of channel.ephemeral) {
      if (e.user === agent) items.push({ ts: e.ts, node: ephemeralNode(e, channel.id) });
    }
    items.sort((a, b) => parseFloat(a.ts) - parseFloat(b.ts));
    $("channel-view").replaceChildren(...(items.length ? items.map((i) => i.node)
      : [el("div", { class: "empty" }, "Type /megatron open carla to open Carla's engagement channel.")]));
  });
}

function renderStrip() {
  const s = ui.state;
  const people = [...s.customers, ...s.agents];
  const nameOf = (text) => text.replace(/U[A-Z0-9]{8,}/g, (id) => (people.find((p) => p.id === id) || { real_name: id }).real_name);
  const commands = s.app_commands.slice().reverse();
  $("app-commands").replaceChildren(...(commands.length ? commands.map((c) => el("li", { "data-command": c.command },
    el("span", {}, el("span", { class: "cmd" }, c.command), " ", nameOf(c.detail)),
    el("span", { class: "ts" }, new Date(c.at_ms).toLocaleTimeString()))) : [el("li", { class: "empty" }, "none yet")]));
  const jobs = s.jobs.slice().reverse();
  $("jobs").replaceChildren(...(jobs.length ? jobs.map((j) => el("li", { "data-status": j.status, title: j.last_error || "" },
    el("span", {}, `#${j.id} ${j.kind}`, j.attempts > 1 ? ` (${j.attempts} tries)` : ""),
    el("span", { class: `state ${j.status}` }, j.status))) : [el("li", { class: "empty" }, "none yet")]));
  const faults = s.faults.map((f) => f.kind === "rate_limited" ? "Slack is answering 429" : f.kind);
  $("fault-state").textContent = faults.join(", ");
}

function render() {
  if (!ui.state) return;
  renderCustomers();
  renderSupport();
  renderStrip();
}

// --- actions -----------------------------------------------------------------------------

// A composer: on submit its text is sent (and put back, with the error shown, if that fails).
function composer(formId, inputId, send, showError) {
  $(formId).addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $(inputId);
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    showError("");
    send(text).catch((e) => { input.value = text; showError(e.message); });
  });
}

composer("customer-form", "customer-input",
  (text) => post(`/playground/api/customers/${ui.customer}/messages`, { text }),
  (message) => { if (message) alert(message); });
composer("agent-form", "agent-input",
  (text) => post(`/playground/api/channels/${ui.channel}/messages`, { agent: $("agent").value, text }),
  (message) => { $("agent-error").textContent = message; });

$("agent").addEventListener("change", render);
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-goto]");
  if (!link) return;
  event.preventDefault();
  ui.channel = link.dataset.goto;
  render();
});
for (const [id, kind] of [["fault-429", "rate_limited"], ["fault-token", "token_revoked"], ["fault-clear", "clear"]]) {
  $(id).addEventListener("click", () => post("/playground/api/faults", { kind }).catch((e) => alert(e.message)));
}

// --- live updates ------------------------------------------------------------------------

function connect() {
  const source = new EventSource("/playground/api/events");
  source.onopen = () => { $("connection").textContent = "live"; };
  source.onmessage = (event) => {
    ui.state = JSON.parse(event.data);
    render();
  };
  source.onerror = () => { $("connection").textContent = "reconnecting…"; };
}
connect();
