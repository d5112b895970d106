/** The handle of a /u/[handle] (or rewritten /@handle) address: decoded, without a leading @. */
export async function handleOf(params: Promise<{ handle: string }>): Promise<string> {
  const raw = (await params).handle;
  let handle = raw;
  try {
    handle = decodeURIComponent(raw);
  } catch {}
  return handle.replace(/^@/, "");
}
