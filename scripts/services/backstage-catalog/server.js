'use strict';
// A real Backstage backend (catalog plugin only) on 127.0.0.1 for hub's tests.
//
// usage: node server.js --token TOKEN [--catalog DIR]...
// Registers every *.yaml/*.yml under each DIR as a `file` location, requires
// `Authorization: Bearer TOKEN` on every request (Backstage's static external access),
// keeps its database in memory, and prints on stdout:
//   BACKSTAGE_URL=http://127.0.0.1:PORT
//   READY            once the catalog has ingested the files
// It exits when its standard input closes, so a test that dies never leaks it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

// Backstage logs to stdout; keep stdout for the lines above only.
const out = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const args = process.argv.slice(2);
const catalogs = [];
let token = '';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--catalog') catalogs.push(path.resolve(args[++i]));
  else if (args[i] === '--token') token = args[++i];
  else { process.stderr.write(`unknown argument ${args[i]}\n`); process.exit(2); }
}
if (token.length < 8) { process.stderr.write('--token needs at least 8 characters\n'); process.exit(2); }

const files = [];
const walk = dir => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) walk(p);
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) files.push(p);
  }
};
catalogs.forEach(walk);
files.sort();

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

let backend;
const stop = () => {
  setTimeout(() => process.exit(0), 3000).unref();
  (backend ? backend.stop() : Promise.resolve()).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-backstage-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = {
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: { externalAccess: [{ type: 'static', options: { token: '${HUB_TEST_BACKSTAGE_TOKEN}', subject: 'hub-tests' } }] },
    },
    catalog: {
      rules: [{ allow: ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User', 'Location', 'Template'] }],
      processingInterval: { seconds: 2 },
      locations: files.map(target => ({ type: 'file', target })),
    },
  };
  const configFile = path.join(dir, 'app-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  // The token reaches Backstage through its own environment substitution, never a file.
  process.env.HUB_TEST_BACKSTAGE_TOKEN = token;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
  process.argv = [process.argv[0], process.argv[1], '--config', configFile];
  process.chdir(__dirname);
  const { createBackend } = require('@backstage/backend-defaults');
  backend = createBackend();
  backend.add(require('@backstage/plugin-catalog-backend'));
  backend.add(require('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
  await backend.start();
  out(`BACKSTAGE_URL=${url}\n`);

  // Ready once the entity count is above zero and has stopped changing.
  const count = async () => {
    const r = await fetch(`${url}/api/catalog/entities/by-query?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    return r.ok ? (await r.json()).totalItems : -1;
  };
  let last = -1;
  let stable = 0;
  for (let i = 0; i < 240; i++) {
    const n = await count();
    stable = n > 0 && n === last ? stable + 1 : 0;
    last = n;
    if (files.length === 0 || stable >= 3) { out('READY\n'); return; }
    await new Promise(r => setTimeout(r, 500));
  }
  process.stderr.write('the catalog did not finish ingesting in 2 minutes\n');
  process.exit(1);
})().catch(e => { process.stderr.write(`${e && e.stack || e}\n`); process.exit(1); });
