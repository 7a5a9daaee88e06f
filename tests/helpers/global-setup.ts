import type { TestProject } from "vitest/node";
import { ensureEmbeddedTemplate } from "../../db/template";
import { createServerTemplate, dropServerDatabase } from "./server-database";

declare module "vitest" {
  export interface ProvidedContext {
    serverTemplate: string | null;
  }
}

/** Builds the migrated template every test file clones its database from, once per run. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    await ensureEmbeddedTemplate();
    project.provide("serverTemplate", null);
    return;
  }
  const template = await createServerTemplate(url);
  project.provide("serverTemplate", template);
  return async () => dropServerDatabase(url, template);
}
