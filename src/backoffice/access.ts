/**
 * Who may use the back office (pure): editors and admins. Signed out (or a session still waiting for
 * its second factor) is "sign in first"; another role is "forbidden". Also what an upload id looks
 * like (the ids tus generates), so a request names exactly one upload.
 */
export type Access =
  | { kind: 'ok'; userId: string; admin: boolean }
  | { kind: 'signed-out' }
  | { kind: 'forbidden' };

export interface AuthLike {
  readonly pending: boolean;
  readonly user: { readonly id: string | number; readonly role: string };
}

export const BACKOFFICE_ROLES: readonly string[] = ['editor', 'admin'];

export function backofficeAccess(auth: AuthLike | null | undefined): Access {
  if (!auth || auth.pending) return { kind: 'signed-out' };
  if (!BACKOFFICE_ROLES.includes(auth.user.role)) return { kind: 'forbidden' };
  return { kind: 'ok', userId: String(auth.user.id), admin: auth.user.role === 'admin' };
}

/** May this user touch an upload started by `ownerId`? Its owner, or an admin. */
export function mayUseUpload(
  access: Extract<Access, { kind: 'ok' }>,
  ownerId: string | null | undefined,
): boolean {
  return access.admin || ownerId === access.userId;
}

/** What @tus/file-store ids look like (hex today); nothing that could be a path or carry a query. */
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function isUploadId(id: string | undefined): id is string {
  return id !== undefined && UPLOAD_ID.test(id);
}
