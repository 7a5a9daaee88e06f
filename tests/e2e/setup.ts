import { afterEach, expect } from "vitest";
import { takeNulFindings } from "../helpers/browser";

// Every test's browser traffic is checked in one place: no page or data answer may hold a NUL byte.
afterEach(async () => {
  expect(await takeNulFindings(), "responses with NUL bytes").toEqual([]);
});
