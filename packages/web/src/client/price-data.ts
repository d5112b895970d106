import type * as PriceAnalysis from "@bourse/core/price-data/analysis";
import type * as PriceRow from "@bourse/core/price-data/row";
import type * as PriceRun from "@bourse/core/price-data/run";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "./api";
import { sendToStorage, UploadError } from "./social-upload";

/**
 * Price files go from the browser straight to the data bucket, like images: POST /api/price-data/uploads
 * presigns a form for exactly this file and queues its run, then the file is POSTed with progress. The
 * runs list and a run's page poll until the run has settled.
 */

export type Run = PriceRun.Info;
export type RunDetail = PriceRun.Detail;
export type Series = PriceAnalysis.Series;
export type RejectsPage = { items: PriceRow.Reject[]; cursor: string | null };

export const MAX_PRICE_BYTES = 20 * 1024 * 1024;
const TYPES = { json: "application/json", csv: "text/csv" } as const;
const SETTLED: Run["status"][] = ["done", "failed", "duplicate"];
export const settled = (run: Pick<Run, "status">) => SETTLED.includes(run.status);

/** The content type the storage will be told, from the name (browsers give CSV files odd types), or why not. */
export function priceFileType(file: {
  name: string;
  size: number;
}): { type: PriceRun.ContentType } | { problem: string } {
  const extension = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase();
  const type = TYPES[extension as keyof typeof TYPES];
  if (!type) return { problem: "Choose a .json (Twelve Data) or .csv file." };
  if (file.size === 0) return { problem: "This file is empty." };
  if (file.size > MAX_PRICE_BYTES)
    return { problem: `This file is ${(file.size / 1048576).toFixed(1)} MB, over the 20 MB limit.` };
  return { type };
}

export async function uploadPriceFile(file: File, onProgress: (fraction: number) => void): Promise<Run> {
  const checked = priceFileType(file);
  if ("problem" in checked) throw new UploadError(checked.problem);
  onProgress(0);
  const created = await api<PriceRun.Created>("/api/price-data/uploads", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename: file.name, contentType: checked.type, size: file.size }),
  });
  await sendToStorage(created.upload, new Blob([file], { type: checked.type }), onProgress);
  return created.run;
}

export function useRuns(enabled: boolean) {
  return useQuery({
    queryKey: ["price-runs"],
    queryFn: () => api<{ items: Run[]; cursor: string | null }>("/api/price-data/runs?limit=50"),
    enabled,
    // Runs move on by themselves: poll while one has not settled.
    refetchInterval: (query) => (query.state.data?.items.every(settled) ? 10_000 : 1000),
  });
}

export function useRun(id: string) {
  return useQuery({
    queryKey: ["price-run", id],
    queryFn: () => api<RunDetail>(`/api/price-data/runs/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (query.state.data && settled(query.state.data) ? false : 1000),
    retry: false,
  });
}

export function useRejects(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["price-rejects", id],
    queryFn: ({ pageParam }) =>
      api<RejectsPage>(
        `/api/price-data/runs/${encodeURIComponent(id)}/rejects?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor,
    enabled,
  });
}

export function useSeries(id: string, symbol: string | undefined) {
  return useQuery({
    queryKey: ["price-series", id, symbol],
    queryFn: () =>
      api<Series>(
        `/api/price-data/runs/${encodeURIComponent(id)}/series/${encodeURIComponent(symbol ?? "")}`,
      ),
    enabled: symbol !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
