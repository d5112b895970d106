import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Read these queries again after a write. A read in flight may have started before the write, and
 * react-query's invalidation reuses an in-flight fetch of a query that has no data yet (it cancels only one
 * that has data): a list's first load, still under way when the write answers, would show the list without
 * it. So cancel first, then invalidate: every new read starts after the write.
 */
export async function refetchAfterWrite(client: QueryClient, ...queryKeys: QueryKey[]): Promise<void> {
  await Promise.all(queryKeys.map((queryKey) => client.cancelQueries({ queryKey })));
  await Promise.all(queryKeys.map((queryKey) => client.invalidateQueries({ queryKey })));
}
