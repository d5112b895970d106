import * as Upload from "@bourse/core/upload";
import { describe, expect, it } from "vitest";
import { IMAGE_TYPES, imageProblem, MAX_IMAGE_BYTES } from "./social-upload";

describe("the browser's image checks", () => {
  it("accept what the storage accepts, with the same limit", () => {
    expect([...IMAGE_TYPES]).toEqual(Upload.ContentType.options);
    expect(MAX_IMAGE_BYTES).toBe(Upload.MAX_BYTES);
  });

  it("say why a file cannot be uploaded", () => {
    expect(imageProblem({ type: "image/png", size: 1000 })).toBeUndefined();
    expect(imageProblem({ type: "image/webp", size: MAX_IMAGE_BYTES })).toBeUndefined();
    expect(imageProblem({ type: "image/svg+xml", size: 1000 })).toBe(
      "Choose a JPEG, PNG, WebP or GIF image.",
    );
    expect(imageProblem({ type: "", size: 1000 })).toBe("Choose a JPEG, PNG, WebP or GIF image.");
    expect(imageProblem({ type: "image/gif", size: 0 })).toBe("This file is empty.");
    expect(imageProblem({ type: "image/jpeg", size: MAX_IMAGE_BYTES + 1 })).toBe(
      "This image is 10.0 MB, over the 10 MB limit.",
    );
  });
});
