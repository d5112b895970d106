import * as Actor from "@bourse/core/actor";
import * as Auth from "@bourse/core/auth";
import * as Comment from "@bourse/core/social/comment";
import * as Follow from "@bourse/core/social/follow";
import * as Like from "@bourse/core/social/like";
import * as Post from "@bourse/core/social/post";
import * as Upload from "@bourse/core/upload";
import * as User from "@bourse/core/user";
import { chartPng } from "./images";

/** Every demo member signs in with this password (README says so). */
export const DEMO_PASSWORD = "bourse demo 2026";

const PEOPLE = [
  { handle: "ana", displayName: "Ana Lima", bio: "Dividend investor. Charts before coffee." },
  { handle: "ben", displayName: "Ben Okafor", bio: "Swing trader, mostly tech." },
  { handle: "chloe", displayName: "Chloé Martin", bio: "Value hunter. #ETFs and patience." },
  { handle: "dev", displayName: "Dev Patel", bio: "Quant hobbyist; posts backtests." },
] as const;
type Handle = (typeof PEOPLE)[number]["handle"];

const FOLLOWS: [Handle, Handle][] = [
  ["ana", "ben"],
  ["ana", "chloe"],
  ["ben", "ana"],
  ["ben", "dev"],
  ["chloe", "ana"],
  ["dev", "ana"],
  ["dev", "chloe"],
];

const POSTS: [Handle, string][] = [
  ["ana", "AAPL held its 50-day average again today. #AAPL #dividends"],
  ["ben", "Broke out of the range on volume, watching for a retest. #NVDA cc @ana"],
  ["chloe", "Rebalanced the boring portfolio: 70/30 and done for the year. #ETFs"],
  ["dev", "Backtest of a 20/50 crossover on MSFT: fewer trades, same return. #quant @chloe"],
  ["ana", "Earnings week: the calendar is full. Which ones are you watching? #earnings"],
  ["ben", "Cut the loser early, let the winner run. Again. #discipline"],
];

/**
 * The social demo: four members (password DEMO_PASSWORD), follows between them, image posts uploaded as a
 * browser would (presigned POST to the S3 emulator), a few likes and comments. Counters, notifications and
 * feeds then come from the stream subscribers, as for anything else.
 */
export async function seedSocial() {
  // A data folder seeded halfway (an interrupted first run) keeps what it has.
  if (await User.fromHandle(PEOPLE[0].handle).catch(() => undefined)) return;
  const ids = new Map<Handle, string>();
  for (const person of PEOPLE) {
    const { user } = await Auth.signup({
      ...person,
      email: `${person.handle}@demo.bourse.test`,
      password: DEMO_PASSWORD,
    });
    ids.set(person.handle, user.id);
  }
  const as = <R>(handle: Handle, run: () => Promise<R>) =>
    Actor.provide({ type: "user", properties: { userID: ids.get(handle)!, sessionID: "demo-seed" } }, run);

  for (const [follower, followee] of FOLLOWS) await as(follower, () => Follow.follow(followee));
  const posts: Post.Info[] = [];
  for (const [index, [author, caption]] of POSTS.entries())
    posts.push(await as(author, async () => Post.create({ imageKey: await uploadChart(index), caption })));

  const [first, second, third] = posts as [Post.Info, Post.Info, Post.Info];
  await as("ben", () => Like.like(first.id));
  await as("chloe", () => Like.like(first.id));
  await as("dev", () => Like.like(first.id));
  await as("ana", () => Like.like(second.id));
  await as("ben", () => Comment.create(first.id, { text: "Textbook bounce. Adding on the next dip." }));
  await as("chloe", () => Comment.create(first.id, { text: "Patience pays. Nice chart!" }));
  await as("ana", () => Comment.create(third.id, { text: "Boring is beautiful." }));
}

/** A chart image uploaded through a presigned POST, exactly as the composer does. */
async function uploadChart(seed: number): Promise<string> {
  const png = chartPng(seed);
  const presigned = await Upload.create({ purpose: "post", contentType: "image/png", size: png.length });
  const form = new FormData();
  for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "chart.png");
  const response = await fetch(presigned.url, { method: "POST", body: form });
  if (!response.ok) throw new Error(`demo upload refused: ${response.status} ${await response.text()}`);
  return presigned.key;
}
