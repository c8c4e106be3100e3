/**
 * The QuickJS variant: the same JS task source run inside a quickjs-emscripten wasm sandbox, the
 * way a code-mode server that isolates model-written JS would run it. Each program gets its own wasm
 * module, runtime and context; the input is JSON-parsed into a global once (untimed) and only the
 * task call plus dumping its small result is timed.
 *
 * Why a module per program: a wasm memory only grows, and JavaScriptCore counts it as extra memory
 * of the one heap the PTC and native variants run in. After orders-100k a shared module held
 * ~155 MB of it, and under that every later program ran 2-4x slower in PTC and native alike (the
 * collector turns eden collections into full ones when the heap looks that large), while QuickJS,
 * with its own heap, did not slow at all. A plain 155 MB `ArrayBuffer` does the same.
 */

import { newQuickJSWASMModule, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from "quickjs-emscripten";

/** Engine identification for the results file. */
export const QUICKJS_ENGINE = "quickjs-emscripten 0.32.0, release-sync (bellard/quickjs 2025-09-13)";

/** A loaded task: call {@link QuickJsTask.run} repeatedly, {@link QuickJsTask.dispose} when done. */
export interface QuickJsTask {
  /** Calls the task with the loaded input and returns its result dumped to a host value. */
  run(): unknown;
  /** Frees the task function and its input inside the VM. */
  dispose(): void;
}

/** One QuickJS wasm module, runtime and context, for the programs of one benchmark step. */
export class QuickJsSandbox {
  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
  ) {}

  /** Loads a fresh wasm module (its own memory) and creates the runtime (no memory limit, generous stack). */
  static async create(): Promise<QuickJsSandbox> {
    const qjs = await newQuickJSWASMModule();
    const runtime = qjs.newRuntime();
    runtime.setMemoryLimit(-1);
    runtime.setMaxStackSize(0);
    return new QuickJsSandbox(runtime, runtime.newContext());
  }

  /**
   * Parses `input` (as JSON) into the VM and compiles `jsSource` (an arrow function). Throws with
   * the VM's error text if either step fails.
   */
  load(jsSource: string, input: unknown): QuickJsTask {
    const { ctx } = this;
    const json = ctx.newString(JSON.stringify(input ?? {}));
    const parse = this.unwrap(ctx.evalCode("JSON.parse"), "JSON.parse lookup");
    const data = this.unwrap(ctx.callFunction(parse, ctx.undefined, json), "input JSON.parse");
    parse.dispose();
    json.dispose();
    const fn = this.unwrap(ctx.evalCode(`(${jsSource})`, "task.js"), "task compile");
    return {
      run: () => {
        const out = this.unwrap(ctx.callFunction(fn, ctx.undefined, data), "task call");
        const value = ctx.dump(out);
        out.dispose();
        return value;
      },
      dispose: () => {
        fn.dispose();
        data.dispose();
        this.runtime.executePendingJobs();
      },
    };
  }

  /** Frees the context and runtime; the module's wasm memory goes with the last reference to it. */
  dispose(): void {
    this.ctx.dispose();
    this.runtime.dispose();
  }

  private unwrap(result: { value?: QuickJSHandle; error?: QuickJSHandle }, what: string): QuickJSHandle {
    if (result.error || !result.value) {
      const err = result.error ? this.ctx.dump(result.error) : "no value";
      result.error?.dispose();
      throw new Error(`QuickJS ${what} failed: ${JSON.stringify(err)}`);
    }
    return result.value;
  }
}
