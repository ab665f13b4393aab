/** The English catalog. Its keys type every message; `es.ts` must have each of them. */
export const en = {
  // CLI
  'cli.error': 'Error',
  'cli.fix': 'Fix',
  'cli.bug': 'backend-switch hit a bug. Please report it with this output:',
  'doctor.header': 'backend-switch doctor · backend {backend} · mode {mode} · {root}',
  'doctor.summary': '{ok} ok · {warn} warn · {fail} fail · {skip} skipped — {ms} ms',
  'doctor.reasonFlag': 'Judging {backend}, as --backend says.',
  'doctor.reasonUnknown': 'Could not tell which backend is active; judging {backend}. Pass --backend bun|elixir to choose.',
  'doctor.reason.port': 'Judging {backend}: it holds the API port.',
  'doctor.reason.protocol': 'Judging {backend}: the server on the API port speaks its realtime protocol.',
  'doctor.reason.compose': 'Judging {backend}: it is the backend service in the compose file.',
  'doctor.reason.frontend': 'Judging {backend}: the frontend points at its service.',
  'status.active': 'Active backend: {backend} ({reason})',
  'status.unknown': 'Active backend: unknown (nothing on the API port, no single backend in compose)',
  'status.by.port': 'it holds the API port',
  'status.by.protocol': 'the server on the API port speaks its protocol',
  'status.by.compose': 'the compose file runs it',
  'status.by.frontend': 'the frontend points at it',
  'status.api': 'API port {port}: {owner}',
  'status.free': 'free',
  'status.none': 'none',
  'status.compose': 'Compose backend services: {services}',
  'status.frontend': 'Frontend: .env.local VITE_API_URL={envLocal}; Dockerfile ARG VITE_API_URL={arg}',
  'status.containers': 'Containers: {list}',
  'status.noEngine': 'Docker engine not reachable',
  'help.main': `Usage: backend-switch [command] [flags]

Switch the eCredit monorepo between its Bun and Elixir/Phoenix backends, and diagnose it.

Commands:
  (none)              the interactive wizard (needs a terminal)
  status [--json]     which backend is active, and why
  doctor              run the checks concurrently: layout env jwt port db redis migrations
                      jobs health cors ws frontend compose docker
      --backend bun|elixir   the backend to judge (default: the active one)
      --mode dev|docker      development or Docker Compose (default: detected)
      --only ID,...          run only these checks
      --json                 one JSON object on stdout
  switch --to bun|elixir [--mode dev|docker] [--yes] [--dry-run] [--json]
  plan --to bun|elixir [--mode dev|docker]
  rollback [--yes]    restore the files the last switch changed
  report [--format md|json]
  demo                the wizard on a throw-away sample monorepo

Global flags:
  --cwd DIR           the monorepo (default: found from the current folder)
  --lang es|en        language (default: from LC_ALL / LC_MESSAGES / LANG)
  --timeout MS        per probe (default 2000)
  --api-url URL       the API (default http://localhost:3000)
  --frontend-url URL  the frontend's origin (default http://localhost:5173)
  --no-color          no colours (also NO_COLOR)
  -h, --help          this help
  -v, --version       the version

Exit codes: 0 nothing failed, 1 a check or step failed, 2 usage or input error, 130 interrupted.`,
  'help.status': 'backend-switch status [--json]: which backend is active (API port owner, compose service, frontend, containers).',
  'help.doctor': 'backend-switch doctor [--backend bun|elixir] [--mode dev|docker] [--only ID,...] [--json]: runs the checks concurrently, each bounded by --timeout.',
  'help.switch': 'backend-switch switch --to bun|elixir [--mode dev|docker] [--yes] [--dry-run] [--json]: the whole switch without prompts.',
  'help.plan': 'backend-switch plan --to bun|elixir [--mode dev|docker]: every file diff and command, nothing changed.',
  'help.rollback': 'backend-switch rollback [--yes]: restores every file the last switch changed.',
  'help.report': 'backend-switch report [--format md|json]: prints the last completion report.',
  'help.demo': 'backend-switch demo [--keep] [--scenario cors|port|jwt|db-down]: the wizard on a throw-away copy of the sample monorepo.',

  // Check titles
  'check.layout.title': 'Monorepo layout',
  'check.env.title': 'Environment variables',
  'check.jwt.title': 'JWT secret',
  'check.port.title': 'Ports',
  'check.db.title': 'PostgreSQL',
  'check.redis.title': 'Redis',
  'check.migrations.title': 'Migrations',
  'check.jobs.title': 'Background jobs',
  'check.health.title': 'Health endpoint',
  'check.cors.title': 'CORS',
  'check.ws.title': 'WebSocket',
  'check.frontend.title': 'Frontend API URL',
  'check.compose.title': 'Docker Compose file',
  'check.docker.title': 'Docker engine',

  // Runner
  'run.timedOut': 'timed out after {ms} ms: something accepted the connection but never answered.',
  'run.timedOutFix': 'Check that the service is not hung (restart it), or give it more time: --timeout {ms}.',
  'run.crashed': 'crashed: {message}',
  'run.crashedFix': 'This is a bug in backend-switch; please report it with the output of doctor --json.',

  // layout
  'layout.ok': 'found {list}.',
  'layout.missing': '{path} not found.',
  'layout.fix': 'Set {key} in backend-switch.yaml to the folder that holds {marker}.',

  // env
  'env.noFile': '{file} does not exist.',
  'env.noFileFix': 'Create {file} with {keys} (guide §7).',
  'env.ok': '{file} has {keys}, well-formed.',
  'env.fixIn': 'In {file} set:',
  'env.missing': '{key} is missing',
  'env.redisUrl': 'REDIS_URL is not a redis:// URL',
  'env.secretKeyBaseShort': 'SECRET_KEY_BASE has {length} characters, Phoenix needs 64 or more',
  'env.secretKeyBaseFix': 'SECRET_KEY_BASE=<the output of `mix phx.gen.secret`>',
  'env.jwtMissingFix': 'JWT_SECRET=<the same value the other backend uses>',
  'env.ectoForBun': 'DATABASE_URL uses ecto://, which only Elixir accepts; Bun needs postgres://',
  'env.databaseUrlBad': 'DATABASE_URL ({value}) is not a postgres:// URL',
  'env.notOrigin': 'FRONTEND_URL ({value}) is not a bare origin (scheme://host:port, no path or trailing slash)',

  // jwt
  'jwt.absent': '(absent)',
  'jwt.same': 'JWT_SECRET is the same in all {count} places ({fingerprint}).',
  'jwt.differ': 'JWT_SECRET differs: {list}. Tokens issued by one backend are rejected by the other.',
  'jwt.differFix': 'Copy JWT_SECRET from {target} to the other files, so both backends and Docker use one value.',
  'jwt.missing': 'JWT_SECRET is not set in {files}.',
  'jwt.missingFix': 'Add JWT_SECRET to {files}, with the same value as the other backend.',

  // port
  'port.entry': '{name} {port}: pid {pid} ({command}, {kind})',
  'port.entryFree': '{name} {port}: free',
  'port.entryHidden': '{name} {port}: held by a process this user cannot see',
  'port.others': 'Also: {others}.',
  'port.remoteApi': 'the API ({url}) is not on this machine. {others}.',
  'port.free': 'nothing listens on port {port}.',
  'port.freeFix': 'Start the backend: {command}',
  'port.hidden': 'port {port} is held by a process this user cannot see.',
  'port.hiddenFix': 'See who holds it with: sudo lsof -i :{port}',
  'port.heldByTarget': 'the API port is held by {who}: the {backend} backend.',
  'port.heldByOther': 'the API port is held by {who}: the {backend} backend, not {target}.',
  'port.killFix': 'Stop it: press Ctrl+C in its terminal, or run: kill {pid} (kill -9 {pid} if it does not exit).',
  'port.heldByDocker': 'the API port is published by Docker: {who}.',
  'port.dockerFix': 'Stop the container: {command}',
  'port.heldByStranger': 'port {port} is held by {who}, which is neither Bun nor the BEAM.',
  'port.strangerFix': 'If it is not your backend, stop it (kill {pid}) or move it off port {port}.',

  // db
  'db.noUrl': 'DATABASE_URL is not set in {file}.',
  'db.noUrlFix': 'Set DATABASE_URL in {file} (postgres://user:password@localhost:5432/ecredit; ecto:// for Elixir).',
  'db.badUrl': 'DATABASE_URL in {file} is not a postgres:// or ecto:// URL.',
  'db.ok': 'connected to "{database}" at {host}:{port} as {user} (PostgreSQL {version}).',
  'db.refused': 'nothing accepts connections at {where}: PostgreSQL is not running there.',
  'db.refusedFix': 'Start PostgreSQL: {command}',
  'db.unknownHost': 'the host "{host}" cannot be resolved from this machine.',
  'db.serviceHostFix': '"{host}" is a Docker Compose service name, reachable only inside Docker. Outside Docker use localhost in DATABASE_URL ({file}).',
  'db.unknownHostFix': 'Correct the host in DATABASE_URL ({file}); for a local database use localhost.',
  'db.auth': 'PostgreSQL at {where} refused the credentials of user "{user}".',
  'db.authFix': 'Make the user and password in DATABASE_URL ({file}) match POSTGRES_USER / POSTGRES_PASSWORD in {envFile}.',
  'db.missingDatabase': 'the database "{database}" does not exist at {where}.',
  'db.createFix': 'Create it: {command}',
  'db.timeout': 'PostgreSQL at {where} did not answer in time.',
  'db.timeoutFix': 'Check that {where} is PostgreSQL and that no firewall drops the connection.',
  'db.other': 'could not connect to {where}: {message}',

  // redis
  'redis.notNeeded': 'the Elixir backend needs no Redis (Oban keeps its jobs in PostgreSQL).',
  'redis.noUrl': 'REDIS_URL is not set in {file}.',
  'redis.noUrlFix': 'Set REDIS_URL=redis://localhost:6379 in {file}.',
  'redis.badUrl': 'REDIS_URL in {file} is not a redis:// URL.',
  'redis.ok': 'PING → PONG at {url}.',
  'redis.refused': 'nothing accepts connections at {url}: Redis is not running.',
  'redis.refusedFix': 'Start Redis: {command}',
  'redis.unknownHost': 'the host of {url} cannot be resolved from this machine.',
  'redis.unknownHostFix': 'Outside Docker use redis://localhost:6379 in {file}.',
  'redis.auth': 'Redis at {url} refused the password.',
  'redis.authFix': 'Put the right password in REDIS_URL ({file}): redis://:PASSWORD@host:6379.',
  'redis.timeout': 'Redis at {url} did not answer in time.',
  'redis.other': 'Redis at {url} failed: {message}',

  // migrations
  'migrations.noTool': 'no migration tool recognised in {dir} (drizzle, node-pg-migrate or Kysely).',
  'migrations.noToolFix': 'Set backends.bun.migrations.tool and .dir in backend-switch.yaml.',
  'migrations.noFiles': 'no {tool} migrations found in {dir}.',
  'migrations.noFilesFix': 'Check the migrations folder in backend-switch.yaml (backends.<name>.migrationsDir or migrations.dir).',
  'migrations.noDatabase': 'cannot read the applied migrations ({reason}); see the db check.',
  'migrations.ok': 'all {count} {tool} migrations are applied.',
  'migrations.pending': '{count} pending ({names}); {applied} applied ({tool}).',
  'migrations.pendingFix': 'Apply them: {command}',
  'migrations.fileNotFound': '{count} applied in the database but not on disk (** FILE NOT FOUND **): {names}.',
  'migrations.fileNotFoundFix': 'Check out the branch that has them in {dir}, or confirm they were removed on purpose.',

  'pgFailure.refused': 'PostgreSQL refuses connections',
  'pgFailure.unknown-host': 'the database host is unknown',
  'pgFailure.auth': 'the credentials were refused',
  'pgFailure.missing-database': 'the database does not exist',
  'pgFailure.timeout': 'PostgreSQL did not answer in time',
  'pgFailure.bad-url': 'DATABASE_URL is missing or not a postgres URL',
  'pgFailure.other': 'the connection failed',
  // jobs
  'jobs.noDatabase': 'cannot read the job queues ({reason}); see the db check.',
  'jobs.ok': 'no unfinished {queue} jobs would be stranded, and at most one worker is active.',
  'jobs.stranded': '{count} unfinished {queue} jobs in {table} ({states}): the {target} backend will not run them.',
  'jobs.strandedFix': 'Let the {owner} backend finish them before switching (watch: SELECT state, count(*) FROM {table} GROUP BY state), or re-create them in the new queue.',
  'jobs.bothWorkers': 'both workers are active on this database: Oban (oban_peers) and pg-boss ({schema}).',
  'jobs.bothWorkersFix': 'Run only one backend against a database (guide §2): stop the old one before starting the new.',

  // health
  'health.ok': '{url} answered {status} in {ms} ms.',
  'health.status': '{url} answered {status}.',
  'health.statusFix': 'Read the {backend} backend log for the error behind that status.',
  'health.refused': 'nothing answers at {url}.',
  'health.refusedFix': 'Start the backend: {command}',
  'health.error': '{url} failed: {message}',

  // cors
  'cors.ok': 'a browser at {origin} may call {url} with credentials and Authorization.',
  'cors.unreachable': 'the API at {url} is not answering; see the health check.',
  'cors.error': 'could not reach {url}: {message}',
  'cors.errorFix': 'Check the API URL (--api-url or urls.api in backend-switch.yaml).',
  'cors.nothing': 'nothing',
  'cors.stagePreflight': 'the preflight (OPTIONS)',
  'cors.stageActual': 'the response',
  'cors.rule.preflight-status': '{stage} answered {received}; a browser needs 2xx and blocks the request.',
  'cors.rule.preflight-redirect': '{stage} answered a redirect ({received}); browsers fail redirected preflights.',
  'cors.rule.allow-origin-missing': '{stage} has no Access-Control-Allow-Origin, so a browser at {origin} is blocked.',
  'cors.rule.allow-origin-wildcard': '{stage} sends Access-Control-Allow-Origin: *, which browsers reject for requests with credentials.',
  'cors.rule.allow-origin-mismatch': '{stage} allows origin "{received}", not {origin} (the match must be exact).',
  'cors.rule.allow-credentials': '{stage} sends Access-Control-Allow-Credentials: {received}; it must be exactly "true".',
  'cors.rule.allow-headers': '{stage} does not allow the headers {missing} (Access-Control-Allow-Headers: {received}).',
  'cors.rule.allow-methods': '{stage} does not allow the method {missing} (Access-Control-Allow-Methods: {received}).',
  'cors.setOriginFix': 'Set FRONTEND_URL={origin} in {file} and restart the backend.',
  'cors.wildcardFix': 'The CORS configuration must echo the exact origin instead of *.',
  'cors.credentialsFix': 'Enable credentials in the {backend} backend CORS configuration (Access-Control-Allow-Credentials: true).',
  'cors.headersFix': 'Add {missing} to the allowed headers of the backend CORS configuration.',
  'cors.methodsFix': 'Add {missing} to the allowed methods of the backend CORS configuration.',
  'cors.redirectFix': 'Serve the API at its final URL (no redirect: check http/https and the trailing slash in --api-url).',
  'cors.statusFix': 'Make the backend answer OPTIONS with 2xx for the API routes (the CORS middleware must run before routing and auth; status was {status}).',

  // ws
  'ws.unreachable': 'the API at {url} is not answering; see the health check.',
  'ws.error': '{url} failed: {message}',
  'ws.errorFix': 'Check that the backend is running and that the URL is right (--api-url).',
  'ws.socketIoOk': 'Socket.IO accepted origin {origin} (polling and websocket), connected in {rtt} ms.',
  'ws.namespaceRefused': 'The default namespace refused an anonymous client ({message}); expected if it requires a token.',
  'ws.socketIoMissing': 'no Socket.IO server at {url} (404): the server on this port does not speak Socket.IO (if it is Phoenix, the Elixir backend is running, not Bun).',
  'ws.socketIoMissingFix': 'Start the Bun backend, or point the frontend at Phoenix Channels (new Socket("/ws")) if Elixir is the backend.',
  'ws.socketIoForbidden': 'Socket.IO refused origin {origin} at {url} (403).',
  'ws.socketIoOriginFix': 'Allow {origin} in the Socket.IO cors option (FRONTEND_URL={origin} in {file}) and restart the backend.',
  'ws.engineError': 'the Socket.IO engine answered error {code}: {message}.',
  'ws.engineErrorFix': 'Use a Socket.IO v4 client and server (code 5 means an EIO=3 client against a v4 server).',
  'ws.pollingCors': 'the polling handshake does not allow origin {origin} (Access-Control-Allow-Origin: {received}); a browser fails with "xhr poll error".',
  'ws.websocketRefused': 'the websocket upgrade with origin {origin} was refused: {how}.',
  'ws.phoenixOk': 'Phoenix Channels at {url} accepted origin {origin}; heartbeat round trip {rtt} ms.',
  'ws.phoenixNoHeartbeat': 'the socket at {url} opened but did not answer the heartbeat.',
  'ws.phoenixNoHeartbeatFix': 'Check that the endpoint mounts a Phoenix.Socket at that path (serializer V2, vsn=2.0.0).',
  'ws.phoenixForbidden': 'Phoenix refused the upgrade at {url} with 403: origin {origin} fails check_origin, or connect/3 returned :error.',
  'ws.phoenixOriginFix': 'Add "{origin}" to check_origin in the endpoint config (or FRONTEND_URL={origin} in {file}) and restart.',
  'ws.phoenixMissing': 'no Phoenix socket at {url}: the server on this port does not speak Phoenix Channels (a Socket.IO server there means the Bun backend is running, not Elixir).',
  'ws.phoenixMissingFix': 'Start the Elixir backend, or point the frontend at Socket.IO (io("http://localhost:3000")) if Bun is the backend.',
  'ws.phoenixStatus': 'the upgrade at {url} answered HTTP {status}.',

  // frontend
  'frontend.ok': '{file}: VITE_API_URL={url}.',
  'frontend.defaultOk': '{file} does not set VITE_API_URL: the frontend uses its default, {url}.',
  'frontend.unset': '{file} does not set VITE_API_URL, so the frontend uses {url}.',
  'frontend.wrong': '{file}: VITE_API_URL={url}, but the backend is at {expected}.',
  'frontend.setFix': 'Set VITE_API_URL={url} in {file} and restart the frontend (npm run dev).',
  'frontend.noDockerfile': '{file} does not exist.',
  'frontend.noArg': '{file} has no ARG VITE_API_URL.',
  'frontend.dockerOther': '{file}: ARG VITE_API_URL={url} points at the other backend; it should be {expected}.',
  'frontend.dockerfileFix': 'In {file} set: ARG VITE_API_URL={url} (then rebuild: docker compose up -d --build).',

  // compose
  'compose.devMode': 'development mode: the compose file is judged in Docker mode only (backend services: {services}).',
  'compose.noFile': 'no compose file found (looked for {files}).',
  'compose.noFileFix': 'Set compose.file in backend-switch.yaml.',
  'compose.bothRun': '{file} runs both backends: {other} ({backend}) as well as the target.',
  'compose.otherRuns': '{file} runs {other}, the {backend} backend, not the target.',
  'compose.targetMissing': '{file} has no service for the {backend} backend.',
  'compose.targetTwice': '{file} has more than one service for the {backend} backend.',
  'compose.switchFix': 'Replace the backend service: {command}',
  'compose.missingEnv': 'service {service} lacks {keys} in environment',
  'compose.missingEnvFix': 'Add to {service}.environment: {lines}.',
  'compose.missingDeps': 'service {service} does not depend on {deps}',
  'compose.missingDepsFix': 'Set {service}.depends_on to [{deps}].',
  'compose.undefinedVars': '{vars} referenced but defined neither in {envFile} nor in the environment',
  'compose.undefinedVarsFix': 'Define {vars} in {envFile}.',
  'compose.literalSecrets': '{file} holds {keys} as literal values.',
  'compose.literalSecretsFix': 'Move {keys} to {envFile} and reference them in the compose file: {refs}.',
  'compose.ok': '{file} runs {service} alone, with its environment and depends_on: {deps}.',

  // docker
  'docker.devNoEngine': 'no Docker engine at {socket}; not needed in development when PostgreSQL runs elsewhere.',
  'docker.noEngine': 'no Docker engine answers at {socket} ({message}).',
  'docker.noEngineFix': 'Start Docker (Docker Desktop, or: sudo systemctl start docker), or set DOCKER_HOST.',
  'docker.denied': 'permission denied on {socket}.',
  'docker.deniedFix': 'Add your user to the docker group (sudo usermod -aG docker $USER, then log in again).',
  'docker.ok': 'the engine answers; project {project}: {list}.',
  'docker.none': 'no containers',
  'docker.missing': 'project {project}: {missing} not running ({list}).',
  'docker.devMissing': 'the engine answers; {missing} not running in Docker ({list}), fine if PostgreSQL runs elsewhere (see db).',
  'docker.upFix': 'Start them: {command}',
} as const;

export type MessageKey = keyof typeof en;
