"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

/** For a record's page once the record is deleted: its list (`listKey`) is read again, and the page goes to it. */
export function useBackToList(listKey: QueryKey, href: string) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return () => {
    void queryClient.invalidateQueries({ queryKey: listKey });
    router.push(href);
  };
}
