import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../auth/test-db";

let temp: { file: string; cleanup: () => void };
let uploads: typeof import("./uploads");

beforeAll(async () => {
  temp = useTempDatabase("datasets-uploads");
  uploads = await import("./uploads");
});
afterAll(() => temp.cleanup());

function body(chunks: number, size = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(new Uint8Array(size).fill(97));
      else controller.close();
    },
  });
}

const META = { fileName: "a.csv", bytes: 1, columnCount: 1, rowCount: 1 };

describe("uploads", () => {
  it("streams a body to a file and counts its bytes", async () => {
    const { id, file, bytes } = await uploads.receiveUpload(body(4), 1024 * 1024);
    expect(bytes).toBe(4 * 64 * 1024);
    expect(fs.statSync(file).size).toBe(bytes);
    uploads.deleteUpload(id);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("stops a body that passes the limit and keeps no partial file", async () => {
    await expect(uploads.receiveUpload(body(20), 1024 * 1024)).rejects.toThrow(
      "The file is larger than the limit of 1 MB.",
    );
    expect(fs.readdirSync(uploads.uploadsDir())).toEqual([]);
  });

  it("finds an upload only for its owner", async () => {
    const { id } = await uploads.receiveUpload(body(1), 1024 * 1024);
    uploads.saveUploadMeta(id, { ownerId: 1, ...META });
    expect(uploads.findUpload(id, 1)?.meta.ownerId).toBe(1);
    expect(uploads.findUpload(id, 2)).toBeNull();
    expect(uploads.findUpload("../../etc/passwd", 1)).toBeNull();
    uploads.deleteUpload(id);
    expect(uploads.findUpload(id, 1)).toBeNull();
  });

  it("keeps at most a few pending uploads per user", async () => {
    const ids: string[] = [];
    for (let i = 0; i < uploads.PENDING_PER_USER + 2; i++) {
      const { id } = await uploads.receiveUpload(body(1), 1024 * 1024);
      uploads.saveUploadMeta(id, { ownerId: 5, ...META });
      ids.push(id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const other = await uploads.receiveUpload(body(1), 1024 * 1024);
    uploads.saveUploadMeta(other.id, { ownerId: 6, ...META });
    const kept = ids.filter((id) => uploads.findUpload(id, 5));
    expect(kept).toEqual(ids.slice(-uploads.PENDING_PER_USER));
    expect(uploads.findUpload(other.id, 6)).not.toBeNull();
  });
});
