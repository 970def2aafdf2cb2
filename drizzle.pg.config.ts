// drizzle-kit for the PostgreSQL twin of the schema (issue 13): `npm run db:generate:pg` writes
// drizzle/postgres/ from app/db/schema.pg.ts. The SQLite schema and migrations: drizzle.config.ts.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema.pg.ts",
  out: "./drizzle/postgres",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/taphuan" },
});
