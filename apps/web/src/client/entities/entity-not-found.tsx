import { ErrorState } from "@industryos/ui";
import Link from "next/link";

/**
 * A detail page opened with an id that names nothing this user may see: said plainly, with the way
 * back to the list. Not retried: a missing entity stays missing.
 */
export function EntityNotFound({ noun, listHref, listLabel }: { noun: string; listHref: string; listLabel: string }) {
  return (
    <div className="space-y-3">
      <ErrorState error={`This ${noun} does not exist, or you do not have access to it.`} />
      <Link href={listHref} className="text-sm text-brand-600 hover:underline">
        ← {listLabel}
      </Link>
    </div>
  );
}
