#!/usr/bin/env bash
# The main job against real JSON-RPC nodes on loopback: a `hardhat node` (which deploys the suite on start through
# hardhat-deploy) and anvil (a second, independent node implementation, from npm) as a simulated PlatON devnet. Each node is started by its own
# PID and stopped by it, also when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  rm -rf deployments/localhost deployments/anvil deployments/platonDev
}
trap cleanup EXIT

# Waits until a JSON-RPC node answers eth_chainId on 127.0.0.1:$1 (60 s at most).
wait_for_rpc() {
  local port=$1
  for _ in $(seq 1 120); do
    if node -e "
      fetch('http://127.0.0.1:$port', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) })
        .then((r) => r.json()).then((j) => process.exit(j.result ? 0 : 1), () => process.exit(1));
    " 2> /dev/null; then return 0; fi
    sleep 0.5
  done
  echo "no JSON-RPC node answered on 127.0.0.1:$port" >&2
  return 1
}

echo "--- hardhat node on 127.0.0.1:8545"
./node_modules/.bin/hardhat node --hostname 127.0.0.1 --port 8545 > /tmp/hardhat-node.log 2>&1 &
pids+=("$!")
wait_for_rpc 8545
npm run demo -- --network localhost
# The audit trail: rebuild the tree, the registry, the asset service, the demo's native token and its venue (books,
# orders, balances, fees, holdings) from the node's logs and reconcile them with the views; non-zero on a difference.
npx hardhat audit:replay --network localhost
kill "${pids[0]}" && wait "${pids[0]}" 2> /dev/null || true

# anvil, a second and independent node implementation (from npm), runs the main job as the simulated PlatON devnet
# below. Its plain run (seconds clock, port 8546) was dropped when CI's budget got tight: everything it checked but the
# seconds clock the PlatON run checks too, and the seconds clock is the hardhat node's.
anvil="$(node -p 'require("path").join(require("path").dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil")')"

# A simulated PlatON devnet: anvil with PlatON's chain id and a millisecond clock (genesis timestamp in ms; each
# block adds one unit), behind a proxy that strips `difficulty` from every block as PlatON's RPC may, reached through
# the real `platonDev` network configuration (URL and key from the environment, legacy gas price, TIME_UNIT 1000).
echo "--- simulated PlatON devnet (chain 20250407, millisecond timestamps, no difficulty) on 127.0.0.1:8547"
"$anvil" --host 127.0.0.1 --port 8548 --chain-id 20250407 --timestamp "$(( $(date +%s) * 1000 ))" --silent \
  > /tmp/anvil-platon.log 2>&1 &
pids+=("$!")
wait_for_rpc 8548
node tools/ci/strip-difficulty-proxy.js 8547 http://127.0.0.1:8548 &
pids+=("$!")
wait_for_rpc 8547
key="$(node -e 'const { HDNodeWallet, Mnemonic } = require("ethers");
  const phrase = "test test test test test test test test test test test junk"; // anvil'"'"'s public dev accounts
  console.log(HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase), "m/44'"'"'/60'"'"'/0'"'"'/0/0").privateKey);')"
PLATON_DEV_RPC_URL=http://127.0.0.1:8547 PLATON_DEV_PRIVATE_KEY="$key" npm run demo -- --network platonDev
PLATON_DEV_RPC_URL=http://127.0.0.1:8547 PLATON_DEV_PRIVATE_KEY="$key" npx hardhat audit:replay --network platonDev
echo "the main job passed against hardhat node and a simulated PlatON devnet (anvil)"
