// Zone lists, the Greater Bay Area contract and deadlines on the checker
// page, in headless Chromium served by the Go host: each case is entered
// by its labels as a person would, the request the page holds is the one
// written here, and what the page shows is the Go host's /v1/evaluate for
// that request. Screenshots at 1280 and 375 px go to web/screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer, webDir } from "./helpers.js";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];
const shots = join(webDir, "screenshots");
mkdirSync(shots, { recursive: true });

const ROUTE = { none: "No procedure", standard_contract_or_certification: "Standard contract or certification", security_assessment: "CAC security assessment" };

let server, browser, context, page, origin;
const requests = [];
const pageErrors = [];

const sortKeys = (v) => Array.isArray(v) ? v.map(sortKeys)
  : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;

async function pageRequest() {
  return page.evaluate(() => {
    const m = /^#r=([A-Za-z0-9_-]+)$/.exec(location.hash);
    const bin = atob(m[1].replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  });
}

/** Start over and enter the facts every case shares. */
async function start({ asOf, ftz, city, individuals, region }) {
  await page.getByRole("button", { name: "Start over" }).click();
  await page.getByLabel("Date the rules are applied on", { exact: true }).fill(asOf);
  const proc = page.getByRole("group", { name: "The data processor", exact: true });
  await proc.getByLabel("Critical information infrastructure operator", { exact: true }).selectOption({ label: "No" });
  if (ftz) await proc.getByLabel("Free trade zone list area", { exact: true }).selectOption(ftz);
  if (city) {
    const c = proc.getByLabel("City of registration", { exact: true });
    await c.fill(city);
    await c.dispatchEvent("change");
  }
  const g = transfer();
  await g.getByLabel("Important data", { exact: true }).selectOption({ label: "No: none notified or announced" });
  if (individuals != null) {
    await g.getByRole("group", { name: "Personal information", exact: true })
      .getByLabel("Individuals (non-sensitive PI)", { exact: true }).fill(String(individuals));
  }
  if (region) await g.getByLabel("Recipient's region", { exact: true }).selectOption({ label: region });
}

const transfer = (n = 1) => page.getByRole("group", { name: `Transfer ${n}`, exact: true });

/** The Go host's decision for the page's request, and the checks every case makes. */
async function compareWithGo(expected) {
  const req = await pageRequest();
  if (expected) assert.deepEqual(sortKeys(req), sortKeys(expected));
  const go = JSON.parse(await server.evaluate(JSON.stringify(req)));
  assert.equal(go.kind, "decision", JSON.stringify(go));
  const r = page.locator("#result");
  assert.equal(await page.locator("#route").getAttribute("data-route"), go.route);
  assert.equal((await page.locator("#route").textContent()).trim(), ROUTE[go.route]);
  assert.equal(await r.getAttribute("data-provisional"), String(go.provisional));
  assert.equal(await page.locator("#missing li").count(), go.missing.filter((m) => m.changes !== "offer").length);
  assert.equal(await page.locator("#optional-questions li").count(), go.missing.filter((m) => m.changes === "offer").length);
  assert.equal(await page.locator("#zones > ul > li").count(), go.zones.length);
  assert.equal(await page.locator("#zone-match ul.zone-match > li").count(), go.transfers.filter((t) => t.zone_match).length);
  for (const tr of go.transfers) {
    if (!tr.zone_match) continue;
    const li = page.locator(`#zone-match li[data-transfer="${tr.id}"]`);
    assert.equal(await li.getAttribute("data-outcome"), tr.zone_match.outcome);
    assert.equal(await li.locator("ul.match-items > li").count(), tr.zone_match.items.length);
    for (const it of tr.zone_match.items) {
      assert.equal(await li.locator(`ul.match-items > li[data-row="${it.row}"]`).getAttribute("class"), it.holds ? "holds" : "not-holds");
    }
  }
  assert.equal(await page.locator("table.deadlines tbody tr").count(), go.deadlines.length);
  for (const d of go.deadlines) {
    const row = page.locator(`table.deadlines tr[data-filing="${d.filing}"][data-kind="${d.kind}"]`);
    assert.equal(await row.getAttribute("data-date"), d.date);
    assert.equal(await row.getAttribute("data-status"), d.status);
  }
  assert.equal(await page.locator("#no-deadline li").count(), go.no_deadline.length);
  assert.equal(await page.locator("#scope-changes li").count(), go.scope_changes.length);
  assert.equal(await page.locator("#gba li").count(), go.transfers.filter((t) => t.alternatives?.includes("gba_contract")).length);
  return go;
}

async function shoot(name) {
  await page.screenshot({ path: join(shots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: join(shots, `${name}-375.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than 375px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Pick a list edition, sector and scenario in transfer 1's zone list block. */
async function pickList(list, sector, scenario) {
  const z = transfer().getByRole("group", { name: "Zone list (optional)", exact: true });
  await z.getByLabel("List", { exact: true }).selectOption(list);
  if (sector != null) await z.getByLabel("Sector", { exact: true }).selectOption(String(sector));
  if (scenario != null) await z.getByLabel("Scenario", { exact: true }).selectOption(scenario);
  return z;
}

const base = (asOf, processor, individuals, extra = {}) => ({
  as_of: asOf,
  processor: { ciio: "no", exported_this_year: { individuals: 0, sensitive_individuals: 0 }, ...processor },
  transfers: [{ id: "t1", scenario: "other", important_data: "none", personal_information: { individuals, sensitive_individuals: 0 }, collected_abroad: "no", ...extra }],
});

describe("zone lists, the Greater Bay Area and deadlines on the page", () => {
  before(async () => {
    server = await startServer();
    origin = server.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "en-US" });
    context.on("request", (r) => requests.push(r.url()));
    context.setDefaultTimeout(10000);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
    await page.goto(origin + "/");
    await page.waitForSelector("body[data-ready]");
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  test("Shanghai 2024 membership data: 5,000,000 on the list, 500,000 off it", async () => {
    await start({ asOf: "2026-03-01", ftz: "shanghai", city: "shanghai", individuals: 5000000 });
    const z = await pickList("shanghai-2024", 3, "会员管理场景");
    // Typing filters the items by their example fields.
    await z.getByLabel("Find items (description or example field)").fill("昵称");
    assert.deepEqual(await z.locator("li.item:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.row)), ["1", "4"]);
    await z.getByRole("checkbox", { name: /^Row 1 / }).check();
    await z.getByRole("checkbox", { name: /^Row 4 / }).check();
    const zl = { list: "shanghai-2024", sector: 3, scenario: "会员管理场景", rows: [1, 4] };
    let go = await compareWithGo(base("2026-03-01", { ftz: "shanghai", city: "shanghai" }, 5000000, { zone_list: zl }));
    assert.equal(go.route, "standard_contract_or_certification");
    assert.match(await page.locator('#zone-match li[data-transfer="t1"]').textContent(), /on the list/);
    await shoot("zone-shanghai-on-list");

    await transfer().getByRole("group", { name: "Personal information", exact: true })
      .getByLabel("Individuals (non-sensitive PI)", { exact: true }).fill("500000");
    go = await compareWithGo(base("2026-03-01", { ftz: "shanghai", city: "shanghai" }, 500000, { zone_list: zl }));
    assert.equal(go.route, "none");
    assert.ok(go.obligations.some((o) => o.id === "zone_filing"));
    assert.equal(await page.locator("ul.checklist > li").count(), go.obligations.length);

    // "None of these" gives rows []; unticking everything leaves rows null.
    await z.getByRole("checkbox", { name: "None of these" }).check();
    assert.deepEqual((await pageRequest()).transfers[0].zone_list.rows, []);
    assert.equal(await z.getByRole("checkbox", { name: /^Row 4 / }).isChecked(), false);
    await z.getByRole("checkbox", { name: "None of these" }).uncheck();
    assert.equal((await pageRequest()).transfers[0].zone_list.rows, null);
    await compareWithGo();
  });

  test("Chongqing 2025 is partly encoded: the stated route is asked and the result is provisional", async () => {
    await start({ asOf: "2026-06-01", ftz: "chongqing", city: "chongqing", individuals: 50000 });
    const z = transfer().getByRole("group", { name: "Zone list (optional)", exact: true });
    assert.match(await z.getByLabel("List", { exact: true }).locator("option[value='chongqing-2025']").textContent(), /partly encoded/);
    await pickList("chongqing-2025", 1);
    assert.equal(await z.getByRole("note").count(), 1);
    const stated = z.getByLabel("Route the list gives (your statement)", { exact: true });
    await stated.waitFor();
    const go = await compareWithGo(base("2026-06-01", { ftz: "chongqing", city: "chongqing" }, 50000,
      { zone_list: { list: "chongqing-2025", sector: 1, scenario: null, rows: null } }));
    assert.equal(go.provisional, true);
    assert.equal(await page.locator("#zone-partial").count(), 1);
    assert.equal(await page.locator("#missing a").first().getAttribute("data-pointer"), "/transfers/0/zone_list/stated_route");
    await shoot("zone-chongqing-partial");
    // Answering it settles the result.
    await stated.selectOption({ label: "Not on the list" });
    const settled = await compareWithGo();
    assert.equal(settled.provisional, false);
  });

  test("Shenzhen to Hong Kong, 200,000: the Greater Bay Area contract is offered", async () => {
    await start({ asOf: "2026-06-01", city: "shenzhen", individuals: 200000 });
    // Before the recipient's region is given, it is an optional question, not a provisional result.
    let go = await compareWithGo();
    assert.equal(go.provisional, false);
    assert.equal(await page.locator("#optional-questions li").count(), 1);
    await transfer().getByLabel("Recipient's region", { exact: true }).selectOption({ label: "Hong Kong" });
    go = await compareWithGo(base("2026-06-01", { city: "shenzhen" }, 200000, { recipient: { region: "hong_kong" } }));
    assert.equal(go.route, "standard_contract_or_certification");
    assert.deepEqual(go.transfers[0].alternatives, ["gba_contract"]);
    assert.match(await page.locator("#gba").textContent(), /Greater Bay Area standard contract/);
    await shoot("gba-shenzhen-hk");
  });

  test("a standard contract taking effect 2026-02-12: filing due 2026-03-04, pending; the .ics download", async () => {
    await start({ asOf: "2026-02-20", individuals: 150000 });
    // No zone or city: no edition applies, so no zone list block.
    assert.equal(await transfer().getByRole("group", { name: "Zone list (optional)" }).count(), 0);
    await page.getByRole("button", { name: "Add a filing or approval" }).click();
    const f = page.getByRole("group", { name: "Filing 1", exact: true });
    await f.getByLabel("Kind", { exact: true }).selectOption({ label: "Standard contract" });
    await f.getByLabel("Date", { exact: true }).fill("2026-02-12");
    await transfer().getByLabel("Filing relied on", { exact: true }).selectOption({ label: "f1 — Standard contract (2026-02-12)" });
    const req = base("2026-02-20", { filings: [{ id: "f1", kind: "standard_contract", date: "2026-02-12" }] }, 150000, { filing: "f1" });
    const go = await compareWithGo(req);
    const due = go.deadlines.find((d) => d.kind === "filing_due");
    assert.deepEqual([due.date, due.status], ["2026-03-04", "pending"]);
    const row = page.locator('table.deadlines tr[data-kind="filing_due"]');
    assert.match(await row.textContent(), /Filing due.*2026-03-04.*pending/s);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download calendar (.ics)" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.ics$/);
    const ics = readFileSync(await download.path(), "utf8");
    assert.ok(ics.startsWith("BEGIN:VCALENDAR"), ics.slice(0, 40));
    assert.match(ics, /DTSTART;VALUE=DATE:20260304/);
    await shoot("deadlines-contract");

    // The language toggle turns the new parts into Chinese and back.
    await page.getByRole("button", { name: "显示中文 (switch to Chinese)" }).click();
    assert.match(await row.textContent(), /备案期限.*2026-03-04.*待办/s);
    assert.equal((await page.locator("#download-ics").textContent()).trim(), "下载日历（.ics）");
    assert.equal(await page.getByRole("group", { name: "出境活动 1", exact: true }).count(), 1);
    await shoot("deadlines-contract-zh");
    await page.getByRole("button", { name: "Switch to English（切换到英文）" }).click();
    assert.equal((await page.locator("#download-ics").textContent()).trim(), "Download calendar (.ics)");
  });

  test("a security assessment's scope: a new recipient is a scope change", async () => {
    await start({ asOf: "2026-06-01", individuals: 1500000 });
    await page.getByRole("button", { name: "Add a filing or approval" }).click();
    const f = page.getByRole("group", { name: "Filing 1", exact: true });
    await f.getByLabel("Kind", { exact: true }).selectOption({ label: "Security assessment result" });
    await f.getByLabel("Date", { exact: true }).fill("2025-05-20");
    // A security assessment asks for its declaration dates (optional).
    assert.equal(await f.getByRole("group", { name: "Declaration in progress (security assessment)" }).count(), 1);
    await f.getByRole("group", { name: "Scope filed or approved (optional)" }).getByLabel("Recipients", { exact: true }).fill("Acme GmbH");
    await transfer().getByLabel("Filing relied on", { exact: true }).selectOption({ label: "f1 — Security assessment result (2025-05-20)" });
    await transfer().getByLabel("Recipient name", { exact: true }).fill("Beta Ltd");
    const req = base("2026-06-01", { filings: [{ id: "f1", kind: "security_assessment", date: "2025-05-20", scope: { recipients: ["Acme GmbH"] } }] },
      1500000, { filing: "f1", recipient: { name: "Beta Ltd" } });
    const go = await compareWithGo(req);
    assert.equal(go.scope_changes.length, 1);
    assert.equal(go.scope_changes[0].change, "new_recipient");
    await shoot("scope-change");
  });

  test("the zone parts in Chinese, and the print view hides the questionnaire and the calendar button", async () => {
    await start({ asOf: "2026-03-01", ftz: "shanghai", city: "shanghai", individuals: 5000000 });
    const z = await pickList("shanghai-2024", 3, "会员管理场景");
    await z.getByRole("checkbox", { name: /^Row 4 / }).check();
    await page.getByRole("button", { name: "显示中文 (switch to Chinese)" }).click();
    assert.match(await page.locator("#zone-match").textContent(), /在清单内/);
    assert.match(await page.locator("#zone-match").textContent(), /成立/);
    assert.equal(await page.getByRole("group", { name: "自贸试验区清单（选填）" }).count(), 1);
    assert.ok(await page.getByRole("checkbox", { name: /^第4项/ }).isChecked());
    await shoot("zone-shanghai-zh");
    await page.getByRole("button", { name: "Switch to English（切换到英文）" }).click();
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#questionnaire").isVisible(), false);
    assert.equal(await page.locator("#zone-match").isVisible(), true);
    await page.screenshot({ path: join(shots, "zone-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });

  test("nothing left the page's origin and nothing went wrong in it", () => {
    const away = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:"));
    assert.deepEqual(away, []);
    assert.deepEqual(pageErrors, []);
  });
});
