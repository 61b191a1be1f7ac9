import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { startStack, type Stack, type StackOptions } from "./web-process.ts";

/** A test file's web stack and a browser page on it, with what went wrong in the page. */
export interface ConsoleSession {
  stack: Stack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /**
   * The page's uncaught script errors, and the native dialogs it opened (dismissed at once: the
   * console asks through its own dialogs); a test expects none.
   */
  consoleErrors: string[];
  /** Closes the browser, then stops the stack. */
  close(): Promise<void>;
}

/**
 * Starts the stack and the browser together, then opens one page on the stack (a desktop window
 * unless `context` says otherwise) that waits `timeout` ms for what it looks for.
 * `clipboard`: the page may read and write the clipboard (for Copy buttons).
 */
export async function openConsoleSession({
  stack: stackOptions,
  context: contextOptions,
  clipboard = false,
  timeout,
}: {
  stack?: StackOptions;
  context?: BrowserContextOptions;
  clipboard?: boolean;
  timeout: number;
}): Promise<ConsoleSession> {
  const [stack, browser] = await Promise.all([startStack(stackOptions), launchBrowser()]);
  const context = await browser.newContext({
    baseURL: stack.url,
    viewport: { width: 1360, height: 900 },
    ...contextOptions,
  });
  if (clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.url });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const consoleErrors: string[] = [];
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("dialog", (dialog) => {
    consoleErrors.push(`a native ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    stack,
    browser,
    context,
    page,
    consoleErrors,
    close: async () => {
      await browser.close();
      await stack.stop();
    },
  };
}
