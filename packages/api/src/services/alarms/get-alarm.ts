import type { TenantContext } from "../../context.ts";
import { toAlarmViews } from "./alarm-view.ts";
import { findVisibleAlarm } from "./find-visible-alarm.ts";
import type { AlarmView } from "./schemas.ts";

export async function getAlarm(ctx: TenantContext, id: string): Promise<AlarmView> {
  const [view] = await toAlarmViews(ctx, [await findVisibleAlarm(ctx, id)]);
  return view!;
}
