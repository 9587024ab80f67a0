'use strict';
// Drives adapter.js as the suite does: a child process, one JSON line in, one JSON line out,
// with a time limit per request. Any stdout line that is not the answer to a request fails.

const {spawn} = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const ADAPTER = path.join(__dirname, '..', '..', 'adapter.js');

class AdapterProcess {
  constructor(env = {}) {
    this.child = spawn(process.execPath, [ADAPTER], {
      env: {...process.env, ...env}, stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => { this.stderr = (this.stderr + chunk).slice(-4000); });
    this.lines = [];
    this.waiting = null;
    this.exit = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    readline.createInterface({input: this.child.stdout}).on('line', (line) => {
      if (this.waiting) {
        const waiter = this.waiting;
        this.waiting = null;
        waiter(line);
      } else {
        this.lines.push(line);  // out of turn: the next request sees it and fails
      }
    });
  }

  // Sends one request, resolves with the parsed answer; rejects on a time-out, an unparsable
  // line, an answer without a boolean ok, or a line written out of turn.
  request(body, timeoutMs = 60000) {
    if (this.lines.length > 0) {
      return Promise.reject(new Error(`adapter wrote out of turn: ${this.lines.shift()}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`adapter did not answer ${JSON.stringify(body.op)} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.waiting = (line) => {
        clearTimeout(timer);
        let answer;
        try {
          answer = JSON.parse(line);
        } catch (e) {
          reject(new Error(`adapter answered a line that is not JSON: ${line}`));
          return;
        }
        if (answer === null || typeof answer.ok !== 'boolean') {
          reject(new Error(`adapter answer without a boolean ok: ${line}`));
          return;
        }
        resolve(answer);
      };
      this.child.stdin.write(`${JSON.stringify(body)}\n`);
    });
  }

  // request() that must answer ok:true.
  async ok(body) {
    const answer = await this.request(body);
    if (!answer.ok) throw new Error(`${body.op} failed: ${answer.error}`);
    return answer;
  }

  // Starts a device of the account: init with the keypair.
  static async device(server, token, keys, deviceId, env = {}) {
    const proc = new AdapterProcess(env);
    await proc.ok({op: 'init', server, token, public_key: keys.publicKey,
      secret_key: keys.secretKey, device_id: deviceId});
    return proc;
  }

  // quit, and the exit code.
  async quit() {
    await this.ok({op: 'quit'});
    return this.exit;
  }

  kill() {
    this.child.kill();
  }
}

module.exports = {AdapterProcess};
