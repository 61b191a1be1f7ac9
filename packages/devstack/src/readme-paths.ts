// Finds the repository paths a README names, so a test can fail when one of them is gone.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, posix } from "node:path";

/** A path named by a README: a relative link, or a path in backticks or in a code block. */
export interface PathReference {
  /** The README, relative to the repository root (forward slashes). */
  readme: string;
  line: number;
  /** As written in the README. */
  text: string;
  /** Relative to the repository root (forward slashes); for a file named alone, `**` + `/` + its name. */
  path: string;
}

/** Folders that exist only at run time (ignored by git): a README may name them without their existing. */
const RUNTIME_FOLDERS = new Set([
  ".data",
  ".git",
  ".next",
  ".turbo",
  "coverage",
  "dist",
  "node_modules",
  "test-results",
]);
/** Run-time folders named by a pattern (`.next-build`, a second build beside the first). */
const isRuntimeFolder = (name: string) => RUNTIME_FOLDERS.has(name) || name.startsWith(".next-");

/** Every character a path we check may contain: no spaces, globs, placeholders, schemes or `@scope` names. */
const PATH_CHARACTERS = /^[A-Za-z0-9_.-][A-Za-z0-9_./-]*$/;
/** A file extension (starts with a letter, so version numbers and ratios do not count). */
const EXTENSION = /\.[A-Za-z][A-Za-z0-9]*$/;
/** A source file named without its folder (`read-gate.ts`): some file of that name must exist. */
const SOURCE_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(ts|tsx|sql|prisma)$/;
/** How such a name is written as a path. */
export const ANYWHERE = "**/";

/**
 * Reads `token` as a path, or returns undefined when it is not one. It is a path when it contains a
 * slash, no glob, placeholder, URL or `...`, and either starts with one of the repository's top-level
 * folders (`apps/ingest`, `bench/ingest/run.ts`: relative to the root) or ends with a file extension
 * or a slash (`src/core/`, `./test/x.ts`: relative to the README's folder). A TypeScript, SQL or Prisma
 * file named alone (`read-gate.ts`) is looked up by name: a file of that name must exist somewhere.
 * `/api/ws`, `text/plain`, `v1/devices/me/telemetry` and `live:{tenantId}:{deviceId}` are not paths.
 */
export function readAsPath(token: string, readmeDir: string, topLevelFolders: ReadonlySet<string>): string | undefined {
  if (SOURCE_FILE_NAME.test(token)) return `${ANYWHERE}${token}`;
  if (!PATH_CHARACTERS.test(token) || !token.includes("/") || token.includes("//") || token.includes("...")) {
    return undefined;
  }
  const segments = token.split("/");
  const first = segments[0]!;
  // Build output and data exist only after a run (`apps/web/.next`, `.data/test/`), not in a clone.
  if (segments.some(isRuntimeFolder)) return undefined;
  if (topLevelFolders.has(first)) return posix.normalize(token);
  const relative = first === "." || first === "..";
  if (!relative && !token.endsWith("/") && !EXTENSION.test(token)) return undefined;
  return posix.normalize(posix.join(readmeDir, token));
}

/** The target of a Markdown link as a repository path, or undefined for URLs, anchors and placeholders. */
export function readLinkTarget(target: string, readmeDir: string): string | undefined {
  const path = decodeLink(target.replace(/[#?].*$/, ""));
  if (path === "" || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) || path.startsWith("//") || /[<>{}*]/.test(path)) {
    return undefined;
  }
  return posix.normalize(path.startsWith("/") ? path.slice(1) : posix.join(readmeDir, path));
}

function decodeLink(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target; // a stray `%`: the target as written
  }
}

/** A code block's opening or closing line, and its language. */
const FENCE = /^\s*(```|~~~)\s*([\w+-]*)/;
/** Code blocks whose words are checked: file trees, command lines. Program code (`ts`, `json`) is not read. */
const PLAIN_BLOCKS = new Set(["", "sh", "bash", "shell", "console", "text", "txt"]);
const CODE_SPAN = /(`+)(.+?)\1/g;
const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Every path `markdown` (the README at `readme`, relative to the root) names. */
export function pathReferences(
  readme: string,
  markdown: string,
  topLevelFolders: ReadonlySet<string>,
): PathReference[] {
  const readmeDir = posix.dirname(readme);
  const found: PathReference[] = [];
  const add = (line: number, text: string, path: string | undefined) => {
    if (path !== undefined) found.push({ readme, line, text, path });
  };
  let fence: string | undefined;
  let plainBlock = false;
  markdown.split("\n").forEach((text, index) => {
    const line = index + 1;
    const [, marker, language = ""] = FENCE.exec(text) ?? [];
    if (marker && (fence === undefined || fence === marker)) {
      plainBlock = fence === undefined && PLAIN_BLOCKS.has(language.toLowerCase());
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence !== undefined) {
      if (!plainBlock) return;
      // Code blocks: file trees and command lines; each word, without the brackets and punctuation around it.
      for (const word of text.split(/\s+/)) {
        const token = word.replace(/^[("'[]+/, "").replace(/[)"'\],;:]+$/, "");
        add(line, token, readAsPath(token, readmeDir, topLevelFolders));
      }
      return;
    }
    for (const [, , code] of text.matchAll(CODE_SPAN)) {
      const token = code!.trim();
      add(line, token, readAsPath(token, readmeDir, topLevelFolders));
    }
    for (const [, target] of text.replace(CODE_SPAN, "").matchAll(LINK)) {
      add(line, target!, readLinkTarget(target!, readmeDir));
    }
  });
  return found;
}

/**
 * The repository's files, relative to the root, run-time folders left out. It walks the disk rather than asking
 * git: CI's checkout may belong to another user, and git then refuses to read it ("dubious ownership").
 */
export function listFiles(repoRoot: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(repoRoot, folder), { withFileTypes: true })) {
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!isRuntimeFolder(entry.name)) walk(path);
      } else if (entry.isFile()) files.push(path);
    }
  };
  walk("");
  return files.sort();
}

/** The README.md and CONTRIBUTING.md files among `files`, those inside node_modules left out. */
export function readmesAmong(files: readonly string[]): string[] {
  return files.filter(
    (file) => /(^|\/)(README|CONTRIBUTING)\.md$/.test(file) && !file.split("/").includes("node_modules"),
  );
}

/** The repository's top-level folders, those that exist only at run time left out. */
export function topLevelFolders(repoRoot: string): Set<string> {
  return new Set(
    readdirSync(repoRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !isRuntimeFolder(entry.name))
      .map((entry) => entry.name),
  );
}

/** The paths the repository's READMEs name that do not exist. */
export function missingReadmePaths(repoRoot: string): PathReference[] {
  const files = listFiles(repoRoot);
  const fileNames = new Set(files.map((file) => posix.basename(file)));
  const folders = topLevelFolders(repoRoot);
  const exists = (path: string) =>
    path.startsWith(ANYWHERE) ? fileNames.has(path.slice(ANYWHERE.length)) : existsSync(join(repoRoot, path));
  return readmesAmong(files).flatMap((readme) =>
    pathReferences(readme, readFileSync(join(repoRoot, readme), "utf8"), folders).filter(
      (reference) => !exists(reference.path),
    ),
  );
}

/** For messages: `README:line names path`. */
export function describeReference(reference: PathReference): string {
  const shown = reference.text === reference.path ? "" : ` (${reference.path})`;
  return `${reference.readme}:${reference.line} names ${reference.text}${shown}`;
}
