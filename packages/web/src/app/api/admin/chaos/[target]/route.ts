import * as Chaos from "@bourse/core/resilience/chaos";
import { noStore, route } from "@/server/respond";

type Path = { target: string };

/** Administrators only (core checks); an unknown target is a validation error. */
const set = route.json<typeof Chaos.SetInput, Path>(Chaos.SetInput, async (input, _req, { params }) =>
  noStore({
    switch: await Chaos.set({ ...input, target: (await params).target as Chaos.Target }),
  }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Path>({ PUT: set });
