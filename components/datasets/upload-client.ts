import {
  FILE_NAME_HEADER,
  type ImportEvent,
  type ImportRequest,
  type UploadResponse,
} from "@/lib/datasets/protocol";

// The two requests of an upload, from the browser. The file goes as the raw request body through
// XMLHttpRequest, the one browser API that reports upload progress; the import's progress comes
// back as NDJSON lines read from the response stream.

export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadResponse> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/datasets/upload");
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader(FILE_NAME_HEADER, encodeURIComponent(file.name));
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as UploadResponse | null;
      resolve(
        body && typeof body === "object" && "ok" in body
          ? body
          : { ok: false, error: failureText(xhr.status) },
      );
    };
    xhr.onerror = () =>
      resolve({ ok: false, error: "The upload was interrupted. Check the connection and try again." });
    xhr.send(file);
  });
}

function failureText(status: number): string {
  if (status === 401) return "You are not signed in, or your session has ended. Sign in again.";
  if (status === 413) return "The file is too large.";
  return `The upload failed (HTTP ${status}). Please try again.`;
}

/** Runs the import, calling `onEvent` for each progress line; resolves with the final event. */
export async function runImport(
  request: ImportRequest,
  onEvent: (event: ImportEvent) => void,
): Promise<Extract<ImportEvent, { type: "done" | "error" }>> {
  let response: Response;
  try {
    response = await fetch("/api/datasets/import", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch {
    return {
      type: "error",
      error: "The import request could not be sent. Check the connection and try again.",
    };
  }
  if (!response.body) return { type: "error", error: `The import failed (HTTP ${response.status}).` };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let last: ImportEvent | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split("\n");
    buffered = done ? "" : lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        last = JSON.parse(line) as ImportEvent;
      } catch {
        continue;
      }
      onEvent(last);
    }
    if (done) break;
  }
  if (last && (last.type === "done" || last.type === "error")) return last;
  return {
    type: "error",
    error: "The import stopped before it finished. Nothing was saved; please try again.",
  };
}
