/**
 * API tokens: create (shown once), list, revoke, and authenticate a Bearer token into the same
 * `Authenticated` a session gives, so every rule downstream (verified email, embargo, roles) applies
 * unchanged. Creating and revoking need a signed-in session: a token cannot mint or drop tokens.
 */
import {
  type BearerCredential,
  createApiToken,
  lastUsedDue,
  MAX_ACTIVE_API_TOKENS,
  parseTokenName,
  type TokenNameError,
} from '../rules/api-tokens.ts';
import type { ApiTokenListItem } from '../store/tokens.ts';
import type { AccountsContext, RequestMeta } from './context.ts';
import type { Authenticated } from './session.ts';

/** A token as its owner sees it (never its secret). */
export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export type CreateTokenResult =
  | { readonly kind: 'session-required' }
  | { readonly kind: 'invalid'; readonly error: TokenNameError }
  | { readonly kind: 'limit'; readonly max: number }
  | { readonly kind: 'created'; readonly view: ApiTokenView; readonly token: string };

export type RevokeTokenResult = 'session-required' | 'not-found' | 'revoked';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (value: Date | string) => new Date(value).toISOString();

export function apiTokenView(row: ApiTokenListItem): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: iso(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
  };
}

/** A fully signed-in session (not a token, not a session waiting for its second factor). */
export function bySession(auth: Authenticated): boolean {
  return auth.session !== null && auth.apiToken === null && !auth.pending;
}

export function createApiTokenService(ctx: AccountsContext) {
  const { repo, clock } = ctx;
  return {
    async list(auth: Authenticated): Promise<ApiTokenView[]> {
      return (await repo.listActiveApiTokens(auth.user.id)).map(apiTokenView);
    },

    async create(auth: Authenticated, nameInput: unknown, meta: RequestMeta): Promise<CreateTokenResult> {
      if (!bySession(auth)) return { kind: 'session-required' };
      const name = parseTokenName(nameInput);
      if (!name.ok) return { kind: 'invalid', error: name.error };
      const { token, hash, prefix } = createApiToken();
      const now = clock();
      const row = await repo.insertApiTokenWithin(MAX_ACTIVE_API_TOKENS, {
        userId: auth.user.id,
        name: name.name,
        hash,
        prefix,
        createdAt: now,
      });
      if (!row) return { kind: 'limit', max: MAX_ACTIVE_API_TOKENS };
      await repo.log('api-token-created', auth.user.id, meta, now, { tokenId: row.id, prefix });
      return { kind: 'created', view: apiTokenView(row), token };
    },

    async revoke(auth: Authenticated, id: string, meta: RequestMeta): Promise<RevokeTokenResult> {
      if (!bySession(auth)) return 'session-required';
      const now = clock();
      if (!UUID.test(id) || !(await repo.revokeApiToken(auth.user.id, id, now))) return 'not-found';
      await repo.log('api-token-revoked', auth.user.id, meta, now, { tokenId: id });
      return 'revoked';
    },

    /**
     * The user behind a Bearer credential, or null (malformed, unknown, revoked). The token is found
     * by its hash on the unique index: the secret is never compared in JavaScript. A token of an
     * account whose email is not verified, or that an admin disabled, counts for nothing, as its session would.
     */
    async authenticate(
      credential: Exclude<BearerCredential, { kind: 'none' }>,
    ): Promise<Authenticated | null> {
      if (credential.kind !== 'token') return null;
      const token = await repo.findActiveApiToken(credential.hash);
      if (!token) return null;
      const user = await repo.findUserById(token.user_id);
      if (!user || user.email_verified_at === null || user.disabled_at) return null;
      const now = clock();
      if (lastUsedDue(token.last_used_at === null ? null : new Date(token.last_used_at), now))
        await repo.touchApiToken(token.id, now);
      return { user, session: null, apiToken: { id: token.id }, pending: false };
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
