/**
 * The error catalogue: every custom error in the ABIs of the suite's contracts (contracts/, not contracts/test/), what
 * it means and what the user should do. It is the one source for all of them: the CLI's decoder (lib/cli.ts)
 * explains a refused transaction from it, `npm run docs:errors` writes docs/errors.md from it and the ABIs, and
 * test/errors/catalogue.test.ts fails when an error of the ABIs has no entry, an entry names no error, an entry's
 * arguments differ from the ABI's, or docs/errors.md is stale.
 *
 * Adding an error is one entry here (then `npm run docs:errors`), keyed by the error's name, or by its full signature
 * (e.g. "NotOperator(address,uint64)") when contracts declare errors of the same name with different arguments:
 * - `meaning`: one sentence (the NatSpec one is a good start), in which `argName` stands for that argument's value
 *   (the decoder fills it in);
 * - `remedy`: what the user should do about it;
 * - `args`: the argument names, in ABI order.
 */
export type ErrorEntry = {
  readonly meaning: string;
  readonly remedy: string;
  readonly args: readonly string[];
};

export const ERRORS: { readonly [nameOrSignature: string]: ErrorEntry } = {
  AccountNotFresh: {
    meaning:
      "`account` holds or once held a node under root `rootId` (its current one: `nodeId`; none if it was rotated " +
      "out of one): a node's key rotates only to an account new to that root.",
    remedy:
      "Rotate to a freshly generated key (node:rotate / node:replace-key --account); an account that held a node " +
      "here keeps its bar and can only be granted a new node (authority:grant) from that rank or above.",
    args: ["account", "rootId", "nodeId"],
  },
  AccountAlreadyAuthorized: {
    meaning: "`account` already holds live node `nodeId` under root `rootId`; revoke it (or let it lapse) first.",
    remedy: "Use the existing node (authority:node), or revoke it or let its lease end before granting again.",
    args: ["account", "rootId", "nodeId"],
  },
  AlreadyFrozen: {
    meaning: "Identity `identityId` is already frozen, at depth `frozenByDepth` (only a higher rank may take over).",
    remedy: "Nothing to do if the freeze suffices; to take it over, freeze from a rank above `frozenByDepth`.",
    args: ["identityId", "frozenByDepth"],
  },
  AlreadyRegistered: {
    meaning: "Token `token` has already registered its monetary terms with the desk.",
    remedy: "Nothing to do: a token registers once, from its constructor.",
    args: ["token"],
  },
  AsOfBeforePrevious: {
    meaning: "A reserve's `asOf` lies before the current reserve attestation's `previousAsOf`.",
    remedy: "Attest a reserve measured no earlier than the current one's as-of time.",
    args: ["asOf", "previousAsOf"],
  },
  AsOfInFuture: {
    meaning: "A reserve's `asOf` time lies after `now`: a reserve cannot be attested before it is measured.",
    remedy: "Give the time the reserve was measured (now or earlier); attest it once it has been measured.",
    args: ["asOf", "now"],
  },
  AssetAlreadyRegistered: {
    meaning: "`token` is already registered under `root` as asset `assetId`.",
    remedy:
      "Use asset `assetId` (asset ids are in the AssetRegistered events); register under another root if that is meant.",
    args: ["token", "root", "assetId"],
  },
  AssetIsRetired: {
    meaning: "Asset `assetId` is retired.",
    remedy: "Register the token again (it gets a new id) or use another asset.",
    args: ["assetId"],
  },
  AssetNotRegistered: {
    meaning: "The token is not registered as a Native asset of its root in the asset registry.",
    remedy: "Have a LIST holder of the root register the token as a Native asset first (asset:register --kind native).",
    args: ["token", "root"],
  },
  AssetRetired: {
    meaning: "Asset `assetId` was retired in the asset registry.",
    remedy: "Propose the pair with a live asset; a retired asset cannot be listed.",
    args: ["assetId"],
  },
  AssetRootMismatch: {
    meaning: "Asset `assetId` is registered under root `assetRoot`, not the pair's root `root`.",
    remedy: "Propose the pair under root `assetRoot`, or use assets registered under `root`.",
    args: ["assetId", "assetRoot", "root"],
  },
  AttestationExpired: {
    meaning: "The attestation could be submitted until `deadline`; it is now `now` (seconds).",
    remedy: "Ask the institution to sign a fresh attestation (kyc:sign) and submit it before its deadline.",
    args: ["deadline", "now"],
  },
  AttestedByHigherAuthority: {
    meaning:
      "The `kind` attestation of `assetId` is held (or was withdrawn) at depth `rank`; the caller's AUDIT node is at `callerRank`, below it.",
    remedy: "Ask an auditor at depth `rank` or above (nearer the root) to post or withdraw it.",
    args: ["assetId", "kind", "rank", "callerRank"],
  },
  AttesterBlockedByHigherAuthority: {
    meaning: "Attesting node `nodeId` was made invalid by an authority at depth `rank`; `callerDepth` is below it.",
    remedy: "Ask the authority at depth `rank` or above to act, or to restore the node first.",
    args: ["nodeId", "rank", "callerDepth"],
  },
  AttesterNotKyc: {
    meaning: "Node `nodeId` cannot attest, for reason `fault`.",
    remedy:
      "Attest from a valid node holding KYC (authority:node shows its status, scopes and lease); `fault` says what is wrong.",
    args: ["nodeId", "fault"],
  },
  BarredByHigherAuthority: {
    meaning:
      "`account` was revoked, renounced or rotated out of its node under `rootId` at depth `barDepth`; a grant from " +
      "depth `granterDepth` is below it.",
    remedy: "Grant from depth `barDepth` or above (nearer the root): the revoker's rank bars lower ones.",
    args: ["account", "rootId", "barDepth", "granterDepth"],
  },
  BelowMinimumSize: {
    meaning: "`lots` is below the pair's minimum `minLots` (or zero).",
    remedy: "Order at least `minLots` lots (pair:show gives the minimum in base units).",
    args: ["lots", "minLots"],
  },
  BookAlreadyOpen: {
    meaning: "The book of `pairId` is already open.",
    remedy: "Nothing to do: the book is open; place orders on it.",
    args: ["pairId"],
  },
  BookNotEmpty: {
    meaning: "Book `pairId` still holds resting orders (clearDelisted returns them to their owners).",
    remedy: "Clear the delisted book first (clearDelisted, in batches), then retire it.",
    args: ["pairId"],
  },
  BookNotOpen: {
    meaning: "No book of `pairId` is open here.",
    remedy: "Ask the venue's operator to open the pair's book (venue:open-book), or use a venue that has it.",
    args: ["pairId"],
  },
  CannotManageNode: {
    meaning: "`caller` holds neither node `nodeId` nor a valid ancestor of it.",
    remedy: "Act from the node's own account or from a valid ancestor's.",
    args: ["caller", "nodeId"],
  },
  CapBelowSupply: {
    meaning:
      "Cap `cap` of `token` would be below its supply `supply` (locked redemptions included, as they may be returned).",
    remedy: "Choose a cap of at least `supply`, or settle redemptions first.",
    args: ["token", "cap", "supply"],
  },
  CapNotLowered: {
    meaning: "Cap `cap` of `token` is not below its current cap `current`: a supply cap may only be lowered.",
    remedy: "Choose a cap below `current`.",
    args: ["token", "current", "cap"],
  },
  ClockMismatch: {
    meaning: "`dependency` reads the clock in `dependencyUnit`, this contract in `unit`: they must agree.",
    remedy: "Deploy the dependency and this contract with the same time unit (1 on seconds chains, 1000 on PlatON).",
    args: ["dependency", "unit", "dependencyUnit"],
  },
  ConsentCountMismatch: {
    meaning: "A batch needs one consent per registration: `registrations` registrations, `consents` consents.",
    remedy: "Give exactly one consent per registration, in the same order (NO_CONSENT where the caller is the wallet).",
    args: ["registrations", "consents"],
  },
  ConsentExpired: {
    meaning: "`wallet`'s consent could be used until `deadline`; it is now `now` (seconds).",
    remedy: "Ask the wallet to sign a fresh consent (kyc:consent) and use it before its deadline.",
    args: ["wallet", "deadline", "now"],
  },
  CrossesBook: {
    meaning: "An order on `side` at `tick` would cross the opposite side's best, `oppositeBest`; match it first.",
    remedy: "Match the crossing orders first (the venue does this for orders it accepts).",
    args: ["side", "tick", "oppositeBest"],
  },
  DeadlineTooFar: {
    meaning: "A deadline may be at most MAX_ATTESTATION_WINDOW ahead: `deadline` is beyond `limit`.",
    remedy: "Choose a deadline at most 30 days ahead (the default is 7 days).",
    args: ["deadline", "limit"],
  },
  DelistedByHigherAuthority: {
    meaning: "The key of pair `pairId` was delisted at depth `barRank`; the caller's GOVERN node is at `callerRank`.",
    remedy: "Approve the relisting from depth `barRank` or above (nearer the root).",
    args: ["pairId", "barRank", "callerRank"],
  },
  DepthExceeded: {
    meaning: "A grant would create a node at `depth`, beyond the bound `maxDepth`.",
    remedy: "Grant from a node nearer the root: the tree is at most MAX_DEPTH (8) deep.",
    args: ["depth", "maxDepth"],
  },
  DirectCall: {
    meaning:
      "A venue module (ExchangeAdmin, ExchangeExtension, ExchangeSuccession) was called directly rather than through its Exchange.",
    remedy: "Call the venue (the Exchange) through IExchange, never one of its modules.",
    args: [],
  },
  DuplicateBarredJurisdiction: {
    meaning: "Jurisdiction `jurisdiction` is listed twice.",
    remedy: "List each barred jurisdiction once.",
    args: ["jurisdiction"],
  },
  DuplicateTrustedRoot: {
    meaning: "Root `rootId` is listed twice.",
    remedy: "List each trusted root once.",
    args: ["rootId"],
  },
  EmptyEvidence: {
    meaning: "An attestation needs a URI and a non-zero content hash.",
    remedy: "Give the report's URI and its content hash (or --file, whose keccak256 is used).",
    args: [],
  },
  EnforcedPause: {
    meaning: "The token is paused.",
    remedy: "Wait until the token's issuer or regulator unpauses it.",
    args: [],
  },
  ERC20InsufficientAllowance: {
    meaning: "`spender` may spend `allowance`, less than the `needed`.",
    remedy: "Approve the spender for at least `needed` first.",
    args: ["spender", "allowance", "needed"],
  },
  ERC20InsufficientBalance: {
    meaning: "`sender` holds `balance`, less than the `needed`.",
    remedy: "Transfer at most the balance `balance`, or fund the wallet first.",
    args: ["sender", "balance", "needed"],
  },
  ERC20InvalidApprover: {
    meaning: "The approver `approver` is the zero address.",
    remedy: "Approve from a real account (not the zero address).",
    args: ["approver"],
  },
  ERC20InvalidReceiver: {
    meaning: "The receiver `receiver` is the zero address.",
    remedy: "Send to a real account (not the zero address); to burn, redeem instead.",
    args: ["receiver"],
  },
  ERC20InvalidSender: {
    meaning: "The sender `sender` is the zero address.",
    remedy: "Send from a real account (not the zero address).",
    args: ["sender"],
  },
  ERC20InvalidSpender: {
    meaning: "The spender `spender` is the zero address.",
    remedy: "Approve a real spender (not the zero address).",
    args: ["spender"],
  },
  EscrowProtected: {
    meaning:
      "`desk` is the token's monetary desk: its balance is the escrow of open redemption requests, so no forced transfer takes from it or delivers to it.",
    remedy:
      "Close the request first (reject returns the tokens to the holder; a higher rank may reject when the issuer cannot), then act on the holder's wallet.",
    args: ["desk"],
  },
  ExpectedPause: {
    meaning: "The token is not paused.",
    remedy: "Nothing to do: the token is not paused.",
    args: [],
  },
  ExpiryBeyondParent: {
    meaning: "A child's lease may not outlast its parent's (`limit`: the parent's lease, bounded by its ancestors').",
    remedy: "Choose an expiry no later than `limit`, or have the parent's lease renewed first.",
    args: ["expiry", "limit"],
  },
  ExpiryNotInFuture: {
    meaning: "An attestation's `expiry` is not after `now`.",
    remedy: "Give an expiry after `now` (chain time, seconds), e.g. a duration such as 30d.",
    args: ["expiry", "now"],
  },
  ExpiryTooFar: {
    meaning: "An attestation's `expiry` lies after `limit` (now + MAX_ATTESTATION_TTL).",
    remedy: "Choose an expiry no later than `limit` (at most 400 days ahead).",
    args: ["expiry", "limit"],
  },
  ExpiryTooLate: {
    meaning: "An identity's expiry may not pass `limit` (MAX_KYC_VALIDITY from now, or the attesting node's lease).",
    remedy: "Choose an expiry no later than `limit`, or have the attesting node's lease renewed first.",
    args: ["expiry", "limit"],
  },
  FactoryTreeMismatch: {
    meaning: "The factory `factory` trusts another authority tree `factoryTree`.",
    remedy: "Deploy the asset registry with a token factory wired to the same authority tree.",
    args: ["factory", "factoryTree"],
  },
  FeeAboveCap: {
    meaning: "`capBps` is above MAX_FEE_BPS, or fees above the cap `capBps`.",
    remedy:
      "Set fees at or below the cap `capBps`, or ask the home root's GOVERN holder to raise the cap (within MAX_FEE_BPS).",
    args: ["bps", "capBps"],
  },
  FeeTotalTooLarge: {
    meaning: "The fees accrued in `pairId` would exceed what the venue may hold of a token.",
    remedy: "Have the operator collect the pair's fees (collectFees), then retry.",
    args: ["pairId"],
  },
  FeesNotYetEffective: {
    meaning: "The scheduled fee change applies from `effectiveAt` on (seconds); it is `now`.",
    remedy: "Call applyFees again at or after `effectiveAt` (pendingFees shows the scheduled rates).",
    args: ["effectiveAt", "now"],
  },
  FillExceedsOrder: {
    meaning: "A fill of `lots` exceeds the `remaining` lots of order `id`.",
    remedy: "Fill at most the order's remaining lots (a bug in the caller: report it).",
    args: ["id", "lots", "remaining"],
  },
  FillOrKillNotFilled: {
    meaning: "A fill-or-kill order of `lots` could fill only `filled`.",
    remedy: "Order at most `filled` lots, or use immediate-or-cancel (ioc) to accept a partial fill.",
    args: ["lots", "filled"],
  },
  FreezeUnchanged: {
    meaning: "The wallet is already in the requested freeze state (or frozen at a rank the caller cannot take over).",
    remedy: "Nothing to do if the state is already as wanted; a freeze at a higher rank needs that rank.",
    args: ["wallet", "frozen"],
  },
  FrozenByHigherAuthority: {
    meaning: "Identity `identityId` was frozen at depth `frozenByDepth`; `callerDepth` is below that authority.",
    remedy: "Ask the authority at depth `frozenByDepth` or above to act.",
    args: ["identityId", "frozenByDepth", "callerDepth"],
  },
  GovernorCannotRenounce: {
    meaning:
      "renounceOwnership is disabled on the tree: a renounced governor leaves every root impossible to retire, so only renounceGovernor, naming the tree, renounces.",
    remedy:
      "Hand the governor role over in two steps (transferOwnership, acceptOwnership); to give it up for good, call renounceGovernor with the tree's address.",
    args: [],
  },
  GovernorRenounceUnconfirmed: {
    meaning: "renounceGovernor named `named`, not this tree `tree`: nothing was renounced.",
    remedy: "Check the target; to renounce for good, call renounceGovernor(`tree`) on the tree `tree` itself.",
    args: ["tree", "named"],
  },
  HaltedByHigherAuthority: {
    meaning: "Pair `pairId` was halted at depth `haltRank`; the caller's GOVERN node is at `callerRank`, below it.",
    remedy: "Ask a GOVERN holder at depth `haltRank` or above (nearer the root) to resume it.",
    args: ["pairId", "haltRank", "callerRank"],
  },
  IdentityFreezeUnchanged: {
    meaning: "The identity is already in the requested freeze state (identity 0 cannot be frozen).",
    remedy: "Nothing to do if the identity is already as wanted; check the identity id.",
    args: ["identityId", "frozen"],
  },
  IdentityFrozenByHigherAuthority: {
    meaning: "Identity `identityId` was frozen at `freezeRank`; the caller acts at `callerRank`, below it.",
    remedy: "Ask the authority at rank `freezeRank` or above to lift it.",
    args: ["identityId", "freezeRank", "callerRank"],
  },
  IdentityIsFrozen: {
    meaning: "`wallet` belongs (or belonged when it was frozen) to frozen identity `identityId`.",
    remedy: "Wait until the identity is unfrozen by its freezer (or a higher rank); nothing moves meanwhile.",
    args: ["wallet", "identityId"],
  },
  IdentityNotActive: {
    meaning: "Identity `identityId` is `status`, which this operation does not accept.",
    remedy: "Check the identity (kyc:show): a revoked identity is final, a frozen one must be unfrozen first.",
    args: ["identityId", "status"],
  },
  ImportBatchSize: {
    meaning: "A batch must hold between 1 and `max` ids; it held `size`.",
    remedy: "Import between 1 and `max` identities per call (registry:import batches by itself).",
    args: ["size", "max"],
  },
  ImportNotOpen: {
    meaning:
      "An importer can be named once, before this registry registers anyone: `importer` is already named, or `identityCount` ids are in use.",
    remedy:
      "Name the importer on a freshly deployed successor registry, before any registration; one already named stays.",
    args: ["importer", "identityCount"],
  },
  InconsistentStack: {
    meaning:
      "The client registry and the pair registry do not share the given authority tree, or the pair registry does not use the given client registry.",
    remedy: "Deploy the venue with the suite's own registries (those recorded by the deploy scripts).",
    args: [],
  },
  InsufficientBalance: {
    meaning: "`account` needs `needed` available in the venue but has only `available` (token `token`).",
    remedy:
      "Deposit more (venue:deposit), cancel resting orders to unlock funds, or order less; venue:balances shows what is available.",
    args: ["account", "token", "needed", "available"],
  },
  InvalidBatchSize: {
    meaning: "A batch must hold between 1 and `max` registrations; it held `size`.",
    remedy: "Register between 1 and `max` clients per batch.",
    args: ["size", "max"],
  },
  InvalidClasses: {
    meaning: "`classes` is empty or names a reserved bit.",
    remedy: "Use one or more of INSTITUTIONAL, ACCREDITED, PROFESSIONAL, RETAIL.",
    args: ["classes"],
  },
  InvalidConsent: {
    meaning: "No valid consent by `wallet` to join identity `identityId` (0: a new one attested by `attester`).",
    remedy:
      "Have the wallet sign a consent for exactly this registration (kyc:consent, naming this attester or identity), or submit from the wallet itself.",
    args: ["wallet", "identityId", "attester"],
  },
  InvalidExpiry: {
    meaning: "`expiry` does not suit the order type (GoodTillDate needs one after `now`; others need 0 or one after).",
    remedy: "Give a good-till-date order an expiry after `now`; other types take none (0) or one in the future.",
    args: ["expiry", "now"],
  },
  InvalidImportRecord: {
    meaning:
      "The importer's record of identity `identityId` (`state`) is malformed: its wallet count differs from the wallets given, or its status is None.",
    remedy: "A faulty importer: use the RegistryImporter of the published build.",
    args: ["identityId", "state"],
  },
  InvalidJurisdiction: {
    meaning: "`jurisdiction` is not an ISO 3166 numeric code (1..999).",
    remedy: "Use the ISO 3166 numeric code (1 to 999), e.g. 756 for Switzerland.",
    args: ["jurisdiction"],
  },
  InvalidKindMask: {
    meaning: "`mask` names a bit that is no attestation kind.",
    remedy: "Name only the attestation kinds reserve, audit-report, disclosure, insurance.",
    args: ["mask"],
  },
  InvalidNodeStatus: {
    meaning: "Node `nodeId` is `status`, which this operation does not accept.",
    remedy: "Check the node (authority:node): e.g. only a suspended node can be resumed, a revoked one is final.",
    args: ["nodeId", "status"],
  },
  InvalidPairStatus: {
    meaning: "Pair `pairId` is `status`, which this operation does not accept.",
    remedy: "Check the pair (pair:show): e.g. only a proposed pair can be approved, only a listed one halted.",
    args: ["pairId", "status"],
  },
  InvalidProposalExpiry: {
    meaning: "A proposal's `expiry` must lie after `now` and no later than `now + MAX_PROPOSAL_TTL` (`limit`).",
    remedy: "Choose a proposal expiry after `now` and no later than `limit`.",
    args: ["expiry", "now", "limit"],
  },
  InvalidRedemption: {
    meaning:
      "A redemption request for `amount` of `token` in `holder`'s name with reference `requestRef`: the amount, the holder or the reference is zero.",
    remedy: "Give a positive amount and a non-empty reference.",
    args: ["token", "holder", "amount", "requestRef"],
  },
  InvalidScopes: {
    meaning: "`scopes` is empty or names a reserved bit.",
    remedy: "Grant one or more of DELEGATE, KYC, LIST, GOVERN, ISSUE, EXCHANGE, CUSTODY, AUDIT.",
    args: ["scopes"],
  },
  InvalidShortString: {
    meaning: "A string is not a valid short string.",
    remedy: "Use a shorter name (at most 31 bytes).",
    args: [],
  },
  InvalidSignature: {
    meaning: "The signature is not `signer`'s (the account of attesting node `attester`) over this attestation.",
    remedy:
      "Sign with the account of node `attester` (kyc:sign --from that account), over exactly this attestation and registry.",
    args: ["attester", "signer"],
  },
  InvalidSizes: {
    meaning: "Tick, lot and minimum sizes must be positive, at most MAX_SIZE, and the minimum a multiple of the lot.",
    remedy: "Give positive tick, lot and minimum sizes, at most 2^96, with the minimum a multiple of the lot.",
    args: ["tickSize", "lotSize", "minSize"],
  },
  "InvalidSuccessor(address,address)": {
    meaning: "`successor` cannot take `lost`'s place: it is zero or `lost` itself.",
    remedy: "Name the client's new wallet as the successor.",
    args: ["lost", "successor"],
  },
  InvalidTerms: {
    meaning:
      "Monetary terms refused: cap `supplyCap`, rate `mintRate` or period `mintPeriod` is zero, the period exceeds ten years, reserve ratio `reserveRatioBps` is below 10,000 (100%), or `supplyCap` x `reserveRatioBps` exceeds 2^256.",
    remedy:
      "Issue with a non-zero cap (below 2^256 / ratio), rate and period (at most ten years) and a reserve ratio of at least 10,000 basis points.",
    args: ["supplyCap", "mintRate", "mintPeriod", "reserveRatioBps"],
  },
  InvalidTick: {
    meaning: "`tick` is not a valid price (0).",
    remedy: "Give a positive price on the pair's grid.",
    args: ["tick"],
  },
  InvalidTimeUnit: {
    meaning: "The deployment named a time unit other than 1 (seconds) or 1000 (milliseconds).",
    remedy: "Deploy with time unit 1 (seconds) or 1000 (milliseconds, PlatON).",
    args: ["unit"],
  },
  InvalidTrustedRootCount: {
    meaning: "A policy must trust between 1 and `max` roots; `count` were given.",
    remedy: "Trust between 1 and `max` roots.",
    args: ["count", "max"],
  },
  InvalidVenueScope: {
    meaning: "`scope` is neither EXCHANGE nor CUSTODY.",
    remedy: "Register the venue under EXCHANGE or CUSTODY.",
    args: ["scope"],
  },
  IssuerCannotAttest: {
    meaning: "The issuer `issuer` of asset `assetId` may not attest its own asset.",
    remedy: "Have an independent auditor (an AUDIT holder that is not the issuer) attest.",
    args: ["assetId", "issuer"],
  },
  IssuerControlsAuditor: {
    meaning: "The issuer `issuer` of asset `assetId` holds AUDIT node `auditorNode` or an ancestor of it.",
    remedy: "Have an auditor whose node the issuer neither holds nor is an ancestor of attest.",
    args: ["assetId", "issuer", "auditorNode"],
  },
  IssuerMismatch: {
    meaning: "The declared issuer `declared` of a native asset is not the token's issuer `actual`.",
    remedy: "Declare the token's actual issuer `actual`.",
    args: ["declared", "actual"],
  },
  "IssuerNotLicensed(address,uint64)": {
    meaning: "`issuer` holds no valid ISSUE node under `root`.",
    remedy: "Issue from an account holding a valid ISSUE node under `root` (authority:node).",
    args: ["issuer", "root"],
  },
  "IssuerNotLicensed(uint64)": {
    meaning: "The native token's issuer node `issuerNode` is not valid or does not hold ISSUE.",
    remedy: "Have the issuer's ISSUE node restored or renewed (authority:node shows why it is not valid).",
    args: ["issuerNode"],
  },
  LastWallet: {
    meaning: "An identity keeps at least one wallet; revoke it instead of removing its last one.",
    remedy: "Add another wallet first, or revoke the identity.",
    args: ["identityId"],
  },
  LeaseEnded: {
    meaning: "The lease of node `nodeId` ended at `expiry`; an ended lease is final.",
    remedy: "Grant a new node instead (authority:grant): an ended lease cannot be renewed.",
    args: ["nodeId", "expiry"],
  },
  LeaseSetByHigherAuthority: {
    meaning: "The lease of `nodeId` was last set at depth `leaseDepth`; `callerDepth` may shorten it, not extend it.",
    remedy: "Shorten the lease, or ask the authority at depth `leaseDepth` or above to extend it.",
    args: ["nodeId", "leaseDepth", "callerDepth"],
  },
  LevelFull: {
    meaning: "The level at (`side`, `tick`) already holds MAX_LEVEL_ORDERS orders.",
    remedy: "Place at another price, or wait until the level drains.",
    args: ["side", "tick"],
  },
  ListedByHigherAuthority: {
    meaning: "Asset `assetId` was listed at depth `listerRank`; the caller's GOVERN node is at `callerRank`, below.",
    remedy: "Ask a GOVERN holder at depth `listerRank` or above to retire the asset.",
    args: ["assetId", "listerRank", "callerRank"],
  },
  MintRateClearedByHigherAuthority: {
    meaning:
      "The mint rate of `token` was raised at rank `clearedRank`; the caller acts at `callerRank`, below it, and may not lower it again.",
    remedy: "Escalate to the authority at rank `clearedRank` (or a higher one).",
    args: ["token", "clearedRank", "callerRank"],
  },
  MintRateExceeded: {
    meaning:
      "A mint of `amount` of `token` exceeds its mint rate `rate` per period: `allowedNow` may be minted now, more from `moreAt`.",
    remedy: "Mint at most `allowedNow` now, or wait until `moreAt` (token:policy shows the headroom).",
    args: ["token", "amount", "rate", "allowedNow", "moreAt"],
  },
  MintRateRefused: {
    meaning:
      "Rate `rate` of `token` is zero, equals the current rate `current`, or exceeds the creation-time ceiling `ceiling`.",
    remedy: "Choose a non-zero rate other than `current`, of at most `ceiling`.",
    args: ["token", "rate", "current", "ceiling"],
  },
  MintRateSetByHigherAuthority: {
    meaning:
      "The mint rate of `token` was lowered at rank `bindingRank`; the caller acts at `callerRank`, below it, and may not raise it.",
    remedy: "Ask the authority at rank `bindingRank` (or a higher one) to raise the rate.",
    args: ["token", "bindingRank", "callerRank"],
  },
  MissingCloseReference: {
    meaning: "Closing redemption request `id` of `token` needs a non-zero reference (the payout's, or the reason).",
    remedy: "Give the payout's reference (confirm) or a reason (reject).",
    args: ["token", "id"],
  },
  MissingEvidence: {
    meaning: "The KYC evidence hash is zero.",
    remedy: "Give the KYC evidence hash (or --evidence-file, whose keccak256 is used).",
    args: [],
  },
  MissingReason: {
    meaning: "A forced transfer needs a non-zero reason code.",
    remedy: "Give a reason code for the forced transfer.",
    args: [],
  },
  MissingScope: {
    meaning: "`account` holds no valid node under `root` that effectively holds `scope`.",
    remedy:
      "Act from an account holding a valid node with `scope` under `root` (authority:node; a higher authority grants it).",
    args: ["account", "root", "scope"],
  },
  NativeTokenAsExternal: {
    meaning: "`token` is a native token created here: it can only be registered as Native.",
    remedy: "Register the token as Native (asset:register --kind native).",
    args: ["token"],
  },
  NativeTokenFrozen: {
    meaning: "`wallet` is frozen on native token `token` of the pair.",
    remedy: "Ask the token's issuer or regulator to unfreeze the wallet; until then it cannot trade this pair.",
    args: ["token", "wallet"],
  },
  NativeTokenMismatch: {
    meaning: "Native `token` was issued under `tokenRoot`, not the root it is being registered under.",
    remedy: "Register the token under root `tokenRoot`, where it was issued.",
    args: ["token", "tokenRoot"],
  },
  NativeTokenPaused: {
    meaning: "Native token `token` of the pair is paused: the pair takes no orders and matches nothing.",
    remedy: "Wait until the token's issuer or regulator unpauses it; cancels and withdrawals still work.",
    args: ["token"],
  },
  NoAttestation: {
    meaning: "Asset `assetId` has no attestation of `kind` to withdraw.",
    remedy: "Nothing to withdraw: check the asset and the kind.",
    args: ["assetId", "kind"],
  },
  NodeNotValid: {
    meaning: "Node `nodeId` (or one of its ancestors) is suspended, revoked or expired, so it cannot act.",
    remedy:
      "Check the node (authority:node): an ancestor must lift a suspension or renew a lease; a revoked node needs a new grant.",
    args: ["nodeId"],
  },
  NoDeployer: {
    meaning: "`deployer` has no code: the token factory needs a TokenDeployer to create tokens with.",
    remedy: "Deploy a TokenDeployer first and name it in the factory's constructor.",
    args: ["deployer"],
  },
  NoIdentity: {
    meaning: "`wallet` has no identity in the client registry.",
    remedy: "Get registered by a KYC institution first (kyc:consent, then the bank's kyc:register, or kyc:submit).",
    args: ["wallet"],
  },
  NonceAlreadyCancelled: {
    meaning: "`signer` cancelled nonce `nonce`.",
    remedy: "Sign again with a fresh nonce (the default is random).",
    args: ["signer", "nonce"],
  },
  NonceAlreadyUsed: {
    meaning: "`signer`'s nonce `nonce` was already used (by an attestation or a wallet consent).",
    remedy: "Sign again with a fresh nonce (the default is random); the first use already took effect.",
    args: ["signer", "nonce"],
  },
  NoPendingFees: {
    meaning: "No fee change is scheduled on this venue.",
    remedy: "Nothing to apply: the operator schedules a raise with setFees (a lapsed one is dropped: FeesLapsed).",
    args: [],
  },
  NoRoots: {
    meaning: "The venue was given no root.",
    remedy: "Deploy the venue with at least one trusted root (the first is its home root).",
    args: [],
  },
  NotAContract: {
    meaning: "`token` is not a contract.",
    remedy: "Register the token's contract address (check the network and the address).",
    args: ["token"],
  },
  NotAncestor: {
    meaning: "`caller` holds no valid ancestor of node `nodeId` (and, for a root, is not the governor).",
    remedy: "Act from a valid ancestor's account (for a root, the governor's).",
    args: ["caller", "nodeId"],
  },
  NotARoot: {
    meaning: "Node `nodeId` is not a root of the authority tree.",
    remedy: "Trust root node ids only (authority:tree lists them).",
    args: ["nodeId"],
  },
  NotAttester: {
    meaning: "`caller` neither holds the attesting node `auditorNode` nor a valid ancestor of it.",
    remedy: "Act from the attesting node's account or a valid ancestor's.",
    args: ["caller", "auditorNode"],
  },
  NotAttesterAccount: {
    meaning: "`caller` is not the account of node `nodeId`.",
    remedy: "Send from the account of node `nodeId` (--from), or name your own node.",
    args: ["nodeId", "caller"],
  },
  NotComplianceAuthority: {
    meaning: "`caller` is neither the issuer (valid node) nor the account of a valid ancestor of the issuer's node.",
    remedy: "Act from the issuer's account or the account of a valid ancestor of its node (its regulator).",
    args: ["caller"],
  },
  NotDelegated: {
    meaning: "The succession module was called directly: it runs only by DELEGATECALL from its registry.",
    remedy: "Send the call to the identity registry's address (IIdentitySuccession), not to its MODULE.",
    args: [],
  },
  NotDelegator: {
    meaning: "Node `nodeId` does not hold DELEGATE and so cannot grant.",
    remedy: "Grant from a node holding DELEGATE, or ask the parent to grant DELEGATE.",
    args: ["nodeId"],
  },
  NotDesk: {
    meaning: "`caller` is not the token's monetary desk, the only caller of its redemption hooks.",
    remedy: "Redeem through the desk (token:redeem).",
    args: ["caller"],
  },
  NotEligible: {
    meaning:
      "`wallet` is not eligible (reason `reason`) under the policy that applies: the pair's on a venue; on a native token, its policy, and the wallet is not a licensed venue or custodian either.",
    remedy:
      "Check the wallet's eligibility (kyc:show --wallet --policy): `reason` names what fails (expired, frozen, class, jurisdiction, root, attester).",
    args: ["wallet", "reason"],
  },
  NotEnroller: {
    meaning: "`caller` is not an enroller.",
    remedy: "Ask the tree's governor to name the caller an enroller (setReporter), or call from an enroller.",
    args: ["caller"],
  },
  NotFrozen: {
    meaning: "Identity `identityId` is not frozen.",
    remedy: "Nothing to do: the identity is not frozen.",
    args: ["identityId"],
  },
  NotGovernor: {
    meaning: "`caller` holds no valid GOVERN node under the home root.",
    remedy: "Act from an account holding a valid GOVERN node under the venue's home root.",
    args: ["caller"],
  },
  NothingReceived: {
    meaning: "A transfer of `token` credited nothing.",
    remedy: "Check the token: the transfer moved nothing into the venue (approve the venue, hold the amount).",
    args: ["token"],
  },
  NotImportAuthority: {
    meaning:
      "`caller` is not the tree's governor and does not manage node `attester`, the attester of identity `identityId` in the predecessor.",
    remedy:
      "Import only identities your node (or a node beneath it) attested, or have the governor (the timelock) import them.",
    args: ["caller", "identityId", "attester"],
  },
  NoPendingReplacement: {
    meaning: "`lost` has no replacement that can be contested (never replaced, or contested already).",
    remedy: "Check the wallet with replacementNotice; nothing is pending for it.",
    args: ["lost"],
  },
  ReplacementNoticeOver: {
    meaning: "The replacement of `lost` is no longer contestable: its notice ended at `claimableAt`; now is `time`.",
    remedy:
      "Contest within REPLACEMENT_NOTICE (7 days) of the replacement; after it, a venue may move the account: ask the venue and the attester's superiors.",
    args: ["lost", "claimableAt", "time"],
  },
  NotContester: {
    meaning:
      "`caller` may not contest the replacement of `lost`: only `lost` itself or a manager of its identity at a depth below `replacerDepth` (a strictly higher rank) may.",
    remedy: "Contest from the lost wallet itself, or ask a manager above the replacer.",
    args: ["caller", "lost", "replacerDepth"],
  },
  ZeroImporter: {
    meaning: "The importer must be a contract address, not zero.",
    remedy: "Deploy the RegistryImporter first and name its address (registry:import does).",
    args: [],
  },
  TooManyReservedIds: {
    meaning: "At most `max` ids may be reserved for imports; `reservedIds` were asked.",
    remedy: "Reserve the predecessor's identityCount plus a margin (registry:import's default), below `max`.",
    args: ["reservedIds", "max"],
  },
  ImportClosed: {
    meaning: "No import is open to close: no importer was named, or `importer`'s import is closed already.",
    remedy: "Nothing to do: closeImport ends an open import once.",
    args: ["importer"],
  },
  NotImporter: {
    meaning: "`caller` is not this registry's importer (setImporter).",
    remedy: "Import through the RegistryImporter the tree's governor named (registry:import).",
    args: ["caller"],
  },
  NotIssuedHere: {
    meaning: "`token` was not created by this registry's issueNative: it cannot be registered as Native.",
    remedy: "Create native tokens through token:issue; register other tokens as External.",
    args: ["token"],
  },
  NotIssuer: {
    meaning: "`caller` is not the token's issuer holding a valid ISSUE node.",
    remedy: "Act from the token's issuer account, holding a valid ISSUE node.",
    args: ["caller"],
  },
  NotLicensedVenue: {
    meaning:
      "`caller` is not a venue contract registered with the EXCHANGE scope and licensed under `token`'s root: it may not file a redemption in a client's name.",
    remedy: "File the request as the holder itself, or through a licensed venue contract (its requestRedemption).",
    args: ["token", "caller"],
  },
  NotManager: {
    meaning: "`caller` holds neither the attesting node `attester` of identity `identityId` nor a valid ancestor.",
    remedy: "Act from the attesting node's account or a valid ancestor's.",
    args: ["caller", "identityId", "attester"],
  },
  NotMonetaryAuthority: {
    meaning:
      "`caller` is neither the issuer of `token` (valid node) nor the account of a valid ancestor of the issuer's node.",
    remedy: "Act as the issuer or its regulator.",
    args: ["token", "caller"],
  },
  NativeTokenRecoveredByIssuer: {
    meaning: "`token` is a native compliant token: its issuer recovers it (recover), under the token's own rules.",
    remedy: "Have the token's issuer (or a manager of its issuer node) call recover.",
    args: ["token"],
  },
  NotListedBy: {
    meaning: "Neither `wallet` nor its identity `identityId` is on root `rootId`'s sanctions list.",
    remedy: "Recover only a party the root has listed (sanctions:list), or list it first.",
    args: ["rootId", "wallet", "identityId"],
  },
  NotSanctionsRecoverer: {
    meaning: "`caller` is not the account of valid root `rootId`, or `rootId`'s list does not bind at this venue.",
    remedy: "Call from the listing root's own account, for a root that is the venue's home, trusted or the identity's.",
    args: ["caller", "rootId"],
  },
  NotNativeToken: {
    meaning: "`token` is not a native compliant token issued through the asset registry.",
    remedy: "Recover, or redeem through a venue, only native compliant tokens issued through the asset registry.",
    args: ["token"],
  },
  NotNodeAccount: {
    meaning: "`caller` is not the account of node `nodeId`.",
    remedy: "Send from the account of node `nodeId` (--from), or name your own node.",
    args: ["nodeId", "caller"],
  },
  "NotOperator(address,uint64)": {
    meaning: "`caller` is not the operator, or the operator holds no valid EXCHANGE node under `root`.",
    remedy: "Act from the venue's operator account, whose EXCHANGE node under `root` must be valid.",
    args: ["caller", "root"],
  },
  "NotOperator(address,uint64,uint32)": {
    meaning: "`account` holds no valid node under `root` that effectively holds `scope`.",
    remedy: "Act from an account holding a valid node with `scope` (EXCHANGE or CUSTODY) under `root`.",
    args: ["account", "root", "scope"],
  },
  NotOrderOwner: {
    meaning: "Order `orderId` of `pairId` is not `caller`'s.",
    remedy: "Cancel or replace only your own orders (venue:orders lists them).",
    args: ["pairId", "orderId", "caller"],
  },
  NotProposedAccount: {
    meaning:
      "`caller` is not the account proposed as node `nodeId`'s next account (`proposed`; the zero address: no " +
      "rotation is pending).",
    remedy:
      "Accept from the proposed account (node:accept-rotation --from), or have the node's holder propose the caller " +
      "(node:rotate).",
    args: ["nodeId", "caller", "proposed"],
  },
  NotProposerOrGovernor: {
    meaning: "`caller` is neither the proposer of pair `pairId` nor a GOVERN holder of its root.",
    remedy: "Act from the proposer's account or a GOVERN holder of the pair's root.",
    args: ["caller", "pairId"],
  },
  NotReporter: {
    meaning: "`caller` is not a reporter.",
    remedy: "Ask the tree's governor to name the caller a reporter (setReporter), or call from a reporter.",
    args: ["caller"],
  },
  NotTokenAuthority: {
    meaning: "`caller` is neither the issuer of native `token` nor a valid manager of its issuer node.",
    remedy: "Act from the token's issuer account or a valid manager of its issuer node (its regulator).",
    args: ["token", "caller"],
  },
  NotTokenIssuer: {
    meaning:
      "`caller` acts at the issuer's own rank on `token` but the issuer's node has no valid ISSUE scope: at that rank only a licensed issuer settles redemptions.",
    remedy:
      "Settle as the issuer with a valid ISSUE node, or have a higher authority settle (or anyone managing the node reject).",
    args: ["token", "caller"],
  },
  NotVenueManager: {
    meaning: "`caller` holds neither the registering node `operatorNode` nor a valid ancestor of it.",
    remedy: "Act from the registering operator's node account or a valid ancestor's.",
    args: ["caller", "operatorNode"],
  },
  NoValidReserve: {
    meaning: "Asset `assetId` has no reserve attestation that counts now: minting fails closed.",
    remedy: "Have an auditor attest the reserve (asset:attest --kind reserve), then mint.",
    args: ["assetId"],
  },
  OrderIdsExhausted: {
    meaning: "The book has handed out every order index an id can carry; no order can be added at (`side`, `tick`).",
    remedy: "Place at another price or on another side; the book ran out of order ids here.",
    args: ["side", "tick"],
  },
  OrderNotFound: {
    meaning: "No order rests under `id` (never placed, or already filled or removed).",
    remedy: "Check the order id (venue:orders): it was filled, cancelled or removed.",
    args: ["id"],
  },
  OwnableInvalidOwner: {
    meaning: "`owner` cannot be the governor (the zero address).",
    remedy: "Hand over to a real account (not the zero address).",
    args: ["owner"],
  },
  OwnableUnauthorizedAccount: {
    meaning: "`account` is not the governor.",
    remedy: "Send from the governor's account (the pending governor accepts the hand-over).",
    args: ["account"],
  },
  PageTooLong: {
    meaning: "A page of `requested` entries was asked for; at most `max` are returned.",
    remedy: "Page through with a limit of at most `max`.",
    args: ["requested", "max"],
  },
  PairAlreadyLive: {
    meaning: "Pair `pairId` is already live for these assets and product type.",
    remedy: "Use pair `pairId` (pair:show).",
    args: ["pairId"],
  },
  PairNotDelisted: {
    meaning: "Pair `pairId` is not delisted.",
    remedy: "Only a delisted pair's book can be cleared or retired.",
    args: ["pairId"],
  },
  PairNotTradable: {
    meaning: "Pair `pairId` may not trade now (halted, delisted, or a required attestation lapsed).",
    remedy:
      "Check the pair (pair:show): wait until it is resumed or a required attestation is renewed; cancels and withdrawals still work.",
    args: ["pairId"],
  },
  PausedByHigherAuthority: {
    meaning: "The token was paused at `pauseRank`; the caller acts at `callerRank`, below it.",
    remedy: "Ask the authority at rank `pauseRank` or above to unpause.",
    args: ["pauseRank", "callerRank"],
  },
  PolicySetByHigherAuthority: {
    meaning: "Policy `policyId` was set at `policyRank`; the caller acts at `callerRank`, below it.",
    remedy: "Ask the authority at rank `policyRank` or above to change the policy.",
    args: ["policyId", "policyRank", "callerRank"],
  },
  PostOnlyWouldCross: {
    meaning: "A post-only order at `tick` would cross the opposite best `oppositeBest`.",
    remedy: "Place a post-only order at a price that does not cross, or use another order type.",
    args: ["tick", "oppositeBest"],
  },
  ProductTypeNotSupported: {
    meaning: "Product type `productType` is reserved and cannot be listed yet.",
    remedy: "List Spot pairs only.",
    args: ["productType"],
  },
  ProfileSetByHigherAuthority: {
    meaning:
      "The profile or expiry of `identityId` was set at depth `profileDepth`; `callerDepth` may restrict it (shorten the expiry, freeze, revoke), not change or extend it, nor move its wallets out.",
    remedy:
      "Restrict (shorten, freeze, revoke) as you may, or ask the authority at depth `profileDepth` or above to change it.",
    args: ["identityId", "profileDepth", "callerDepth"],
  },
  ProposalExpired: {
    meaning: "The proposal of pair `pairId` expired at `expiry` (now `now`).",
    remedy: "Propose the pair again (pair:propose).",
    args: ["pairId", "expiry", "now"],
  },
  ProposerNotValid: {
    meaning: "The proposer's node `proposerNode` of pair `pairId` is no longer valid or no longer holds LIST.",
    remedy: "Have the proposer's LIST node restored, or propose again from a valid LIST holder.",
    args: ["pairId", "proposerNode"],
  },
  RecipientInFrozenIdentity: {
    meaning:
      "A forced transfer out of frozen or sanctions-listed `from` may not deliver to `to`, a wallet of the same identity.",
    remedy: "Deliver to a wallet of another identity.",
    args: ["from", "to", "identityId"],
  },
  RedemptionNotOpen: {
    meaning:
      "Redemption request `id` of `token` is not open (status `status`): a request is settled or rejected at most once.",
    remedy: "Check the request with token:policy; nothing to do if it is already closed.",
    args: ["token", "id", "status"],
  },
  ReentrancyGuardReentrantCall: {
    meaning: "A call re-entered the venue while it was running.",
    remedy: "Do not call back into the venue from a token hook; the call was refused as a re-entry.",
    args: [],
  },
  RegistriesMismatch: {
    meaning:
      "The predecessor `predecessor` and the successor `successor` must be two registries of the same authority tree.",
    remedy: "Deploy the importer between two distinct registries of one tree.",
    args: ["predecessor", "successor"],
  },
  ReporterRoleNotRaised: {
    meaning: "`account` has role `current`; roles only go up, so `role` cannot be set.",
    remedy: "Nothing to do if the role already suffices: roles only go up.",
    args: ["account", "current", "role"],
  },
  ReserveBeforeRedemption: {
    meaning: "A reserve of native asset `assetId` as of `asOf` predates its token's last redemption at `lastRedeemed`.",
    remedy: "Attest a reserve measured after the last redemption at `lastRedeemed`.",
    args: ["assetId", "asOf", "lastRedeemed"],
  },
  ReserveExceeded: {
    meaning:
      "A mint would bring supply to `supplyAfter`, which at the token's reserve ratio exceeds the attested reserve `reserve` net of `redeemedSince` (redeemed since the reserve was attested, paid out of it): supply x ratio must stay within (reserve - redeemedSince) x 10,000.",
    remedy: "Mint less, or have an auditor attest a larger reserve first.",
    args: ["supplyAfter", "redeemedSince", "reserve"],
  },
  RootMismatch: {
    meaning: "Node `nodeId` belongs to root `nodeRoot`, but the identity belongs to root `identityRoot`.",
    remedy: "Migrate to a node of root `identityRoot`.",
    args: ["nodeId", "nodeRoot", "identityRoot"],
  },
  RootNotTrusted: {
    meaning: "Pair `pairId` is under root `root`, which the venue does not trust.",
    remedy: "Trade the pair on a venue that trusts root `root`.",
    args: ["pairId", "root"],
  },
  SafeCastOverflowedUintDowncast: {
    meaning: "A value of `value` does not fit in `bits` bits.",
    remedy: "Use a value that fits (a time or amount far too large; check the units).",
    args: ["bits", "value"],
  },
  SafeERC20FailedOperation: {
    meaning: "A transfer of `token` failed or returned false.",
    remedy:
      "Check the token: its transfer failed or returned false (balance, allowance, a paused or restricted token).",
    args: ["token"],
  },
  SameAsset: {
    meaning: "A pair needs two different assets.",
    remedy: "Propose a pair of two different assets.",
    args: ["assetId"],
  },
  SameAttester: {
    meaning: "Identity `identityId` is already attested by node `nodeId`.",
    remedy: "Nothing to do: migrate to another node if that was meant.",
    args: ["identityId", "nodeId"],
  },
  ScopeEscalation: {
    meaning: "A child may only receive scopes its parent effectively holds.",
    remedy: "Grant a subset of the parent's effective scopes (authority:node shows them).",
    args: ["requested", "parentScopes"],
  },
  SelfApproval: {
    meaning: "Node `node` proposed pair `pairId` and may not approve it too.",
    remedy: "Have another GOVERN holder of the root approve it.",
    args: ["pairId", "node"],
  },
  StaleFront: {
    meaning:
      "The Front naming order `id` no longer describes the head of the best level (its level or the book's best prices changed since `peek`, or it names another order); peek again.",
    remedy: "Peek again and retry (a bug in the caller: report it).",
    args: ["id"],
  },
  StringTooLong: {
    meaning: "The string `str` is longer than 31 bytes.",
    remedy: "Use a shorter name.",
    args: ["str"],
  },
  SupplyCapExceeded: {
    meaning:
      "A mint would bring `token`'s supply to `supplyAfter`, above its hard cap `cap`; `allowedNow` may still be minted, and never more later.",
    remedy: "Mint at most `allowedNow`: the cap is fixed at creation and only lowered.",
    args: ["token", "supplyAfter", "cap", "allowedNow"],
  },
  SuspendedByHigherAuthority: {
    meaning: "Node `nodeId` was suspended at depth `suspenderDepth`; a caller at depth `callerDepth` ranks below that.",
    remedy: "Ask the authority at depth `suspenderDepth` or above to act.",
    args: ["nodeId", "suspenderDepth", "callerDepth"],
  },
  TimeUnitMismatch: {
    meaning: "With `unit`, the chain's timestamp `blockTimestamp` is not a plausible present: wrong unit for chain.",
    remedy: "Deploy with the chain's time unit: 1 on seconds chains, 1000 on PlatON (milliseconds).",
    args: ["unit", "blockTimestamp"],
  },
  TokenMiswired: {
    meaning:
      "The TokenDeployer returned `token`, which is not wired to the calling asset registry, the issuer, its node, the root and the desk as asked: the factory refuses to hand it to the registry.",
    remedy: "Deploy the suite's TokenDeployer and a new factory naming it (deploy/004); the deployer in use is faulty.",
    args: ["token"],
  },
  TokenNotRegistered: {
    meaning: "`token` never registered with this monetary desk (it is no native token of the suite).",
    remedy: "Name a native token issued through the asset registry (token:issue).",
    args: ["token"],
  },
  TooManyBarredJurisdictions: {
    meaning: "A policy may bar at most `max` jurisdictions; `count` were given.",
    remedy: "Bar at most `max` jurisdictions per policy.",
    args: ["count", "max"],
  },
  TooManyBooks: {
    meaning: "The venue already hosts `max` books, the most it may (retire a delisted, empty one to free a place).",
    remedy: "Retire a delisted, empty book (retireBook) to free a place.",
    args: ["max"],
  },
  TooManyOpenOrders: {
    meaning: "`account` already has MAX_OPEN_ORDERS resting orders.",
    remedy: "Cancel some open orders (venue:orders, order:cancel) first.",
    args: ["account"],
  },
  TooManyWallets: {
    meaning: "Identity `identityId` already has the most wallets allowed (`max`).",
    remedy: "Remove a wallet first, or use another identity.",
    args: ["identityId", "max"],
  },
  UnknownAccount: {
    meaning: "`wallet` has no venue account.",
    remedy: "Deposit first (venue:deposit): it opens the venue account.",
    args: ["wallet"],
  },
  UnknownAsset: {
    meaning: "There is no asset `assetId`.",
    remedy: "Check the asset id (AssetRegistered events, asset:register output).",
    args: ["assetId"],
  },
  UnknownIdentity: {
    meaning: "There is no identity `identityId`.",
    remedy: "Check the identity id (kyc:show --wallet).",
    args: ["identityId"],
  },
  UnknownNode: {
    meaning: "There is no node `nodeId`.",
    remedy: "Check the node id (authority:tree).",
    args: ["nodeId"],
  },
  UnknownPair: {
    meaning: "There is no pair `pairId`.",
    remedy: "Check the pair id (pair:show).",
    args: ["pairId"],
  },
  UnknownPolicy: {
    meaning: "`policyId` names no eligibility policy.",
    remedy: "Check the policy id, or create one (policy:create).",
    args: ["policyId"],
  },
  UnknownToken: {
    meaning: "`token` is not an asset of any book opened here.",
    remedy: "Deposit and withdraw only tokens of books open on this venue.",
    args: ["token"],
  },
  UnsupportedSizes: {
    meaning: "The pair's sizes do not fit the venue's packed book parameters.",
    remedy: "List the pair with sizes the venue supports (smaller tick, lot or minimum).",
    args: ["pairId"],
  },
  UseAttestReserve: {
    meaning: "Use attestReserve for reserve attestations (it records amount and as-of time).",
    remedy: "Post reserves with asset:attest --kind reserve (attestReserve).",
    args: [],
  },
  VenueAlreadyRegistered: {
    meaning: "`venue` is already registered under `root` by node `operatorNode`.",
    remedy: "Nothing to do: the venue is registered.",
    args: ["venue", "root", "operatorNode"],
  },
  VenueBalanceTooLarge: {
    meaning:
      "After this deposit the venue would hold `balance` of `token`, above 2^127 - 1 (so that no internal balance or fee total can overflow).",
    remedy: "Deposit less: the venue holds nearly all of this token it may.",
    args: ["token", "balance"],
  },
  VenueBarredByHigherAuthority: {
    meaning: "`venue` was deregistered under `root` at depth `barRank`; the caller's node is at `callerRank`.",
    remedy: "Register from depth `barRank` or above (nearer the root).",
    args: ["venue", "root", "barRank", "callerRank"],
  },
  VenueConsentMissing: {
    meaning: "`venue`'s owner() is `owner` (zero if it has none), not the registering `caller`.",
    remedy: "Register the venue from its owner's account (venue:deploy does).",
    args: ["venue", "owner", "caller"],
  },
  VenueHoldingsProtected: {
    meaning: "`venue` is a licensed or registered venue or custodian: its holdings back an internal ledger.",
    remedy: "Recover through the venue's own path (the issuer's or regulator's recover) instead.",
    args: ["venue"],
  },
  VenueNotAContract: {
    meaning: "`venue` is not a contract (an operator's own account is licensed without registration).",
    remedy: "Register a venue contract; the operator's own account is licensed by its node.",
    args: ["venue"],
  },
  VenueNotRegistered: {
    meaning: "`venue` is not registered under `root`.",
    remedy: "Register the venue under `root` first.",
    args: ["venue", "root"],
  },
  WalletAlreadyRegistered: {
    meaning: "`wallet` already belongs to live identity `identityId`.",
    remedy: "Use identity `identityId`, or have that identity remove the wallet first.",
    args: ["wallet", "identityId"],
  },
  WalletFrozenByHigherAuthority: {
    meaning: "`wallet` was frozen at `freezeRank`; the caller acts at `callerRank`, below it.",
    remedy: "Ask the authority at rank `freezeRank` or above to unfreeze.",
    args: ["wallet", "freezeRank", "callerRank"],
  },
  WalletHeldByRevokedIdentity: {
    meaning:
      "`wallet` belongs to revoked identity `identityId` of root `root`: only a binding in that root acting at depth `reclaimDepth` or above may reclaim it (anyone, once the root is retired).",
    remedy: "Bind from a node of root `root` at depth `reclaimDepth` or above, or wait until that root is retired.",
    args: ["wallet", "identityId", "root", "reclaimDepth"],
  },
  WalletIsFrozen: {
    meaning: "`wallet` is frozen.",
    remedy: "Wait until the wallet is unfrozen by its freezer (or a higher rank).",
    args: ["wallet"],
  },
  WalletNotInIdentity: {
    meaning: "`wallet` does not belong to identity `identityId`.",
    remedy: "Name a wallet of that identity (kyc:show).",
    args: ["wallet", "identityId"],
  },
  WalletWasReplaced: {
    meaning: "`wallet` was replaced by `successor` (it was lost): it can never be bound to an identity again.",
    remedy: "Bind another wallet; the client's rights moved to `successor`.",
    args: ["wallet", "successor"],
  },
  ZeroAccount: {
    meaning: "The zero address cannot hold authority.",
    remedy: "Name a real account.",
    args: [],
  },
  ZeroAmount: {
    meaning: "Zero amount.",
    remedy: "Give a positive amount.",
    args: [],
  },
  ZeroQuantity: {
    meaning: "A quantity of zero lots was given.",
    remedy: "Give a positive quantity.",
    args: [],
  },
  ZeroSteps: {
    meaning: "`maxSteps` must be at least 1 for an order that may match.",
    remedy: "Give --max-steps of at least 1.",
    args: [],
  },
  ZeroWallet: {
    meaning: "The zero address cannot be a wallet.",
    remedy: "Name a real wallet.",
    args: [],
  },
  AlreadyBound: {
    meaning: "The token factory is already bound to asset registry `assetRegistry`; a factory binds once, for good.",
    remedy: "Nothing to do: the factory serves `assetRegistry`. A new asset registry needs a new factory.",
    args: ["assetRegistry"],
  },
  "ClearedByHigherAuthority(uint32,uint8,uint8)": {
    meaning:
      "Pair `pairId` was last resumed (or relisted) at depth `clearedRank`; a lower rank (depth `callerRank`) may not halt or delist it again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may halt or delist the pair itself.",
    args: ["pairId", "clearedRank", "callerRank"],
  },
  "ClearedByHigherAuthority(uint64,uint8,uint8)": {
    meaning:
      "A restriction of `subject` (a node's suspension or an identity's freeze) was last lifted at depth `clearedRank`; a lower rank (depth `callerRank`) may not impose it again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may restrict `subject` itself.",
    args: ["subject", "clearedRank", "callerRank"],
  },
  CompliantTokenNotIssuedHere: {
    meaning:
      "`token` is a compliant token bound to asset registry `assetRegistry`, not issued by this registry: it registers neither as Native nor as External.",
    remedy: "Register only tokens this registry issued (asset:issue) or ordinary external tokens.",
    args: ["token", "assetRegistry"],
  },
  FactoryAlreadyBound: {
    meaning: "Token factory `factory` is already bound to asset registry `boundTo`.",
    remedy: "Build the asset registry on a new, unbound token factory.",
    args: ["factory", "boundTo"],
  },
  FeeCapSetByHigherAuthority: {
    meaning: "The venue's fee cap was lowered at depth `barRank`; a lower rank (depth `callerRank`) may not raise it.",
    remedy: "Ask a GOVERN holder at depth `barRank` or above to raise the cap.",
    args: ["barRank", "callerRank"],
  },
  IdentityClearedByHigherAuthority: {
    meaning:
      "A freeze of identity `identityId` on this token was last lifted at depth `clearedRank`; a lower rank (depth `callerRank`) may not freeze it, or its wallets, again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may freeze it itself.",
    args: ["identityId", "clearedRank", "callerRank"],
  },
  IdentityNotValid: {
    meaning:
      "`wallet`'s identity is not valid now (reason `reason`: revoked, expired, frozen or its attester invalid): the venue takes no deposit from it.",
    remedy: "Have the attesting bank renew, unfreeze or migrate the identity; withdrawals keep working meanwhile.",
    args: ["wallet", "reason"],
  },
  NativeTokenPolicyRefused: {
    meaning: "`wallet` is not eligible under native token `token`'s own holder policy, so it cannot trade this book.",
    remedy:
      "Check the token's policy (its classes and jurisdictions) against the identity; the issuer decides who may hold its token.",
    args: ["token", "wallet"],
  },
  NotBinder: {
    meaning: "`caller` is not the account that deployed the token factory, the only one that may bind it.",
    remedy: "Bind the factory from its deployer's account (deploy/005 does it).",
    args: ["caller"],
  },
  NotBoundAssetRegistry: {
    meaning:
      "`caller` is not the asset registry the token factory is bound to (`bound`; zero if not bound yet): only it creates tokens.",
    remedy: "Issue native tokens through the bound asset registry (asset:issue).",
    args: ["caller", "bound"],
  },
  PauseClearedByHigherAuthority: {
    meaning:
      "The token's pause was last lifted at depth `clearedRank`; a lower rank (depth `callerRank`) may not pause it again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may pause the token itself.",
    args: ["clearedRank", "callerRank"],
  },
  ProposerControlsApprover: {
    meaning:
      "Pair `pairId` was proposed by `proposer`, whose node is on the path of approving node `governNode`: a proposer cannot approve its own pair.",
    remedy: "Have an independent GOVERN holder of the root, outside the proposer's subtree, approve it.",
    args: ["pairId", "proposer", "governNode"],
  },
  RegistryNotBuiltOnFactory: {
    meaning: "Asset registry `assetRegistry` was built on factory `factory`, not on this one.",
    remedy: "Bind the factory to the asset registry built on it.",
    args: ["assetRegistry", "factory"],
  },
  RootNotRenounceable: {
    meaning: "Node `rootId` is a root: a root cannot be renounced by its holder.",
    remedy: "Ask the governor to retire the root.",
    args: ["rootId"],
  },
  RootStillLive: {
    meaning:
      "Pair `pairId`'s root `root` can still be valid (active, or only suspended, within its lease): only its GOVERN holders may delist the pair.",
    remedy: "Ask a GOVERN holder of the root to delist it; anyone may once the root is revoked or its lease has ended.",
    args: ["pairId", "root"],
  },
  TreeMismatch: {
    meaning: "`dependency` answers to authority tree `dependencyTree`, not to this contract's: one suite has one tree.",
    remedy: "Deploy every registry and venue of the suite on the same AuthorityTree.",
    args: ["dependency", "dependencyTree"],
  },
  UnsupportedRoot: {
    meaning:
      "Root `root` does not fit the book header's root tag (39 bits: the tag's top bit flags attached AML limits).",
    remedy: "Host pairs of roots with smaller ids, or deploy a venue version that supports it.",
    args: ["root"],
  },
  VenueCreditRefused: {
    meaning:
      "`venue` is a (once) registered venue: tokens minted or forced into its own address would belong to no account of its ledger.",
    remedy: "Mint or recover to the client's wallet, or deposit through the venue.",
    args: ["venue"],
  },
  WalletClearedByHigherAuthority: {
    meaning:
      "A freeze of `wallet` on this token was last lifted at depth `clearedRank`; a lower rank (depth `callerRank`) may not freeze it, or its identity, again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may freeze it itself.",
    args: ["wallet", "clearedRank", "callerRank"],
  },
  WithdrawalMismatch: {
    meaning:
      "A withdrawal of `debited` `token` took `left` out of the venue: the token charges the sender or moved nothing, so the venue refuses it rather than pay with other clients' money.",
    remedy: "Nothing can be withdrawn of this token until its issuer fixes it; the balance stays yours in the venue.",
    args: ["token", "debited", "left"],
  },
  EligibilityMismatch: {
    meaning:
      "The pair registry's client registry is not `tokensEligibility`, the one its native tokens read (`eligibility` was given): one suite has one client registry.",
    remedy: "Deploy the pair registry on the client registry the token factory uses.",
    args: ["tokensEligibility", "eligibility"],
  },
  UnknownRoot: {
    meaning:
      "`root` is not a root of the authority tree: a restriction must be reported under the root of what it restricts.",
    remedy:
      "Report under the root of the node, identity, asset, pair or token restricted (a reporter contract's bug if seen).",
    args: ["root"],
  },
  AdminMismatch: {
    meaning:
      "Module `admin` is not wired like this venue (tree, registries, operator, home root or time unit differ, or it has no code).",
    remedy:
      "Deploy the venue with lib/venueDeploy.ts (venue:deploy), which deploys a module with the venue's own wiring first.",
    args: ["admin"],
  },
  VenueNotLicensed: {
    meaning:
      "Venue `venue` is not licensed now: its operator's EXCHANGE node under the home root is not valid, or the venue is not registered. It takes no deposit or order, matches nothing and pays no fees.",
    remedy:
      "Cancel your orders and withdraw: both keep working. The operator must have its licence restored and the venue registered again before trading resumes.",
    args: ["venue"],
  },
  InvalidSanctionParty: {
    meaning: "A sanctions entry names exactly one party: `wallet` or `identityId`, not both and not neither.",
    remedy: "Give either a wallet (--wallet) or an identity id (--identity).",
    args: ["wallet", "identityId"],
  },
  NotSanctionsRoot: {
    meaning: "`rootId` is not a root of the authority tree: sanctions lists are kept per root.",
    remedy: "Name the root whose list you keep (authority:show lists the roots).",
    args: ["rootId"],
  },
  NotSanctionsAuthority: {
    meaning:
      "`account` is neither the account of root `rootId` nor the account of a valid node under it holding the SANCTIONS scope.",
    remedy: "Act from the root's account, or have the root grant you SANCTIONS (authority:grant --scopes SANCTIONS).",
    args: ["account", "rootId"],
  },
  MissingSanctionReason: {
    meaning: "A sanctions listing needs a non-zero reason hash (the hash of the decision or list entry it enforces).",
    remedy: "Give --reason (text, hashed) or a 32-byte hash.",
    args: [],
  },
  UnknownClientRegistry: {
    meaning:
      "`registry` is not a client registry of this tree (a reporter whose AUTHORITY is the tree): the listed party's identity root cannot be read there.",
    remedy: "Pass the suite's IdentityRegistry address (the tasks read it from the deployment).",
    args: ["registry"],
  },
  AlreadySanctioned: {
    meaning:
      "`wallet` / identity `identityId` is already on root `rootId`'s sanctions list, set at depth `rank`, at or above your rank.",
    remedy: "Nothing to do: the entry stands. Only a higher rank may take it over.",
    args: ["rootId", "wallet", "identityId", "rank"],
  },
  NotSanctioned: {
    meaning: "`wallet` / identity `identityId` is not on root `rootId`'s sanctions list.",
    remedy: "Check the party and the root (sanctions:list).",
    args: ["rootId", "wallet", "identityId"],
  },
  SanctionedByHigherAuthority: {
    meaning:
      "The sanctions entry of `wallet` / identity `identityId` under root `rootId` was set at depth `rank`; a lower rank (depth `callerRank`) may not lift it.",
    remedy: "Escalate to the authority at depth `rank` or above, which may lift it.",
    args: ["rootId", "wallet", "identityId", "rank", "callerRank"],
  },
  SanctionClearedByHigherAuthority: {
    meaning:
      "The sanctions entry of `wallet` / identity `identityId` under root `rootId` was last lifted at depth `clearedRank`; a lower rank (depth `callerRank`) may not list the party again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may list the party itself.",
    args: ["rootId", "wallet", "identityId", "clearedRank", "callerRank"],
  },
  TooManySanctionRoots: {
    meaning: "`wallet` / identity `identityId` is already listed by `max` roots, the most one party may be listed by.",
    remedy: "The party is already refused wherever those roots are trusted; lift an entry first if one must change.",
    args: ["wallet", "identityId", "max"],
  },
  PartySanctioned: {
    meaning:
      "The party (wallet `wallet`, identity `identityId`) is on root `rootId`'s sanctions list for `reason`: it may not be registered or renewed, deposit or withdraw; its funds stay frozen in place, still its own.",
    remedy:
      "Nothing on-chain until the listing authority (or a higher one) lifts the entry; a court-ordered move of a native token goes through the issuer's recovery (forcedTransfer, or the venue's recover).",
    args: ["rootId", "wallet", "identityId", "reason"],
  },
  // AML limits (issue 16): contracts/compliance/AmlLimits.sol and the consumers that attach its policies.
  UnknownLimitsPolicy: {
    meaning: "There is no AML limits policy `policyId`.",
    remedy: "Use an existing policy (limits:show) or create one (limits:create).",
    args: ["policyId"],
  },
  NotLimitsAuthority: {
    meaning:
      "`caller` neither holds the owner node of limits policy `policyId` (0: the node named at creation) nor a valid ancestor of it.",
    remedy: "Act from the account of the policy's owner node or of a valid ancestor.",
    args: ["policyId", "caller"],
  },
  InvalidClientClass: {
    meaning:
      "`classBit` is not a single defined client class bit (INSTITUTIONAL 1, ACCREDITED 2, PROFESSIONAL 4, RETAIL 8).",
    remedy: "Set the limit once per class, naming one class at a time.",
    args: ["classBit"],
  },
  LimitTooLarge: {
    meaning: "Limit `value` is above the largest the windows can count (`max`, 2^96 - 1).",
    remedy: "Give a limit of at most `max`, or remove the limit (0) for no limit at all.",
    args: ["value", "max"],
  },
  LimitSetByHigherAuthority: {
    meaning:
      "Limit `kind` of policy `policyId` for `token` and class `classBit` was set at depth `setRank`; a lower rank (depth `callerRank`) may tighten it but not loosen or remove it.",
    remedy: "Ask an authority at depth `setRank` or above to loosen it.",
    args: ["policyId", "token", "classBit", "kind", "setRank", "callerRank"],
  },
  "ClearedByHigherAuthority(uint32,address,uint8,uint8,uint8,uint8)": {
    meaning:
      "Limit `kind` of policy `policyId` for `token` and class `classBit` was loosened or removed at depth `clearedRank`; a lower rank (depth `callerRank`) may not tighten it again.",
    remedy: "Escalate to the authority at depth `clearedRank` or above, which may tighten it itself.",
    args: ["policyId", "token", "classBit", "kind", "clearedRank", "callerRank"],
  },
  OrderNotionalExceeded: {
    meaning:
      "An order of `notional` quote units of `token` is above identity `identityId`'s maximum order notional, `allowedNow`; waiting does not help (`moreAt` is 0).",
    remedy: "Split the order into orders of at most `allowedNow`, or ask the policy's owner about the class's limit.",
    args: ["identityId", "token", "notional", "allowedNow", "moreAt"],
  },
  DailyDepositCapExceeded: {
    meaning:
      "Depositing `amount` would pass identity `identityId`'s rolling 24-hour deposit cap on `token` at this venue (all its wallets together): `allowedNow` fits now, the whole amount from time `moreAt` (when above the cap itself: the time the window is empty).",
    remedy: "Deposit at most `allowedNow` now and the rest from `moreAt` on (limits:usage shows the window).",
    args: ["identityId", "token", "amount", "allowedNow", "moreAt"],
  },
  DailyWithdrawalCapExceeded: {
    meaning:
      "Withdrawing `amount` would pass identity `identityId`'s rolling 24-hour withdrawal cap on `token` at this venue (all its wallets together): `allowedNow` fits now, the whole amount from time `moreAt`. The balance stays yours in the venue.",
    remedy: "Withdraw at most `allowedNow` now and the rest from `moreAt` on (limits:usage shows the window).",
    args: ["identityId", "token", "amount", "allowedNow", "moreAt"],
  },
  HoldingCapExceeded: {
    meaning:
      "Receiving `amount` would take identity `identityId`'s holding of `token` (all its wallets; what it holds in venues excluded) above its maximum: `allowedNow` more fits; time frees nothing (`moreAt` 0).",
    remedy: "Receive at most `allowedNow`, or first reduce the identity's holding (a venue deposit, a transfer out).",
    args: ["identityId", "token", "amount", "allowedNow", "moreAt"],
  },
  LimitsSetByHigherAuthority: {
    meaning:
      "The limits attachment of this venue or token was set (or detached) at depth `setRank`; a lower rank (depth `callerRank`) may not change it.",
    remedy: "Ask an authority at depth `setRank` or above to change the attachment.",
    args: ["setRank", "callerRank"],
  },
  NotRootPolicyAuthority: {
    meaning:
      "`caller` is neither root `root`'s account nor a valid GOVERN holder under it, so it may not clear the root's AML limits policy; or it named one without being the root's account (only the root names a root policy; a GOVERN holder below it may only clear it).",
    remedy:
      "Name a root policy from root `root`'s own account; clear it from that account or a valid GOVERN holder of root `root` (limits:attach --root).",
    args: ["root", "caller"],
  },
  ForeignRootPolicy: {
    meaning:
      "Pair `pairId`'s root `root` is not the venue's home root and names root AML limits policy `rootPolicyId`: a venue applies only its home root's policy, so it opens no book of that root's and takes no orders on one (cancels and withdrawals still work).",
    remedy:
      "Trade the pair at a venue whose home root is `root` (that root's policy binds there), or have root `root` clear its policy and sync the venue (limits:attach --sync).",
    args: ["pairId", "root", "rootPolicyId"],
  },
  RootPolicySetByHigherAuthority: {
    meaning:
      "Root `root`'s AML limits policy was named (or cleared) at depth `setRank`; a lower rank (depth `callerRank`) may not change it.",
    remedy: "Ask the root's account or a GOVERN holder at depth `setRank` or above to change it.",
    args: ["root", "setRank", "callerRank"],
  },
  InvalidRootPolicy: {
    meaning:
      "Limits policy `policyId` is not owned by root `root`'s own node (or does not exist): a root's policy holds the root's limits alone.",
    remedy:
      "Create the policy from the root's account with the root node as owner (limits:create --node ROOT), then name it.",
    args: ["root", "policyId"],
  },
  NotTreeGovernor: {
    meaning:
      "`caller` is not the authority tree's governor `governor`, who alone names the stack's AmlLimits (VenueRegistry) and a successor registry's importer (IdentityRegistry.setImporter).",
    remedy:
      "Have the governor send it (in production a timelock action): VenueRegistry.setAmlLimits, or setImporter on the successor registry.",
    args: ["caller", "governor"],
  },
  AmlLimitsAlreadySet: {
    meaning:
      "The stack's AML limits contract is already named (`limits`): it is set once; or the address named is no contract.",
    remedy: "Attach policies of VenueRegistry.amlLimits(); a different AmlLimits means a new stack.",
    args: ["limits"],
  },
  InvalidLimits: {
    meaning:
      "`limits` is not the stack's AML limits contract (VenueRegistry.amlLimits) with a policy `policyId` (or a detachment named a policy).",
    remedy:
      "Attach an existing policy of the AmlLimits the governor named (VenueRegistry.amlLimits, limits:show), or detach with address 0 and policy 0.",
    args: ["limits", "policyId"],
  },
  VenueWindingDown: {
    meaning:
      "Venue `venue` is winding down (issue 17): it takes no deposit, no order and no new book; cancels and withdrawals still work.",
    remedy:
      "Withdraw your balances (venue:withdraw) or move them to the successor venue (venue:migrate); resting orders come back by venue:return-orders.",
    args: ["venue"],
  },
  NotWindingDown: {
    meaning: "Venue `venue` is not winding down, which this call needs (returning orders, lifting a wind-down).",
    remedy: "Only a winding-down venue returns orders; the operator or GOVERN starts it with venue:wind-down.",
    args: ["venue"],
  },
  WindDownFinal: {
    meaning: "Venue `venue` is wound down for good (nothing rests, nothing is locked): its wind-down cannot be lifted.",
    remedy: "Use its successor venue (the venue's successor()); balances still withdraw from this one.",
    args: ["venue"],
  },
  WindDownSetByHigherAuthority: {
    meaning:
      "The venue's wind-down (or its successor) was set at depth `barRank`; a lower rank (depth `callerRank`) may not lift or change it.",
    remedy: "Ask the authority at depth `barRank` or above (a GOVERN holder of the venue's home root, or its root).",
    args: ["barRank", "callerRank"],
  },
  NotPendingOperator: {
    meaning:
      "`caller` is neither the proposed operator `pending` nor the current account of the operator node the venue is registered with.",
    remedy:
      "Accept from the account the operator proposed (venue:transfer-operator), or ask a higher GOVERN holder to replace the operator (venue:replace-operator).",
    args: ["caller", "pending"],
  },
  OperatorHasAccount: {
    meaning:
      "`account` already has venue account `venueAccount`: the operator's account (number 1, collected fees) moves to the new operator whole.",
    remedy: "Name an account that has never used this venue as the new operator.",
    args: ["account", "venueAccount"],
  },
  OperatorNotOutranked: {
    meaning:
      "A GOVERN holder at depth `callerRank` may not replace an operator at depth `operatorRank`: only a higher rank (a lower depth) may.",
    remedy: "Ask a GOVERN holder above the operator (the home root's account or a delegate above it) to replace it.",
    args: ["operatorRank", "callerRank"],
  },
  OperatorOutranksCaller: {
    meaning:
      "A caller at depth `callerRank` is below the venue's operator node (depth `operatorRank`): it may not wind the venue down or name its successor.",
    remedy: "Ask the operator or a GOVERN holder of the home root at the operator's depth or above.",
    args: ["operatorRank", "callerRank"],
  },
  OrdersStillResting: {
    meaning: "Orders still rest on venue `venue`: its wind-down cannot be made final yet.",
    remedy: "Return them first (venue:return-orders --all), then finalize (venue:wind-down --finalize).",
    args: ["venue"],
  },
  SuccessorNotInIdentity: {
    meaning:
      "Successor wallet `successor` is in identity `identity` (0: none), not the lost wallet's account's recorded identity `expected`.",
    remedy:
      "The client's attester names a wallet of the same identity in the client registry (replaceWallet), then claim again.",
    args: ["successor", "identity", "expected"],
  },
  FollowerNotVenue: {
    meaning: "`caller` is not venue `venue`: only the venue itself makes its registration follow its operator.",
    remedy: "Change the venue's operator on the venue (acceptOperator, replaceOperator); it calls the registry itself.",
    args: ["caller", "venue"],
  },
  "InvalidSuccessor(address)": {
    meaning:
      "`successor` is not a venue registered as an exchange under this venue's home root (or is this venue itself).",
    remedy: "Deploy the successor venue and register it (venue registry, EXCHANGE) under the home root first.",
    args: ["successor"],
  },
  NoWalletSuccessor: {
    meaning: "The client registry names no successor wallet for `lost`.",
    remedy:
      "The client's attester first replaces the lost wallet in the client registry; then claim (venue:claim-wallet).",
    args: ["lost"],
  },
  SuccessorHasAccount: {
    meaning:
      "Successor wallet `successor` already has venue account `account`: a claim moves the lost wallet's account whole.",
    remedy:
      "Claim before the successor wallet deposits; otherwise withdraw from the successor's account and ask the attester to name a fresh wallet.",
    args: ["successor", "account"],
  },
};
