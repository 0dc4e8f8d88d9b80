// A real OpenID Connect provider for the tests: panva's certified oidc-provider with the platform's test users and
// its default (development) login form. Started by tests/FieldService.Tests/Infrastructure/OidcProvider.cs:
//   node provider.mjs <port> <web host base address>
// It prints "listening <issuer>" once it accepts connections. In a container (deploy/compose.yaml, profile oidc) the
// environment moves it off loopback: OIDC_ISSUER (the address browsers and the web host both use) and OIDC_LISTEN
// (the interface, e.g. 0.0.0.0).
import crypto from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const [port, hostBase] = process.argv.slice(2);
if (!port || !hostBase) {
  console.error('usage: node provider.mjs <port> <web host base address>');
  process.exit(2);
}

const issuer = process.env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const host = hostBase.replace(/\/$/, '');

// The claim names are deliberately not the platform's own (roles, customer_number): the tests prove the mapping.
const users = {
  agent: { name: 'Ann Agent', roles: ['agent'] },
  dispatcher: { name: 'Dan Dispatcher', roles: ['dispatcher'] },
  technician: { name: 'Tom Technician', roles: ['technician'], technician_id: 't-oidc' },
  customer: { name: 'Cai Customer', roles: ['customer'], customer_number: 'c-oidc' },
  manager: { name: 'Mia Manager', roles: ['manager'] },
  inspector: { name: 'Ida Inspector', roles: ['inspector'] },
};

// A fresh signing key per run: nothing from a test run outlives it.
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };

// REST clients ask for tokens for the platform's API as this resource; they come as JWTs with aud 'fieldservice'.
const api = 'urn:fieldservice';

const provider = new Provider(issuer, {
  clients: [
    {
      // The web host as backend-for-frontend: a confidential client with the authorization-code flow and PKCE.
      client_id: 'fieldservice-web',
      client_secret: 'fieldservice-web-secret',
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`${host}/signin-oidc`],
      post_logout_redirect_uris: [`${host}/signout-callback-oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    {
      // A REST client (a script, a phone app): public, PKCE, and a bearer token for the API.
      client_id: 'fieldservice-cli',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'profile', 'fieldservice'],
  claims: { openid: ['sub'], profile: ['name'], fieldservice: ['roles', 'technician_id', 'customer_number'] },
  // ID tokens carry the granted claims too, as Entra ID's and Keycloak's (with "add to ID token") do.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
  // First-party clients: no consent screen. The grant covers what the clients ask for.
  async loadExistingGrant(ctx) {
    const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) {
      const grant = await ctx.oidc.provider.Grant.find(existing);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile fieldservice');
    grant.addResourceScope(api, 'api');
    await grant.save();
    return grant;
  },
  // The API's tokens name the platform's claims for the bearer path (the same mapping applies to them).
  async extraTokenClaims(_ctx, token) {
    const user = users[token.accountId];
    if (!user || token.kind !== 'AccessToken') return undefined;
    const { name, ...rest } = user;
    return { name, ...rest };
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, client) => (client.clientId === 'fieldservice-cli' ? api : undefined),
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== api) throw new errors.InvalidTarget();
        return { scope: 'api', audience: 'fieldservice', accessTokenFormat: 'jwt', accessTokenTTL: 3600 };
      },
    },
  },
});

const server = provider.listen(Number(port), process.env.OIDC_LISTEN || '127.0.0.1', () => console.log(`listening ${issuer}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
