import { describe, expect, it } from "vitest";
import { randomGenerator } from "../../bench/fuzz-mutate.js";
import { PersistentMap, PersistentSet } from "../../src/catalog/persistent-map.js";

describe("PersistentMap behaves as an immutable Map", () => {
  it("matches a Map through 20,000 random sets and deletes, every version intact", () => {
    const random = randomGenerator(42);
    let persistent = PersistentMap.empty<number>();
    const reference = new Map<string, number>();
    const versions: [PersistentMap<number>, [string, number][]][] = [];
    for (let step = 0; step < 20_000; step++) {
      const key = `k${random.int(3_000)}`;
      if (random.chance(0.2)) {
        persistent = persistent.delete(key);
        reference.delete(key);
      } else {
        persistent = persistent.set(key, step);
        reference.set(key, step);
      }
      if (step % 2_000 === 0) versions.push([persistent, [...reference]]);
    }
    expect(persistent.size).toBe(reference.size);
    expect([...persistent]).toEqual([...reference]);
    expect(persistent.get("k1")).toBe(reference.get("k1"));
    expect(persistent.has("nope")).toBe(false);
    for (const [version, entries] of versions) expect([...version]).toEqual(entries);
  });

  it("keeps an updated key in its place, as a Map does", () => {
    const map = PersistentMap.empty<number>().set("a", 1).set("b", 2).set("a", 3);
    expect([...map.keys()]).toEqual(["a", "b"]);
    expect([...map.values()]).toEqual([3, 2]);
    const seen: string[] = [];
    map.forEach((value, key) => {
      seen.push(`${key}=${value}`);
    });
    expect(seen).toEqual(["a=3", "b=2"]);
  });

  it("reads names that look like Object.prototype's members as plain keys", () => {
    const map = PersistentMap.of(new Map([["constructor", 1]]));
    expect(map.get("constructor")).toBe(1);
    expect(map.get("__proto__")).toBeUndefined();
    expect(map.set("__proto__", 2).get("__proto__")).toBe(2);
  });

  it("PersistentSet adds and deletes without touching earlier versions", () => {
    const empty = PersistentSet.of(undefined);
    const one = empty.add("a");
    const two = one.add("b");
    expect([...two]).toEqual(["a", "b"]);
    expect([...two.delete("a")]).toEqual(["b"]);
    expect([...one]).toEqual(["a"]);
    expect(empty.size).toBe(0);
  });
});
