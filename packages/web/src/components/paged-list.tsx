"use client";

import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

/** An infinite query over one of the API's `{ items, cursor }` lists. */
type Pages<T> = UseInfiniteQueryResult<InfiniteData<{ items: T[] }>, Error>;

/** Every item loaded so far, page after page. */
export function itemsOf<T>(list: Pages<T>): T[] {
  return list.data?.pages.flatMap((page) => page.items) ?? [];
}

/**
 * A list read page by page: "Loading…", the error, what to say when it is empty, the items (rendered by
 * `children`), and the button that loads the next page.
 */
export function PagedList<T>({
  list,
  unavailable,
  empty,
  more,
  children,
}: {
  list: Pages<T>;
  /** "Comments are unavailable", or a message for the error. */
  unavailable: string | ((error: Error) => ReactNode);
  empty: ReactNode;
  /** The next-page button's label. */
  more: string;
  children: (items: T[]) => ReactNode;
}) {
  const items = itemsOf(list);
  return (
    <>
      {list.isPending && <p className="muted">Loading…</p>}
      {list.error && (
        <p className="error">
          {typeof unavailable === "string"
            ? `${unavailable}: ${list.error.message}`
            : unavailable(list.error)}
        </p>
      )}
      {list.data && items.length === 0 && <p className="muted">{empty}</p>}
      {children(items)}
      {list.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? "Loading…" : more}
        </button>
      )}
    </>
  );
}
