import { S3Client } from "@aws-sdk/client-s3";

/**
 * Checksums only when an operation requires them: otherwise presigned URLs carry the checksum of an empty
 * body and S3 emulators (and browsers uploading real bytes) disagree with it.
 */
export const client = new S3Client({
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});
