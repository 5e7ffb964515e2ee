// @ts-check
// Starts the real podium binary for a test: on a free port, with its own database, and reads back the
// port and the keys it prints. Also a small WebSocket client that speaks the protocol.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export const PODIUM_BIN = process.env.PODIUM_BIN ?? path.resolve(import.meta.dirname, '../../build/dev/server/podium');

/** A fresh data folder, removed by the returned cleanup. */
export function tempDir(prefix = 'podium-test-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * @param {{ dataDir?: string, db?: string, args?: string[], keys?: Record<string,string>, organizerKey?: string,
 *   logLevel?: string }} [options]
 *   Pass the keys of an earlier start when restarting on the same database (they are printed only once).
 */
export async function startPodium(options = {}) {
  const own = options.dataDir ? null : tempDir();
  const dataDir = options.dataDir ?? own?.dir ?? '';
  const db = options.db ?? path.join(dataDir, 'podium.db');
  const child = spawn(PODIUM_BIN, ['--port', '0', '--db', db, '--log-level', options.logLevel ?? 'warn', ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  /** @type {Record<string,string>} */
  const keys = { ...(options.keys ?? {}) };
  let organizerKey = options.organizerKey ?? '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a half-started server holding the test runner open
      reject(new Error(`podium did not start:\n${stdout}\n${stderr}`));
    }, 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      for (const m of stdout.matchAll(/facilitator key for (\S+): (\S+)/g)) keys[m[1]] = m[2];
      const org = stdout.match(/organizer key: (\S+)/);
      if (org) organizerKey = org[1];
      const listening = stdout.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      // Keys are printed right after the listening line; wait for the line that ends that block.
      if (listening && /(organizer key: \S+.*\n|--rotate-keys for new ones\.\n)/.test(stdout)) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`podium exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    db,
    dataDir,
    keys,
    organizerKey,
    child,
    exited,
    stderr: () => stderr,
    /** SIGTERM and wait: a graceful stop. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const result = await exited;
      own?.cleanup();
      return result;
    },
    /** SIGKILL: no goodbyes. Keeps the data folder for a restart. */
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

export function deviceToken() {
  return randomBytes(16).toString('hex');
}

/**
 * A protocol client over a real WebSocket. Collects every message; `next(pred)` waits for a match.
 */
export class Client {
  /** @param {string} url  @param {{ origin?: string }} [options] */
  static async connect(url, options = {}) {
    const c = new Client(url.replace(/^http/, 'ws') + '/ws', options.origin ?? url);
    await c.opened;
    return c;
  }

  /** @param {string} wsUrl @param {string} origin */
  constructor(wsUrl, origin) {
    this.ws = new WebSocket(wsUrl, { origin });
    /** @type {any[]} */
    this.messages = [];
    /** @type {{pred: (m:any)=>boolean, resolve: (m:any)=>void, from: number}[]} */
    this.waiters = [];
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
      this.ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(m)) return true;
        w.resolve(m);
        return false;
      });
    });
    this.counter = 0;
    this.device = deviceToken();
  }

  /** @param {any} message */
  send(message) {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first message (already received or future) matching `pred`, after index `from`. */
  next(pred, { from = 0, timeout = 5000 } = {}) {
    const found = this.messages.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting; got ' + JSON.stringify(this.messages.slice(-5)))), timeout);
      this.waiters.push({ pred, from, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** hello, then wait for welcome or reject. */
  async hello(fields) {
    const from = this.messages.length;
    this.send({ type: 'hello', protocol: 1, device: this.device, ...fields });
    return this.next((m) => m.type === 'welcome' || m.type === 'reject', { from });
  }

  /** Sends a command and waits for its ack or reject. */
  async command(type, fields = {}, opId = `${this.device.slice(0, 8)}-${++this.counter}`) {
    this.send({ type, op_id: opId, ...fields });
    return this.next((m) => (m.type === 'ack' || m.type === 'reject') && m.op_id === opId);
  }

  events(from = 0) {
    return this.messages.slice(from).filter((m) => m.type === 'event');
  }

  close() {
    this.ws.close();
    return this.closed;
  }
}

/**
 * A client that said hello and was welcomed (asserted), with the welcome kept as `welcome`.
 * @param {{url: string}} server @param {string} room @param {string} role @param {string} [key]
 */
export async function joinRoom(server, room, role, key) {
  const c = await Client.connect(server.url);
  const w = await c.hello({ room, role, ...(key ? { key } : {}) });
  if (w.type !== 'welcome') throw new Error(`hello to ${room} as ${role}: ${JSON.stringify(w)}`);
  /** @type {any} */ (c).welcome = w;
  return c;
}

/**
 * Starts podium again on the port and database of an earlier start (stopped or killed), so browsers
 * still holding its address reconnect to it. Retries while the port is still held by the one killed.
 * @param {{port: number, db: string, dataDir: string, keys: Record<string,string>, organizerKey: string}} previous
 * @param {{args?: string[], logLevel?: string}} [options]
 */
export async function restartPodium(previous, options = {}) {
  const started = Date.now();
  for (;;) {
    try {
      return await startPodiumOnce(previous, options);
    } catch (err) {
      if (Date.now() - started > 15000) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** @param {{port: number, db: string, dataDir: string, keys: Record<string,string>, organizerKey: string}} previous @param {{args?: string[], logLevel?: string}} options */
async function startPodiumOnce(previous, options) {
  const args = ['--port', String(previous.port), '--db', previous.db, '--log-level', options.logLevel ?? 'warn', ...(options.args ?? [])];
  const child = spawn(PODIUM_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`podium did not restart:\n${stdout}\n${stderr}`));
    }, 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout) && /(organizer key: \S+.*\n|--rotate-keys for new ones\.\n)/.test(stdout)) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`podium exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url: `http://127.0.0.1:${previous.port}`,
    port: previous.port,
    db: previous.db,
    dataDir: previous.dataDir,
    keys: previous.keys,
    organizerKey: previous.organizerKey,
    child,
    exited,
    stderr: () => stderr,
    /** SIGTERM and wait; the data folder stays (its first start owns it). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/**
 * Makes every write of the server process `pid` to a file fail, as a full disk would (a file-size limit
 * of 0: SQLite rewrites its WAL from offset 0, so any other limit could let commits through), or lifts it.
 * Needs util-linux's prlimit. @param {number} pid @param {boolean} full
 */
export function setDiskFull(pid, full) {
  execFileSync('prlimit', ['--pid', String(pid), `--fsize=${full ? '0:unlimited' : 'unlimited:unlimited'}`]);
}
