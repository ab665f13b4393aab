// Stands in, inside the bundle, for dockerode's ssh:// transport (ssh2) and its BuildKit
// session and progress decoding (@grpc/grpc-js, @grpc/proto-loader, protobufjs).
// backend-switch talks to the local Engine over its unix socket and builds through
// `docker compose`, so none of them is ever called; loading them cost ~300 ms and ~25 MB at
// every start where a Docker socket exists. Any use fails loudly instead of silently.
function unsupported() {
  throw new Error('backend-switch talks to Docker through its unix socket only: ssh:// hosts and BuildKit sessions are not included');
}

module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? false : unsupported) });
