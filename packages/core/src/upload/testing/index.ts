import { uploads } from "../entities";

/** What the table's TTL does to an upload's item: removes it (the stream then tells the UploadSweeper). */
export async function expire(key: string): Promise<void> {
  await uploads.delete({ key }).go();
}
