/**
 * The regulator's steps of the browser test (app/e2e/investor.ts runs them; nothing here starts a stack):
 *
 *   - grantKycLicence: a fresh development account; the regulator (Regulator X, a root) reaches its root node in the
 *     tree with the keyboard (Tab, Enter), reads its details and grants that account a KYC licence with the grant
 *     form (scopes as checkboxes, the lease end as a date, capped at the root's validity); the new bank then opens
 *     the institution's workspace (the runner has it sign a new client's attestation, which the client submits);
 *   - regulatorOversight: the node's history from the indexer; a wallet listed on the root's sanctions list with a
 *     reason (listing it again is refused before sending, in words), then lifted; the pair halted with a reason and resumed, both in its history; the venue and its licence;
 *     the AML monitor's alerts live from the indexer (GET /aml/alerts through /indexer; "no alerts" when it finds none),
 *     refreshed, and an AML report file of the monitor's format loaded and shown; the audit report built in the browser from the
 *     chain's logs (no difference) and downloaded as JSON and Markdown; the workspace's aria snapshot has no control
 *     without a name.
 *
 * Screenshots go to docs/console/regulator-*.png.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";

const SHOTS = path.join(__dirname, "..", "..", "docs", "console");
const OUT = path.join(__dirname, "..", ".stack");
const log = (line: string) => console.log(`e2e: ${line}`);

function region(page: Page, name: string): Locator {
  return page.getByRole("region", { name, exact: true });
}

async function confirmed(page: Page, section: string, what: RegExp, timeout = 60_000): Promise<void> {
  const status = region(page, section).getByTestId("tx-status");
  await status.filter({ hasText: what }).filter({ hasText: "confirmed" }).waitFor({ timeout });
}

/** Press Tab until the focused element is a node of the tree showing `text` (at most `max` presses). */
async function tabToNode(page: Page, text: string, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((t) => {
      const el = document.activeElement;
      return !!el && el.classList.contains("react-flow__node") && (el.textContent ?? "").includes(t);
    }, text);
    if (hit) return i;
  }
  throw new Error(`no tree node showing "${text}" reached with ${max} Tab presses`);
}

/**
 * A fresh development account becomes a bank: the regulator grants it a KYC licence under its root. Returns the
 * bank's account label and address, with the bank connected and its institution's workspace open.
 */
export async function grantKycLicence(page: Page): Promise<{ label: string; address: string }> {
  // The bank-to-be: a fresh wallet (the header's New wallet; it connects it).
  const connected = page.getByTestId("connected");
  const before = await connected.innerText();
  await page.getByRole("button", { name: "New wallet" }).click();
  await page.waitForFunction((was) => document.querySelector('[data-testid="connected"]')?.textContent !== was, before);
  const label = (await connected.innerText()).split("0x")[0].trim();
  const address = await connected.locator("code").innerText();

  // The regulator reaches its root node with the keyboard and opens it.
  await page.getByLabel("Development account").selectOption({ label: "Regulator X (regulator)" });
  const tree = region(page, "Authority tree");
  await tree.locator(".react-flow__node", { hasText: "Regulator X" }).waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Regulator", exact: true }).focus();
  const presses = await tabToNode(page, "Regulator X");
  await page.keyboard.press("Enter");
  const details = region(page, "Node");
  await details.getByRole("heading", { name: /Node #\d+: Regulator X/ }).waitFor({ timeout: 15_000 });
  const facts = await details.getByTestId("node-status").innerText();
  assert.match(facts, /active, valid/);
  // A root's acts are the governor's: the regulator is offered only the grant, and told why not the rest.
  assert.equal(await details.getByRole("button", { name: "Suspend" }).count(), 0);
  assert.match(await details.getByTestId("not-offered").innerText(), /suspend: Not offered: only the tree's governor/);
  log(`the regulator reached its root node with ${presses} Tab presses and opened it with Enter`);
  await page.screenshot({ path: path.join(SHOTS, "regulator.png"), fullPage: true });

  // The grant: the account, KYC only, the lease end as a date (the form caps it at the root's validity).
  const grant = region(page, "Grant a child");
  await grant.getByLabel("Account to grant").fill(address);
  for (const box of await grant.getByRole("checkbox").all()) {
    const name = (await box.evaluate((el) => el.parentElement?.textContent ?? "")).trim();
    if ((await box.isChecked()) !== (name === "KYC")) await box.click();
  }
  assert.match(await grant.getByTestId("grant-cap").innerText(), /at most this node's own validity: /);
  await grant.getByLabel("Lease ends").fill("2027-12-31");
  await page.screenshot({ path: path.join(SHOTS, "regulator-grant.png"), fullPage: true });
  const grantSnapshot = await page.locator("main").ariaSnapshot();
  assert.match(grantSnapshot, /- checkbox "KYC" \[checked\]/);
  assert.deepEqual(unnamedInSnapshot(grantSnapshot), [], "controls without a name (the grant form open)");
  await grant.getByRole("button", { name: "Grant" }).click();
  await confirmed(page, "Grant a child", /grant KYC to 0x[0-9a-fA-F]{40} under node \d+ until/);
  await region(page, "Authority tree")
    .locator(".react-flow__node.valid", { hasText: address.slice(0, 8) })
    .waitFor({ timeout: 15_000 });
  log(`Regulator X granted ${label} (${address}) a KYC licence until 31 Dec 2027`);

  // The new bank opens the institution's workspace (offered now that it holds a KYC node).
  await page.getByLabel("Development account").selectOption({ label: `${label} (investor)` });
  const tab = page.getByRole("button", { name: "Institution", exact: true });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("nav button")].some(
        (b) => b.textContent === "Institution" && !(b as HTMLButtonElement).disabled,
      ),
    undefined,
    { timeout: 30_000 },
  );
  await tab.click();
  return { label, address };
}

/** Controls without a name in an aria snapshot (Playwright's YAML: `- button "Name"`; a nameless one has none). */
export function unnamedInSnapshot(snapshot: string): string[] {
  const roles = "button|textbox|checkbox|combobox|spinbutton|radio|link|slider|switch|searchbox|listbox";
  return snapshot
    .split("\n")
    .filter((line) => new RegExp(`^\\s*- (${roles})(\\s*\\[[^\\]]*\\])?\\s*(:.*)?$`).test(line));
}

/** A report of the AML monitor's format (indexer/monitor/report.ts's aml-report.json), with one alert. */
function sampleAmlReport(): string {
  return JSON.stringify({
    network: "devnode",
    chainId: 31337,
    from: "2026-11-01T00:00:00.000Z",
    to: "2026-12-31T00:00:00.000Z",
    alertCount: 1,
    byRule: { "rapid-in-out": 1 },
    alerts: [
      {
        rule: "rapid-in-out",
        summary: "identity #4 deposited 5000 USD and withdrew 5000 USD 600 s later, with no fill in between",
        identities: ["4"],
        wallets: [],
        txs: ["0x01", "0x02"],
        blocks: ["10", "12"],
        from: "1764547200",
        to: "1764547800",
        fromDate: "2026-12-01T00:00:00.000Z",
        toDate: "2026-12-01T00:10:00.000Z",
        figures: { secondsBetween: 600 },
        evidence: [],
      },
    ],
  });
}

/** The regulator's oversight views, as Regulator X (connected by the caller). */
export async function regulatorOversight(
  page: Page,
  wallet = "0x000000000000000000000000000000000000dEaD",
): Promise<void> {
  await page.getByLabel("Development account").selectOption({ label: "Regulator X (regulator)" });
  const bankZ = region(page, "Authority tree").locator(".react-flow__node", { hasText: "Bank Z" });
  await bankZ.waitFor({ timeout: 30_000 });
  await bankZ.click();
  const details = region(page, "Node");
  // The node still open (Bank Z, suspended by the runner): its history from the indexer has the suspension.
  await details
    .getByTestId("node-history")
    .locator("tr", { hasText: "suspended" })
    .filter({ hasText: "licence review" })
    .first()
    .waitFor({ timeout: 30_000 });
  assert.match(await details.getByTestId("node-status").innerText(), /suspended \(by rank 0\), not valid now/);
  await details.screenshot({ path: path.join(SHOTS, "regulator-node.png") });
  log("the node's history (indexer) shows the suspension with its reason");

  // Sanctions: list a wallet under the root with a reason, then lift it.
  const sanctions = region(page, "Sanctions");
  await sanctions.getByLabel("Party kind").selectOption("wallet");
  await sanctions.getByLabel("Party to list").fill(wallet);
  await sanctions.getByLabel("Sanction reason").fill("e2e: OFAC SDN 2026-12");
  await sanctions.getByRole("button", { name: "Add to the list" }).click();
  await confirmed(page, "Sanctions", new RegExp(`list wallet ${wallet} under root \\d+ \\(e2e: OFAC SDN`, "i"));
  const lift = sanctions.getByRole("button", { name: `Lift the listing of wallet ${wallet}` });
  await lift.waitFor({ timeout: 15_000 });
  // Listing it again at the same rank: refused before sending, in words (AlreadySanctioned).
  await sanctions.getByRole("button", { name: "Add to the list" }).click();
  const refusal = sanctions.getByTestId("refusal");
  await refusal.waitFor({ timeout: 30_000 });
  const words = await refusal.innerText();
  assert.match(words, /refused before sending \(nothing was signed\)/);
  assert.match(words, /AlreadySanctioned/);
  await page.screenshot({ path: path.join(SHOTS, "regulator-refused.png"), fullPage: true });
  log(`listing it again: ${words.split("\n").filter(Boolean).slice(1, 2).join(" ")}`);
  await sanctions.screenshot({ path: path.join(SHOTS, "regulator-sanctions.png") });
  await lift.click();
  await confirmed(page, "Sanctions", /lift the listing of wallet/);
  await lift.waitFor({ state: "detached", timeout: 15_000 });
  log("a wallet listed on the root's sanctions list with a reason, then lifted");

  // Pairs: halt BOND/USD with a reason, resume it; both in its history (indexer).
  const pairs = region(page, "Pairs");
  const halt = pairs.getByRole("button", { name: /^Halt pair 1 / });
  await halt.waitFor({ timeout: 15_000 });
  await pairs.getByLabel("Pair reason").fill("e2e: price review");
  await halt.click();
  await confirmed(page, "Pairs", /halt pair #1 .*e2e: price review/);
  const resume = pairs.getByRole("button", { name: /^Resume pair 1 / });
  await resume.waitFor({ timeout: 15_000 });
  await resume.click();
  await confirmed(page, "Pairs", /resume pair #1/);
  await pairs
    .getByTestId("pair-history")
    .locator("tr", { hasText: "halted" })
    .filter({ hasText: "price review" })
    .first()
    .waitFor({ timeout: 30_000 });
  await pairs.getByTestId("pair-1").filter({ hasText: "listed" }).waitFor({ timeout: 15_000 });
  await pairs.screenshot({ path: path.join(SHOTS, "regulator-pairs.png") });
  log("pair #1 halted with a reason and resumed; the history shows both");

  // Venues and their licences.
  const venues = region(page, "Venues");
  await venues.locator("tbody tr", { hasText: "EXCHANGE, valid" }).filter({ hasText: "trading" }).first().waitFor();
  await venues.screenshot({ path: path.join(SHOTS, "regulator-venues.png") });
  log(`venues: ${(await venues.locator("tbody tr").first().innerText()).replace(/\s+/g, " ")}`);

  // AML, live: the indexer runs the monitor at /aml/alerts; the panel shows its answer (on this story there may be
  // no alert: then "no alerts" from the live endpoint), and again on Refresh.
  const alerts = region(page, "AML alerts");
  const live = alerts.getByTestId("live-alerts");
  await live.waitFor({ timeout: 60_000 });
  // The panel's figure equals the endpoint's (read twice around the panel: a live market may add one between).
  const servedCount = () =>
    page.evaluate(async () => {
      const response = await fetch("/indexer/aml/alerts", { cache: "no-store" });
      if (response.status !== 200) throw new Error(`/indexer/aml/alerts: HTTP ${response.status}`);
      return ((await response.json()) as { alertCount: number }).alertCount;
    });
  let liveText = "";
  for (let attempt = 0; ; attempt++) {
    const before = await servedCount();
    liveText = (await live.innerText()).replace(/\s+/g, " ");
    const after = await servedCount();
    assert.match(liveText, /^Live monitor \(indexer\)/);
    const shown = /no alerts/.test(liveText) ? 0 : Number(/(\d+) alert\(s\)/.exec(liveText)?.[1] ?? -1);
    if (shown === before || shown === after) break;
    assert.ok(attempt < 3, `the live panel shows ${shown} alert(s), the endpoint ${before} then ${after}`);
    await page.waitForTimeout(11_000); // the next poll
  }
  await alerts.getByRole("button", { name: "Refresh alerts" }).click();
  await alerts.getByText(/as of .*every 10 s/).waitFor();
  await live.waitFor();
  await alerts.screenshot({ path: path.join(SHOTS, "regulator-aml.png") });
  log(`AML alerts live from the indexer: ${liveText}`);

  // AML: the monitor's report file (the fallback), shown alert by alert.
  await alerts.getByLabel("AML report file").setInputFiles({
    name: "aml-report.json",
    mimeType: "application/json",
    buffer: Buffer.from(sampleAmlReport()),
  });
  await alerts.getByTestId("alert-rows").filter({ hasText: "rapid-in-out" }).waitFor();

  // The audit report, built in the browser from the chain's logs, downloaded.
  const audit = region(page, "Audit report");
  await audit.getByRole("button", { name: "Build the audit report" }).click();
  const result = audit.getByTestId("audit-result");
  await result.waitFor({ timeout: 120_000 });
  const summary = await result.innerText();
  assert.match(summary, /no difference between the events and the views/);
  fs.mkdirSync(OUT, { recursive: true });
  for (const [button, file] of [
    ["Download the report (JSON)", "audit-report.json"],
    ["Download the report (Markdown)", "audit-report.md"],
  ] as const) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      audit.getByRole("button", { name: button }).click(),
    ]);
    await download.saveAs(path.join(OUT, file));
  }
  const report = JSON.parse(fs.readFileSync(path.join(OUT, "audit-report.json"), "utf8")) as {
    differences: unknown[];
    counts: Record<string, number>;
  };
  assert.deepEqual(report.differences, []);
  assert.ok(report.counts.fills > 0, "the audit counted the fills");
  assert.match(fs.readFileSync(path.join(OUT, "audit-report.md"), "utf8"), /\*\*No difference\*\*/);
  await page.screenshot({ path: path.join(SHOTS, "regulator-oversight.png"), fullPage: true });
  log(`audit report built in the browser: ${summary.split("\n")[0]}`);

  // Accessibility: the workspace's aria snapshot names every control.
  const snapshot = await page.locator("main").ariaSnapshot();
  fs.writeFileSync(path.join(OUT, "regulator-aria.yml"), snapshot);
  assert.deepEqual(unnamedInSnapshot(snapshot), [], "controls without a name in the regulator's aria snapshot");
  log(`aria snapshot of the regulator's workspace: ${snapshot.split("\n").length} lines, every control named`);
}
