import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../auth/test-db";
import type { SessionUser } from "../auth/session-check";

// Who may read and change a dataset: its owner, anyone when it is public (read only), nobody else;
// a missing dataset and a forbidden one give the same answer. Real temporary database.

let temp: { file: string; cleanup: () => void };
let raw: Database.Database;
let data: typeof import("./datasets");
let manage: typeof import("../datasets/manage");
let owner: SessionUser;
let other: SessionUser;
let admin: SessionUser;
let privateId: number;
let publicId: number;
let builtinId: number;

beforeAll(async () => {
  temp = useTempDatabase("datasets-access");
  data = await import("./datasets");
  manage = await import("../datasets/manage");
  const { createUser } = await import("../auth/users");
  const { importCsv } = await import("../datasets/import");
  const make = async (u: string, role: "viewer" | "admin") => {
    const { id } = await createUser({ username: u, password: "secret123", role });
    return { id, username: u, role };
  };
  owner = await make("owner", "viewer");
  other = await make("other", "viewer");
  admin = await make("boss", "admin");
  const dir = path.dirname(temp.file);
  const file = path.join(dir, "small.csv");
  fs.writeFileSync(file, "n,label\n1,a\n2,b\n");
  const add = async (name: string, ownerId: number | null, visibility: "private" | "public") =>
    (
      await importCsv({
        file,
        workDir: dir,
        name,
        types: ["integer", "text"],
        ownerId,
        source: ownerId === null ? "builtin" : "upload",
        visibility,
        fileName: "small.csv",
      })
    ).id;
  privateId = await add("mine", owner.id, "private");
  publicId = await add("shared", owner.id, "public");
  builtinId = await add("example", null, "public");
  raw = new Database(temp.file);
});
afterAll(() => {
  raw.close();
  temp.cleanup();
});

describe("getReadableDataset", () => {
  it("gives the owner their private dataset with its columns", async () => {
    expect(await data.getReadableDataset(privateId, owner)).toEqual({
      id: privateId,
      name: "mine",
      ownerId: owner.id,
      visibility: "private",
      source: "upload",
      rowCount: 2,
      columns: [
        { position: 0, name: "n", header: "n", type: "integer" },
        { position: 1, name: "label", header: "label", type: "text" },
      ],
    });
  });

  it("gives another user, an admin and an anonymous visitor nothing, as for a missing id", async () => {
    expect(await data.getReadableDataset(privateId, other)).toBeNull();
    expect(await data.getReadableDataset(privateId, admin)).toBeNull();
    expect(await data.getReadableDataset(privateId, null)).toBeNull();
    expect(await data.getReadableDataset(999_999, owner)).toBeNull();
    expect(await data.getReadableDataset(-1, owner)).toBeNull();
  });

  it("gives everyone, anonymous included, public and built-in datasets", async () => {
    for (const user of [owner, other, null]) {
      expect((await data.getReadableDataset(publicId, user))?.name).toBe("shared");
      expect((await data.getReadableDataset(builtinId, user))?.ownerId).toBeNull();
    }
  });
});

describe("getDatasetLists", () => {
  it("lists a user's own datasets and the public ones of others, never another's private one", async () => {
    const forOwner = await data.getDatasetLists(owner);
    expect(forOwner.own.map((d) => d.id).sort()).toEqual([privateId, publicId].sort());
    expect(forOwner.shared.map((d) => d.id)).toEqual([builtinId]);
    const forOther = await data.getDatasetLists(other);
    expect(forOther.own).toEqual([]);
    expect(forOther.shared.map((d) => d.id).sort()).toEqual([publicId, builtinId].sort());
    expect(forOther.shared.find((d) => d.id === publicId)).toMatchObject({
      ownerName: "owner",
      rowCount: 2,
      columnCount: 2,
    });
  });
});

describe("getPublicDatasets", () => {
  it("lists public and built-in datasets, never a private one", async () => {
    expect((await data.getPublicDatasets()).map((d) => d.id)).toEqual([builtinId, publicId]);
  });
});

describe("owner-only changes", () => {
  it("lets nobody but the owner rename, share or delete, built-in examples included", async () => {
    for (const user of [other, admin]) {
      await expect(manage.renameDataset(privateId, user.id, "taken")).rejects.toThrow(manage.NOT_FOUND);
      await expect(manage.setDatasetVisibility(publicId, user.id, "private")).rejects.toThrow(
        manage.NOT_FOUND,
      );
      await expect(manage.deleteDataset(privateId, user.id)).rejects.toThrow(manage.NOT_FOUND);
      await expect(manage.deleteDataset(builtinId, user.id)).rejects.toThrow(manage.NOT_FOUND);
    }
    expect(raw.prepare("SELECT name, visibility FROM datasets WHERE id = ?").get(privateId)).toEqual({
      name: "mine",
      visibility: "private",
    });
    expect(raw.prepare(`SELECT COUNT(*) FROM ds_${privateId}`).pluck().get()).toBe(2);
  });

  it("lets the owner rename and share, and sharing makes it readable to others", async () => {
    await manage.renameDataset(privateId, owner.id, "renamed");
    await manage.setDatasetVisibility(privateId, owner.id, "public");
    expect((await data.getReadableDataset(privateId, null))?.name).toBe("renamed");
    await manage.setDatasetVisibility(privateId, owner.id, "private");
    expect(await data.getReadableDataset(privateId, other)).toBeNull();
  });

  it("deletes the row, its columns and its table together", async () => {
    await manage.deleteDataset(privateId, owner.id);
    expect(raw.prepare("SELECT COUNT(*) FROM datasets WHERE id = ?").pluck().get(privateId)).toBe(0);
    expect(
      raw.prepare("SELECT COUNT(*) FROM dataset_columns WHERE dataset_id = ?").pluck().get(privateId),
    ).toBe(0);
    expect(
      raw.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = ?").pluck().get(`ds_${privateId}`),
    ).toBe(0);
  });
});

describe("request guard paths", () => {
  it("makes dataset pages public but keeps the list, the upload and the import private", async () => {
    const { isPublicPath } = await import("../auth/config");
    expect(isPublicPath("/datasets/12")).toBe(true);
    expect(isPublicPath("/datasets")).toBe(false);
    expect(isPublicPath("/api/datasets/upload")).toBe(false);
    expect(isPublicPath("/api/datasets/import")).toBe(false);
  });
});
