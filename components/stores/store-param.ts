// The ?store=ID parameter of the Stores page: read by the server render and the client alike.

const MAX_STORE_ID = 2_147_483_647;

/** The selected store id, or null; a bad value is ignored with a message to show. */
export function parseStoreParam(raw: string | string[] | null | undefined): {
  storeId: number | null;
  problem: string | null;
} {
  if (raw === null || raw === undefined || raw === "") return { storeId: null, problem: null };
  if (Array.isArray(raw))
    return { storeId: null, problem: "The store was given more than once; none is open." };
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(id) || id < 1 || id > MAX_STORE_ID)
    return { storeId: null, problem: `“${raw.slice(0, 40)}” is not a store id; none is open.` };
  return { storeId: id, problem: null };
}
