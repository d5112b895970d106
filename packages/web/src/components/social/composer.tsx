"use client";

import { length } from "@bourse/core/social/text";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from "react";
import { useCreatePost } from "@/client/social";
import { IMAGE_TYPES, imageProblem, uploadImage } from "@/client/social-upload";
import { FormError } from "@/components/field";

export const MAX_CAPTION = 500;

type Step = { at: "idle" } | { at: "uploading"; progress: number } | { at: "posting" };

/**
 * The composer: pick an image → preview (an object URL, nothing sent yet) → on "Post", presign, upload
 * straight to the storage with a progress bar, then create the post and open it.
 */
export function Composer() {
  const router = useRouter();
  const create = useCreatePost();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string>();
  const [caption, setCaption] = useState("");
  const [step, setStep] = useState<Step>({ at: "idle" });
  const [error, setError] = useState<unknown>();
  const abort = useRef<AbortController | null>(null);

  // The preview's object URL lives as long as the file is chosen.
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  useEffect(() => () => abort.current?.abort(), []);

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setError(undefined);
    setPreview(undefined);
    if (!chosen) return setFile(undefined);
    const problem = imageProblem(chosen);
    if (problem) {
      event.target.value = "";
      setFile(undefined);
      return setError(new Error(problem));
    }
    setFile(chosen);
  };

  const tooLong = length(caption) > MAX_CAPTION;
  const busy = step.at !== "idle";

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file || tooLong || busy) return;
    setError(undefined);
    abort.current = new AbortController();
    try {
      setStep({ at: "uploading", progress: 0 });
      const imageKey = await uploadImage(
        file,
        "post",
        (progress) => setStep({ at: "uploading", progress }),
        abort.current.signal,
      );
      setStep({ at: "posting" });
      const post = await create.mutateAsync({ imageKey, caption });
      router.push(`/p/${post.id}`);
    } catch (failure) {
      setError(failure);
      setStep({ at: "idle" });
    }
  };

  return (
    <form className="form composer" onSubmit={submit} aria-label="New post">
      <div className="field">
        <label htmlFor="composer-image">Image</label>
        <input
          id="composer-image"
          type="file"
          accept={IMAGE_TYPES.join(",")}
          onChange={pick}
          disabled={busy}
          aria-describedby="composer-image-hint"
        />
        <p id="composer-image-hint" className="muted small">
          JPEG, PNG, WebP or GIF, up to 10 MB. It goes straight to storage when you post.
        </p>
      </div>
      {preview && (
        <figure className="composer-preview">
          {/* biome-ignore lint/performance/noImgElement: a local object URL cannot go through Next's optimizer. */}
          <img src={preview} alt="Preview of what you will post" data-testid="composer-preview" />
        </figure>
      )}
      <div className="field">
        <label htmlFor="composer-caption">Caption</label>
        <textarea
          id="composer-caption"
          rows={3}
          value={caption}
          onChange={(e) => setCaption(e.target.value)}
          disabled={busy}
          aria-invalid={tooLong || undefined}
          aria-describedby="composer-caption-count"
          placeholder="Say something — #tags and @mentions work"
        />
        <p id="composer-caption-count" className={`small ${tooLong ? "field-error" : "muted"}`}>
          {length(caption)}/{MAX_CAPTION}
          {tooLong && " — too long"}
        </p>
      </div>
      {step.at === "uploading" && (
        <div className="progress">
          <progress aria-label="Upload progress" max={100} value={Math.round(step.progress * 100)} />
          <span className="small">Uploading {Math.round(step.progress * 100)}%</span>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" disabled={!file || tooLong || busy}>
          {step.at === "uploading" ? "Uploading…" : step.at === "posting" ? "Posting…" : "Post"}
        </button>
        {step.at === "uploading" && (
          <button type="button" className="button-secondary" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        )}
      </div>
      <FormError error={error} />
    </form>
  );
}
