/**
 * Client-registry succession tasks (issue 17): a manager replaces a client's lost wallet; an operator imports the
 * identities of a predecessor registry into its successor, in bounded, resumable batches. Thin: parse, call lib,
 * print; refusals are decoded from the error catalogue (lib/errors/catalogue.ts).
 *
 *   npx hardhat kyc:consent --identity 7 --out new-wallet-consent.json --from <new wallet>      (the client)
 *   npx hardhat identity:replace-wallet --lost 0x… --successor 0x… --consent-file new-wallet-consent.json \
 *     --reason "lost phone" --from 2                                                        (its attester or above)
 *   npx hardhat registry:import --predecessor 0x… [--successor 0x…] [--importer 0x…] [--from 0]
 */
import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { IdentityRegistry, IIdentitySuccession, RegistryImporter } from "../typechain-types";
import { attestationDomain, NO_CONSENT, randomNonce, signConsent, type Consent } from "../lib/attestation";
import {
  chainNow,
  cliError,
  deploymentAddress,
  parseAddress,
  parseId,
  reasonBytes,
  resolveAccount,
  send,
  signerFor,
  writeTask,
} from "../lib/cli";
import { ImportOutcome } from "../lib/registry";
import { nameOf } from "../lib/assets";

/** The registry at `address` (default: the deployed IdentityRegistry) with its succession paths, as `from`. */
async function successionAt(hre: HardhatRuntimeEnvironment, address: string | undefined, from?: string) {
  const signer = await signerFor(hre, from);
  const at = address ? parseAddress(hre, address, "--successor") : await deploymentAddress(hre, "IdentityRegistry");
  const registry = (await hre.ethers.getContractAt(
    "IIdentitySuccession",
    at,
    signer,
  )) as unknown as IIdentitySuccession;
  return { registry, signer };
}

/** The successor's consent to join `identityId`: from kyc:consent's file, none if it is in it, or signed by it. */
async function successorConsent(
  hre: HardhatRuntimeEnvironment,
  registry: IIdentitySuccession,
  successor: string,
  identityId: bigint,
  file?: string,
): Promise<Consent> {
  if ((await registry.identityOf(successor)) === identityId) return NO_CONSENT;
  const registryAddress = await registry.getAddress();
  if (file) {
    const c = JSON.parse(fs.readFileSync(file, "utf8"));
    if (hre.ethers.getAddress(c.registry) !== registryAddress) throw cliError(`${file} is for registry ${c.registry}`);
    if (hre.ethers.getAddress(c.wallet) !== successor) throw cliError(`${file} is the consent of ${c.wallet}`);
    if (BigInt(c.identityId) !== identityId) {
      throw cliError(
        `${file} consents to identity ${c.identityId}, not ${identityId}: kyc:consent --identity ${identityId}`,
      );
    }
    return { nonce: BigInt(c.nonce), deadline: BigInt(c.deadline), signature: c.signature };
  }
  const own = (await hre.ethers.getSigners()).find((s) => s.address === successor);
  if (!own) {
    throw cliError(
      `${successor} must consent to join identity ${identityId}: have it run kyc:consent --identity ${identityId} ` +
        `and pass --consent-file`,
    );
  }
  const { chainId } = await hre.ethers.provider.getNetwork();
  return signConsent(own, attestationDomain(chainId, registryAddress), {
    wallet: successor,
    identityId,
    attester: 0n,
    nonce: randomNonce(),
    deadline: BigInt((await chainNow(hre)) + 3600),
  });
}

writeTask(
  "identity:replace-wallet",
  "KYC manager: replace a client's lost wallet by its new one (the lost wallet leaves the identity for good)",
)
  .addParam("lost", "the lost wallet (index, address or label)")
  .addParam("successor", "the client's new wallet (index, address or label)")
  .addOptionalParam("reason", "a short reason (at most 31 bytes)", "lost wallet")
  .addOptionalParam(
    "consentFile",
    "the new wallet's consent from kyc:consent --identity (not needed for a configured account)",
  )
  .addOptionalParam("registry", "the registry (default: the deployed IdentityRegistry)")
  .addOptionalParam("from", "account index, address or label to act as (the attester's account or an ancestor's)", "0")
  .setAction(async (args, hre) => {
    const { registry } = await successionAt(hre, args.registry, args.from);
    const lost = await resolveAccount(hre, args.lost, "--lost");
    const successor = await resolveAccount(hre, args.successor, "--successor");
    const id = await registry.identityOf(lost);
    if (id === 0n) {
      const [already] = await registry.replacementNotice(lost);
      throw cliError(
        already === hre.ethers.ZeroAddress
          ? `${lost} belongs to no identity`
          : `${lost} was replaced already; its successor is ${already}`,
      );
    }
    const consent = await successorConsent(hre, registry, successor, id, args.consentFile);
    await send(hre, `replace wallet ${lost} of identity #${id}`, () =>
      registry.replaceWallet(id, lost, successor, reasonBytes(hre, args.reason), consent),
    );
    const [, , claimableAt] = await registry.replacementNotice(lost);
    console.log(
      `identity #${id}: ${lost} replaced by ${successor}; venues see it (successorOf) from ${claimableAt} ` +
        `(seconds), unless ${lost} or a manager above you contests it before (identity:contest-replacement)`,
    );
    return { identityId: id, lost, successor, claimableAt };
  });

writeTask(
  "identity:contest-replacement",
  "The lost wallet itself, or a manager ranked above the replacer: void a replacement during its notice",
)
  .addParam("lost", "the replaced wallet (index, address or label)")
  .addOptionalParam("reason", "a short reason (at most 31 bytes)", "contested")
  .addOptionalParam("registry", "the registry (default: the deployed IdentityRegistry)")
  .addOptionalParam("from", "account index, address or label to act as (the lost wallet or a higher manager)", "0")
  .setAction(async (args, hre) => {
    const { registry } = await successionAt(hre, args.registry, args.from);
    const lost = await resolveAccount(hre, args.lost, "--lost");
    await send(hre, `contest the replacement of ${lost}`, () =>
      registry.contestReplacement(lost, reasonBytes(hre, args.reason)),
    );
    console.log(`replacement of ${lost} contested: it is back in identity #${await registry.identityOf(lost)}`);
    return { lost, identityId: await registry.identityOf(lost) };
  });

/** Ids registry:import reserves above the predecessor's identityCount by default (review M5). */
export const RESERVE_MARGIN = 2n ** 32n;

task(
  "registry:import",
  "Import a predecessor registry's identities into its successor, in batches (resumable: what is there is skipped)",
)
  .addParam("predecessor", "the predecessor registry's address")
  .addOptionalParam("successor", "the successor registry (default: the deployed IdentityRegistry)")
  .addOptionalParam("importer", "the RegistryImporter (default: the successor's named importer; else one is deployed)")
  .addOptionalParam("batch", "ids per transaction (at most the importer's MAX_BATCH, 32)", 32, types.int)
  .addOptionalParam("ids", "only these ids (comma-separated); default every id of the predecessor not yet imported")
  .addFlag("nameImporter", "as --from, the tree's governor: name the importer on the successor first (setImporter)")
  .addOptionalParam(
    "reserve",
    "with --name-importer: ids reserved for imports (default the predecessor's identityCount + 2^32, see docs/registry.md)",
  )
  .addOptionalParam("from", "the tree's governor, or the account of an attesting node importing its own clients", "0")
  .setAction(async (args, hre) => {
    const { registry: successor, signer } = await successionAt(hre, args.successor, args.from);
    const predecessor = (await hre.ethers.getContractAt(
      "IdentityRegistry",
      parseAddress(hre, args.predecessor, "--predecessor"),
      signer,
    )) as unknown as IdentityRegistry;
    const issued = await predecessor.identityCount();
    let importerAddress: string = args.importer ?? (await successor.importer());
    if (importerAddress === hre.ethers.ZeroAddress) {
      const deployedImporter = await hre.ethers.deployContract("RegistryImporter", [predecessor, successor], signer);
      await deployedImporter.waitForDeployment();
      importerAddress = await deployedImporter.getAddress();
      console.log(`deployed RegistryImporter at ${importerAddress}`);
    }
    const importer = (await hre.ethers.getContractAt(
      "RegistryImporter",
      importerAddress,
      signer,
    )) as unknown as RegistryImporter;
    // The margin keeps the predecessor's later ids (it may register until the cut-over) clear of the successor's own:
    // ids are numbers only in the sanctions lists, so a collision would list two people (review M5).
    const reserve = args.reserve !== undefined ? parseId(String(args.reserve), "--reserve") : issued + RESERVE_MARGIN;
    if (args.nameImporter) {
      await send(hre, `name the importer, reserving ids 1..${reserve}`, () =>
        successor.setImporter(importerAddress, reserve),
      );
    }
    const named = await successor.importer();
    if (hre.ethers.getAddress(named) !== hre.ethers.getAddress(importerAddress)) {
      throw cliError(
        `the successor's importer is ${named}, not ${importerAddress}: the tree's governor names it once ` +
          `(setImporter(${importerAddress}, ${reserve}); a timelock action in production, or --name-importer as the governor)`,
      );
    }
    const max = Number(await importer.MAX_BATCH());
    const size = Math.min(args.batch, max);
    if (!(size >= 1)) throw cliError(`--batch ${args.batch}: between 1 and ${max}`);
    // Resumable: ids already in the successor are left out (a re-run sends only what is missing).
    const wanted: bigint[] = args.ids
      ? String(args.ids)
          .split(",")
          .map((t: string) => parseId(t.trim(), "--ids"))
      : Array.from({ length: Number(issued) }, (_, i) => BigInt(i + 1));
    const missing: bigint[] = [];
    for (const id of wanted) {
      const there = await successor.identity(id).then(
        () => true,
        () => false,
      );
      if (!there) missing.push(id);
    }
    console.log(
      `${wanted.length - missing.length} of ${wanted.length} ids are in the successor; importing ${missing.length}`,
    );
    let imported = 0;
    const skipped: { id: string; outcome: string }[] = [];
    const batches = Math.ceil(missing.length / size);
    for (let b = 0; b < batches; b++) {
      const ids = missing.slice(b * size, (b + 1) * size);
      const receipt = await send(
        hre,
        `batch ${b + 1}/${batches} (ids ${ids[0]}..${ids[ids.length - 1]})`,
        () => importer.importIdentities(ids),
        true,
      );
      const skips = receipt.logs
        .map((l) => {
          try {
            return importer.interface.parseLog(l);
          } catch {
            return null;
          }
        })
        .filter((p) => p?.name === "ImportSkipped");
      for (const p of skips) skipped.push({ id: `${p!.args[0]}`, outcome: nameOf(ImportOutcome, p!.args[1]) });
      imported += ids.length - skips.length;
      console.log(
        `batch ${b + 1}/${batches}: ${ids.length - skips.length} imported, ${skips.length} skipped (tx ${receipt.hash})`,
      );
    }
    for (const s of skipped) console.log(`  identity #${s.id} not imported: ${s.outcome}`);
    console.log(`imported ${imported} identities into ${await successor.getAddress()}`);
    return { importer: importerAddress, imported, skipped };
  });
