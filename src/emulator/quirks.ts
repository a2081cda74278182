/** Optional real-API quirks (ids as strings, no totalRecords on the last page, unknown fields), so clients prove they tolerate them. */

const ID_FIELDS = ['agentId', 'agentID_alt', 'skillId', 'teamId', 'mediaTypeId'] as const;

/** Ids become numeric strings and an unknown field appears, as the contract's "Quirks" section allows. */
export function quirkyItem(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const field of ID_FIELDS) if (typeof out[field] === 'number') out[field] = String(out[field]);
  out.unknownField = 'clients must ignore fields they do not know';
  return out;
}
