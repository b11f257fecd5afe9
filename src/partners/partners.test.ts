import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { testServices } from '../../test/services.ts';
import { createLoginLimiter } from '../platform/auth/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import {
  acceptInvitation,
  actorFor,
  changeUserRole,
  createApiToken,
  createOrganisation,
  findActiveUser,
  findInvitation,
  inviteUser,
  listOrganisations,
  listUsers,
  setOrganisationActive,
  setOrganisationSectors,
  setUserActive,
  userIdForApiToken,
} from './index.ts';

let db: Db;
let p: TestProgramme;
let auth: ReturnType<typeof testServices>['auth'];

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  auth = testServices(db).auth;
});

const signIn = (email: string, password: string) =>
  auth.api.signInEmail({ body: { email, password }, headers: new Headers(), returnHeaders: true });

const cookieOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('partner organisations', () => {
  it('are managed by the coordinator only', async () => {
    const created = await createOrganisation({
      db,
      actor: p.actors.coordinator,
      input: { kind: 'facility', name: 'Médiathèque' },
    });
    expect(created.ok).toBe(true);
    expect(
      await createOrganisation({
        db,
        actor: p.actors.coordinator,
        input: { kind: 'facility', name: 'Médiathèque' },
      }),
    ).toEqual({ ok: false, reason: 'name_taken' });
    for (const role of [
      'landlord_officer',
      'operator_agent',
      'facilitator',
      'tenant_rep',
      'resident',
    ] as const) {
      await expect(listOrganisations({ db, actor: p.actors[role] })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('serve the sectors they are given, which scopes their users at once', async () => {
    const operator = p.actors.operator_agent;
    await setOrganisationSectors({
      db,
      actor: p.actors.coordinator,
      organisationId: operator.organisationId!,
      sectorIds: [p.sectorIds.N1, p.sectorIds.S3, 999_999],
    });
    const refreshed = actorFor((await findActiveUser(db, operator.userId!))!, {
      ip: null,
      channel: 'web',
    });
    expect(refreshed.sectorIds.sort()).toEqual([p.sectorIds.N1, p.sectorIds.S3].sort());
  });
});

describe('users', () => {
  it('an invited person sets a password through a one-time link, then signs in', async () => {
    const organisationId = p.actors.facilitator.organisationId!;
    const invited = await inviteUser({
      db,
      actor: p.actors.coordinator,
      input: { name: 'Nadia Salaün', email: 'Nadia@Example.org', role: 'facilitator', organisationId },
    });
    if (!invited.ok) throw new Error(invited.reason);
    await expect(signIn('nadia@example.org', 'whatever-password')).rejects.toThrow();
    expect(await findInvitation(db, invited.secret)).toMatchObject({ email: 'nadia@example.org' });
    expect(
      await acceptInvitation({ db, secret: invited.secret, password: 'une phrase de passe solide' }),
    ).toEqual({ ok: true, email: 'nadia@example.org' });
    expect(
      await acceptInvitation({ db, secret: invited.secret, password: 'une autre phrase de passe' }),
    ).toEqual({ ok: false, reason: 'invalid_or_expired' });
    const session = await signIn('nadia@example.org', 'une phrase de passe solide');
    expect(session.response.user.email).toBe('nadia@example.org');
  });

  it('an invitation expires', async () => {
    const invited = await inviteUser({
      db,
      actor: p.actors.coordinator,
      input: {
        name: 'Late',
        email: 'late@example.org',
        role: 'adviser',
        organisationId: p.actors.adviser.organisationId!,
      },
      now: new Date('2020-01-01'),
    });
    if (!invited.ok) throw new Error(invited.reason);
    expect(
      await acceptInvitation({ db, secret: invited.secret, password: 'une phrase de passe solide' }),
    ).toEqual({ ok: false, reason: 'invalid_or_expired' });
  });

  it.each([
    [
      'a role that does not fit the organisation',
      { role: 'operator_agent' as const, email: 'x@example.org' },
      'role_not_allowed',
    ],
    [
      'an e-mail already used',
      { role: 'facilitator' as const, email: 'facilitator@test.example.org' },
      'email_taken',
    ],
  ])('refuses %s', async (_, input, reason) => {
    const result = await inviteUser({
      db,
      actor: p.actors.coordinator,
      input: { name: 'X', organisationId: p.actors.facilitator.organisationId!, ...input },
    });
    expect(result).toEqual({ ok: false, reason });
  });

  it('a role change is checked against the organisation and audited', async () => {
    const admin = p.actors.admin;
    const coordinatorId = p.actors.coordinator.userId!;
    expect(
      await changeUserRole({ db, actor: admin, userId: coordinatorId, role: 'landlord_officer' }),
    ).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(await changeUserRole({ db, actor: admin, userId: admin.userId!, role: 'coordinator' })).toEqual({
      ok: false,
      reason: 'own_account',
    });
    expect(
      await changeUserRole({ db, actor: p.actors.coordinator, userId: admin.userId!, role: 'coordinator' }),
    ).toEqual({ ok: true });
    expect((await findActiveUser(db, admin.userId!))!.role).toBe('coordinator');
    await changeUserRole({ db, actor: p.actors.coordinator, userId: admin.userId!, role: 'admin' });
  });

  it('deactivating a user ends their sessions and API tokens at once; reactivating lets them back', async () => {
    const adviser = p.actors.adviser;
    const session = await signIn(p.emails.adviser, testPassword);
    const headers = new Headers({ cookie: cookieOf(session.headers) });
    expect((await auth.api.getSession({ headers }))?.user.id).toBe(adviser.userId);
    const token = await createApiToken({ db, actor: p.actors.admin, userId: adviser.userId!, name: 'x' });
    if (!token.ok) throw new Error('token');

    await setUserActive({ db, actor: p.actors.coordinator, userId: adviser.userId!, active: false });
    // The session rows are gone (the signed cookie cache aside, which Palier never trusts alone: see findActiveUser).
    expect(await auth.api.getSession({ headers, query: { disableCookieCache: true } })).toBeNull();
    expect(await findActiveUser(db, adviser.userId!)).toBeNull();
    expect(
      (await listUsers({ db, actor: p.actors.coordinator })).find((u) => u.id === adviser.userId)!.status,
    ).toBe('deactivated');

    await setUserActive({ db, actor: p.actors.coordinator, userId: adviser.userId!, active: true });
    expect(await findActiveUser(db, adviser.userId!)).not.toBeNull();
    expect(await userIdForApiToken(db, token.token)).toBe(adviser.userId);
  });

  it('deactivating an organisation shuts out all its users', async () => {
    const tenantRep = p.actors.tenant_rep;
    await setOrganisationActive({
      db,
      actor: p.actors.coordinator,
      organisationId: tenantRep.organisationId!,
      active: false,
    });
    expect(await findActiveUser(db, tenantRep.userId!)).toBeNull();
    await setOrganisationActive({
      db,
      actor: p.actors.coordinator,
      organisationId: tenantRep.organisationId!,
      active: true,
    });
    expect(await findActiveUser(db, tenantRep.userId!)).not.toBeNull();
  });

  it('a wrong password is refused', async () => {
    await expect(signIn(p.emails.coordinator, 'not the password')).rejects.toThrow();
  });
});

describe('login rate limit', () => {
  it('allows 10 attempts per address and e-mail in a quarter hour, then asks to wait', async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 10; i++) expect((await limiter.attempt('10.0.0.1', 'a@b.fr')).allowed).toBe(true);
    const blocked = await limiter.attempt('10.0.0.1', 'A@b.fr');
    expect(blocked.allowed).toBe(false);
    expect(blocked.allowed === false && blocked.retryAfterSeconds).toBeGreaterThan(800);
    expect((await limiter.attempt('10.0.0.2', 'a@b.fr')).allowed).toBe(true);
  });

  it('counts failures only: 100 successful logins from one address never lock it, 60 failures do', async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 100; i++) {
      const email = `person${i % 9}@centre.fr`;
      expect((await limiter.attempt('10.0.0.3', email)).allowed).toBe(true);
      await limiter.reset('10.0.0.3', email);
    }
    for (let i = 0; i < 60; i++)
      expect((await limiter.attempt('10.0.0.4', `guess${i}@x.fr`)).allowed).toBe(true);
    expect((await limiter.attempt('10.0.0.4', 'another@x.fr')).allowed).toBe(false);
  });
});
