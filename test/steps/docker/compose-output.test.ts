import { describe, expect, it } from 'vitest';
import { buildFailureLines, unpublishablePort } from '../../../source/steps/docker/compose-output.js';

// The shapes below are what Compose v2.26 with BuildKit and docker.io 20.10 printed here.
describe('what a failed compose command said', () => {
  it('a BuildKit build: the failing step\'s own output and the final error, not the Dockerfile excerpt', () => {
    const tail = [
      '#13 [backend-ex 10/10] RUN echo "Compiling 12 files (.ex)" && exit 1',
      '#13 0.301 Compiling 12 files (.ex)',
      '#13 0.302 ** (CompileError) lib/ecredit/application.ex:7: undefined function start_link/1',
      '#13 ERROR: process "/bin/sh -c echo ..." did not complete successfully: exit code: 1',
      '------',
      ' > [backend-ex 10/10] RUN echo "Compiling 12 files (.ex)" && exit 1:',
      '0.301 Compiling 12 files (.ex)',
      '0.302 ** (CompileError) lib/ecredit/application.ex:7: undefined function start_link/1',
      '------',
      'Dockerfile:21',
      '--------------------',
      '  20 |     CMD ["mix", "phx.server"]',
      '  21 | >>> RUN echo "Compiling 12 files (.ex)" && exit 1',
      '--------------------',
      'failed to solve: process "/bin/sh -c echo ..." did not complete successfully: exit code: 1',
    ];
    expect(buildFailureLines(tail)).toEqual([
      ' > [backend-ex 10/10] RUN echo "Compiling 12 files (.ex)" && exit 1:',
      '0.301 Compiling 12 files (.ex)',
      '0.302 ** (CompileError) lib/ecredit/application.ex:7: undefined function start_link/1',
      'failed to solve: process "/bin/sh -c echo ..." did not complete successfully: exit code: 1',
    ]);
  });

  it('any other output: its last lines', () => {
    expect(buildFailureLines(['Step 4/4 : RUN make', 'make: *** No targets.  Stop.', "The command '/bin/sh -c make' returned a non-zero code: 2"], 2)).toEqual(['make: *** No targets.  Stop.', "The command '/bin/sh -c make' returned a non-zero code: 2"]);
  });

  it('a port the userland proxy could not bind (a process holds it), or one another container has', () => {
    expect(unpublishablePort(['Error response from daemon: driver failed programming external connectivity on endpoint x-backend-1 (77242d): Error starting userland proxy: listen tcp4 0.0.0.0:13000: bind: address already in use'])).toEqual({ port: 13000, by: 'process' });
    expect(unpublishablePort(['Error response from daemon: driver failed programming external connectivity on endpoint x-db-1 (1f2e): Bind for 0.0.0.0:15432 failed: port is already allocated'])).toEqual({ port: 15432, by: 'container' });
    expect(unpublishablePort(['Error response from daemon: No such image: x'])).toBeUndefined();
  });
});
