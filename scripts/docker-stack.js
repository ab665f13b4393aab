#!/usr/bin/env node
// A copy of the sample monorepo that runs on a real Docker engine with no registry:
//   node scripts/docker-stack.js DIR      then: cd DIR && docker compose --env-file .env.docker up -d
// (scripts/docker-engine.sh start prepares the engine and the local/debian:bookworm base.)
import { resolve } from 'node:path';
import { prepareDockerStack } from './docker-stack-lib.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/docker-stack.js DIR');
  process.exit(2);
}
const { root, ports, name } = prepareDockerStack(resolve(dir));
console.log(`${root}: compose project ${name}; API http://localhost:${ports.api}, frontend http://localhost:${ports.frontend}, PostgreSQL ${ports.postgres}, Redis ${ports.redis}`);
