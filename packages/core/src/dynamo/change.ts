/** A stream record as subscribers see it: its event, the ElectroDB entity of the item, images unmarshalled. */
export interface Change {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  /** The ElectroDB entity of the item (`post`, `like`, ...). */
  entity: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}
