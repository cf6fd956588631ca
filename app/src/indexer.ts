/** The indexer's GraphQL (issue 18), through the dev server's /indexer proxy. Bigints come back as strings. */
export async function gql<T>(base: string, query: string): Promise<T> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`indexer: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data as T;
}

export type FillRow = {
  id: string;
  tx: string;
  tick: string;
  lots: string;
  base: string;
  quote: string;
  makerIdentity: string;
  takerIdentity: string;
  makerSide: string;
  makerFee: string;
  takerFee: string;
  timestamp: string;
  block: string;
};

/** An identity's last fills on a pair (as maker or taker), newest first. */
export function fillsQuery(pairId: bigint, identity: bigint, limit = 50): string {
  return `{ fills(where: { pairId: "${pairId}", OR: [{ makerIdentity: "${identity}" }, { takerIdentity: "${identity}" }] }, orderBy: "timestamp", orderDirection: "desc", limit: ${limit}) { items { id tx tick lots base quote makerIdentity takerIdentity makerSide makerFee takerFee timestamp block } } }`;
}

export type CandleRow = { start: string; open: string; high: string; low: string; close: string; lots: string };

export function candlesQuery(pairId: bigint, interval: number, limit = 500): string {
  return `{ candles(where: { pairId: "${pairId}", interval: ${interval} }, orderBy: "start", orderDirection: "asc", limit: ${limit}) { items { start open high low close lots } } }`;
}

export type MovementRow = { id: string; token: string; amount: string; timestamp: string; tx: string };

/** An identity's last deposits and withdrawals (every venue the indexer follows), newest first. */
export function movementsQuery(identity: bigint, limit = 50): string {
  const part = (table: string) =>
    `${table}(where: { identity: "${identity}" }, orderBy: "timestamp", orderDirection: "desc", limit: ${limit}) { items { id token amount timestamp tx } }`;
  return `{ ${part("deposits")} ${part("withdrawals")} }`;
}
