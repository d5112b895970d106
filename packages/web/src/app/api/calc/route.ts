import * as Calc from "@bourse/core/calc";
import { noStore, route } from "@/server/respond";

/** Public: anyone may calculate; members and guests keep the calculation in their history (core decides). */
const calculate = route.json(Calc.RunInput, async (input) => noStore(await Calc.run(input)));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: calculate });
