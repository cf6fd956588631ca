import type { Interface, Result } from "ethers";

/** Each log of `logs` that `iface` knows, parsed, in order: its event name, its arguments and the log itself. */
export function* parsedEvents<L extends { topics: readonly string[]; data: string }>(
  iface: Interface,
  logs: readonly L[],
): Generator<{ name: string; args: Result; log: L }> {
  for (const log of logs) {
    const parsed = iface.parseLog(log);
    if (parsed) yield { name: parsed.name, args: parsed.args, log };
  }
}
