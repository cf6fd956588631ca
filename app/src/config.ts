/**
 * The deployment the console talks to: app/public/deployment.json, written by app/stack/deployment.ts (addresses,
 * the suite's custom errors, named accounts and, on a development chain only, their throwaway keys).
 */
import type { ConsoleAccount, ConsoleDeployment } from "../../lib/consoleDeployment";

export type { ConsoleAccount, ConsoleDeployment };

export async function loadDeployment(url = "/deployment.json"): Promise<ConsoleDeployment> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) {
    throw new Error(`${url}: ${response.status}. Start the console with \`npm run app\` (it writes this file).`);
  }
  return (await response.json()) as ConsoleDeployment;
}

/** An absolute URL for a path the dev server proxies ("/rpc"), or the URL itself. */
export function absolute(url: string): string {
  return new URL(url, window.location.href).toString();
}
