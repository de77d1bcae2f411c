import { createRequire as __gmgCreateRequire } from 'node:module'; const require = __gmgCreateRequire(import.meta.url);

// src/run/profile-worker.ts
import { parentPort } from "node:worker_threads";

// src/analyze/owners.ts
function isDependencyFile(file) {
  return /\/pkg\/mod\//.test(file) || /@v\d[^/]*\//.test(file) || /(^|\/)vendor\//.test(file);
}
function escapedPath(path) {
  const i = path.lastIndexOf("/");
  return path.slice(0, i + 1) + path.slice(i + 1).replace(/\./g, "%2e");
}
function isOwnFrame(frame, module) {
  const fn = frame.function;
  if (fn.startsWith("main.")) return true;
  if (!module) return false;
  for (const m of module.includes(".") ? [module, escapedPath(module)] : [module]) {
    if ((fn.startsWith(`${m}.`) || fn.startsWith(`${m}/`)) && !isDependencyFile(frame.file)) return true;
  }
  return false;
}

// src/analyze/pprof-decode.ts
import { gunzipSync } from "node:zlib";
var ProfileError = class extends Error {
  name = "ProfileError";
};
var PROFILE_LIMITS = {
  /** Compressed and decompressed size. */
  bytes: 64 * 1024 * 1024,
  samples: 2 ** 21,
  locations: 2 ** 20,
  functions: 2 ** 20,
  strings: 2 ** 20,
  /** Locations in one sample's stack (Go records at most 1024, its largest debug.profstackdepth). */
  stackDepth: 2048,
  /** Frames (inlined lines expanded) summed over all samples: bounds the work of walking the stacks. */
  frames: 2 ** 26
};
var MAX_PROFILE_BYTES = PROFILE_LIMITS.bytes;
var CAPPED = "not decoded (work per profile is capped)";
var HINT = `${CAPPED}; raise --profile-rate to sample less`;
var TOO_LARGE = `profile larger than ${MAX_PROFILE_BYTES / 1048576} MiB: not decoded (memory stays bounded); raise --profile-rate to sample less`;
var overCap = (what, limit) => new ProfileError(`profile has more than ${limit.toLocaleString("en-US")} ${what}: ${HINT}`);
function gunzipProfile(data) {
  let raw = data;
  if (data.length > MAX_PROFILE_BYTES) throw new ProfileError(TOO_LARGE);
  if (data.length >= 2 && data[0] === 31 && data[1] === 139) {
    try {
      raw = gunzipSync(data, { maxOutputLength: MAX_PROFILE_BYTES });
    } catch (err) {
      if (err.code === "ERR_BUFFER_TOO_LARGE") throw new ProfileError(TOO_LARGE);
      throw new ProfileError(`corrupt gzip in profile: ${err.message}`);
    }
  }
  if (raw.length === 0) throw new ProfileError("empty profile");
  if (raw.length > MAX_PROFILE_BYTES) throw new ProfileError(TOO_LARGE);
  return raw;
}
function decodeProfile(data, work = { varints: 0, frames: 0 }) {
  const buf = gunzipProfile(data);
  try {
    return decodeFields(buf, work);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw new ProfileError(`corrupt profile protobuf: ${err.message}`);
  }
}
var utf8 = new TextDecoder("utf-8");
var TRUNCATED_VARINT = "truncated profile protobuf (varint runs past the end)";
var MAX_FIELD = 2 ** 29 - 1;
var Reader = class _Reader {
  constructor(buf, pos, end, work) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.work = work;
  }
  buf;
  pos;
  end;
  work;
  more() {
    return this.pos < this.end;
  }
  /**
   * A varint of up to 7 bytes (49 bits), summed in a double; -1, with the position unchanged, when it is longer
   * (then it goes through BigInt). Every varint read passes here once (counted in work).
   */
  shortVarint() {
    this.work.varints++;
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProfileError(TRUNCATED_VARINT);
      const b = this.buf[this.pos++];
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
    this.pos = start;
    return -1;
  }
  /** A varint of 8-10 bytes as an unsigned 64-bit BigInt. */
  bigVarint() {
    let big = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProfileError(TRUNCATED_VARINT);
      const b = this.buf[this.pos++];
      if (i === 9 && b > 1) throw new ProfileError("corrupt profile protobuf (varint overflows 64 bits)");
      big |= BigInt(b & 127) << BigInt(7 * i);
      if (b < 128) return big;
    }
    throw new ProfileError("corrupt profile protobuf (varint longer than 10 bytes)");
  }
  /** A varint's 64 bits as an unsigned number (exact below 2^53). */
  uvarint() {
    const v = this.shortVarint();
    return v >= 0 ? v : Number(this.bigVarint());
  }
  /** A varint as a signed int64 (protobuf writes a negative int64 as its two's complement in 10 bytes). */
  varint() {
    const v = this.shortVarint();
    return v >= 0 ? v : Number(BigInt.asIntN(64, this.bigVarint()));
  }
  /** A field key: returns field * 8 + wire; refuses field 0, fields past 2^29-1 and wire types 3, 4, 6, 7. */
  key() {
    const k = this.uvarint();
    const field = Math.floor(k / 8);
    const wire = k % 8;
    if (field === 0) throw new ProfileError("corrupt profile protobuf (field number 0)");
    if (field > MAX_FIELD) throw new ProfileError("corrupt profile protobuf (field number out of range)");
    if (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)
      throw new ProfileError(`corrupt profile protobuf (wire type ${wire})`);
    return k;
  }
  /** A length-delimited field's [start, end): the length is unsigned and must fit in what remains. */
  bytes() {
    const at = this.pos;
    const len = this.uvarint();
    if (len > this.end - this.pos) {
      throw new ProfileError(`truncated profile protobuf (the length at byte ${at} runs past the end of its message)`);
    }
    const start = this.pos;
    this.pos += len;
    return [start, this.pos];
  }
  /** A sub-reader over the next length-delimited field. */
  message() {
    const [a, b] = this.bytes();
    return new _Reader(this.buf, a, b, this.work);
  }
  skip(wire) {
    if (wire === 0) this.uvarint();
    else if (wire === 2) this.bytes();
    else {
      const n = wire === 1 ? 8 : 4;
      if (n > this.end - this.pos) throw new ProfileError("truncated profile protobuf (a field runs past the end)");
      this.pos += n;
    }
  }
  /** A repeated integer field, packed (wire 2) or not (wire 0), appended to out. */
  repeated(wire, out, where) {
    if (wire === 0) out.push(this.varint());
    else if (wire === 2) {
      const r = this.message();
      while (r.more()) out.push(r.varint());
    } else throw wrongWire(where, wire);
  }
};
var wrongWire = (where, wire) => new ProfileError(`corrupt profile protobuf (${where} has wire type ${wire})`);
var expectWire = (key, want, where) => {
  if (key % 8 !== want) throw wrongWire(where, key % 8);
};
function decodeFields(buf, work) {
  const top = new Reader(buf, 0, buf.length, work);
  const strings = [];
  const sampleRanges = [];
  const typeRefs = [];
  let periodTypeRef = null;
  const functions = /* @__PURE__ */ new Map();
  let functionCount = 0;
  const locations = [];
  let period = 0;
  const fields12 = (r, where) => {
    let one = 0;
    let two = 0;
    while (r.more()) {
      const key = r.key();
      const f = Math.floor(key / 8);
      if (f === 1 || f === 2) {
        expectWire(key, 0, `${where} field ${f}`);
        if (f === 1) one = r.varint();
        else two = r.varint();
      } else r.skip(key % 8);
    }
    return [one, two];
  };
  while (top.more()) {
    const key = top.key();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 12) {
      expectWire(key, 0, "field 12");
      period = top.varint();
      continue;
    }
    if (field !== 1 && field !== 2 && field !== 4 && field !== 5 && field !== 6 && field !== 11) {
      top.skip(wire);
      continue;
    }
    if (wire !== 2) throw new ProfileError(`corrupt profile protobuf (field ${field} is not length-delimited)`);
    switch (field) {
      case 1:
        typeRefs.push(fields12(top.message(), "ValueType"));
        break;
      case 2: {
        const [a, b] = top.bytes();
        if (sampleRanges.length >= 2 * PROFILE_LIMITS.samples) throw overCap("samples", PROFILE_LIMITS.samples);
        sampleRanges.push(a, b);
        break;
      }
      case 4: {
        if (locations.length >= PROFILE_LIMITS.locations) throw overCap("locations", PROFILE_LIMITS.locations);
        const r = top.message();
        const loc = { id: 0, lines: [] };
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1) {
            expectWire(k, 0, "Location field 1");
            loc.id = r.varint();
          } else if (f === 4) {
            expectWire(k, 2, "Location field 4");
            loc.lines.push(fields12(r.message(), "Line"));
          } else r.skip(k % 8);
        }
        locations.push(loc);
        break;
      }
      case 5: {
        if (++functionCount > PROFILE_LIMITS.functions) throw overCap("functions", PROFILE_LIMITS.functions);
        const r = top.message();
        let id = 0;
        let name = 0;
        let file = 0;
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1 || f === 2 || f === 4) {
            expectWire(k, 0, `Function field ${f}`);
            const v = r.varint();
            if (f === 1) id = v;
            else if (f === 2) name = v;
            else file = v;
          } else r.skip(k % 8);
        }
        functions.set(id, [name, file]);
        break;
      }
      case 6: {
        if (strings.length >= PROFILE_LIMITS.strings) throw overCap("strings", PROFILE_LIMITS.strings);
        const [a, b] = top.bytes();
        strings.push(utf8.decode(buf.subarray(a, b)));
        break;
      }
      case 11:
        periodTypeRef = fields12(top.message(), "ValueType");
        break;
    }
  }
  const str = (i) => strings[i] ?? "?";
  const framesById = /* @__PURE__ */ new Map();
  for (const loc of locations) {
    framesById.set(
      loc.id,
      loc.lines.map(([fnId, line]) => {
        const fn = functions.get(fnId);
        return { function: fn ? str(fn[0]) : "?", file: fn ? strings[fn[1]] ?? "" : "", line };
      })
    );
  }
  return {
    sampleTypes: typeRefs.map(([t, u]) => ({ type: str(t), unit: str(u) })),
    period,
    periodType: periodTypeRef ? { type: str(periodTypeRef[0]), unit: str(periodTypeRef[1]) } : null,
    framesById,
    work,
    forEachSample(fn) {
      let frames = 0;
      for (let s = 0; s < sampleRanges.length; s += 2) {
        const r = new Reader(buf, sampleRanges[s], sampleRanges[s + 1], work);
        const ids = [];
        const values = [];
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1) r.repeated(k % 8, ids, "Sample field 1");
          else if (f === 2) r.repeated(k % 8, values, "Sample field 2");
          else r.skip(k % 8);
        }
        if (ids.length > PROFILE_LIMITS.stackDepth) {
          throw new ProfileError(`a sample's stack is deeper than ${PROFILE_LIMITS.stackDepth} locations: ${CAPPED}`);
        }
        for (const id of ids) frames += framesById.get(id)?.length ?? 0;
        work.frames = frames;
        if (frames > PROFILE_LIMITS.frames) throw overCap("frames in all stacks", PROFILE_LIMITS.frames);
        fn(ids, values);
      }
    }
  };
}

// src/analyze/sampling.ts
function samplingWeight(size, period) {
  if (!(period > 0)) return 0;
  if (!(size > 0)) return period;
  const x = size / period;
  const w = size / Math.expm1(x);
  return Number.isFinite(w) ? w : 0;
}

// src/analyze/profile.ts
function isRuntimeFrame(fn) {
  return fn.startsWith("runtime.") || fn.startsWith("internal/runtime/");
}
var RUNTIME_HELPER = /^runtime\.(mallocgc\w*|newobject|makeslice\w*|growslice|makemap\w*|newarray|rawstring\w*|rawbyteslice|rawruneslice|concatstring\w*|slicebytetostring|systemstack|mcall|newproc\.func\d+)$/;
function stripRuntimeFrames(frames) {
  let i = 0;
  while (i < frames.length && isRuntimeFrame(frames[i].function)) i++;
  if (i < frames.length) return frames.slice(i);
  const j = frames.findIndex((f) => !RUNTIME_HELPER.test(f.function));
  return j >= 0 ? frames.slice(j) : frames.slice(-1);
}
var STACK_DEPTH = 4;
function allocVia(fn) {
  if (/^runtime\.(mapassign|makemap|hashGrow|growWork|evacuate)|^internal\/runtime\/maps\./.test(fn)) return "map";
  if (fn === "runtime.growslice") return "growslice";
  if (/^runtime\.makeslice/.test(fn)) return "makeslice";
  return null;
}
function siteKey(f) {
  return `${f.function}\0${f.file}\0${f.line}`;
}
function summariseBySite(profile, valueType, objectsType, allocObjectsType, opts = {}) {
  const sampleTypes = profile.sampleTypes.map((st) => `${st.type}/${st.unit}`);
  const vi = profile.sampleTypes.findIndex((st) => st.type === valueType);
  if (vi < 0) {
    throw new ProfileError(`profile has no ${valueType} sample type (it has: ${sampleTypes.join(", ") || "none"})`);
  }
  const oi = objectsType ? profile.sampleTypes.findIndex((st) => st.type === objectsType) : -1;
  const module = opts.module ?? null;
  const ai = allocObjectsType ? profile.sampleTypes.findIndex((st) => st.type === allocObjectsType) : -1;
  const noFrames = [];
  const sites = /* @__PURE__ */ new Map();
  const owners = /* @__PURE__ */ new Map();
  const heaviest = /* @__PURE__ */ new Map();
  let total = 0;
  let totalObjects = 0;
  profile.forEachSample((locationIds, values) => {
    const v = values[vi] ?? 0;
    const o = oi >= 0 ? values[oi] ?? 0 : 0;
    const a = ai >= 0 ? values[ai] ?? 0 : 0;
    if (v === 0 && o === 0 && a === 0) return;
    total += v;
    totalObjects += o;
    let frames = [];
    const leading = [];
    let owner = null;
    walk: for (const id of locationIds) {
      for (const f of profile.framesById.get(id) ?? noFrames) {
        if (frames.length === 0 && isRuntimeFrame(f.function)) {
          leading.push(f);
          continue;
        }
        if (frames.length < STACK_DEPTH) frames.push(f);
        if (owner === null && isOwnFrame(f, module)) owner = f;
        if (owner !== null && frames.length >= STACK_DEPTH) break walk;
      }
    }
    if (frames.length === 0) frames = stripRuntimeFrames(leading).slice(0, STACK_DEPTH);
    const site = frames[0] ?? { function: "?", file: "", line: 0 };
    const key = siteKey(site);
    let agg = sites.get(key);
    if (!agg) {
      agg = { key, site, stack: frames, value: 0, objects: 0, owner };
      if (ai >= 0) agg.allocObjects = 0;
      if (oi >= 0) agg.samplingVariance = 0;
      sites.set(key, agg);
    }
    agg.value += v;
    agg.objects += o;
    for (const f of leading) {
      const via = allocVia(f.function);
      if (!via) continue;
      agg.via ??= [];
      if (!agg.via.includes(via)) agg.via.push(via);
    }
    if (ai >= 0) agg.allocObjects += a;
    if (oi >= 0 && o > 0 && v > 0) agg.samplingVariance += v * samplingWeight(v / o, profile.period);
    if (v > (heaviest.get(key) ?? -1)) {
      heaviest.set(key, v);
      agg.stack = frames;
      agg.owner = owner;
    }
    if (owner && (v !== 0 || o !== 0)) {
      const ok = `${owner.function}\0${owner.file}`;
      let oa = owners.get(ok);
      if (!oa) {
        oa = { key: ok, site: owner, stack: [owner], value: 0, objects: 0, memberSet: /* @__PURE__ */ new Set() };
        owners.set(ok, oa);
      }
      oa.value += v;
      oa.objects += o;
      oa.memberSet.add(key);
    }
  });
  const ownerAggs = /* @__PURE__ */ new Map();
  for (const [k, { memberSet, ...oa }] of owners) ownerAggs.set(k, { ...oa, members: [...memberSet] });
  for (const [key, agg] of sites) if (agg.value === 0 && agg.objects === 0) sites.delete(key);
  return {
    sampleTypes,
    period: profile.period,
    periodType: profile.periodType ? `${profile.periodType.type}/${profile.periodType.unit}` : "",
    total,
    totalObjects,
    sites,
    owners: ownerAggs
  };
}
function summariseHeapProfile(data, opts = {}) {
  return summariseBySite(decodeProfile(data), "inuse_space", "inuse_objects", "alloc_objects", opts);
}
function summariseGoroutineProfile(data, opts = {}) {
  return summariseBySite(decodeProfile(data), "goroutine", void 0, void 0, opts);
}

// src/run/profile-decoder.ts
function summariseKind(kind, data, module = null) {
  if (kind === "heap") return summariseHeapProfile(data, { module });
  if (kind === "goroutine") return summariseGoroutineProfile(data, { module });
  return summariseBySite(decodeProfile(data), "goroutineleak", void 0, void 0, { module });
}
var DEFAULT_WORKER_URL = new URL("./profile-worker.js", import.meta.url);

// src/run/profile-worker.ts
var port = parentPort;
if (!port) throw new Error("profile-worker.js is a worker thread entry, not a program");
port.on("message", (req) => {
  let reply;
  try {
    const summary = summariseKind(req.kind, req.data, req.module ?? null);
    reply = { id: req.id, ok: true, summary };
  } catch (err) {
    const e = err;
    reply = {
      id: req.id,
      ok: false,
      profileError: err instanceof ProfileError,
      message: e?.message ?? String(err),
      stack: e?.stack
    };
  }
  port.postMessage(reply);
});
