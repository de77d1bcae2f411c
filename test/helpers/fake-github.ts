/**
 * A real HTTP server on 127.0.0.1 standing in for GitHub: the REST API (octokit's baseUrl via GITHUB_API_URL),
 * the Actions results service that @actions/artifact talks Twirp to (ACTIONS_RESULTS_URL), and the blob
 * storage both upload to and download from. It records every request so tests can assert them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: string | undefined;
  body: string;
}

export interface FakeComment {
  id: number;
  user: { login: string; type: string };
  body: string;
  html_url: string;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** Status to answer comment calls with (e.g. 403 as for fork PRs); default: serve them. */
  commentStatus?: number;
  /** Answer this many REST requests with 502 before serving (tests the backoff). */
  failFirst?: number;
  /** A zip of the base branch's baseline artifact, or null for "none recorded yet". */
  baselineZip?: Buffer | null;
  /** Answer the artifact listing with 404 (as for an expired or deleted run). */
  artifactsStatus?: number;
}

/** A minimal zip (stored entries) for the baseline artifact. */
export function zip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly comments: FakeComment[] = [];
  readonly uploads: { name: string; bytes: number }[] = [];
  private server!: http.Server;
  private failuresLeft: number;
  url = '';

  constructor(readonly opts: FakeGitHubOptions = {}) {
    this.failuresLeft = opts.failFirst ?? 0;
  }

  get owner() {
    return this.opts.owner ?? 'acme';
  }
  get repo() {
    return this.opts.repo ?? 'svc';
  }

  /** REST requests only (not Twirp or blob traffic), as "METHOD /path". */
  rest(): string[] {
    return this.requests.filter((r) => r.path.startsWith('/repos/')).map((r) => `${r.method} ${r.path}`);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        // Blob uploads are binary and large: keep only text bodies.
        const body = req.url!.startsWith('/blob/') ? '' : Buffer.concat(chunks).toString('utf8');
        const u = new URL(req.url!, 'http://x');
        this.requests.push({ method: req.method!, path: u.pathname, query: Object.fromEntries(u.searchParams), auth: req.headers.authorization, body });
        this.handle(req.method!, u, body, res);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private json(res: http.ServerResponse, status: number, data: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data));
  }

  private handle(method: string, u: URL, body: string, res: http.ServerResponse) {
    const p = u.pathname;
    const base = `/repos/${this.owner}/${this.repo}`;
    if (p.startsWith('/repos/') && this.failuresLeft > 0) {
      this.failuresLeft--;
      return this.json(res, 502, { message: 'Server Error' });
    }
    // Twirp: the Actions results service.
    if (p.endsWith('ArtifactService/CreateArtifact')) {
      const name = JSON.parse(body).name as string;
      return this.json(res, 200, { ok: true, signed_upload_url: `${this.url}/blob/devstoreaccount1/artifacts/${encodeURIComponent(name)}.zip?sig=test` });
    }
    if (p.endsWith('ArtifactService/FinalizeArtifact')) {
      const req = JSON.parse(body) as { name: string; size: string };
      this.uploads.push({ name: req.name, bytes: Number(req.size) });
      return this.json(res, 200, { ok: true, artifact_id: String(1000 + this.uploads.length) });
    }
    if (p.startsWith('/blob/') && method === 'PUT') {
      res.writeHead(201, { etag: '"0x1"', 'last-modified': new Date().toUTCString(), 'x-ms-request-id': 'r', 'x-ms-version': '2024-05-04', 'x-ms-request-server-encrypted': 'true' });
      return res.end();
    }
    if (p === '/blob/baseline.zip' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(this.opts.baselineZip!.length) });
      return res.end(this.opts.baselineZip);
    }
    // REST.
    const commentsPath = new RegExp(`^${base}/issues/(\\d+)/comments$`);
    if (commentsPath.test(p) || p.startsWith(`${base}/issues/comments/`)) {
      if (this.opts.commentStatus) return this.json(res, this.opts.commentStatus, { message: 'Resource not accessible by integration' });
    }
    if (commentsPath.test(p) && method === 'GET') return this.json(res, 200, this.comments);
    if (commentsPath.test(p) && method === 'POST') {
      const id = 9000 + this.comments.length;
      const c = { id, user: { login: 'github-actions[bot]', type: 'Bot' }, body: JSON.parse(body).body as string, html_url: `https://github.com/${this.owner}/${this.repo}/pull/7#issuecomment-${id}` };
      this.comments.push(c);
      return this.json(res, 201, c);
    }
    const edit = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(p);
    if (edit && method === 'PATCH') {
      const c = this.comments.find((x) => x.id === Number(edit[1]));
      if (!c) return this.json(res, 404, { message: 'Not Found' });
      c.body = JSON.parse(body).body;
      return this.json(res, 200, c);
    }
    if (new RegExp(`^${base}/actions/runs/\\d+$`).test(p)) return this.json(res, 200, { id: Number(p.split('/').pop()), workflow_id: 77 });
    if (p === `${base}/actions/workflows/77/runs`) {
      const here = { full_name: `${this.owner}/${this.repo}` };
      // 502 is a fork's run that must be ignored (its artifacts would poison the baseline).
      return this.json(res, 200, { total_count: 3, workflow_runs: [{ id: 502, head_repository: { full_name: 'mallory/svc' } }, { id: 501, head_repository: here }, { id: 500, head_repository: here }] });
    }
    const arts = new RegExp(`^${base}/actions/runs/(\\d+)/artifacts$`).exec(p);
    if (arts) {
      if (this.opts.artifactsStatus) return this.json(res, this.opts.artifactsStatus, { message: 'Not Found' });
      const name = u.searchParams.get('name');
      // Run 501 has no baseline artifact (e.g. a docs-only push); run 500 has one, when the test gave it.
      const list = arts[1] === '500' && this.opts.baselineZip ? [{ id: 42, name, expired: false, created_at: '2026-11-20T10:00:00Z' }] : [];
      return this.json(res, 200, { total_count: list.length, artifacts: list });
    }
    if (p === `${base}/actions/artifacts/42/zip`) {
      res.writeHead(302, { location: `${this.url}/blob/baseline.zip` });
      return res.end();
    }
    this.json(res, 404, { message: `fake GitHub has no ${method} ${p}` });
  }
}
