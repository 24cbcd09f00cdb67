import "server-only";
import { statement } from "../db";

/** Whether the database answers a query. */
export function getHealth(): boolean {
  try {
    return statement("SELECT 1").pluck().get() === 1;
  } catch (error) {
    console.error("health check failed", error);
    return false;
  }
}
