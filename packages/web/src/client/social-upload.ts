import { ContentType, MAX_BYTES } from "@bourse/core/upload/limits";
import { api } from "./api";

/**
 * Images go from the browser straight to the storage: POST /api/uploads presigns a form for exactly this
 * file (type, size, 5 minutes), then the file is POSTed to the storage with XHR, whose upload events give
 * a progress bar (fetch has none). The storage enforces the same limits; checking here first only spares
 * people a pointless upload and says why.
 */

/** What the storage accepts: core's own list and limit. */
export const IMAGE_TYPES = ContentType.options;
export type ImageType = ContentType;
export const MAX_IMAGE_BYTES = MAX_BYTES;

export interface Presigned {
  url: string;
  fields: Record<string, string>;
  key: string;
  expiresAt: number;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why this file cannot be uploaded, or undefined if it can. */
export function imageProblem(file: { type: string; size: number }): string | undefined {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type))
    return "Choose a JPEG, PNG, WebP or GIF image.";
  if (file.size === 0) return "This file is empty.";
  if (file.size > MAX_IMAGE_BYTES) return `This image is ${megabytes(file.size)}, over the 10 MB limit.`;
  return undefined;
}

export class UploadError extends Error {}

/** The storage answers errors in S3's XML: its <Message> says why. */
function storageMessage(xhr: XMLHttpRequest): string {
  const message = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText ?? "")?.[1];
  return message ? `The storage refused the file: ${message}` : `The upload failed (HTTP ${xhr.status}).`;
}

/** POST the presigned form and then the file; `onProgress` gets 0..1. */
export function sendToStorage(
  presigned: Presigned,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    // The policy's fields first, in order; S3 ignores anything after the file.
    for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", presigned.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadError(storageMessage(xhr)));
    };
    xhr.onerror = () => reject(new UploadError("The upload failed: the storage could not be reached."));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled."));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** Upload one image for a post or the caller's avatar; resolves with its key. */
export async function uploadImage(
  file: File,
  purpose: "post" | "avatar",
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const problem = imageProblem(file);
  if (problem) throw new UploadError(problem);
  onProgress(0);
  const presigned = await api<Presigned>("/api/uploads", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ purpose, contentType: file.type, size: file.size }),
    signal,
  });
  await sendToStorage(presigned, file, onProgress, signal);
  return presigned.key;
}
