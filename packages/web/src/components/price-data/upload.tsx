"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useRef, useState } from "react";
import { refetchAfterWrite } from "@/client/after-write";
import { uploadPriceFile } from "@/client/price-data";
import { Card } from "@/components/card";

/** Drop (or pick) one price file: it goes straight to the storage with a progress bar, and its run appears. */
export function PriceUpload() {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | undefined>();
  const [message, setMessage] = useState<{ error?: string; ok?: string }>({});
  const [over, setOver] = useState(false);

  async function send(file: File | undefined) {
    if (!file) return;
    setMessage({});
    try {
      const run = await uploadPriceFile(file, setProgress);
      setMessage({ ok: `${file.name} uploaded: run ${run.id} is on its way.` });
      await refetchAfterWrite(client, ["price-runs"]);
    } catch (error) {
      setMessage({ error: (error as Error).message });
    } finally {
      setProgress(undefined);
      if (input.current) input.current.value = "";
    }
  }
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void send(event.dataTransfer.files[0]);
  };

  return (
    <Card id="price-upload" title="Upload prices">
      <label
        className={over ? "dropzone dropzone-over" : "dropzone"}
        data-testid="price-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <span>Drop a .json or .csv file here, or choose one</span>
        <input
          ref={input}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          aria-label="Price file"
          onChange={(e) => void send(e.target.files?.[0])}
          disabled={progress !== undefined}
        />
      </label>
      {progress !== undefined && (
        <progress max={1} value={progress} aria-label="Upload progress">
          {Math.round(progress * 100)}%
        </progress>
      )}
      {message.error && (
        <p className="error" role="alert">
          {message.error}
        </p>
      )}
      {message.ok && <p role="status">{message.ok}</p>}
      <details className="format-help">
        <summary>Formats</summary>
        <ul>
          <li>
            Twelve Data <code>/time_series</code> JSON:{" "}
            <code>{'{ "meta": { "symbol" }, "values": [...], "status" }'}</code>, newest first, numbers as
            strings.
          </li>
          <li>
            Twelve Data batch JSON: <code>{'{ "AAPL": { "meta", "values", "status" }, ... }'}</code>.
          </li>
          <li>
            CSV with a header <code>Date,Open,High,Low,Close[,Adj Close],Volume</code> and an optional{" "}
            <code>Symbol</code> column; without it the file name is the symbol (<code>AAPL.csv</code>).
          </li>
          <li>At most 20 MB. Rows are checked one by one; refused rows are listed with their reasons.</li>
        </ul>
      </details>
      <p>
        <a href="/price-data-sample.csv" download>
          Download a sample file
        </a>{" "}
        (80 days of AAPL and two rows the rules refuse).
      </p>
    </Card>
  );
}
