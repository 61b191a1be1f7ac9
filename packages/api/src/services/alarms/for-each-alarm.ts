import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import type { AlarmView, alarmIdsInput } from "./schemas.ts";

/**
 * A bulk action of the console: each alarm as its single operation would (comment, audit entry,
 * event). Ids this caller may not see are listed in `notFound`, not an error, so one vanished
 * alarm does not fail the rest.
 */
export async function forEachAlarm(
  ctx: TenantContext,
  input: z.infer<typeof alarmIdsInput>,
  act: (ctx: TenantContext, id: string) => Promise<AlarmView>,
): Promise<{ data: AlarmView[]; notFound: string[] }> {
  const data: AlarmView[] = [];
  const notFound: string[] = [];
  for (const id of new Set(input.ids)) {
    try {
      data.push(await act(ctx, id));
    } catch (error) {
      if (error instanceof ApiError && error.code === "NOT_FOUND") notFound.push(id);
      else throw error;
    }
  }
  return { data, notFound };
}
