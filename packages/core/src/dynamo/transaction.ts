/**
 * The cancellation reason codes of a write transaction, in the order of its items (null when it went
 * through). ElectroDB may either resolve with `canceled` or throw the SDK's TransactionCanceledException.
 */
export async function cancellationCodes(
  run: Promise<{ canceled: boolean; data: unknown }>,
): Promise<string[] | null> {
  try {
    const result = await run;
    if (!result.canceled) return null;
    return (result.data as { code?: string }[]).map((r) => r.code ?? "None");
  } catch (error) {
    const reasons = (error as { cause?: { CancellationReasons?: { Code?: string }[] } })?.cause
      ?.CancellationReasons;
    if (!reasons) throw error;
    return reasons.map((r) => r.Code ?? "None");
  }
}
