// A real OpenID Provider for hub's sign-in tests: panva's certified `oidc-provider`, configured
// like an Okta authorization server for a CLI (a public client with the device authorization
// grant and refresh tokens, email/profile/groups claims in the ID token), on 127.0.0.1.
//
// Arguments: --port N (0 = any free port), --client-id ID (repeatable; default hub-cli),
//   --user email[:Display Name][:group1,group2] (repeatable; default alice@example.com),
//   --interval S (device flow poll interval), --device-code-ttl S, --id-token-ttl S,
//   --access-token-ttl S, --refresh-token-ttl S, --no-revocation, --exit-on-stdin-eof.
// Prints OIDC_ISSUER=..., OIDC_CLIENT_ID=..., OIDC_USER_EMAIL=..., OIDC_PID=..., then READY.
//
// Test hooks (POST, form-encoded; not part of any OpenID API, only here to play the person at
// the browser without a browser):
//   /__test/approve   user_code=XXXX-XXXX [email=...]  signs that user in and approves the code
//   /__test/deny      user_code=XXXX-XXXX              the user presses "deny"
//   /__test/slow_down user_code=XXXX-XXXX              the next poll of that code gets slow_down
// Two things oidc-provider leaves out and Okta does, added here: the `interval` member of the
// device authorization response, and `slow_down` for clients polling faster than the interval
// (RFC 8628 3.5: each slow_down adds 5 s to the interval the client must keep).

import http from 'node:http';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string', multiple: true },
    user: { type: 'string', multiple: true },
    interval: { type: 'string', default: '5' },
    'device-code-ttl': { type: 'string', default: '600' },
    'id-token-ttl': { type: 'string', default: '3600' },
    'access-token-ttl': { type: 'string', default: '3600' },
    'refresh-token-ttl': { type: 'string', default: '86400' },
    'no-revocation': { type: 'boolean', default: false },
    'exit-on-stdin-eof': { type: 'boolean', default: false },
  },
});

const clientIds = opt['client-id']?.length ? opt['client-id'] : ['hub-cli'];
const interval = Number(opt.interval);

const users = (opt.user?.length ? opt.user : ['alice@example.com:Alice Example:platform-team']).map((spec) => {
  const [email, name, groups] = spec.split(':');
  return {
    sub: `u-${crypto.createHash('sha256').update(email).digest('hex').slice(0, 16)}`,
    email,
    email_verified: true,
    name: name || email,
    preferred_username: email,
    groups: groups ? groups.split(',') : [],
  };
});

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(opt.port), '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: clientIds.map((id) => ({
    client_id: id,
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  // Okta puts the scopes' claims into the ID token itself; so does this provider.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    deviceFlow: { enabled: true },
    revocation: { enabled: !opt['no-revocation'] },
    userinfo: { enabled: true },
  },
  ttl: {
    DeviceCode: Number(opt['device-code-ttl']),
    IdToken: Number(opt['id-token-ttl']),
    AccessToken: Number(opt['access-token-ttl']),
    RefreshToken: Number(opt['refresh-token-ttl']),
    Grant: 86400,
    Session: 86400,
    Interaction: 3600,
  },
  // Refresh tokens rotate, and reusing a rotated one revokes the whole grant (as Okta does).
  rotateRefreshToken: true,
  // Polls after the device code expired answer expired_token rather than "not found".
  clockTolerance: 300,
  findAccount: async (ctx, id) => {
    const user = users.find((u) => u.sub === id);
    return user && { accountId: id, claims: async () => ({ ...user }) };
  },
});

// The person at the browser, done straight on the provider's device code record: exactly the
// fields oidc-provider's own confirmation page sets when the user approves or aborts.
const normalize = (code) => String(code || '').toUpperCase().replace(/[^A-Z]/g, '');
async function decide(userCode, email, approve) {
  const code = await provider.DeviceCode.findByUserCode(normalize(userCode), { ignoreExpiration: true });
  if (!code) return { status: 404, body: { error: 'no such user code' } };
  if (code.accountId || code.error) return { status: 409, body: { error: 'the code was already used' } };
  if (!approve) {
    Object.assign(code, { error: 'access_denied', errorDescription: 'End-User aborted interaction' });
    await code.save();
    return { status: 200, body: { denied: true } };
  }
  const user = users.find((u) => u.email === (email || users[0].email));
  if (!user) return { status: 404, body: { error: `no user ${email}` } };
  const grant = new provider.Grant({ accountId: user.sub, clientId: code.clientId });
  grant.addOIDCScope(code.params.scope);
  const grantId = await grant.save();
  Object.assign(code, {
    accountId: user.sub,
    grantId,
    authTime: Math.floor(Date.now() / 1000),
    scope: code.params.scope,
  });
  await code.save();
  return { status: 200, body: { approved: true, email: user.email } };
}

// interval and slow_down, keyed by device code
const polls = new Map();
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body?.device_code) {
    ctx.body = { ...ctx.body, interval };
    polls.set(ctx.body.device_code, { userCode: ctx.body.user_code, interval, last: 0, force: false });
  } else if (ctx.path === '/token' && ctx.oidc?.params?.device_code) {
    const poll = polls.get(ctx.oidc.params.device_code);
    if (!poll) return;
    const now = Date.now();
    const pending = ctx.status === 400 && ctx.body?.error === 'authorization_pending';
    const early = poll.last && now - poll.last < poll.interval * 1000;
    if (pending && (poll.force || early)) {
      poll.force = false;
      poll.interval += 5;
      ctx.body = { error: 'slow_down', error_description: `poll every ${poll.interval} s` };
    }
    poll.last = now;
  }
});

const readForm = (req) => new Promise((resolve, reject) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { text += chunk; });
  req.on('end', () => resolve(new URLSearchParams(text)));
  req.on('error', reject);
});
const reply = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const callback = provider.callback();
server.on('request', async (req, res) => {
  if (!req.url.startsWith('/__test/')) return callback(req, res);
  try {
    const form = await readForm(req);
    const userCode = form.get('user_code');
    if (req.url === '/__test/approve') {
      const { status, body } = await decide(userCode, form.get('email'), true);
      return reply(res, status, body);
    }
    if (req.url === '/__test/deny') {
      const { status, body } = await decide(userCode, null, false);
      return reply(res, status, body);
    }
    if (req.url === '/__test/slow_down') {
      const poll = [...polls.values()].find((p) => normalize(p.userCode) === normalize(userCode));
      if (!poll) return reply(res, 404, { error: 'no such user code' });
      poll.force = true;
      return reply(res, 200, { ok: true });
    }
    return reply(res, 404, { error: 'unknown test hook' });
  } catch (e) {
    return reply(res, 500, { error: String(e) });
  }
});

process.stdout.write([
  `OIDC_ISSUER=${issuer}`,
  `OIDC_CLIENT_ID=${clientIds[0]}`,
  `OIDC_USER_EMAIL=${users[0].email}`,
  `OIDC_PID=${process.pid}`,
  'READY',
  '',
].join('\n'));

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (opt['exit-on-stdin-eof']) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
