/** The per-job placeholders of a label's command, filled in when one job is launched. */

/** Replaces `{qgraphNodeId}` and `{jobName}` in each word; other text is left exactly as it is. */
export function fillJobPlaceholders(
  command: readonly string[],
  values: { readonly qgraphNodeId: string; readonly jobName: string },
): string[] {
  return command.map((word) =>
    word.includes('{') ? word.replaceAll('{qgraphNodeId}', values.qgraphNodeId).replaceAll('{jobName}', values.jobName) : word,
  );
}
