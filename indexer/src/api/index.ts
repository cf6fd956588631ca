/**
 * The indexer's HTTP API (Ponder's conventions): GraphQL at /graphql, SQL over HTTP at /sql/* (read-only, for
 * @ponder/client), and Ponder's own /ready (200 once caught up), /health, /status and /metrics.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql } from "ponder";

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

export default app;
