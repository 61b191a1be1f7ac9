import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ackAlarm } from "./ack-alarm.ts";
import { forEachAlarm } from "./for-each-alarm.ts";
import type { alarmIdsInput } from "./schemas.ts";

/** Acknowledges each of the alarms (the console's bulk action); `notFound` lists ids the caller may not see. */
export const ackAlarms = (ctx: TenantContext, input: z.infer<typeof alarmIdsInput>) =>
  forEachAlarm(ctx, input, ackAlarm);
