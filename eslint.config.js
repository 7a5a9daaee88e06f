// ESLint (flat config): typescript-eslint's recommended rules, React's hooks rules and
// jsx-a11y's for every page. `npm run lint` runs it with Prettier's check; CI runs that.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".cache/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      // The two classic hooks rules. react-hooks 7's recommended set adds the React Compiler's rules,
      // which assume the compiler; React 18 here runs without it.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    rules: {
      // Unused names are mistakes; a leading underscore marks one kept on purpose (a callback's position).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // A scrollable text (the consent notice) is a labelled region that the keyboard can focus and scroll.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["region"], tags: [] }],
    },
  },
  {
    // Migrations are frozen in time and typed against any schema (STYLE.md, "Database"); what runs
    // them follows Kysely's own Migration and Dialect interfaces, which take Kysely<any>.
    files: ["db/migrations/**", "db/migrate.ts", "db/template.ts", "db/pglite-dialect.ts", "tests/helpers/server-database.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests read route answers field by field in their assertions; a missing field fails the test.
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Sanitizers and validators match control characters on purpose (NUL, C0, bidi controls).
    files: ["app/lib/ics.ts", "app/lib/spreadsheet.server.ts", "app/web/auth.server.ts"],
    rules: { "no-control-regex": "off" },
  },
);
