/** ElectroDB writes the entity name into every item under this attribute; stream filters select on it. */
export const ENTITY_ATTRIBUTE = "__edb_e__";
