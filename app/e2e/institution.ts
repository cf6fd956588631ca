/**
 * The institution's workspace end to end (issue 19), called by the runner (app/e2e/investor.ts) after the new client's
 * attestation and before the regulator suspends Bank Z; or alone against a running stack:
 * `E2E_URL=http://127.0.0.1:8682/ TS_NODE_PROJECT=$PWD/tsconfig.stack.json node --require ts-node/register/transpile-only e2e/institution.ts`.
 *
 *   1. Bank Z signs an attestation: file, link and the link's QR code;
 *   2. Bank Z registers a fresh wallet directly, with the consent the wallet signed (kyc:consent's file), sees it in
 *      its client list (status, expiry in the user's locale), renews it, freezes and unfreezes it; then replaces its
 *      wallet by a successor (with the successor's consent): the notice shows, Bank Z's own contest is refused in
 *      words (only the lost wallet or a higher rank may), and the claim at the venue is not offered before the notice
 *      has passed; moving the client to another bank's node is refused in words;
 *   3. the issuer reads BOND's supply, reserve, ratio and headroom, mints 1 BOND to Erin within the headroom, and an
 *      amount above the headroom is refused before sending, in words;
 *   4. the lister registers an external asset (EUR, a token the test deploys), its proposal of BOND/USD again is
 *      refused in words (the pair is live), EUR/USD is proposed, and the pair list shows it proposed;
 *   5. the venue's operator sees fees and books; a fee above the steward's cap is refused in words;
 *   6. the auditor posts a disclosure for EUR, listed with its expiry;
 *   7. Playwright's aria snapshot of each section shows no unlabeled control.
 */
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import { chromium, type Page } from "playwright-core";
import { attestationDomain, randomNonce, signConsent } from "../../lib/attestation";
import { unnamedControls } from "../src/institution/logic";

const log = (line: string) => console.log(`e2e institution: ${line}`);

async function confirmed(page: Page, section: string, what: RegExp, timeout = 60_000): Promise<void> {
  const status = page.getByRole("region", { name: section, exact: true }).getByTestId("tx-status");
  await status.filter({ hasText: what }).filter({ hasText: "confirmed" }).waitFor({ timeout });
}

async function refusedInWords(page: Page, section: string, timeout = 30_000): Promise<string> {
  const refusal = page.getByRole("region", { name: section, exact: true }).getByTestId("refusal");
  await refusal.waitFor({ timeout });
  return refusal.innerText();
}

/** The aria snapshot of the institution's workspace: its unlabeled controls, named by `where`. */
async function checkSnapshot(page: Page, where: string): Promise<string[]> {
  const snapshot = await page.locator(".workspace.institution").ariaSnapshot();
  return unnamedControls(snapshot).map((line) => `${where}: ${line.trim()}`);
}

async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation", { name: "Institution sections" }).getByRole("button", { name }).click();
}

/** The institution's steps; returns the unlabeled controls found by the aria snapshots (none expected). */
export async function institutionSteps(page: Page, url: string, shots: string): Promise<string[]> {
  const unnamed: string[] = [];
  const deployment = (await (await fetch(new URL("deployment.json", url))).json()) as {
    chainId: number;
    contracts: Record<string, string>;
  };
  const provider = new JsonRpcProvider(new URL("rpc", url).toString(), undefined, { staticNetwork: true });
  const account = page.getByLabel("Development account");

  // 1. Bank Z: an attestation as a file, a link and a QR code.
  await account.selectOption({ label: "Bank Z (bank)" });
  const attest = page.getByRole("region", { name: "Attest a client" });
  await attest.waitFor({ timeout: 30_000 });
  const client = Wallet.createRandom();
  await attest.getByLabel("Client wallet").fill(client.address);
  await attest.getByRole("button", { name: "Sign the attestation" }).click();
  await attest.getByRole("img", { name: "QR code of the attestation link" }).waitFor({ timeout: 15_000 });
  log("Bank Z signed an attestation: file, link and QR code");
  await page.screenshot({ path: path.join(shots, "institution-qr.png"), fullPage: true });

  // 2. A direct registration, with the consent the wallet signed (what kyc:consent writes), then renew, freeze, unfreeze.
  const bankZNode = Number(((await attest.getByRole("heading").first().innerText()).match(/KYC node #(\d+)/) ?? [])[1]);
  const now = (await provider.getBlock("latest"))!.timestamp;
  const registry = deployment.contracts.IdentityRegistry;
  const consent = await signConsent(client, attestationDomain(deployment.chainId, registry), {
    wallet: client.address,
    identityId: 0n,
    attester: BigInt(bankZNode),
    nonce: randomNonce(),
    deadline: BigInt(now + 86_400),
  });
  const file = {
    registry,
    chainId: String(deployment.chainId),
    wallet: client.address,
    identityId: "0",
    attester: String(bankZNode),
    nonce: consent.nonce.toString(),
    deadline: consent.deadline.toString(),
    signature: consent.signature,
  };
  const register = page.getByRole("region", { name: "Register a client" });
  await register.getByLabel("Wallet to register").fill(client.address);
  await register.getByLabel("Wallet consent").fill(JSON.stringify(file));
  await register.getByRole("button", { name: "Register the client" }).click();
  await confirmed(page, "Register a client", /register 0x/);
  const row = page.getByTestId("clients").locator("tr", { hasText: client.address });
  await row.filter({ hasText: "active" }).waitFor({ timeout: 15_000 });
  log(`Bank Z registered ${client.address} directly with its consent: ${(await row.innerText()).replace(/\s+/g, " ")}`);
  await row.getByRole("button", { name: /^Manage client/ }).click();
  const manage = page.getByRole("region", { name: "Client", exact: true });
  const until = new Date((now + 90 * 86_400) * 1000).toISOString().slice(0, 10);
  await manage.getByLabel("Valid until").fill(until);
  await manage.getByRole("button", { name: "Renew", exact: true }).click();
  await confirmed(page, "Client", new RegExp(`renew identity #\\d+ until ${until}`));
  await manage.getByLabel("Client reason").fill("e2e: documents review");
  await manage.getByRole("button", { name: "Freeze", exact: true }).click();
  await confirmed(page, "Client", /freeze identity/);
  await row.filter({ hasText: "frozen" }).waitFor({ timeout: 15_000 });
  await page.screenshot({ path: path.join(shots, "institution-clients.png"), fullPage: true });
  await manage.getByRole("button", { name: "Unfreeze" }).click();
  await confirmed(page, "Client", /unfreeze identity/);
  await row.filter({ hasText: "active" }).waitFor({ timeout: 15_000 });
  log(`renewed until ${until}, frozen and unfrozen`);
  // Bank Z manages no other KYC node: moving the client to Bank Y's is refused before sending, in words.
  await manage.getByLabel("New attester node").fill("2");
  await manage.getByRole("button", { name: "Migrate" }).click();
  const migrate = await refusedInWords(page, "Client");
  assert.match(migrate, /migrate identity #\d+ to node #2: refused before sending/);
  log(`migrating to another bank's node: ${migrate.split("\n").filter(Boolean)[1]}`);

  // 2b. The client lost its wallet: Bank Z replaces it by a successor (which consented to join the identity); the notice
  // runs, Bank Z's own contest is refused in words (only the lost wallet or a higher rank may), and so is a claim at
  // the venue before the notice has passed.
  const successor = Wallet.createRandom();
  const identityId = BigInt(((await row.innerText()).match(/#(\d+)/) ?? [])[1]);
  const join = await signConsent(successor, attestationDomain(deployment.chainId, registry), {
    wallet: successor.address,
    identityId,
    attester: 0n,
    nonce: randomNonce(),
    deadline: BigInt(now + 86_400),
  });
  await manage.getByLabel("Successor wallet").fill(successor.address);
  await manage.getByLabel("Successor consent").fill(
    JSON.stringify({
      ...file,
      wallet: successor.address,
      identityId: identityId.toString(),
      attester: "0",
      nonce: join.nonce.toString(),
      deadline: join.deadline.toString(),
      signature: join.signature,
    }),
  );
  await manage.getByRole("button", { name: "Replace the wallet" }).click();
  await confirmed(page, "Client", /replace wallet 0x/);
  const notice = page.getByRole("region", { name: "Wallet replacement notice" });
  await notice.getByLabel("Replaced wallet").fill(client.address);
  await notice.getByTestId("notice").filter({ hasText: "still in its notice" }).waitFor({ timeout: 15_000 });
  await notice.getByLabel("Contest reason").fill("e2e: not lost");
  await notice.getByRole("button", { name: "Contest the replacement" }).click();
  const contest = await refusedInWords(page, "Wallet replacement notice");
  assert.match(contest, /refused before sending/);
  // The claim at the venue is offered once the notice has passed, not before.
  const claimButton = notice.getByRole("button", { name: "Claim at the venue" });
  assert.equal(await claimButton.isDisabled(), true);
  const claim = (await claimButton.getAttribute("title")) ?? "";
  assert.match(claim, /Not offered: no replacement of this wallet has passed its notice/);
  log(
    `replaced the client's wallet by ${successor.address}; in its notice, Bank Z's contest: ` +
      `${contest.split("\n").filter(Boolean)[1]}; the claim: ${claim}`,
  );
  await page.screenshot({ path: path.join(shots, "institution-replacement.png"), fullPage: true });
  unnamed.push(...(await checkSnapshot(page, "clients")));

  // 3. The issuer: supply, reserve, ratio, headroom; a mint within it; one above it refused before sending.
  await account.selectOption({ label: "Issuer (issuer)" });
  await openSection(page, "Native token");
  const token = page.getByRole("region", { name: "Native token BOND" });
  const headroom = await token.getByTestId("headroom").innerText({ timeout: 30_000 });
  const supplyBefore = await token.getByTestId("supply").innerText();
  log(`BOND: supply ${supplyBefore}, headroom ${headroom}`);
  const erin = await page.evaluate(async () => {
    const d = (await (await fetch("/deployment.json")).json()) as { accounts: { label: string; address: string }[] };
    return d.accounts.find((a) => a.label === "Erin")!.address;
  });
  await token.getByLabel("Mint to").fill(erin);
  await token.getByLabel("Amount to mint").fill("1");
  await token.getByRole("button", { name: "Mint", exact: true }).click();
  await confirmed(page, "Native token BOND", /mint 1 BOND to Erin/);
  await page.waitForFunction(
    ([was]) => document.querySelector('[data-testid="supply"]')?.textContent !== was,
    [supplyBefore] as const,
    { timeout: 15_000 },
  );
  log(`minted 1 BOND to Erin: supply ${await token.getByTestId("supply").innerText()}`);
  await token.getByLabel("Amount to mint").fill("1000000000000");
  await token.getByTestId("mint-hint").filter({ hasText: "above the headroom" }).waitFor();
  await token.getByRole("button", { name: "Mint", exact: true }).click();
  const above = await token.getByTestId("mint-refusal").innerText({ timeout: 5_000 });
  assert.match(above, /refused before sending \(nothing was signed\)/);
  assert.match(above, /is above the headroom of/);
  log(`above the headroom: ${above.split("\n").filter(Boolean)[1]}`);
  await page.screenshot({ path: path.join(shots, "institution-mint.png"), fullPage: true });
  unnamed.push(...(await checkSnapshot(page, "native token")));

  // 4. The lister: registers an external asset (a token deployed here for the test); BOND/USD again is refused in
  // words (the pair is live); EUR/USD is proposed, and the pair list shows it proposed.
  const keys = (await (await fetch(new URL("deployment.json", url))).json()) as {
    accounts: { label: string; key?: string }[];
  };
  const deployer = new Wallet(keys.accounts.find((a) => a.label === "Lister")!.key!, provider);
  const artifact = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, "..", "..", "artifacts", "contracts", "test", "TestToken.sol", "TestToken.json"),
      "utf8",
    ),
  ) as { abi: unknown[]; bytecode: string };
  const eur = await new ContractFactory(artifact.abi as never, artifact.bytecode, deployer).deploy("Euro", "EUR");
  await eur.waitForDeployment();
  const eurAddress = await eur.getAddress();
  await account.selectOption({ label: "Lister (lister)" });
  await openSection(page, "Assets");
  const registerAsset = page.getByRole("region", { name: "Register an asset" });
  await registerAsset.getByLabel("Token contract").fill(eurAddress);
  await registerAsset.getByLabel("Metadata URI").fill("ipfs://eur");
  await registerAsset.getByRole("button", { name: "Register the asset" }).click();
  await confirmed(page, "Register an asset", /register 0x/);
  await page.getByTestId("assets").locator("tr", { hasText: eurAddress }).waitFor({ timeout: 15_000 });
  log(`the lister registered EUR (${eurAddress}) as an external asset`);
  await openSection(page, "Pairs");
  const propose = page.getByRole("region", { name: "Propose a pair" });
  await propose.getByLabel("Base asset").locator("option", { hasText: "EUR" }).last().waitFor({ state: "attached" });
  await propose.getByLabel("Base asset").selectOption({ label: (await optionLabel(page, "Base asset", "BOND"))! });
  await propose.getByLabel("Quote asset").selectOption({ label: (await optionLabel(page, "Quote asset", "USD"))! });
  await propose.getByRole("button", { name: "Propose the pair" }).click();
  const again = await refusedInWords(page, "Propose a pair");
  assert.match(again, /refused before sending/);
  assert.match(again, /PairAlreadyLive/);
  log(`BOND/USD again: ${again.split("\n").filter(Boolean).slice(1, 3).join(" / ")}`);
  await propose.getByLabel("Base asset").selectOption({ label: (await optionLabel(page, "Base asset", "EUR"))! });
  await propose.getByLabel("Lot size").fill("1");
  await propose.getByLabel("Price step").fill("0.0001");
  await propose.getByRole("button", { name: "Propose the pair" }).click();
  await confirmed(page, "Propose a pair", /propose EUR\/USD/);
  await page
    .getByTestId("pairs")
    .locator("tr", { hasText: "EUR/USD" })
    .filter({ hasText: "Proposed" })
    .first() // newest first (a reused stack lists earlier runs' proposals too)
    .waitFor({ timeout: 15_000 });
  log("the lister proposed EUR/USD; the pair list shows it proposed");
  await page.screenshot({ path: path.join(shots, "institution-pairs.png"), fullPage: true });
  unnamed.push(...(await checkSnapshot(page, "pairs")));

  // 5. The operator: fees, books; a fee above the steward's cap refused in words.
  await account.selectOption({ label: "Exchange operator (operator)" });
  await openSection(page, "Venue");
  const fees = page.getByRole("region", { name: "Fees", exact: true });
  await fees.getByTestId("fees").waitFor({ timeout: 30_000 });
  await page.getByTestId("books").locator("tbody tr").first().waitFor({ timeout: 15_000 });
  await fees.getByLabel("Maker fee").fill("60");
  await fees.getByLabel("Taker fee").fill("60");
  await fees.getByRole("button", { name: "Set the fees" }).click();
  const cap = await refusedInWords(page, "Venue");
  assert.match(cap, /FeeAboveCap/);
  log(`a fee above the cap: ${cap.split("\n").filter(Boolean).slice(1, 3).join(" / ")}`);
  await page.screenshot({ path: path.join(shots, "institution-venue.png"), fullPage: true });
  unnamed.push(...(await checkSnapshot(page, "venue")));

  // 6. The auditor posts a disclosure for EUR; the asset list shows it with its expiry.
  await account.selectOption({ label: "Auditor (auditor)" });
  await page.getByTestId("assets").locator("tbody tr").first().waitFor({ timeout: 30_000 });
  const post = page.getByRole("region", { name: "Post an attestation" });
  const eurOption = post.getByLabel("Attested asset").locator("option", { hasText: "EUR" }).last();
  await post.getByLabel("Attested asset").selectOption({ label: (await eurOption.textContent())! });
  await post.getByLabel("Attestation kind").selectOption("Disclosure");
  await post.getByLabel("Report URI").fill("ipfs://eur-disclosure");
  await post.getByRole("button", { name: "Post the attestation" }).click();
  await confirmed(page, "Post an attestation", /post a Disclosure attestation/);
  const eurRow = page.getByTestId("assets").locator("tr", { hasText: eurAddress });
  await eurRow.filter({ hasText: /Disclosure #\d+: counts until/ }).waitFor({ timeout: 15_000 });
  log(`the auditor posted a disclosure for EUR: ${(await eurRow.innerText()).replace(/\s+/g, " ")}`);
  unnamed.push(...(await checkSnapshot(page, "assets")));
  await page.screenshot({ path: path.join(shots, "institution-assets.png"), fullPage: true });
  provider.destroy();
  return unnamed;
}

/** The label of the last option of select `label` that names `symbol`. */
async function optionLabel(page: Page, label: string, symbol: string): Promise<string | null> {
  const option = page
    .getByRole("region", { name: "Propose a pair" })
    .getByLabel(label)
    .locator("option", { hasText: new RegExp(`^${symbol} `) })
    .last(); // the newest (a reused stack has the EUR of earlier runs)
  return option.textContent();
}

/** Alone, against a running stack (E2E_URL). */
async function main(): Promise<void> {
  const url = process.env.E2E_URL;
  if (!url) throw new Error("E2E_URL=<the console's URL> (the runner app/e2e/investor.ts calls these steps otherwise)");
  const context = await chromium.launchPersistentContext("", {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
    viewport: { width: 1400, height: 1100 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    const unnamed = await institutionSteps(page, url, path.join(__dirname, "..", "..", "docs", "console"));
    assert.deepEqual(unnamed, [], "controls without an accessible name");
    assert.deepEqual(errors, [], "errors on the page");
    log("passed");
  } catch (error) {
    const page = context.pages()[0];
    if (page)
      await page.screenshot({
        path: path.join(__dirname, "..", ".stack", "e2e-institution-failure.png"),
        fullPage: true,
      });
    throw error;
  } finally {
    await context.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
