import { pagingInput, queryBoolean } from "../shared/paging.ts";

export const listInboxInput = pagingInput.extend({
  /** Only notifications not yet read. */
  unreadOnly: queryBoolean.optional(),
});
