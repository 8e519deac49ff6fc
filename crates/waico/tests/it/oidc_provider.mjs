// An OpenID Connect provider for the single sign-on tests: panva's
// `oidc-provider` (certified by the OpenID Foundation), from npm, with its
// development login and consent pages (any login name, any password).
// Usage: node oidc_provider.mjs PORT REDIRECT_URI CLIENT_ID CLIENT_SECRET
// Account `<name>` has the claims sub=<name>-sub, preferred_username=<name>,
// email=<name>@idp.example; profile claims come from the userinfo
// endpoint, as the core specification has it for the code flow.
import Provider from 'oidc-provider';

const [port, redirectUri, clientId, clientSecret] = process.argv.slice(2);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    // Signing out at the node goes on here and comes back to its front page.
    post_logout_redirect_uris: [new URL('/', redirectUri).href],
    // Signing out here ends the node's sessions too (Back-Channel Logout).
    backchannel_logout_uri: new URL('/signin/oidc/backchannel-logout', redirectUri).href,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name'],
    email: ['email', 'email_verified'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          preferred_username: id.replace(/-sub$/, ''),
          name: `Delegate ${id.replace(/-sub$/, '')}`,
          email: `${id.replace(/-sub$/, '')}@idp.example`,
          email_verified: true,
        };
      },
    };
  },
  pkce: { required: () => true },
  cookies: { keys: ['waico-test-only-cookie-key'] },
  // The provider refuses to call special-use addresses (its SSRF guard);
  // the node under test listens on loopback, so its own fetch is used.
  fetch(url, options) {
    delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
  features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true } },
});

provider.on('backchannel.error', (ctx, err) => console.error(`back-channel logout failed: ${err}`));

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening on ${port}`);
});
