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
  node_id?: string;
  user: { login: string; type: string };
  body: string;
  html_url: string;
  /** Hidden by someone in the UI (only GraphQL's isMinimized tells). */
  minimized?: boolean;
}

/** A workflow run of this workflow, as the runs listing answers it. */
export interface FakeRun {
  id: number;
  event: string;
  head_sha: string;
  head_branch: string;
  created_at: string;
  /** Full name of the repository it ran for (a fork's runs must be ignored); default this one. */
  repository?: string;
  /** Its baseline artifact: an id (served from baselineZip), "expired", or none (a skipped job). */
  artifact?: number | 'expired';
}

/** The base branch's history, oldest first (hex shas), and the merge-base the compare API reports. */
export const HISTORY = ['c0', 'c1', 'c2', 'c3', 'c4'].map((c) => c.padEnd(40, '0'));

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
  /** The token is this user's personal access token; default: the Actions GITHUB_TOKEN (github-actions[bot]). */
  patUser?: string;
  /** Store this many created comments, then answer 502 anyway (the POST failed after the server stored it). */
  createFailsAfterStore?: number;
  /** Answer this many comment-creating POSTs with 502 without storing anything. */
  createFailsBeforeStore?: number;
  /** Runs of the workflow; default: a fork's run, a run without the artifact, then one with it (id 42). */
  runs?: FakeRun[];
  /** The PR's merge-base (one of HISTORY); default HISTORY[2]; null: compare answers 404 (history unknown). */
  mergeBase?: string | null;
  /** Artifacts of this run (id 123), e.g. the matrix jobs' go-mem-gate-report-* for mode: summarize. */
  runArtifacts?: { id: number; name: string; zip: Buffer; expired?: boolean }[];
  /** Answer /graphql with this status (e.g. 404 as on a server without GraphQL). */
  graphqlStatus?: number;
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
  private createFailuresLeft: number;
  private refusalsLeft: number;
  url = '';

  constructor(readonly opts: FakeGitHubOptions = {}) {
    this.failuresLeft = opts.failFirst ?? 0;
    this.createFailuresLeft = opts.createFailsAfterStore ?? 0;
    this.refusalsLeft = opts.createFailsBeforeStore ?? 0;
  }

  /** Who the token acts as: the PAT's user, or the Actions bot. */
  get identity(): { login: string; type: string } {
    return this.opts.patUser
      ? { login: this.opts.patUser, type: 'User' }
      : { login: 'github-actions[bot]', type: 'Bot' };
  }

  /** The workflow's runs (see FakeGitHubOptions.runs). */
  runs(): FakeRun[] {
    if (this.opts.runs) return this.opts.runs;
    const at = (i: number) => `2026-11-2${i}T10:00:00Z`;
    return [
      // A fork's push to its own "main": must be ignored (its artifacts would poison the baseline).
      {
        id: 502,
        event: 'push',
        head_sha: HISTORY[2],
        head_branch: 'main',
        created_at: at(2),
        repository: 'mallory/svc',
        artifact: 66,
      },
      // At the merge-base, but the job was skipped (e.g. a docs-only push): no artifact.
      { id: 501, event: 'push', head_sha: HISTORY[2], head_branch: 'main', created_at: at(1) },
      {
        id: 500,
        event: 'push',
        head_sha: HISTORY[1],
        head_branch: 'main',
        created_at: at(0),
        ...(this.opts.baselineZip ? { artifact: 42 } : {}),
      },
    ];
  }

  /** Every API request (REST and GraphQL, not Twirp or blobs), as "METHOD /path". */
  api(): string[] {
    return this.requests.filter((r) => /^\/(repos\/|user$|graphql$)/.test(r.path)).map((r) => `${r.method} ${r.path}`);
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
        this.requests.push({
          method: req.method!,
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          auth: req.headers.authorization,
          body,
        });
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
      return this.json(res, 200, {
        ok: true,
        signed_upload_url: `${this.url}/blob/devstoreaccount1/artifacts/${encodeURIComponent(name)}.zip?sig=test`,
      });
    }
    if (p.endsWith('ArtifactService/FinalizeArtifact')) {
      const req = JSON.parse(body) as { name: string; size: string };
      this.uploads.push({ name: req.name, bytes: Number(req.size) });
      return this.json(res, 200, { ok: true, artifact_id: String(1000 + this.uploads.length) });
    }
    if (p.startsWith('/blob/') && method === 'PUT') {
      res.writeHead(201, {
        etag: '"0x1"',
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': 'r',
        'x-ms-version': '2024-05-04',
        'x-ms-request-server-encrypted': 'true',
      });
      return res.end();
    }
    if (p === '/blob/baseline.zip' && method === 'GET') {
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': String(this.opts.baselineZip!.length),
      });
      return res.end(this.opts.baselineZip);
    }
    // The token's identity: GET /user answers for a user's token only; GraphQL viewer for any token.
    if (p === '/user' && method === 'GET') {
      if (!this.opts.patUser) return this.json(res, 403, { message: 'Resource not accessible by integration' });
      return this.json(res, 200, { login: this.opts.patUser, type: 'User', id: 1 });
    }
    if (p === '/graphql' && method === 'POST') return this.graphql(body, res);
    // REST.
    const commentsPath = new RegExp(`^${base}/issues/(\\d+)/comments$`);
    if (commentsPath.test(p) || p.startsWith(`${base}/issues/comments/`)) {
      if (this.opts.commentStatus)
        return this.json(res, this.opts.commentStatus, { message: 'Resource not accessible by integration' });
    }
    if (commentsPath.test(p) && method === 'GET') {
      return this.json(
        res,
        200,
        this.comments.map(({ minimized: _, ...c }) => ({ node_id: `IC_${c.id}`, ...c })),
      );
    }
    if (commentsPath.test(p) && method === 'POST') {
      if (this.refusalsLeft > 0) {
        this.refusalsLeft--;
        return this.json(res, 502, { message: 'Server Error' });
      }
      const id = 9000 + this.comments.length;
      const c = {
        id,
        node_id: `IC_${id}`,
        user: this.identity,
        body: JSON.parse(body).body as string,
        html_url: `https://github.com/${this.owner}/${this.repo}/pull/7#issuecomment-${id}`,
      };
      this.comments.push(c);
      if (this.createFailuresLeft > 0) {
        this.createFailuresLeft--;
        return this.json(res, 502, { message: 'Server Error' });
      }
      return this.json(res, 201, c);
    }
    const edit = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(p);
    if (edit && method === 'PATCH') {
      const c = this.comments.find((x) => x.id === Number(edit[1]));
      if (!c) return this.json(res, 404, { message: 'Not Found' });
      c.body = JSON.parse(body).body;
      return this.json(res, 200, c);
    }
    if (new RegExp(`^${base}/actions/runs/\\d+$`).test(p))
      return this.json(res, 200, { id: Number(p.split('/').pop()), workflow_id: 77 });
    if (p === `${base}/actions/workflows/77/runs`) {
      // Filtered as GitHub does: branch is the run's head branch, event and status exact.
      const q = Object.fromEntries(u.searchParams);
      const list = this.runs()
        .filter((r) => (!q.branch || r.head_branch === q.branch) && (!q.event || r.event === q.event))
        .map((r) => ({
          id: r.id,
          event: r.event,
          status: 'completed',
          conclusion: 'success',
          head_sha: r.head_sha,
          head_branch: r.head_branch,
          created_at: r.created_at,
          head_repository: { full_name: r.repository ?? `${this.owner}/${this.repo}` },
        }));
      return this.json(res, 200, { total_count: list.length, workflow_runs: list });
    }
    const cmp = new RegExp(`^${base}/compare/([^/]+)\\.\\.\\.([^/]+)$`).exec(p);
    if (cmp && method === 'GET') {
      const [from, to] = [decodeURIComponent(cmp[1]), decodeURIComponent(cmp[2])];
      const mergeBase = this.opts.mergeBase === undefined ? HISTORY[2] : this.opts.mergeBase;
      if (from === 'main' && mergeBase === null) return this.json(res, 404, { message: 'Not Found' });
      if (from === 'main')
        return this.json(res, 200, {
          status: 'diverged',
          ahead_by: 2,
          behind_by: 1,
          merge_base_commit: { sha: mergeBase },
        });
      const [i, j] = [HISTORY.indexOf(from), HISTORY.indexOf(to)];
      if (i < 0 || j < 0) return this.json(res, 404, { message: 'No common ancestor' });
      const status = i === j ? 'identical' : j > i ? 'ahead' : 'behind';
      return this.json(res, 200, {
        status,
        ahead_by: Math.max(0, j - i),
        behind_by: Math.max(0, i - j),
        merge_base_commit: { sha: HISTORY[Math.min(i, j)] },
      });
    }
    const arts = new RegExp(`^${base}/actions/runs/(\\d+)/artifacts$`).exec(p);
    if (arts && arts[1] === '123' && this.opts.runArtifacts) {
      const list = this.opts.runArtifacts.map((a) => ({
        id: a.id,
        name: a.name,
        expired: a.expired === true,
        created_at: '2026-11-23T10:00:00Z',
      }));
      return this.json(res, 200, { total_count: list.length, artifacts: list });
    }
    if (arts) {
      if (this.opts.artifactsStatus) return this.json(res, this.opts.artifactsStatus, { message: 'Not Found' });
      const name = u.searchParams.get('name');
      const r = this.runs().find((x) => x.id === Number(arts[1]));
      const list = !r?.artifact
        ? []
        : [
            {
              id: r.artifact === 'expired' ? 1 : r.artifact,
              name,
              expired: r.artifact === 'expired',
              created_at: r.created_at,
            },
          ];
      return this.json(res, 200, { total_count: list.length, artifacts: list });
    }
    const runArt = /^\/blob\/art-(\d+)\.zip$/.exec(p);
    const own = runArt && this.opts.runArtifacts?.find((a) => a.id === Number(runArt[1]));
    if (own && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(own.zip.length) });
      return res.end(own.zip);
    }
    const ownDl = new RegExp(`^${base}/actions/artifacts/(\\d+)/zip$`).exec(p);
    if (ownDl && this.opts.runArtifacts?.some((a) => a.id === Number(ownDl[1]))) {
      res.writeHead(302, { location: `${this.url}/blob/art-${ownDl[1]}.zip` });
      return res.end();
    }
    const dl = new RegExp(`^${base}/actions/artifacts/(\\d+)/zip$`).exec(p);
    if (dl && this.runs().some((r) => r.artifact === Number(dl[1]))) {
      res.writeHead(302, { location: `${this.url}/blob/baseline.zip` });
      return res.end();
    }
    this.json(res, 404, { message: `fake GitHub has no ${method} ${p}` });
  }

  /** The two GraphQL queries the Action makes: the viewer's login, and isMinimized of comment nodes. */
  private graphql(body: string, res: http.ServerResponse) {
    if (this.opts.graphqlStatus) return this.json(res, this.opts.graphqlStatus, { message: 'Not Found' });
    const { query, variables } = JSON.parse(body) as { query: string; variables?: { ids?: string[] } };
    const data: Record<string, unknown> = {};
    if (/\bviewer\b/.test(query)) data.viewer = { login: this.identity.login };
    if (/\bnodes\(ids:/.test(query)) {
      data.nodes = (variables?.ids ?? []).map((id) => {
        const c = this.comments.find((x) => (x.node_id ?? `IC_${x.id}`) === id);
        return c ? { id, isMinimized: c.minimized === true } : null;
      });
    }
    if (Object.keys(data).length === 0)
      return this.json(res, 200, { errors: [{ message: `fake GitHub cannot answer ${query}` }] });
    return this.json(res, 200, { data });
  }
}
