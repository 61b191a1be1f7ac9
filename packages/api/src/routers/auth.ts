import { getMe } from "../services/auth/me.ts";
import { authedProcedure, router } from "../trpc.ts";

export const authRouter = router({
  me: authedProcedure.query(({ ctx }) => getMe(ctx.deps, ctx.actor)),
});
