// Flat config shared by every workspace: ESLint finds it by walking up from each package.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/.next-*/**",
      "**/.turbo/**",
      "**/.data/**",
      "**/dist/**",
      "**/generated/**",
      "**/next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins, no I/O.
    files: ["apps/workers/src/temporal/workflows.ts", "apps/workers/src/temporal/workflows/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["node:*", "fs", "path", "crypto", "http", "https", "net", "os", "child_process"] },
      ],
    },
  },
  {
    files: ["**/bin/**", "bench/**", "**/scripts/**", "packages/launcher/**", "packages/devstack/**"],
    rules: { "no-console": "off" },
  },
);
