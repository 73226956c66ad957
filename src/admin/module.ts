/**
 * The admin area assembled: the editors' dashboard (`/{lang}/admin`), and user management for
 * admins (pages and `/api/v1/admin/users`) over the accounts feature's admin service, each change
 * recorded in the audit log in its own transaction. The composition root creates one.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AdminUserService, WebAuth } from '../accounts/public.ts';
import type { AuditRecord } from '../audit/public.ts';
import { type AnyDb, tablelessDb } from '../platform/db/schema.ts';
import { dashboardPages } from './dashboard.ts';
import { usersApi } from './users-api.ts';
import { usersPages } from './users-pages.ts';
import './messages.ts';

export interface AdminOptions {
  db: AnyDb;
  users: AdminUserService;
  record: AuditRecord;
  web: WebAuth;
}

export function createAdmin(options: AdminOptions) {
  const pages: FastifyPluginAsync = async (app) => {
    await app.register(dashboardPages({ db: tablelessDb(options.db) }));
    await app.register(usersPages({ users: options.users, record: options.record, web: options.web }));
  };
  return { pages, api: usersApi({ users: options.users, record: options.record }) };
}
