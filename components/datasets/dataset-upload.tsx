"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent } from "react";
import { discardUpload } from "@/lib/actions/datasets";
import { COLUMN_TYPE_LABELS, COLUMN_TYPES, type ColumnType } from "@/lib/datasets/column-types";
import type { UploadedFile } from "@/lib/datasets/protocol";
import { ProgressBar } from "./progress-bar";
import { runImport, uploadFile } from "./upload-client";

type Step =
  | { kind: "idle" }
  | { kind: "uploading"; fileName: string; fraction: number }
  | { kind: "review"; upload: UploadedFile }
  | { kind: "importing"; upload: UploadedFile; rows: number; saving: boolean }
  | { kind: "done"; id: number; name: string; rows: number };

const inputClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";
const numberFormat = new Intl.NumberFormat("en-US");

function defaultName(fileName: string): string {
  return (
    fileName
      .replace(/\.(csv|tsv|txt)$/i, "")
      .replace(/[_-]+/g, " ")
      .trim()
      .slice(0, 120) || "My dataset"
  );
}

export function DatasetUpload({ maxMb }: { maxMb: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [types, setTypes] = useState<ColumnType[]>([]);
  const [name, setName] = useState("");
  const [dragging, setDragging] = useState(false);
  const busy = step.kind === "uploading" || step.kind === "importing";

  async function upload(file: File) {
    setError(null);
    if (file.size > maxMb * 2 ** 20) {
      setError(`The file is larger than the limit of ${maxMb} MB.`);
      return;
    }
    setStep({ kind: "uploading", fileName: file.name, fraction: 0 });
    const result = await uploadFile(file, (fraction) =>
      setStep({ kind: "uploading", fileName: file.name, fraction }),
    );
    if (input.current) input.current.value = "";
    if (!result.ok) {
      setStep({ kind: "idle" });
      setError(result.error);
      return;
    }
    setTypes(result.data.columns.map((column) => column.type));
    setName(defaultName(result.data.fileName));
    setStep({ kind: "review", upload: result.data });
  }

  async function startImport(upload: UploadedFile) {
    setError(null);
    setStep({ kind: "importing", upload, rows: 0, saving: false });
    const result = await runImport({ uploadId: upload.uploadId, name, types }, (event) => {
      if (event.type === "progress")
        setStep({ kind: "importing", upload, rows: event.rows, saving: event.phase === "saving" });
    });
    if (result.type === "error") {
      // The upload is kept: the user can change a type and import again.
      setStep({ kind: "review", upload });
      setError(result.error);
      return;
    }
    setStep({ kind: "done", id: result.id, name, rows: result.rows });
    router.refresh();
  }

  async function discard(upload: UploadedFile) {
    setStep({ kind: "idle" });
    setError(null);
    await discardUpload({ uploadId: upload.uploadId });
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) void upload(file);
  }

  return (
    <section
      className="space-y-4 rounded-xl border border-border bg-surface p-4 shadow-sm"
      aria-label="Upload a CSV file"
    >
      <h2 className="text-sm font-semibold tracking-tight">Upload a CSV file</h2>
      {error && (
        <p
          role="alert"
          data-testid="dataset-error"
          className="rounded-md bg-warning-bg px-3 py-2 text-sm text-warning-text"
        >
          {error}
        </p>
      )}

      {(step.kind === "idle" || step.kind === "done") && (
        <label
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`flex cursor-pointer flex-col items-center gap-1 rounded-lg border-2 border-dashed px-4 py-8 text-center text-sm ${dragging ? "border-accent bg-surface-muted" : "border-border"}`}
        >
          <span className="font-medium">Drop a CSV file here, or click to choose one</span>
          <span className="text-muted">
            UTF-8, with a header line; comma, semicolon or tab separated; up to {maxMb} MB.
          </span>
          <input
            ref={input}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            className="sr-only"
            data-testid="dataset-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void upload(file);
            }}
          />
        </label>
      )}

      {step.kind === "done" && (
        <p
          role="status"
          data-testid="dataset-imported"
          className="rounded-md bg-surface-muted px-3 py-2 text-sm"
        >
          Imported{" "}
          <Link href={`/datasets/${step.id}`} className="font-medium underline">
            {step.name}
          </Link>
          : {numberFormat.format(step.rows)} rows.
        </p>
      )}

      {step.kind === "uploading" && (
        <ProgressBar
          testId="upload-progress"
          label={step.fraction < 1 ? `Uploading ${step.fileName}` : `Checking ${step.fileName}…`}
          value={step.fraction < 1 ? step.fraction : null}
        />
      )}

      {(step.kind === "review" || step.kind === "importing") && (
        <Review
          upload={step.upload}
          types={types}
          onType={(position, type) => setTypes((old) => old.map((t, i) => (i === position ? type : t)))}
          name={name}
          onName={setName}
          disabled={step.kind === "importing"}
        />
      )}

      {step.kind === "review" && (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            data-testid="dataset-import"
            onClick={() => void startImport(step.upload)}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-text disabled:opacity-60"
          >
            Import {numberFormat.format(step.upload.rowCount)} rows
          </button>
          <button
            type="button"
            onClick={() => void discard(step.upload)}
            className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-muted"
          >
            Discard
          </button>
        </div>
      )}

      {step.kind === "importing" && (
        <ProgressBar
          testId="import-progress"
          label={
            step.saving
              ? "Saving…"
              : `Importing: ${numberFormat.format(step.rows)} of ${numberFormat.format(step.upload.rowCount)} rows`
          }
          value={step.saving ? null : step.rows / step.upload.rowCount}
        />
      )}
    </section>
  );
}

function Review({
  upload,
  types,
  onType,
  name,
  onName,
  disabled,
}: {
  upload: UploadedFile;
  types: ColumnType[];
  onType: (position: number, type: ColumnType) => void;
  name: string;
  onName: (name: string) => void;
  disabled: boolean;
}) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-muted" data-testid="dataset-summary">
        {upload.fileName}: {numberFormat.format(upload.rowCount)} rows, {upload.columns.length} columns. Check
        the column types (inferred from every value) and correct them if needed.
      </p>
      <label className="flex max-w-md flex-col gap-1 text-sm">
        Dataset name
        <input
          value={name}
          maxLength={120}
          disabled={disabled}
          onChange={(event) => onName(event.target.value)}
          className={inputClass}
          data-testid="dataset-name"
        />
      </label>
      <div className="max-h-[28rem] overflow-auto rounded-lg border border-border">
        <table className="w-full text-sm" data-testid="dataset-preview">
          <thead className="sticky top-0 bg-surface text-left">
            <tr className="border-b border-border">
              {upload.columns.map((column) => (
                <th key={column.position} scope="col" className="px-3 py-2 align-top font-medium">
                  <div className="whitespace-nowrap" title={column.header}>
                    {column.name}
                  </div>
                  <select
                    aria-label={`Type of ${column.name}`}
                    value={types[column.position]}
                    disabled={disabled}
                    onChange={(event) => onType(column.position, event.target.value as ColumnType)}
                    className={`${inputClass} mt-1 font-normal`}
                  >
                    {COLUMN_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {COLUMN_TYPE_LABELS[type]}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {upload.preview.map((row, index) => (
              <tr key={index} className="border-b border-border last:border-0">
                {row.map((value, position) => (
                  <td key={position} className="max-w-64 truncate px-3 py-1.5 font-mono text-xs">
                    {value === "" ? <span className="text-muted">empty</span> : value}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
