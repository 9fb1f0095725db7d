// What the admin CLIs (routes.mjs, replay.mjs) share: their connection options, reading a problem+json answer, and a
// dev token when none is given.

/** parseArgs options every admin CLI takes. */
export const ADMIN_CLI_OPTIONS = {
  url: { type: 'string', default: 'http://127.0.0.1:3000' },
  token: { type: 'string' },
  user: { type: 'string', default: 'alice.admin' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export async function problemText(response) {
  const text = await response.text();
  try {
    const problem = JSON.parse(text);
    return `${response.status} ${problem.code ?? ''}: ${problem.detail ?? problem.title ?? text}`.trim();
  } catch {
    return `${response.status}: ${text.slice(0, 300)}`;
  }
}

export async function devToken(base, username) {
  let response;
  try {
    response = await fetch(`${base}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, roles: ['Casework.User', 'Facade.Admin'] }),
    });
  } catch (error) {
    throw new Error(`cannot reach ${base}: ${error.cause?.code ?? error.message}`);
  }
  if (response.status === 404) throw new Error('no token given (--token or FACADE_TOKEN) and the facade has no dev issuer (POST /dev/token)');
  if (!response.ok) throw new Error(`dev token refused: ${await problemText(response)}`);
  return (await response.json()).accessToken;
}
