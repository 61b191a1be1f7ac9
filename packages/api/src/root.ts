import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { appRouter, type AppRouter } from "./operations/trpc-router.ts";

export { appRouter, type AppRouter };
/** What each procedure takes and answers, for the console: `RouterOutputs["devices"]["get"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
