// Types for docker-stack-lib.js (plain ESM, so tests in TypeScript can import it under tsc --noEmit).
export interface StackPorts {
  api: number;
  frontend: number;
  postgres: number;
  redis: number;
}
export declare const STACK_PORTS: StackPorts;
export declare const STACK_NAME: string;
export interface StackOptions {
  ports?: Partial<StackPorts>;
  /** The compose project name (`name:`), default ecredit-stack. */
  name?: string;
  /** The Bun binary to put in the backend image (default: find-bun's). */
  bun?: string;
  /** The Node binary to put in the stand-in image (default: this process's). */
  node?: string;
}
/** fixtures/ecredit + fixtures/docker-stack at `root`, with the build contexts filled. */
export declare function prepareDockerStack(root: string, options?: StackOptions): { root: string; ports: StackPorts; name: string };
