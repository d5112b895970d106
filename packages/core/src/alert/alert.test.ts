import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { deliveredTo } from "../email/testing";
import {
  AccountRequiredError,
  ConflictError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from "../error";
import { anonymously, as } from "../social/testing";
import * as Watchlist from "../watchlist";
import * as Alert from ".";
import { alertFirings } from "./entities";
import { crashedFiring, scored, subscriber } from "./testing";

const onTicker = (symbol: string, extra: object = {}) => ({
  target: { kind: "ticker" as const, symbol },
  // Above -1 over the day: holds as soon as the symbol has one scored article.
  condition: {
    kind: "sentiment" as const,
    direction: "above" as const,
    threshold: -1,
    window: "day" as const,
  },
  ...extra,
});

describe("Alert rules", { timeout: 180_000 }, () => {
  it("lets a member create, list, read, change and delete rules; the symbol is stored upper-case", async () => {
    const who = await subscriber();
    const rule = await as(who, () => Alert.create(onTicker("zyme")));
    expect(rule).toMatchObject({
      target: { kind: "ticker", symbol: "ZYME" },
      symbols: ["ZYME"],
      cooldownMinutes: Alert.COOLDOWN.default,
      enabled: true,
      lastFiredAt: null,
    });
    expect(await as(who, () => Alert.list())).toEqual([rule]);
    expect(await as(who, () => Alert.get(rule.id))).toEqual(rule);
    const changed = await as(who, () =>
      Alert.update({
        id: rule.id,
        patch: { condition: { kind: "volume", perHour: 3 }, cooldownMinutes: 30 },
      }),
    );
    expect(changed).toMatchObject({ condition: { kind: "volume", perHour: 3 }, cooldownMinutes: 30 });
    const moved = await as(who, () =>
      Alert.update({ id: rule.id, patch: { target: { kind: "ticker", symbol: "ZVRA" } } }),
    );
    expect(moved.symbols).toEqual(["ZVRA"]);
    await as(who, () => Alert.remove(rule.id));
    expect(await as(who, () => Alert.list())).toEqual([]);
    await expect(as(who, () => Alert.get(rule.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("allows at most 10 rules per member; deleting one frees a place", async () => {
    const who = await subscriber();
    const made = await Promise.all(
      Array.from({ length: Alert.MAX_RULES }, () => as(who, () => Alert.create(onTicker("ZTS")))),
    );
    await expect(as(who, () => Alert.create(onTicker("ZTS")))).rejects.toMatchObject({ code: "alert_limit" });
    await expect(as(who, () => Alert.create(onTicker("ZTS")))).rejects.toBeInstanceOf(ConflictError);
    await as(who, () => Alert.remove(made[0]!.id));
    expect((await as(who, () => Alert.create(onTicker("ZTS")))).id).toBeDefined();
    expect(await as(who, () => Alert.list())).toHaveLength(Alert.MAX_RULES);
  });

  it("is for members only: guests get account_required, no actor unauthorized", async () => {
    await expect(anonymously(() => Alert.create(onTicker("AAPL")))).rejects.toBeInstanceOf(
      AccountRequiredError,
    );
    await expect(anonymously(() => Alert.list())).rejects.toBeInstanceOf(AccountRequiredError);
    await expect(Alert.list()).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("scopes every rule to its owner: another owner's id is not found, and so is their watchlist", async () => {
    const owner = await subscriber();
    const other = await subscriber();
    const rule = await as(owner, () => Alert.create(onTicker("AAPL")));
    await expect(as(other, () => Alert.get(rule.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      as(other, () => Alert.update({ id: rule.id, patch: { enabled: false } })),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(other, () => Alert.remove(rule.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(other, () => Alert.get("not-an-id"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await as(owner, () => Alert.get(rule.id))).enabled).toBe(true);

    const list = await as(owner, () => Watchlist.create({ name: "Mine", tickers: ["MSFT"] }));
    await expect(
      as(other, () =>
        Alert.create({ ...onTicker("X"), target: { kind: "watchlist", watchlistID: list.id } }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses bad input: unknown ticker, threshold outside [-1, 1], cooldown out of range, empty patch", async () => {
    const who = await subscriber();
    await expect(as(who, () => Alert.create(onTicker("QQQQQ")))).rejects.toBeInstanceOf(ValidationError);
    expect(() =>
      as(who, () =>
        Alert.create({
          ...onTicker("AAPL"),
          condition: { kind: "sentiment", direction: "above", threshold: 2, window: "day" },
        }),
      ),
    ).toThrow(ValidationError);
    expect(() => as(who, () => Alert.create(onTicker("AAPL", { cooldownMinutes: 1 })))).toThrow(
      ValidationError,
    );
    expect(() => as(who, () => Alert.update({ id: ulid(), patch: {} }))).toThrow(ValidationError);
  });
});

describe("Alert evaluation", { timeout: 180_000 }, () => {
  it("fires a rule once per event however often the event is replayed, with a one-click unsubscribe", async () => {
    const who = await subscriber();
    const rule = await as(who, () => Alert.create(onTicker("ZURA")));
    const score = await scored("ZURA");
    await platformIdle(90_000);
    // The platform's AlertEvaluator handled the score; replays of the same event fire nothing new.
    for (let i = 0; i < 3; i++) expect(await Alert.evaluate(score)).toBe(0);
    const mails = await deliveredTo(who.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.Subject).toMatch(/^Bourse alert: ZURA/);
    const text = mails[0]!.Body?.text_part ?? "";
    const link = /\/alerts\/unsubscribe\?token=([\w-]+)/.exec(text);
    expect(link).not.toBeNull();
    const headers = Object.fromEntries((mails[0]!.Headers ?? []).map((h) => [h.Name, h.Value]));
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["List-Unsubscribe"]).toBe(
      `<${process.env.BOURSE_PUBLIC_URL?.replace(/\/+$/, "")}/api/alerts/unsubscribe?token=${link![1]}>`,
    );
    expect((await as(who, () => Alert.get(rule.id))).lastFiredAt).toEqual(expect.any(Number));
  });

  it("stays quiet during the cooldown and fires again after it", async () => {
    const who = await subscriber();
    const rule = await as(who, () => Alert.create(onTicker("ZUMZ", { cooldownMinutes: 5 })));
    await scored("ZUMZ");
    await scored("ZUMZ");
    await platformIdle(90_000);
    expect(await deliveredTo(who.email)).toHaveLength(1);
    const firedAt = (await as(who, () => Alert.get(rule.id))).lastFiredAt!;

    // Another event within the cooldown: nothing; one past it: a second mail.
    const third = { symbol: "ZUMZ", articleID: ulid(), scoredAt: firedAt + 60_000 };
    expect(await Alert.evaluate(third, () => new Date(firedAt + 4 * 60_000))).toBe(0);
    const fourth = { symbol: "ZUMZ", articleID: ulid(), scoredAt: firedAt + 6 * 60_000 };
    expect(await Alert.evaluate(fourth, () => new Date(firedAt + 6 * 60_000))).toBe(1);
    expect(await Alert.evaluate(fourth, () => new Date(firedAt + 7 * 60_000))).toBe(0);
    expect(await deliveredTo(who.email)).toHaveLength(2);
  });

  it("finishes a firing a crash left before its mail, once", async () => {
    const who = await subscriber();
    const rule = await as(who, () => Alert.create(onTicker("YETI")));
    await scored("YETI");
    await platformIdle(90_000);
    expect(await deliveredTo(who.email)).toHaveLength(1);
    // An event whose firing was recorded but whose mail was not (the process died in between).
    const score = { symbol: "YETI", articleID: ulid(), scoredAt: Date.now() };
    const id = await crashedFiring(who.id, rule.id, score);
    expect(await Alert.evaluate(score)).toBe(0);
    expect(await Alert.evaluate(score)).toBe(0);
    expect(await deliveredTo(who.email)).toHaveLength(2);
    expect((await alertFirings.get({ firingID: id }).go()).data?.token).toBeUndefined();
  });

  it("does not fire a switched-off rule, nor one whose condition does not hold", async () => {
    const who = await subscriber();
    await as(who, () => Alert.create(onTicker("ZYME", { enabled: false })));
    await as(who, () =>
      Alert.create({
        target: { kind: "ticker", symbol: "ZYME" },
        condition: { kind: "volume", perHour: 1000 },
      }),
    );
    await scored("ZYME");
    await platformIdle(90_000);
    expect(await deliveredTo(who.email)).toHaveLength(0);
  });

  it("follows a watchlist: its new tickers are watched, and a deleted list switches the rule off", async () => {
    const who = await subscriber();
    const list = await as(who, () => Watchlist.create({ name: "Alerts", tickers: ["ZION"] }));
    const rule = await as(who, () =>
      Alert.create({ ...onTicker("X"), target: { kind: "watchlist", watchlistID: list.id } }),
    );
    expect(rule.symbols).toEqual(["ZION"]);
    await as(who, () => Watchlist.update({ id: list.id, patch: { tickers: ["ZION", "ZM"] } }));
    await platformIdle(90_000);
    expect((await as(who, () => Alert.get(rule.id))).symbols).toEqual(["ZION", "ZM"]);
    await scored("ZM");
    await platformIdle(90_000);
    expect((await deliveredTo(who.email)).map((m) => m.Subject)).toEqual([expect.stringMatching(/ZM/)]);

    await as(who, () => Watchlist.remove(list.id));
    await platformIdle(90_000);
    expect(await as(who, () => Alert.get(rule.id))).toMatchObject({ symbols: [], enabled: false });
  });
});
