import * as Calc from "@bourse/core/calc";
import { CalcHistoryQuery } from "@/server/api/calc";
import { noStore, query, route } from "@/server/respond";

/** The caller's calculations, newest first (members and guests; core checks). */
const history = route(async (req) => noStore(await Calc.history(query(req, CalcHistoryQuery))));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: history });
