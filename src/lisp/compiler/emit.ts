/**
 * The analyzer/code generator core: turns one form into JS statements + an expression (see
 * {@link Out}). Symbols resolve once, here, to locals, user globals, builtins or the `data/`
 * context; special forms dispatch to special-forms.ts. Generated code refers only to identifiers we
 * mint and to these parameters of the program function:
 *
 * `rt` helpers · `K` constants · `B` builtin values · `F` builtin implementations · `D` context map ·
 * `G` user globals · `T` run state · `P` current call-site position index.
 */

import { LispError } from "../errors.ts";
import type { CollForm, Form, SymForm } from "../reader/forms.ts";
import { Keyword, Sym, Var } from "../values/index.ts";
import { inlineCall } from "./arith.ts";
import { arityOk, builtinIndex, builtinNamed, classMembers, dotMethodNames, suggest } from "./builtin-refs.ts";
import { namedConstant } from "./constants.ts";
import { constantValue, literal, regexValue } from "./literals.ts";
import { boundedRangeArgs } from "./zero-range.ts";
import { fuseGroupAggregates, swapped } from "./group-fusion.ts";
import { type Ctx, expr, type Out, sequence } from "./context.ts";
import { emitForCount } from "./iteration.ts";
import { SPECIAL_FORMS } from "./special-forms.ts";

/** Compiles any form in the given context; reached from other files through `compile` in context.ts. */
export function compileForm(f: Form, ctx: Ctx): Out {
  const swap = swapped(f, ctx);
  if (swap !== null) return swap;
  switch (f.t) {
    case "lit":
      return expr(literal(f.v, ctx));
    case "sym":
      return compileSymbol(f, ctx);
    case "list":
      return compileList(f, ctx);
    case "vec":
    case "map":
    case "set":
      return compileCollection(f, ctx);
    case "regex":
      return expr(ctx.unit.konst(regexValue(f.source, f)));
    case "var":
      return expr(ctx.unit.konst(new Var(f.name)));
  }
}

function compileSymbol(f: SymForm, ctx: Ctx): Out {
  const u = ctx.unit;
  if (f.ns === null) {
    const local = ctx.local(f.name);
    if (local !== null) return expr(local);
    if (u.defined.has(f.name) || u.inSession(f.name)) return expr(`gv(${u.global(f.name)})`);
    const bi = builtinIndex(f.name, u);
    if (bi !== null) return expr(`B[${bi}]`);
    // Outside a session there are no earlier results.
    if (f.name === "*1" || f.name === "*2" || f.name === "*3") return expr("null");
    const c = namedConstant(f.name);
    if (c !== undefined) return expr(literal(c, ctx));
    if (SPECIAL_FORMS.has(f.name)) {
      throw new LispError("invalid_form", `${f.name} is a special form and cannot be used as a value`, f.pos);
    }
    throw unbound(f);
  }
  if (f.ns === "data") return expr(`rt.data(D,${u.konst(f.name)})`);
  const c = namedConstant(`${f.ns}/${f.name}`);
  if (c !== undefined) return expr(literal(c, ctx));
  const bi = builtinIndex(`${f.ns}/${f.name}`, u);
  if (bi !== null) return expr(`B[${bi}]`);
  if (f.ns === "tool") {
    throw new LispError(
      "unknown_tool",
      `no tool named ${f.name}: this server has no upstream tools configured`,
      f.pos,
      "tool calls need aggregator mode (--upstreams-config)",
    );
  }
  throw unbound(f);
}

/** The `unbound_var` error for a symbol, with a did-you-mean hint. */
export function unbound(f: SymForm): LispError {
  const full = f.ns === null ? f.name : `${f.ns}/${f.name}`;
  if (f.ns === null && f.name.length > 1 && f.name.startsWith(".")) {
    return new LispError(
      "unsupported_method",
      `unsupported Java method ${f.name}`,
      f.pos,
      `supported methods: ${dotMethodNames().join(" ")}`,
    );
  }
  const outside = outsideHint(f);
  if (outside !== null) return new LispError("unbound_var", `unable to resolve symbol: ${full}`, f.pos, outside);
  const near = suggest(full);
  const hint = near.length > 0 ? `did you mean: ${near.join(", ")}?` : undefined;
  return new LispError("unbound_var", `unable to resolve symbol: ${full}`, f.pos, hint);
}

/** Names that exist in Clojure or JS but are deliberately outside the sandboxed language. */
const HOST_ESCAPES = new Set([
  "slurp",
  "spit",
  "eval",
  "load-file",
  "load-string",
  "read-string",
  "load",
  "require",
  "import",
  "sh",
  "future",
  "agent",
  "atom",
  "swap!",
  "reset!",
  "ref",
  "dosync",
  "alter-var-root",
  "set!",
  "new",
  "System/exit",
  "System/getenv",
  "System/getProperty",
  "globalThis",
  "process",
  "window",
  "Bun",
  "console",
  "Function",
  "constructor",
  "prototype",
]);

/** Java class names a program may write as a namespace; their undocumented members get a hint. */
const JAVA_CLASSES = new Set([
  "LocalDate",
  "LocalDateTime",
  "LocalTime",
  "Instant",
  "Duration",
  "Period",
  "ZonedDateTime",
  "ChronoUnit",
  "System",
  "String",
  "Character",
  "Date",
  "Math",
  "Integer",
  "Long",
  "Double",
  "Float",
  "Boolean",
  "Thread",
  "Runtime",
  "Class",
  "Object",
]);

function outsideHint(f: SymForm): string | null {
  const full = f.ns === null ? f.name : `${f.ns}/${f.name}`;
  if (full === "try" || full === "catch" || full === "throw") {
    return "PTC-Lisp has no exceptions: functions return nil for bad data, so test with (if (nil? x) ...); use (fail reason) to stop with an error";
  }
  if (f.ns === "js" || HOST_ESCAPES.has(full)) {
    return "PTC-Lisp programs run in a sandbox without files, network, processes, host interop or mutable state; pass inputs through data/ and return the result";
  }
  if (f.ns !== null && (/^(java|javax|clojure\.java|clojure\.core\.async)\b/.test(f.ns) || JAVA_CLASSES.has(f.ns))) {
    const members = classMembers(f.ns);
    return `only the documented java.time/Date/String interop is available${members.length > 0 ? `; ${f.ns} has: ${members.join(" ")}` : ""}`;
  }
  if (f.ns === null && f.name.endsWith(".") && f.name.length > 1) {
    return "the only Java constructor is (java.util.Date. ...); build data with vectors and maps";
  }
  return null;
}

function compileList(f: CollForm, ctx: Ctx): Out {
  const items = f.items;
  const head = items[0];
  if (head === undefined) return expr("rt.Vec.EMPTY");
  if (head.t === "sym" && head.ns === null && ctx.local(head.name) === null && !ctx.unit.defined.has(head.name)) {
    const special = SPECIAL_FORMS.get(head.name);
    if (special !== undefined) return special(f, ctx);
  }
  const argCtx = ctx.nonTail();
  const u = ctx.unit;
  const p = u.pos(f.pos);
  // (:key m) and (:key m default): keyword lookup without going through invoke.
  if (head.t === "lit" && head.v instanceof Keyword && (items.length === 2 || items.length === 3)) {
    const seq = sequence(
      u,
      items.slice(1).map((a) => compileForm(a, argCtx)),
    );
    const dflt = seq.es.length === 2 ? `,${seq.es[1]}` : "";
    return { s: seq.s, e: `rt.kget(${seq.es[0]},${u.konst(head.v)}${dflt})` };
  }
  // Direct call of a builtin by name: static arity check, implementation called directly.
  if (
    head.t === "sym" &&
    (head.ns !== null || (ctx.local(head.name) === null && !u.defined.has(head.name) && !u.inSession(head.name)))
  ) {
    const full = head.ns === null ? head.name : `${head.ns}/${head.name}`;
    const def = head.ns === "data" ? undefined : builtinNamed(full);
    if (def !== undefined) {
      const idx = builtinIndex(full, u) as number;
      const argc = items.length - 1;
      if (!arityOk(def, argc)) {
        const [min, max] = def.arity;
        return expr(
          `thr(${p},rt.badArity(${u.konst(def.name)},${min},${max === Number.POSITIVE_INFINITY ? "Infinity" : max},${argc}))`,
        );
      }
      const counted = items[1];
      if (def.name === "count" && argc === 1 && counted?.t === "list" && isSpecial(counted.items[0], "for", ctx)) {
        return emitForCount(counted, p, argCtx);
      }
      if ((def.name === "map" || def.name === "mapv") && u.fuse) {
        const fused = fuseGroupAggregates(def.name, f, p, argCtx);
        if (fused !== null) return fused;
      }
      const spliced = boundedRangeArgs(def.name, f, ctx);
      if (spliced !== null) {
        builtinIndex("range", u);
        const rs = sequence(
          u,
          spliced.map((a) => compileForm(a, argCtx)),
        );
        return { s: rs.s, e: callWithPos("rt.boundedRange", [u.konst(def.name), `[${rs.es.join(",")}]`], p) };
      }
      const seq = sequence(
        u,
        items
          .slice(1)
          .map((a, i) =>
            i === 0 && def.quoteRefs === true && isRefSymbol(a, ctx)
              ? expr(u.konst(new Sym(a.name, a.ns)))
              : compileForm(a, argCtx),
          ),
      );
      const inline = inlineCall(def.name, idx, seq.es, p, u);
      if (inline !== null) return { ...inline, s: seq.s };
      return { s: seq.s, e: callWithPos(`F[${idx}]`, seq.es, p) };
    }
  }
  // A call to a known JS function (a function's own name): no dispatch needed.
  if (head.t === "sym" && head.ns === null && ctx.localIsFn(head.name)) {
    const seq = sequence(
      u,
      items.slice(1).map((a) => compileForm(a, argCtx)),
    );
    return { s: seq.s, e: callWithPos(ctx.local(head.name) as string, seq.es, p) };
  }
  // Anything else: evaluate the operator, then the operands, then dispatch on the value.
  const seq = sequence(
    u,
    items.map((a) => compileForm(a, argCtx)),
  );
  const [fe, ...args] = seq.es;
  const n = args.length;
  const e = n <= 4 ? `c${n}(${[fe, ...args, p].join(",")})` : `cn(${fe},[${args.join(",")}],${p})`;
  return { s: seq.s, e };
}

/** True when `head` names the special form `name` (no local or `def` shadows it). */
function isSpecial(head: Form | undefined, name: string, ctx: Ctx): boolean {
  return (
    head?.t === "sym" &&
    head.ns === null &&
    head.name === name &&
    ctx.local(name) === null &&
    !ctx.unit.defined.has(name)
  );
}

/** A bare symbol that a reference-taking form (`ns-publics`, `source`...) reads as a name. */
function isRefSymbol(a: Form, ctx: Ctx): a is SymForm {
  if (a.t !== "sym" || a.ns === "data") return false;
  return a.ns !== null || (ctx.local(a.name) === null && !ctx.unit.defined.has(a.name));
}

/**
 * `f(a, b)` where the position index is recorded after the arguments are evaluated and just
 * before the call, so an error raised by the callee points at this call site.
 */
function callWithPos(fn: string, args: string[], p: number): string {
  if (args.length === 0) return `(P=${p},${fn}())`;
  const last = args.length - 1;
  return `${fn}(${args.map((a, i) => (i === last ? `sp(${a},${p})` : a)).join(",")})`;
}

function compileCollection(f: CollForm, ctx: Ctx): Out {
  const k = constantValue(f);
  if (k !== undefined) return expr(ctx.unit.konst(k));
  const seq = sequence(
    ctx.unit,
    f.items.map((x) => compileForm(x, ctx.nonTail())),
  );
  const arr = `[${seq.es.join(",")}]`;
  if (f.t === "vec") return { s: seq.s, e: `rt.Vec.of(${arr})` };
  if (f.t === "map") return { s: seq.s, e: `rt.mapLit(${arr})` };
  return { s: seq.s, e: `rt.setLit(${arr})` };
}
