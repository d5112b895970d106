/**
 * Real-time push over WebSockets, from the table's stream: connections and what they follow are items
 * (Connection), topics are authorized by the actor (Topic), stream records become messages with replay-safe
 * ids (Push), and posts go through the WebSocket API's management side (Gateway). Browsers open their socket
 * with a one-time Ticket, as their access cookie is httpOnly.
 */
export { Connection } from "./connection";
export { Gateway } from "./gateway";
export { Push } from "./push";
export { Ticket } from "./ticket";
export { Topic } from "./topic";
