/**
 * `db/schema.ts` describes the migrated database to Kysely by hand. Nothing ties the two together
 * at compile time, so this test does: every table and column the migrations make must be in the
 * types, with the same nullability, and the types may name nothing the database lacks.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { repoRoot } from "../helpers/server";

interface DeclaredColumn {
  nullable: boolean;
}

/** Tables and their columns as db/schema.ts declares them: `interface Database { table: XTable }`. */
function declaredTables(): Map<string, Map<string, DeclaredColumn>> {
  const file = path.join(repoRoot, "db", "schema.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const database = interfaces.get("Database");
  if (!database) throw new Error("db/schema.ts has no `interface Database`");
  const tables = new Map<string, Map<string, DeclaredColumn>>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
    const tableName = (member.name as ts.Identifier).text;
    const declaration = interfaces.get(member.type.typeName.getText(source));
    if (!declaration) throw new Error(`db/schema.ts: the type of table ${tableName} is not an interface in the file`);
    const columns = new Map<string, DeclaredColumn>();
    for (const column of declaration.members) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      columns.set((column.name as ts.Identifier).text, { nullable: /\bnull\b/.test(column.type.getText(source)) });
    }
    tables.set(tableName, columns);
  }
  return tables;
}

describe("db/schema.ts and the migrated database", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it("name the same tables and columns, with the same nullability", async () => {
    const rows = await sql<{ table_name: string; column_name: string; is_nullable: "YES" | "NO" }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(test.db);
    const actual = new Map<string, Map<string, DeclaredColumn>>();
    for (const row of rows.rows) {
      if (!actual.has(row.table_name)) actual.set(row.table_name, new Map());
      actual.get(row.table_name)!.set(row.column_name, { nullable: row.is_nullable === "YES" });
    }
    const describe = (tables: Map<string, Map<string, DeclaredColumn>>) =>
      Object.fromEntries(
        [...tables.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([table, columns]) => [table, Object.fromEntries([...columns.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, c]) => [name, c.nullable ? "null" : "not null"]))]),
      );
    expect(describe(declaredTables())).toEqual(describe(actual));
  });
});
