// The parts of the WebAssembly JavaScript API the parser loader uses. Node has had the API since
// v8, but neither @types/node 20 nor the ES2022 lib declares it (lib.dom does, for browsers).
declare namespace WebAssembly {
  class Module {
    private constructor();
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    private constructor();
    readonly buffer: ArrayBuffer;
  }
  type Imports = Record<string, Record<string, unknown>>;
  function compile(bytes: Uint8Array): Promise<Module>;
}
