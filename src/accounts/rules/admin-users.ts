/**
 * User management by admins, the pure part: roles, the change an admin asks for (each bad field
 * named), the user as admins see it, and the last-admin rule: the portal always keeps one admin who
 * can act (verified, not disabled), so none may be demoted, disabled or deleted when it is the last.
 */
import type { Role, User } from '../tables.ts';

export const ROLES: readonly Role[] = ['journalist', 'editor', 'admin'];

export interface AdminUserChange {
  role?: Role;
  disabled?: boolean;
}

export type AdminFieldErrors = Partial<Record<'role' | 'disabled' | 'body', 'invalid' | 'required'>>;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The change from an API body or a form (`disabled` as a boolean, or "true"/"false" from a form). */
export function parseAdminChange(
  input: Record<string, unknown>,
): { ok: true; change: AdminUserChange } | { ok: false; errors: AdminFieldErrors } {
  const errors: AdminFieldErrors = {};
  const change: AdminUserChange = {};
  if (input.role !== undefined) {
    if (isRole(input.role)) change.role = input.role;
    else errors.role = 'invalid';
  }
  if (input.disabled !== undefined) {
    const d = input.disabled;
    if (typeof d === 'boolean') change.disabled = d;
    else if (d === 'true' || d === 'false') change.disabled = d === 'true';
    else errors.disabled = 'invalid';
  }
  if (Object.keys(errors).length === 0 && change.role === undefined && change.disabled === undefined)
    errors.body = 'required';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, change };
}

interface AdminState {
  role: Role;
  disabled: boolean;
  verified: boolean;
}

export function actsAsAdmin(state: AdminState): boolean {
  return state.role === 'admin' && !state.disabled && state.verified;
}

/**
 * Whether going from `before` to `after` (null: deleted) would leave no admin who can act, given the
 * ids of the admins who can act now.
 */
export function removesLastAdmin(
  id: string,
  before: AdminState,
  after: AdminState | null,
  activeAdmins: readonly string[],
): boolean {
  if (!actsAsAdmin(before)) return false;
  if (after && actsAsAdmin(after)) return false;
  return activeAdmins.filter((a) => a !== id).length === 0;
}

export interface AdminUserView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  organisation: string;
  role: Role;
  disabled: boolean;
  disabledAt: string | null;
  verified: boolean;
  createdAt: string;
}

export function adminUserView(user: User): AdminUserView {
  return {
    id: user.id,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    organisation: user.organisation,
    role: user.role,
    disabled: user.disabled_at !== null,
    disabledAt: user.disabled_at === null ? null : new Date(user.disabled_at).toISOString(),
    verified: user.email_verified_at !== null,
    createdAt: new Date(user.created_at).toISOString(),
  };
}

export function stateOf(user: User): AdminState {
  return { role: user.role, disabled: user.disabled_at !== null, verified: user.email_verified_at !== null };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
