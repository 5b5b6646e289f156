import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import type { AppConfig } from '../config/env';
import { UnauthenticatedError } from '../common/app-error';
import { mintToken } from './mint-token';
import { principalFromClaims, TokenVerifier } from './token-verifier';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const OTHER_SECRET = 'another-secret-that-is-long-enough-0123456789';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEYS = rsa();
const OTHER_KEYS = rsa();
const PUBLIC_PEM = KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const noAuth: AppConfig['auth'] = { disabled: false };
const claims = { roles: ['recorder'], forces: ['E23000010'] };

function rs256(key: KeyObject, payload: JWTPayload = claims, edit: (jwt: SignJWT) => SignJWT = (j) => j): Promise<string> {
  return edit(new SignJWT(payload).setProtectedHeader({ alg: 'RS256' }).setSubject('officer-1').setIssuedAt().setExpirationTime('5m')).sign(
    key,
  );
}

function hs256(secret: string, payload: JWTPayload = claims, edit: (jwt: SignJWT) => SignJWT = (j) => j): Promise<string> {
  return edit(new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-1').setIssuedAt().setExpirationTime('5m')).sign(
    new TextEncoder().encode(secret),
  );
}

async function rejection(verifier: TokenVerifier, token: string): Promise<UnauthenticatedError> {
  try {
    await verifier.verify(token);
  } catch (err) {
    expect(err).toBeInstanceOf(UnauthenticatedError);
    return err as UnauthenticatedError;
  }
  throw new Error('the token was accepted');
}

describe('principalFromClaims', () => {
  it('takes sub, roles and forces from valid claims', () => {
    expect(principalFromClaims({ sub: 'u1', roles: ['auditor', 'spoc'], forces: ['E23000010', 'BTP'] })).toEqual({
      sub: 'u1',
      roles: ['auditor', 'spoc'],
      forces: ['E23000010', 'BTP'],
    });
  });

  it('accepts ["*"] as every force', () => {
    expect(principalFromClaims({ sub: 'u1', roles: ['admin'], forces: ['*'] }).forces).toEqual(['*']);
  });

  it.each([
    ['no roles claim', { forces: ['E23000010'] }],
    ['roles not an array', { roles: 'recorder', forces: ['E23000010'] }],
    ['an empty roles list', { roles: [], forces: ['E23000010'] }],
    ['an unknown role', { roles: ['recorder', 'superuser'], forces: ['E23000010'] }],
    ['a role in the wrong case', { roles: ['Recorder'], forces: ['E23000010'] }],
  ])('refuses %s', (_, payload) => {
    expect(() => principalFromClaims({ sub: 'u1', ...payload })).toThrow(/roles claim must list roles from recorder, auditor, spoc, admin/);
  });

  it.each([
    ['no forces claim', { roles: ['recorder'] }],
    ['forces not an array', { roles: ['recorder'], forces: 'E23000010' }],
    ['an empty forces list', { roles: ['recorder'], forces: [] }],
    ['an unknown force code', { roles: ['recorder'], forces: ['E23999999'] }],
    ['a lower-case force code', { roles: ['recorder'], forces: ['e23000010'] }],
    ['"*" mixed with codes', { roles: ['recorder'], forces: ['*', 'E23000010'] }],
    ['a number', { roles: ['recorder'], forces: [23000010] }],
  ])('refuses %s', (_, payload) => {
    expect(() => principalFromClaims({ sub: 'u1', ...payload })).toThrow(/forces claim must list force codes/);
  });

  it.each([
    ['no sub', undefined],
    ['an empty sub', ''],
    ['a number', 7],
    ['a sub with U+0000', 'nul\u0000sub'],
    ['a sub with a lone surrogate', 'half\ud800'],
    ['a sub of 201 characters', 'x'.repeat(201)],
  ])('refuses %s (it is stored as the sender and the access log actor)', (_, sub) => {
    expect(() => principalFromClaims({ sub, roles: ['auditor'], forces: ['*'] } as never)).toThrow(
      /sub claim must be well-formed text of 1 to 200 characters/,
    );
  });

  it('takes a sub of 200 characters', () => {
    expect(principalFromClaims({ sub: 'x'.repeat(200), roles: ['auditor'], forces: ['*'] }).sub).toHaveLength(200);
  });
});

describe('TokenVerifier', () => {
  describe('HS256 with AUTH_JWT_SECRET', () => {
    let verifier: TokenVerifier;
    beforeAll(async () => {
      verifier = await TokenVerifier.create({ ...noAuth, jwtSecret: SECRET });
    });

    it('accepts a token minted by npm run token', async () => {
      const token = await mintToken({ secret: SECRET, roles: ['recorder'], forces: ['E23000010'], sub: 'officer-1' });
      await expect(verifier.verify(token)).resolves.toEqual({ sub: 'officer-1', roles: ['recorder'], forces: ['E23000010'] });
    });

    it('refuses a bad signature', async () => {
      expect((await rejection(verifier, await hs256(OTHER_SECRET))).message).toBe('The bearer token is not valid');
    });

    it('refuses an expired token, saying so', async () => {
      const token = await hs256(SECRET, claims, (j) =>
        j.setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 60),
      );
      expect((await rejection(verifier, token)).message).toBe('The bearer token has expired');
    });

    it('remembers a verified token only until its exp', async () => {
      const exp = Math.floor(Date.now() / 1000) + 30;
      const token = await hs256(SECRET, claims, (j) => j.setExpirationTime(exp));
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'officer-1' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'officer-1' });
      jest.useFakeTimers({ now: exp * 1000 + 1_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        expect((await rejection(verifier, token)).message).toBe('The bearer token has expired');
      } finally {
        jest.useRealTimers();
      }
    });

    it('does not take a token with a changed signature for a remembered one', async () => {
      const token = await hs256(SECRET);
      await verifier.verify(token);
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
      expect((await rejection(verifier, forged)).message).toBe('The bearer token is not valid');
    });

    it('refuses a token without exp', async () => {
      const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(new TextEncoder().encode(SECRET));
      await rejection(verifier, token);
    });

    it('refuses a token without sub', async () => {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET));
      await rejection(verifier, token);
    });

    it('refuses alg none', async () => {
      const token = new UnsecuredJWT(claims).setSubject('u').setExpirationTime('5m').encode();
      expect((await rejection(verifier, token)).message).toBe('Tokens signed with none are not accepted');
    });

    it('refuses RS256 when only a secret is configured', async () => {
      expect((await rejection(verifier, await rs256(KEYS.privateKey))).message).toBe('Tokens signed with RS256 are not accepted');
    });

    it.each([
      ['an object', { toString: 1 }],
      ['an empty object', {}],
      ['5,000 characters', 'A'.repeat(5_000)],
      ['a NUL', 'HS256\u0000'],
    ])('refuses a header whose alg is %s, without echoing it (an object was a 500)', async (_what, alg) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const err = await rejection(verifier, `${part({ alg })}.${part({ sub: 'x' })}.x`);
      expect(err.message).toBe('Tokens signed with that algorithm are not accepted');
    });

    it.each([
      ['an object', { toString: 1 }],
      ['a number', 42],
      ['empty', ''],
      ['text with U+0000 (a 500 for every read gathered with it into one access log insert)', 'nul\u0000sub'],
    ])('refuses a signed token whose sub is %s (an object was a 500)', async (_what, sub) => {
      const token = await new SignJWT({ ...claims, sub } as unknown as JWTPayload)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET));
      expect((await rejection(verifier, token)).message).toBe("The token's sub claim must be well-formed text of 1 to 200 characters");
    });

    it('refuses a malformed token', async () => {
      expect((await rejection(verifier, 'not.a.jwt')).message).toBe('The bearer token is malformed');
      expect((await rejection(verifier, '')).message).toBe('The bearer token is malformed');
    });

    it('refuses valid signatures over bad claims', async () => {
      await rejection(verifier, await hs256(SECRET, { roles: ['root'], forces: ['*'] }));
    });
  });

  describe('RS256 with AUTH_JWT_PUBLIC_KEY (PEM)', () => {
    let verifier: TokenVerifier;
    beforeAll(async () => {
      verifier = await TokenVerifier.create({ ...noAuth, jwtPublicKey: PUBLIC_PEM });
    });

    it('accepts a token signed with the matching private key', async () => {
      await expect(verifier.verify(await rs256(KEYS.privateKey))).resolves.toEqual({ sub: 'officer-1', ...claims });
    });

    it('refuses a token signed with another key', async () => {
      expect((await rejection(verifier, await rs256(OTHER_KEYS.privateKey))).message).toBe('The bearer token is not valid');
    });

    it('refuses HS256, including one keyed with the public key itself (algorithm confusion)', async () => {
      expect((await rejection(verifier, await hs256(PUBLIC_PEM))).message).toBe('Tokens signed with HS256 are not accepted');
    });

    it('refuses an expired RS256 token', async () => {
      const token = await rs256(KEYS.privateKey, claims, (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 60));
      expect((await rejection(verifier, token)).message).toBe('The bearer token has expired');
    });
  });

  describe('both HS256 and RS256 configured', () => {
    it('accepts each with its own key and not the other’s', async () => {
      const verifier = await TokenVerifier.create({ ...noAuth, jwtSecret: SECRET, jwtPublicKey: PUBLIC_PEM });
      await expect(verifier.verify(await hs256(SECRET))).resolves.toMatchObject({ sub: 'officer-1' });
      await expect(verifier.verify(await rs256(KEYS.privateKey))).resolves.toMatchObject({ sub: 'officer-1' });
      await rejection(verifier, await hs256(OTHER_SECRET));
      await rejection(verifier, await rs256(OTHER_KEYS.privateKey));
    });
  });

  describe('iss and aud', () => {
    const ISS = 'https://idp.police.example/';
    const AUD = 'n200';

    it('are checked when configured', async () => {
      const verifier = await TokenVerifier.create({ ...noAuth, jwtSecret: SECRET, jwtPublicKey: PUBLIC_PEM, issuer: ISS, audience: AUD });
      const good = (j: SignJWT) => j.setIssuer(ISS).setAudience(AUD);
      await expect(verifier.verify(await hs256(SECRET, claims, good))).resolves.toMatchObject({ sub: 'officer-1' });
      await expect(verifier.verify(await rs256(KEYS.privateKey, claims, good))).resolves.toMatchObject({ sub: 'officer-1' });
      await expect(
        verifier.verify(await mintToken({ secret: SECRET, roles: ['spoc'], forces: ['*'], issuer: ISS, audience: AUD })),
      ).resolves.toMatchObject({
        roles: ['spoc'],
      });

      await rejection(verifier, await rs256(KEYS.privateKey, claims, (j) => j.setIssuer('https://elsewhere/').setAudience(AUD)));
      await rejection(verifier, await rs256(KEYS.privateKey, claims, (j) => j.setIssuer(ISS).setAudience('other-service')));
      await rejection(verifier, await rs256(KEYS.privateKey, claims, (j) => j.setAudience(AUD))); // no iss
      await rejection(verifier, await hs256(SECRET, claims, (j) => j.setIssuer(ISS))); // no aud
    });

    it('are not required when not configured', async () => {
      const verifier = await TokenVerifier.create({ ...noAuth, jwtSecret: SECRET });
      await expect(
        verifier.verify(await hs256(SECRET, claims, (j) => j.setIssuer('anyone').setAudience('anything'))),
      ).resolves.toMatchObject({
        sub: 'officer-1',
      });
    });
  });
});
