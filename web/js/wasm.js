// The engine's bindings, from the build this browser can run: relaxed SIMD, whose fused
// multiply-add speeds up the matrix kernel (Chrome/Edge 114+, Firefox 145+), or the plain
// SIMD128 build everywhere else. Only the chosen module is fetched. `?wasm=simd128` in the
// page's address forces the plain build; the worker is started with the page's choice.

// A one-function module using f32x4.relaxed_madd: it validates only where relaxed SIMD does.
const v128Const = [0xfd, 0x0c, ...new Array(16).fill(0)];
const body = [0x00, ...v128Const, ...v128Const, ...v128Const, 0xfd, 0x85, 0x02, 0x0b];
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of that type
  0x0a, body.length + 2, 0x01, body.length, ...body, // code section
]);

const asked = new URLSearchParams(globalThis.location?.search ?? '').get('wasm');
export const build = asked !== 'simd128' && WebAssembly.validate(PROBE) ? 'relaxed-simd' : 'simd128';

const bindings = build === 'relaxed-simd'
  ? await import('../pkg/noriteo_wasm_relaxed.js')
  : await import('../pkg/noriteo_wasm.js');
export default bindings;
