import type { CampaignProgress } from "./observe-progress.ts";

/** During a wave the share is judged only once this many devices finished (fewer say little). */
export const MIN_FINISHED_FOR_THRESHOLD = 10;

/**
 * Whether the failure share stops the rollout: failed (FAILED or TIMED_OUT) ÷ finished above the
 * threshold, judged at a wave's end, or during a wave once MIN_FINISHED_FOR_THRESHOLD devices
 * finished; and only when failures grew since the last stop (`acknowledged`), so a campaign
 * resumed by hand is not stopped again by the failures it was resumed with. Pure: the workflow
 * calls it.
 */
export function thresholdExceeded(
  progress: CampaignProgress,
  thresholdPercent: number,
  waveEnded: boolean,
  acknowledged: number,
): boolean {
  const failures = progress.failed + progress.timedOut;
  const finished = progress.succeeded + failures;
  if (finished === 0 || failures <= acknowledged) return false;
  if (!waveEnded && finished < MIN_FINISHED_FOR_THRESHOLD) return false;
  return failures * 100 > thresholdPercent * finished;
}
