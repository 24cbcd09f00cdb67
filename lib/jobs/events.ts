import "server-only";
import { EventEmitter } from "node:events";

// Job changes (progress, status) fan out to the open Server-Sent Event streams of this process.
// On globalThis: Next.js bundles route handlers, actions and instrumentation separately, each with
// its own copy of this module, and the queue's notifications must reach every stream.

export interface JobChange {
  id: number;
  ownerId: number;
}

const globalForEvents = globalThis as typeof globalThis & { chartroomJobEvents?: EventEmitter };
const emitter = (globalForEvents.chartroomJobEvents ??= new EventEmitter().setMaxListeners(0));

export function publishJobChange(change: JobChange): void {
  emitter.emit("change", change);
}

/** Calls `listener` on every job change until the returned function is called. */
export function subscribeToJobChanges(listener: (change: JobChange) => void): () => void {
  emitter.on("change", listener);
  return () => emitter.off("change", listener);
}
