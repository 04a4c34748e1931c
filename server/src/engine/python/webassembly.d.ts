// The part of the WebAssembly JavaScript API the parser loader uses. Node provides the global at
// run time; its type definitions live in TypeScript's DOM library, which this project does not load.
declare namespace WebAssembly {
  interface Module {
    readonly __brand?: 'WebAssembly.Module';
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type Imports = Record<string, Record<string, unknown>>;
  const Module: new (bytes: Uint8Array) => Module;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
