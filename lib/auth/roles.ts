import { z } from "zod";

export const ROLES = ["admin", "viewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

// Admins can do everything a viewer can.
const RANK: Record<Role, number> = { viewer: 1, admin: 2 };

/** Whether a user with role `actual` may do what `required` allows (no requirement: any user). */
export function hasRole(actual: Role, required?: Role): boolean {
  return required === undefined || RANK[actual] >= RANK[required];
}
